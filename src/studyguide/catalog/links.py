"""Links: what two URLs to the same page share, and the arXiv id in an arXiv link.

Used by `add` (is this link already in the catalog?) and by the catalog build (the same
page under two ids). Pure: no I/O.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# An arXiv id: new style (2307.08691, since 2007) or old style (hep-th/9901001,
# math.AG/0601001: the archive, an optional subject class, YYMMNNN).
_ARXIV_ID = r"(?:(\d{4}\.\d{4,5})|([a-z]+(?:-[a-z]+)*)(?:\.[a-z]{2})?/(\d{7}))"
ARXIV_URL = re.compile(
    r"^https://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/" + _ARXIV_ID
    + r"(?:v\d+)?(?:\.pdf)?/?$", re.IGNORECASE)
BARE_ARXIV = re.compile(r"^(?:arxiv:\s*)?(" + _ARXIV_ID + r"(?:v\d+)?)$", re.IGNORECASE)


def arxiv_id(url: str) -> str | None:
    """The arXiv id (no version) of an arxiv.org/abs, /pdf or /html link, else None.

    Old-style ids lose their subject class (math.AG/0601001 -> math/0601001), as arXiv does.
    """
    m = ARXIV_URL.match(url.strip())
    if not m:
        return None
    return m.group(1) or f"{m.group(2).lower()}/{m.group(3)}"


def url_key(url: str) -> str:
    """What two links to the same resource share: the arXiv id of an arXiv link, else the
    link without its scheme, host case, `www.`, default port or trailing slash."""
    aid = arxiv_id(url)
    if aid:
        return "arxiv:" + aid
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: compare the text as given
        port = None
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    port_part = f":{port}" if port not in (None, 80, 443) else ""
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{host}{port_part}{parts.path.rstrip('/')}{query}{fragment}"

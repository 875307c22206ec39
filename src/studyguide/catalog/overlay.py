"""The learner's own overlay file, `$STUDYGUIDE_HOME/catalog/mine.toml`: read, change, check, save.

`studyguide add`, `hide` and `unhide` edit this one file. Every edit runs under a
lock: re-read the file (a file that does not parse is never overwritten), change
the TOML data, build the whole catalog with the new bytes in place of the file
(so a change that would break the catalog is refused before anything is
written), then save atomically. Core only: returns data, never prints.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar
from urllib.parse import urlsplit

from studyguide import paths
from studyguide.catalog.links import BARE_ARXIV, arxiv_id, url_key
from studyguide.errors import CatalogError, DataError, UsageError, WriteError

if TYPE_CHECKING:
    from studyguide.catalog.model import Catalog

T = TypeVar("T")
OVERLAY_NAME = "mine.toml"
MAX_OVERLAY_BYTES = 8 * 1024 * 1024
LOCK_TIMEOUT = 10.0
HEADER = (
    "# Your own catalog overlay, written by `studyguide add`, `hide` and `unhide`.\n"
    "# Those commands rewrite this file and do not keep comments: put hand-written\n"
    "# overlays in another .toml file in this folder (see docs/overlays.md).\n\n"
)

# Defaults for `add`, by kind: the stage the bundled catalog uses for most
# resources of that kind, and a modest time estimate (1-3 hours).
STAGE_BY_KIND = {
    "book": "foundation", "course": "foundation", "lecture": "foundation", "video": "foundation",
    "website": "foundation", "tutorial": "practice", "docs": "practice", "code": "practice",
    "paper": "paper", "benchmark": "reference", "leaderboard": "reference",
}
HOURS_BY_KIND = {
    "book": 3, "course": 3, "paper": 3, "code": 3, "tutorial": 2, "lecture": 1.5,
    "video": 1, "website": 1, "docs": 1, "benchmark": 1, "leaderboard": 1,
}
DEFAULT_KIND = "website"
DEFAULT_LEVEL = "intermediate"
DEFAULT_WHY = "Added by you."
MAX_SLUG = 60  # leaves room for a "-N" suffix under the schema's 80 characters

# What `add` puts in `authors` for an arXiv link without --authors: the schema wants
# some text, and arxiv.org is where the paper is, not who wrote it.
UNKNOWN_AUTHORS = "Unknown (added by you)"


def overlay_path() -> Path:
    return paths.user_catalog_dir() / OVERLAY_NAME


# ------------------------------------------------------------------ pure helpers
def slugify(title: str) -> str:
    """'FlashAttention-3: Fast & Accurate' -> 'flashattention-3-fast-accurate'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "")  # "team's" -> "teams", not "team-s"
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut[: cut.rfind("-")] if "-" in cut[MAX_SLUG // 2:] else cut
    return slug.strip("-") or "my-resource"  # a title with no Latin letters or digits


MAX_ID = 80   # the catalog schema's limit
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def valid_id(rid: str) -> bool:
    """An id the catalog schema takes (`add --id`)."""
    return len(rid) <= MAX_ID and _ID.fullmatch(rid) is not None   # fullmatch: no "id\n"


def unique_id(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def arxiv_year(aid: str) -> int:
    """The year an arXiv id was submitted: its YYMM (old-style ids ran from 1991 to 2007)."""
    yy = int(aid.split("/")[-1][:2])
    return 1900 + yy if "/" in aid and yy >= 91 else 2000 + yy


def storable_arxiv(aid: str) -> bool:
    """Whether the catalog's `arxiv` field takes this id (the schema decides)."""
    from studyguide.catalog.schema import ARXIV

    return ARXIV.match(aid) is not None


def same_resource(url: str, other_url: object, other_arxiv: object = None, other_kind: object = None) -> bool:
    """Whether an existing resource (its url, arxiv and kind) is what `url` links to.

    A paper listed under another link (arxiv = its id) counts; a code base or leaderboard
    that only cites the paper (arxiv set, kind not paper) does not.
    """
    if isinstance(other_url, str) and url_key(other_url) == url_key(url):
        return True
    aid = arxiv_id(url)
    return aid is not None and other_arxiv == aid and other_kind == "paper"


def find_existing(catalog, url: str):
    """The catalog resource `url` links to (see same_resource), or None."""
    for r in catalog.resources.values():
        if same_resource(url, r.url, r.arxiv, r.kind):
            return r
    return None


def host_name(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def check_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith("https://") or len(url) <= len("https://"):
        raise UsageError(f"{url!r}: the catalog takes https:// links only; {_https_hint(url)}")
    if any(c.isspace() for c in url):
        raise UsageError(f"{url!r}: a URL cannot contain spaces (encode them as %20)")
    try:
        parts = urlsplit(url)
        parts.port   # a port must be a number from 0 to 65535
        host = host_name(url)
    except ValueError as exc:   # "https://[::1", "https://[zz]/", "https://example.com:abc/"
        raise UsageError(f"{url!r}: not a valid address ({exc})") from None
    if not host:
        raise UsageError(f"{url!r}: no host name in this URL")
    return "https://" + url[len("https://"):]


def _https_hint(url: str) -> str:
    """How to say what was meant: the exact https address when it can be told."""
    bare = BARE_ARXIV.match(url)
    if bare:
        return f"for an arXiv paper give its address: https://arxiv.org/abs/{bare.group(1)}"
    if url.lower().startswith("http://") and len(url) > len("http://"):
        return f"give the https address if the site has one: https://{url[len('http://'):]}"
    if "://" not in url and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", url):
        return f"give the full address: https://{url}"
    return "give the https address"


@dataclass(frozen=True)
class NewResource:
    """What `studyguide add` was given; None means "use the default"."""

    url: str
    title: str
    topic: str
    kind: str | None = None
    hours: float | None = None
    why: str | None = None
    level: str | None = None
    stage: str | None = None
    authors: str | None = None
    free: bool = True

    def entry(self, rid: str) -> dict:
        """The [[resources]] table, defaults filled in (arXiv links are papers)."""
        arxiv = arxiv_id(self.url)
        is_arxiv = host_name(self.url) in ("arxiv.org", "export.arxiv.org")
        kind = self.kind or ("paper" if is_arxiv else DEFAULT_KIND)
        # Never invent authors: a site's own pages are by that site; arxiv.org only hosts papers.
        default_authors = UNKNOWN_AUTHORS if is_arxiv else host_name(self.url)
        entry: dict = {
            "id": rid, "title": self.title.strip(),
            "authors": (self.authors or "").strip() or default_authors,
            "kind": kind, "url": self.url,
            "level": self.level or DEFAULT_LEVEL,
            "stage": self.stage or STAGE_BY_KIND[kind],
            "hours": float(self.hours if self.hours is not None else HOURS_BY_KIND[kind]),
            "free": self.free,
            "why": (self.why or "").strip() or DEFAULT_WHY,
        }
        if arxiv:
            if storable_arxiv(arxiv):  # an old-style id stays in the url when the schema refuses it
                entry["arxiv"] = arxiv
            entry["year"] = arxiv_year(arxiv)
        return entry


def add_to(data: dict, entry: dict, topic: str) -> None:
    """Append the resource, and list it in the topic through a topic_overrides `append`."""
    _list(data, "resources").append(entry)
    overrides = _list(data, "topic_overrides")
    for o in overrides:
        # Reuse our own append-only entry for this topic, so the file stays short.
        if isinstance(o, dict) and o.get("id") == topic and set(o) == {"id", "append"} \
                and isinstance(o["append"], list):
            o["append"].append(entry["id"])
            return
    overrides.append({"id": topic, "append": [entry["id"]]})


def remove_from(data: dict, rid: str) -> dict | None:
    """Take resource `rid` out of the overlay's data: its entry, the topic appends that list
    it, its place on the hide list. Returns what `restore_in` needs to put it back, or None
    when the overlay did not add it."""
    resources = _list(data, "resources")
    entry = next((r for r in resources if isinstance(r, dict) and r.get("id") == rid), None)
    if entry is None:
        return None
    resources.remove(entry)
    topics = []
    overrides = _list(data, "topic_overrides")
    for o in list(overrides):
        if isinstance(o, dict) and isinstance(o.get("append"), list) and rid in o["append"]:
            o["append"].remove(rid)
            topics.append(o.get("id"))
            if set(o) == {"id", "append"} and not o["append"]:
                overrides.remove(o)
    hidden = rid in data.get("hide", []) if isinstance(data.get("hide"), list) else False
    if hidden:
        data["hide"].remove(rid)
    for key in ("resources", "topic_overrides", "hide"):
        if data.get(key) == []:
            del data[key]
    return {"resource": entry, "topics": [t for t in topics if isinstance(t, str)], "hidden": hidden}


def restore_in(data: dict, restore: dict) -> str:
    """Undo `remove_from` (nothing to do when the resource is back already); its id."""
    entry = restore["resource"]
    rid = str(entry.get("id"))
    if rid in ids_in(data):
        return rid
    _list(data, "resources").append(entry)
    for topic in restore.get("topics", []):
        add_to_topic = next((o for o in _list(data, "topic_overrides") if isinstance(o, dict)
                             and o.get("id") == topic and set(o) == {"id", "append"}
                             and isinstance(o["append"], list)), None)
        if add_to_topic is None:
            _list(data, "topic_overrides").append({"id": topic, "append": [rid]})
        elif rid not in add_to_topic["append"]:
            add_to_topic["append"].append(rid)
    if restore.get("hidden"):
        hide_in(data, rid)
    return rid


def hide_in(data: dict, rid: str) -> None:
    hidden = _list(data, "hide")
    if rid not in hidden:
        hidden.append(rid)


def unhide_in(data: dict, rid: str, current: Callable[[str], str] | None = None) -> str | None:
    """Remove `rid` (or an old id that now means it) from the hide list; the entry removed."""
    hidden = _list(data, "hide")
    found = next((h for h in hidden if h == rid), None)
    if found is None and current is not None:
        found = next((h for h in hidden if isinstance(h, str) and current(h) == current(rid)), None)
    if found is None:
        return None
    hidden.remove(found)
    if not hidden:
        del data["hide"]
    return found


def existing_in(data: dict, url: str) -> str | None:
    """The id of a resource in the overlay's data that `url` links to (see same_resource)."""
    for r in data.get("resources", []):
        if isinstance(r, dict) and same_resource(url, r.get("url"), r.get("arxiv"), r.get("kind")):
            return str(r.get("id"))
    return None


def hiding_files(rid: str, sources, current: Callable[[str], str], skip: Path | None = None) -> list[Path]:
    """The catalog files (other than `skip`) whose hide list hides `rid`.

    Read directly, without validation: only used to name the file in a message, so a
    file that cannot be read or parsed is passed over (loading the catalog reports it).
    """
    from studyguide.storage.toml import Unreadable, parse_toml, read_capped

    found = []
    for _, source in sources:
        try:
            files = sorted(source.glob("*.toml")) if source.is_dir() else [source]
        except OSError:
            continue
        for file in files:
            if file == skip:
                continue
            try:
                raw = read_capped(file, MAX_OVERLAY_BYTES, "a catalog file")
                data = parse_toml(raw) if raw is not None else {}
            except (Unreadable, OSError):
                continue
            hide = data.get("hide")
            if isinstance(hide, list) and any(isinstance(h, str) and current(h) == rid for h in hide):
                found.append(file)
    return found


def ids_in(data: dict) -> set[str]:
    return {r["id"] for r in data.get("resources", []) if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _list(data: dict, key: str) -> list:
    value = data.setdefault(key, [])
    if not isinstance(value, list):
        raise DataError(f"{overlay_path()}: {key}: must be an array; fix it by hand "
                        f"(`studyguide catalog check {paths.user_catalog_dir()}`); nothing was written")
    return value


# ------------------------------------------------------------------ reading and writing
def read_overlay(path: Path) -> dict:
    """The overlay's TOML data ({} when there is no file). Raises DataError, never guesses."""
    from studyguide.storage.toml import Unreadable, parse_toml, read_capped

    fix = (f"fix it by hand (see every problem with `studyguide catalog check {path.parent}`) "
           f"or move it away; nothing was written")
    try:
        raw = read_capped(path, MAX_OVERLAY_BYTES, "a catalog file")
        if raw is None:
            if path.is_symlink():
                raise Unreadable("is a symlink to a missing file")
            return {}
        return parse_toml(raw)
    except Unreadable as problem:
        raise DataError(f"{path}: {problem.reason}; {fix}") from None
    except OSError as exc:   # a folder on the way is a file
        raise DataError(f"{path}: cannot be read: {_reason(exc)}; nothing was written") from None


def render(data: dict) -> bytes:
    import tomli_w

    return (HEADER + tomli_w.dumps(data)).encode("utf-8")


def validation_sources(extra) -> list[tuple[str, Path]]:
    """The sources in use, with the user overlay folder present even before it exists."""
    from studyguide.catalog.load import catalog_sources

    sources = catalog_sources(extra)
    user = paths.user_catalog_dir()
    if ("user", user) not in sources:
        sources.insert(1, ("user", user))
    return sources


def check_new_bytes(path: Path, new: bytes, extra) -> Catalog:
    """Build the catalog with `new` as the overlay file; the Catalog, or raise.

    Built twice when `--catalog` folders are given: with them (the command's
    view), and without them, because every later command loads the overlay
    without those folders, so it must not depend on them.
    """
    from studyguide.catalog.build import build_catalog

    bundled = paths.bundled_catalog_dir()
    try:
        catalog = build_catalog(validation_sources(extra), shown_root=bundled, pending={path: new})
    except CatalogError as err:
        err.args = (f"{err}; nothing was written",)
        raise
    if extra:
        try:
            build_catalog(validation_sources(()), shown_root=bundled, pending={path: new})
        except CatalogError as err:
            raise UsageError(
                f"that change needs a --catalog folder, but your overlay ({path}) is loaded by "
                f"every command, with or without it ({err.problems[0]}); add it to that catalog "
                f"instead, or keep the folder loaded with {paths.CATALOG_ENV}=PATH; nothing was written"
            ) from None
    return catalog


def update_overlay(change: Callable[[dict], T], extra=()) -> tuple[T, Catalog]:
    """Lock, re-read the overlay, apply `change` to its data, check the result, save atomically.

    Returns (what `change` returned, the catalog built with the new file).
    `change` may raise (a UsageError, say): then nothing is written.
    """
    path = overlay_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _not_a_folder(path.parent)
        if blocker is not None:
            what = (": studyguide keeps your overlay (mine.toml) in a folder there" if blocker == path.parent
                    else f", so the folder for your overlay ({path.parent}) cannot be made")
            raise WriteError(f"{blocker} is a file, not a folder{what}; move the file aside "
                             f"(`mv {blocker} {blocker}.old`) and try again; nothing was saved") from None
        raise WriteError(f"cannot create {path.parent}: {_reason(exc)}; nothing was saved") from None
    with _locked(path):
        data = read_overlay(path)
        result = change(data)
        new = render(data)
        catalog = check_new_bytes(path, new, extra)
        _write(path, new)
    return result, catalog


def _not_a_folder(folder: Path) -> Path | None:
    """The first of `folder` and its parents that exists but is not a folder, if any."""
    for p in (folder, *folder.parents):
        if (p.exists() or p.is_symlink()) and not p.is_dir():
            return p
    return None


def _write(path: Path, data: bytes) -> None:
    from studyguide.storage.atomic import atomic_write_bytes

    # A symlinked overlay (kept in a dotfiles repo, say): update the target, keep the link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        atomic_write_bytes(target, data, mode=0o644)
    except OSError as exc:
        raise WriteError(f"could not save {target}: {_reason(exc)}; the file is as it was") from None


def _locked(path: Path):
    from studyguide.storage.lock import file_lock

    # The lock file has no .toml suffix, so catalog loading never reads it.
    return file_lock(path.with_name(path.name + ".lock"), LOCK_TIMEOUT)


def _reason(exc: OSError) -> str:
    from studyguide.storage.oserrors import os_error_text

    return os_error_text(exc)


# ------------------------------------------------------------------ what `studyguide add` was given

def check_flags(*, url: str, title: str, topic: str, kind: str | None, hours: float | None,
                why: str | None, level: str | None, stage: str | None, authors: str | None,
                new_id: str | None) -> str:
    """Every flag of `add`, checked before the catalog is read or anything written, with the
    limits the catalog's schema sets (catalog/model.py). Returns the checked link."""
    from studyguide.catalog.model import KINDS, LEVELS, MAX_HOURS, MAX_TEXT, STAGES

    for name, text in (("URL", url), ("--title", title), ("--topic", topic), ("--kind", kind),
                       ("--why", why), ("--level", level), ("--stage", stage), ("--authors", authors)):
        _check_utf8(name, text)
    link = check_url(url)
    if not title.strip() or len(title) > MAX_TEXT:
        raise UsageError(f"--title must be 1 to {MAX_TEXT} characters")
    _choice(kind, KINDS, "kind")
    _choice(level, LEVELS, "level")
    _choice(stage, STAGES, "stage")
    if hours is not None and not (0 < hours <= MAX_HOURS):
        raise UsageError(f"--hours must be more than 0 and at most {MAX_HOURS}")
    for name, text in (("--why", why), ("--authors", authors)):
        if text is not None and len(text) > MAX_TEXT:
            raise UsageError(f"{name} can be at most {MAX_TEXT} characters")
    if new_id is not None and not valid_id(new_id):
        raise UsageError(f"--id {new_id!r}: use lowercase letters, digits and hyphens, starting with a "
                         f"letter or digit, at most {MAX_ID} characters (e.g. {slugify(title)})")
    return link


def _choice(value: str | None, choices, what: str) -> None:
    from studyguide.catalog.model import did_you_mean

    if value is not None and value not in choices:
        raise UsageError(f"unknown {what} {value!r}{did_you_mean(value, choices)}; "
                         f"choose from {', '.join(choices)}")


def _check_utf8(name: str, text: str | None) -> None:
    """Bytes that are not UTF-8 (typed in a Latin-1 terminal) reach us as lone surrogates,
    which no file can hold."""
    if text is not None and any("\ud800" <= ch <= "\udfff" for ch in text):
        raise UsageError(f"{name}: holds bytes that are not UTF-8 text (is the terminal set to another "
                         "encoding?); nothing was saved")

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
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from studyguide import paths
from studyguide.errors import CatalogError, DataError, LockTimeoutError, UsageError, WriteError

T = TypeVar("T")
OVERLAY_NAME = "mine.toml"
MAX_OVERLAY_BYTES = 8 * 1024 * 1024
LOCK_TIMEOUT = 10.0
HEADER = (
    "# Your own catalog overlay, written by `studyguide add`, `hide` and `unhide`.\n"
    "# Those commands rewrite this file and do not keep comments: put hand-written\n"
    "# overlays in another .toml file in this folder (see the README, Your own catalog).\n\n"
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

ARXIV_URL = re.compile(
    r"^https://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$")


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


def unique_id(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def arxiv_id(url: str) -> str | None:
    """The arXiv id (no version) of an arxiv.org/abs or /pdf link, else None."""
    m = ARXIV_URL.match(url.strip())
    return m.group(1) if m else None


def host_name(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def check_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith("https://") or len(url) <= len("https://"):
        raise UsageError(f"{url!r}: the catalog takes https:// links only; give the https address")
    if any(c.isspace() for c in url):
        raise UsageError(f"{url!r}: a URL cannot contain spaces (encode them as %20)")
    if not host_name(url):
        raise UsageError(f"{url!r}: no host name in this URL")
    return "https://" + url[len("https://"):]


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
        entry: dict = {
            "id": rid, "title": self.title.strip(),
            "authors": (self.authors or "").strip() or host_name(self.url),
            "kind": kind, "url": self.url,
            "level": self.level or DEFAULT_LEVEL,
            "stage": self.stage or STAGE_BY_KIND[kind],
            "hours": float(self.hours if self.hours is not None else HOURS_BY_KIND[kind]),
            "free": self.free,
            "why": (self.why or "").strip() or DEFAULT_WHY,
        }
        if arxiv:
            entry["arxiv"] = arxiv
            entry["year"] = 2000 + int(arxiv[:2])  # new-style ids start with YYMM
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
    if not path.exists() and not path.is_symlink():
        return {}
    fix = (f"fix it by hand (see every problem with `studyguide catalog check {path.parent}`) "
           f"or move it away; nothing was written")
    try:
        if not path.is_file():
            raise DataError(f"{path}: is not a regular file; {fix}")
        if path.stat().st_size > MAX_OVERLAY_BYTES:
            raise DataError(f"{path}: larger than {MAX_OVERLAY_BYTES // 1024 // 1024} MiB; {fix}")
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}; nothing was written") from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start}); {fix}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: {exc} (TOML syntax); {fix}") from None
    except RecursionError:
        raise DataError(f"{path}: nested too deeply; {fix}") from None


def render(data: dict) -> bytes:
    import tomli_w

    return (HEADER + tomli_w.dumps(data)).encode("utf-8")


def validation_sources(extra) -> list[tuple[str, Path]]:
    """The sources in use, with the user overlay folder present even before it exists."""
    from studyguide.catalog_load import catalog_sources

    sources = catalog_sources(extra)
    user = paths.user_catalog_dir()
    if ("user", user) not in sources:
        sources.insert(1, ("user", user))
    return sources


def check_new_bytes(path: Path, new: bytes, extra) -> "object":
    """Build the catalog with `new` as the overlay file; the Catalog, or raise.

    Built twice when `--catalog` folders are given: with them (the command's
    view), and without them, because every later command loads the overlay
    without those folders, so it must not depend on them.
    """
    from studyguide.catalog_build import build_catalog

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


def update_overlay(change: Callable[[dict], T], extra=()) -> tuple[T, "object"]:
    """Lock, re-read the overlay, apply `change` to its data, check the result, save atomically.

    Returns (what `change` returned, the catalog built with the new file).
    `change` may raise (a UsageError, say): then nothing is written.
    """
    path = overlay_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {path.parent}: {_reason(exc)}; nothing was saved") from None
    with _locked(path):
        data = read_overlay(path)
        result = change(data)
        new = render(data)
        catalog = check_new_bytes(path, new, extra)
        _write(path, new)
    return result, catalog


def _write(path: Path, data: bytes) -> None:
    from studyguide.atomic import atomic_write_bytes

    # A symlinked overlay (kept in a dotfiles repo, say): update the target, keep the link.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        atomic_write_bytes(target, data, mode=0o644)
    except OSError as exc:
        raise WriteError(f"could not save {target}: {_reason(exc)}; the file is as it was") from None


def _locked(path: Path):
    from filelock import FileLock, Timeout

    # The lock file has no .toml suffix, so catalog loading never reads it.
    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT)

    class _Guard:
        def __enter__(self):
            try:
                lock.acquire()
            except Timeout:
                raise LockTimeoutError(f"another studyguide command is editing {path}; "
                                       "try again in a moment (nothing was saved)") from None
            except OSError as exc:
                raise WriteError(f"cannot lock {path}: {_reason(exc)}; nothing was saved") from None

        def __exit__(self, *exc):
            lock.release()
            return False

    return _Guard()


def _reason(exc: OSError) -> str:
    from studyguide.store import _os_reason

    return _os_reason(exc)

"""Your overlay folder in a JSON backup: read it whole, check a backup's copy, put it back.

The overlay folder ($STUDYGUIDE_HOME/catalog/) holds what `add`, `hide` and hand-written
overlays changed. A backup without it loses resources you added (a topic at 7/14 instead
of 7/15), so `export --format json` carries every `.toml` file of the folder and `import`
restores them all, or none: the copy is validated as your overlay folder with the bundled
catalog before anything is written, the files it replaces are kept in `catalog.bak/`, and
if saving the progress fails afterwards the folder is put back as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from studyguide import paths
from studyguide.errors import CatalogError, DataError, WriteError

MAX_FILES = 100
BACKUP_DIR = "catalog.bak"   # beside the overlay folder, like progress.toml.bak
_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,200}\.toml")


def snapshot(folder: Path | None = None) -> dict[str, bytes]:
    """Every `.toml` file of the overlay folder, by name ({} without a folder). Raises DataError
    for one that cannot be read: a backup must not leave out a file without a word."""
    from studyguide.catalog.overlay import MAX_OVERLAY_BYTES
    from studyguide.storage.toml import Unreadable, read_capped

    folder = folder if folder is not None else paths.user_catalog_dir()
    if not folder.is_dir():
        return {}
    files: dict[str, bytes] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            raw = read_capped(path, MAX_OVERLAY_BYTES, "a catalog file")
        except (Unreadable, OSError) as exc:
            reason = exc.reason if isinstance(exc, Unreadable) else str(exc)
            raise DataError(f"{path}: {reason}; fix or move it aside, then try again") from None
        if raw is not None:
            files[path.name] = raw
    return files


def check_names(files: object, where: str) -> dict[str, str]:
    """The backup's `overlay` object checked: plain .toml names, text values."""
    if not isinstance(files, dict):
        raise DataError(f"{where}: must be an object of file names and their text")
    if len(files) > MAX_FILES:
        raise DataError(f"{where}: more than {MAX_FILES} files")
    for name, text in files.items():
        if not _NAME.fullmatch(name) or name.startswith("."):
            raise DataError(f"{where}: {name!r} is not a plain .toml file name")
        if not isinstance(text, str):
            raise DataError(f"{where}.{name}: must be the file's text")
    return files


def validate(files: dict[str, str], backup_name: str, extra=()) -> dict[str, bytes]:
    """The files as bytes, once they build a valid catalog as your overlay folder (bundled
    catalog, these files, STUDYGUIDE_CATALOG); raises CatalogError naming `BACKUP:overlay/FILE`."""
    from studyguide.catalog.build import build_catalog
    from studyguide.catalog.load import catalog_sources

    data = {name: text.encode("utf-8") for name, text in files.items()}
    if not data:
        return data   # an empty overlay folder: nothing to check
    shown = Path(f"{backup_name}:overlay")   # not on disk: build_catalog reads `pending`
    sources = [(origin, shown if origin == "user" else source)
               for origin, source in catalog_sources(()) if origin != "--catalog"]
    if not any(origin == "user" for origin, _ in sources):
        sources.insert(1, ("user", shown))
    try:
        build_catalog(sources, shown_root=paths.bundled_catalog_dir(),
                      pending={shown / name: raw for name, raw in data.items()})
    except CatalogError as err:
        err.args = (f"{err}; nothing was imported",)
        raise
    return data


def replace(files: dict[str, bytes]) -> dict[str, bytes] | None:
    """Make the overlay folder hold exactly `files`; returns what it held (None: no change).
    What is replaced is copied to catalog.bak/ first. Raises WriteError."""
    from studyguide.storage.atomic import atomic_write_bytes

    folder = paths.user_catalog_dir()
    before = snapshot(folder)
    if before == files:
        return None
    try:
        if before:
            keep = folder.parent / BACKUP_DIR
            keep.mkdir(parents=True, exist_ok=True)
            for old in keep.glob("*.toml"):
                old.unlink()
            for name, raw in before.items():
                atomic_write_bytes(keep / name, raw, mode=0o644)
        _write_folder(folder, files, before)
    except OSError as exc:
        from studyguide.storage.oserrors import os_error_text

        try:
            _write_folder(folder, before, files)
        except OSError:
            pass
        raise WriteError(f"could not restore your overlays in {folder}: {os_error_text(exc)}; "
                         "nothing was imported") from None
    return before


def put_back(before: dict[str, bytes]) -> None:
    """Undo `replace` (the progress could not be saved after it)."""
    folder = paths.user_catalog_dir()
    try:
        _write_folder(folder, before, snapshot(folder))
    except (OSError, DataError):
        pass   # catalog.bak/ still has them; the error being raised says nothing was imported


def _write_folder(folder: Path, files: dict[str, bytes], current: dict[str, bytes]) -> None:
    from studyguide.storage.atomic import atomic_write_bytes

    if files:
        folder.mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        if current.get(name) != raw:
            atomic_write_bytes(folder / name, raw, mode=0o644)
    for name in current.keys() - files.keys():
        (folder / name).unlink(missing_ok=True)

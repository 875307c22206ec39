"""The progress store: safe reads, locked read-modify-write, atomic saves, backups.

Contract (docs/storage.md):
- reads refuse anything but a regular file (a FIFO never blocks us), cap the size
  (MAX_BYTES), decode strict UTF-8 (one BOM tolerated), refuse pathological TOML
  (nesting, absurdly dotted keys) before it can eat time or memory, then parse and
  validate; an empty file is a fresh start; `load` may take the parsed result
  from progress_cache.py, which holds it for these exact bytes only;
- a file that fails to read is never written: the message names the file, the
  line and column or the field path, and what to do (fix it, or the exact `cp`
  that restores the backup);
- every change takes the lock `progress.toml.lock` (filelock, with a timeout),
  re-reads the file inside it, applies the change, serialises, checks the bytes
  read back, and saves atomically (atomic.py); a change that changes nothing
  writes nothing, so a hand-formatted file keeps its comments;
- symlinks: a symlinked progress file (dotfile managers) is FOLLOWED: reads read
  the target, saves replace the target (temp file in the target's folder), the
  link stays a link; the lock and the backup stay next to the link. A symlinked
  lock file is refused: locking through it would create or write its target;
- `progress.toml.bak` holds the last good copy, rotated before a migration and
  when the caller asks (`update(..., backup=True)`: an import, a replacing
  `recommend`); an empty or unparseable file is never rotated into it;
- catalog renames: given the catalog's `renames` (old id -> new id), progress
  saved under an old id is read under the new one and saved so on the next write;
  progress under ids the catalog no longer knows stays in the file untouched.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Callable, TypeVar

from studyguide import paths
from studyguide.errors import DataError, UsageError, WriteError
from studyguide.progress.model import Progress
from studyguide.storage.oserrors import os_error_text
from studyguide.storage.lock import Locked, file_lock
from studyguide.storage.toml import Unreadable, is_blank, parse_toml, read_capped

T = TypeVar("T")
MAX_BYTES = 4 * 1024 * 1024       # a year of heavy use is well under 1 MiB
DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_TIMEOUT_ENV = "STUDYGUIDE_LOCK_TIMEOUT"


class Store:
    def __init__(self, path: Path | None = None, renames: dict[str, str] | None = None,
                 catalog=None) -> None:
        self.path = path if path is not None else paths.progress_file()
        self.renames = dict(renames or {})
        self.moved: list[tuple[str, str]] = []   # (old id, new id) followed by the last load
        # With a catalog, a saved plan's resources that now have units are split into
        # them (progress/units_upgrade.py); `split` says the last load did so.
        self.catalog = catalog
        self.split = False

    def _upgrade(self, progress: Progress) -> None:
        self.moved = follow_renames(progress, self.renames)
        self.split = False
        if self.catalog is not None and progress.plan is not None:
            from studyguide.progress.units_upgrade import split_into_units

            self.split = split_into_units(progress, self.catalog)

    # ------------------------------------------------------------ locations
    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def what_to_do(self, advice: str = "fix") -> str:
        """The sentence a broken file's message ends with, with commands to copy."""
        from shlex import quote

        here, aside = quote(str(self.path)), quote(str(self.path) + ".broken")
        if advice == "upgrade":
            return "upgrade studyguide to a release that reads it"
        if advice == "move":
            return f"move it aside (mv {here} {aside}) and run the command again"
        if self.backup_path.is_file():
            return f"fix it by hand, or restore the last good copy: cp {quote(str(self.backup_path))} {here}"
        return f"fix it by hand, or move it aside to start afresh: mv {here} {aside}"

    def _broken(self, problem: Unreadable) -> DataError:
        return DataError(f"{self.path}: {_printable(problem.reason)}; "
                         f"the file was left as it is: {self.what_to_do(problem.advice)}")

    # ------------------------------------------------------------ reading
    def read_bytes(self) -> bytes | None:
        """The file's bytes, None when there is no file. Raises DataError."""
        try:
            raw = read_capped(self.path, MAX_BYTES, "a progress file")
        except NotADirectoryError:
            raise self._folder_is_a_file() from None
        except Unreadable as problem:
            raise self._broken(problem) from None
        if raw is None and os.path.islink(self.path):
            raise self._broken(Unreadable("is a symlink to a missing file"))
        return raw

    def parse(self, raw: bytes) -> tuple[Progress, int]:
        """Bytes -> (Progress, the file's schema version). Raises DataError."""
        try:
            return parse_bytes(raw)
        except Unreadable as problem:
            raise self._broken(problem) from None

    def load(self) -> Progress:
        """Read without locking (saves are atomic, so a reader never sees a partial file)."""
        raw = self.read_bytes()
        if raw is None:
            progress = Progress()
        else:  # the same bytes parse to the same Progress: a cache spares the TOML parse
            from studyguide.progress.cache import cached_parse

            progress = cached_parse(raw, lambda: self.parse(raw)[0])
        self._upgrade(progress)
        return progress

    # ------------------------------------------------------------ writing
    def update(self, change: Callable[[Progress], T], *, backup: bool = False,
               timeout: float | None = None) -> T:
        """Lock, re-read, apply `change`, save. Nothing is written if reading fails.

        With `backup`, the current file is first copied to progress.toml.bak (only
        when it is good and not empty). A file from an older schema is backed up
        and migrated. `timeout` (seconds) overrides STUDYGUIDE_LOCK_TIMEOUT.
        Returns what `change` returned.
        """
        from studyguide.storage.atomic import clean_stale_temps
        from studyguide.progress.file import SCHEMA_VERSION, dump

        self._ensure_dir()
        with self._lock(timeout):
            raw = self.read_bytes()
            progress, version = (Progress(), SCHEMA_VERSION) if raw is None else self.parse(raw)
            before = copy.deepcopy(progress)
            self._upgrade(progress)
            backup = backup or self.split   # a plan split into units: keep the file as it was
            result = change(progress)
            if progress == before and version == SCHEMA_VERSION:
                return result   # nothing to save: leave the file (and its hand edits) alone
            data = self._serialise(progress, dump)
            target = self._real_target()
            mode = self._writable_mode(target)
            if raw is not None and (backup or version != SCHEMA_VERSION) and before != Progress():
                self._write(self.backup_path, raw)   # good (it parsed) and not empty
            self._write(target, data, mode)
            # Under the lock no other save is in flight: any temp file left is a killed run's.
            clean_stale_temps(target.parent, target.name, older_than=0)
            if target.parent != self.path.parent:
                clean_stale_temps(self.path.parent, self.backup_path.name, older_than=0)
        return result

    def persist_renames(self) -> None:
        """Save the ids the last load moved to their new names; quietly skipped if it cannot."""
        from studyguide.errors import StudyguideError

        if self.moved or self.split:
            try:
                self.update(lambda p: None, timeout=min(_lock_timeout(), 1.0))
            except StudyguideError:
                pass   # the next change saves them; a read-only command must not fail over it

    def _serialise(self, progress: Progress, dump) -> bytes:
        """The new file's bytes, checked to read back: we never write what we could not read."""
        try:
            data = dump(progress)
        except UnicodeEncodeError:
            raise UsageError("the change holds text that is not valid Unicode (a broken character "
                             "in an argument?); nothing was saved") from None
        if len(data) > MAX_BYTES:
            raise UsageError(f"this change would make the progress file larger than "
                             f"{MAX_BYTES // (1024 * 1024)} MiB; nothing was saved")
        try:
            parse_bytes(data)
        except Unreadable as problem:   # a bug of ours; the old file stays
            raise WriteError(f"not saved: the new {self.path.name} would not read back "
                             f"({_printable(problem.reason)}); the file is as it was") from None
        return data

    def _real_target(self) -> Path:
        """Follow a symlinked progress file so the link stays and its target is updated."""
        if self.path.is_symlink():
            return Path(os.path.realpath(self.path))
        return self.path

    def _folder_is_a_file(self) -> UsageError:
        """STUDYGUIDE_HOME (or a folder above the progress file) is a file: nothing to move aside."""
        blocking = next((p for p in (self.path.parent, *self.path.parent.parents)
                         if p.exists() and not p.is_dir()), self.path.parent)
        return UsageError(f"{blocking} is a file, not a folder, so {self.path.name} cannot live there: "
                          "point STUDYGUIDE_HOME at a folder (or move that file aside)")

    def _ensure_dir(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise self._folder_is_a_file() from None
        except OSError as exc:
            raise WriteError(f"cannot create {self.path.parent}: {os_error_text(exc)}; "
                             "the change was not saved") from None

    def _writable_mode(self, target: Path) -> int:
        """The mode the saved file keeps (0600 for a new one). A file its owner made read-only
        is refused: the rename would replace it anyway, even as root."""
        import stat

        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            return 0o600
        if not mode & stat.S_IWUSR:
            from shlex import quote

            raise WriteError(f"{target} is read-only (mode {mode:04o}); nothing was saved: make it "
                             f"writable (chmod u+w {quote(str(target))}) to record progress")
        return mode

    def _write(self, target: Path, data: bytes, mode: int = 0o600) -> None:
        from studyguide.storage.atomic import atomic_write_bytes

        try:
            atomic_write_bytes(target, data, mode)
        except OSError as exc:
            raise WriteError(f"could not save {target}: {os_error_text(exc)}; the change was not saved "
                             f"and {self.path.name} is as it was") from None

    def _lock(self, timeout: float | None = None) -> Locked:
        return file_lock(self.lock_path, _lock_timeout() if timeout is None else timeout)


# ---------------------------------------------------------------- parsing

def parse_bytes(raw: bytes) -> tuple[Progress, int]:
    """Bytes -> (Progress, schema version); raises Unreadable. Pure: no file names."""
    from studyguide.progress import file as pf

    if is_blank(raw):
        return Progress(), pf.SCHEMA_VERSION   # an empty file is a fresh start, never an error
    data = parse_toml(raw)
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > pf.SCHEMA_VERSION:
        raise Unreadable(f"schema_version: is {version}, written by a newer studyguide (this one "
                         f"reads up to {pf.SCHEMA_VERSION})", "upgrade")
    try:
        version = pf.check_version(data)
        data = migrate(data, version)
        return pf.progress_from_dict(data), version
    except pf.FieldProblem as exc:
        raise Unreadable(str(exc)) from None
    except RecursionError:
        raise Unreadable("nested too deeply to be a progress file") from None


def migrate(data: dict, version: int) -> dict:
    """Bring an older file's dict up to the current schema, one version at a time."""
    from studyguide.progress import file as pf

    steps: dict[int, Callable[[dict], dict]] = {1: pf.migrate_1_to_2, 2: pf.migrate_2_to_3}
    while version < pf.SCHEMA_VERSION:
        data = steps[version](data)
        version += 1
    data = dict(data)
    data["schema_version"] = pf.SCHEMA_VERSION
    return data


# ---------------------------------------------------------------- following renames

def follow_renames(progress: Progress, renames: dict[str, str]) -> list[tuple[str, str]]:
    """Move items saved under a catalog's old ids to the current ids; returns the moves.

    An entry already under the new id wins and the old one stays where it is: the
    file never loses anything. Undo history follows the moved ids, so `undo` puts
    an item back under its current id.
    """
    if not renames:
        return []
    moved: list[tuple[str, str]] = []
    for old in list(progress.items):
        new = _follow(old, renames)
        if new != old and new not in progress.items:
            progress.items[new] = progress.items.pop(old)
            moved.append((old, new))
    for change in progress.history:
        for old in list(change.before):
            new = _follow(old, renames)
            if new != old and new not in change.before and old not in progress.items:
                change.before[new] = change.before.pop(old)
    return moved


def _follow(some_id: str, renames: dict[str, str]) -> str:
    hops = 0
    while some_id in renames and hops <= len(renames):
        some_id = renames[some_id]
        hops += 1
    return some_id


# ---------------------------------------------------------------- messages

def _lock_timeout() -> float:
    """STUDYGUIDE_LOCK_TIMEOUT in seconds; a value that is not one is refused, not guessed at
    (before anything is read or written)."""
    from studyguide.errors import UsageError

    text = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 3600:   # NaN fails the test too
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={text!r}: must be a number of seconds from 0 to 3600 "
                         f"(unset it for the default, {DEFAULT_LOCK_TIMEOUT:g})")
    return value


def _printable(text: str, limit: int = 400) -> str:
    """One line, no terminal escapes from a hostile file, not too long."""
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"



"""The progress store: safe reads, locked read-modify-write, atomic saves, backups.

Contract (README, "Your progress is safe"):
- reads refuse anything but a regular file (a FIFO never blocks us), cap the
  size, decode strict UTF-8 (one BOM tolerated), then parse and validate;
- a file that fails to read is never written: commands that change progress
  stop with the file named, the line or field, and what to do;
- every change re-reads the file under a lock on `progress.toml.lock`, applies
  the change, and saves atomically (see atomic.py);
- a symlinked progress file is followed: the target is updated, the link stays;
- `progress.toml.bak` holds the last good copy, rotated before a migration, an
  import, or a plan replacement, and never from an empty or unparseable file.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from pathlib import Path
from typing import Callable, TypeVar

from studyguide import paths
from studyguide.errors import DataError, LockTimeoutError, WriteError
from studyguide.model import Progress

T = TypeVar("T")
MAX_BYTES = 16 * 1024 * 1024
DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_TIMEOUT_ENV = "STUDYGUIDE_LOCK_TIMEOUT"


class Store:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.progress_file()

    # ------------------------------------------------------------ locations
    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def _fix_hint(self) -> str:
        if self.backup_path.exists():
            return f"fix it by hand, or restore the last good copy: cp '{self.backup_path}' '{self.path}'"
        return f"fix it by hand (or move it away to start afresh: mv '{self.path}' '{self.path}.broken')"

    # ------------------------------------------------------------ reading
    def read_bytes(self) -> bytes | None:
        """The file's bytes, None when there is no file. Raises DataError."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            if os.path.islink(self.path):
                raise DataError(f"{self.path}: is a symlink to a missing file; "
                                "point it at a file or remove it") from None
            return None
        except IsADirectoryError:
            raise DataError(f"{self.path}: is a directory, not a progress file; move it away") from None
        except PermissionError:
            raise DataError(f"{self.path}: permission denied; check the file's owner and mode") from None
        except OSError as exc:
            raise DataError(f"{self.path}: cannot open: {exc.strerror}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise DataError(f"{self.path}: is not a regular file; move it away")
            if info.st_size > MAX_BYTES:
                raise DataError(f"{self.path}: is {info.st_size // (1024 * 1024)} MiB, larger than the "
                                f"{MAX_BYTES // (1024 * 1024)} MiB a progress file can be; {self._fix_hint()}")
            chunks, total = [], 0
            while True:
                try:
                    chunk = os.read(fd, 1 << 16)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_BYTES:
                    raise DataError(f"{self.path}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError as exc:
            raise DataError(f"{self.path}: cannot read: {exc.strerror}") from None
        finally:
            os.close(fd)

    def parse(self, raw: bytes) -> tuple[Progress, int]:
        """Bytes -> (Progress, the file's schema version). Raises DataError."""
        from studyguide.progress_file import FieldProblem, check_version, progress_from_dict

        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DataError(f"{self.path}: line {line}: not UTF-8 text (byte {exc.start}); "
                            f"{self._fix_hint()}") from None
        if not text.strip():
            return Progress(), 1  # an empty file is a fresh start, never an error
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DataError(f"{self.path}: {_toml_message(exc)}; {self._fix_hint()}") from None
        except RecursionError:
            raise DataError(f"{self.path}: nested too deeply to be a progress file; {self._fix_hint()}") from None
        try:
            version = check_version(data)
            data = migrate(data, version)
            return progress_from_dict(data), version
        except FieldProblem as exc:
            raise DataError(f"{self.path}: {exc}; {self._fix_hint()}") from None
        except RecursionError:
            raise DataError(f"{self.path}: nested too deeply to be a progress file; {self._fix_hint()}") from None

    def load(self) -> Progress:
        """Read without locking (readers never see a partial file: saves are atomic)."""
        raw = self.read_bytes()
        if raw is None:
            return Progress()
        return self.parse(raw)[0]

    # ------------------------------------------------------------ writing
    def update(self, change: Callable[[Progress], T], *, backup: bool = False) -> T:
        """Lock, re-read, apply `change`, save. Nothing is written if reading fails.

        With `backup`, the current good file is copied to progress.toml.bak first.
        """
        from studyguide.atomic import clean_stale_temps

        self._ensure_dir()
        with self._lock():
            raw = self.read_bytes()
            if raw is None:
                progress, version = Progress(), None
            else:
                progress, version = self.parse(raw)
            if raw is not None and raw.strip() and (backup or version != _current()):
                self._write(self.backup_path, raw)  # good and non-empty: it parsed above
            result = change(progress)
            from studyguide.progress_file import dump

            data = dump(progress)
            self._write(self._real_target(), data)
        clean_stale_temps(self._real_target().parent, self._real_target().name)
        return result

    def _real_target(self) -> Path:
        """Follow a symlinked progress file so the link stays and its target is updated."""
        if self.path.is_symlink():
            return Path(os.path.realpath(self.path))
        return self.path

    def _ensure_dir(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create {self.path.parent}: {_os_reason(exc)}; nothing was saved") from None

    def _write(self, target: Path, data: bytes) -> None:
        from studyguide.atomic import atomic_write_bytes

        try:
            atomic_write_bytes(target, data)
        except OSError as exc:
            raise WriteError(f"could not save {target}: {_os_reason(exc)}; the change was not saved "
                             "and the file is as it was") from None

    def _lock(self):
        from filelock import FileLock, Timeout

        lock_path = self.lock_path
        if lock_path.is_symlink():
            raise DataError(f"{lock_path}: the lock file is a symlink; remove it "
                            "(studyguide creates a plain one)")
        if lock_path.exists() and not lock_path.is_file():
            raise DataError(f"{lock_path}: the lock file is not a regular file; remove it")
        timeout = _lock_timeout()
        lock = FileLock(str(lock_path), timeout=timeout)

        class _Guard:
            def __enter__(self_inner):
                try:
                    lock.acquire()
                except Timeout:
                    raise LockTimeoutError(
                        f"another studyguide command has held {lock_path} for over {timeout:g} s; "
                        "try again when it finishes (nothing was saved)") from None
                except OSError as exc:
                    raise WriteError(f"cannot lock {lock_path}: {_os_reason(exc)}; nothing was saved") from None

            def __exit__(self_inner, *exc):
                lock.release()
                return False

        return _Guard()

    def write_backup_of_current(self) -> None:
        """Rotate the current file into the backup if it is good and non-empty."""
        raw = self.read_bytes()
        if raw and raw.strip():
            self.parse(raw)
            self._write(self.backup_path, raw)


def _current() -> int:
    from studyguide.progress_file import SCHEMA_VERSION

    return SCHEMA_VERSION


def migrate(data: dict, version: int) -> dict:
    """Bring an older file's dict up to the current schema, one version at a time."""
    from studyguide.progress_file import SCHEMA_VERSION, migrate_1_to_2

    steps: dict[int, Callable[[dict], dict]] = {1: migrate_1_to_2}
    while version < SCHEMA_VERSION:
        data = steps[version](data)
        version += 1
    data = dict(data)
    data["schema_version"] = SCHEMA_VERSION
    return data


def _lock_timeout() -> float:
    try:
        value = float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
        return value if value >= 0 else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _toml_message(exc: Exception) -> str:
    # tomllib says "Invalid value (at line 3, column 9)": put the place first.
    import re

    text = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if m:
        what = text[: m.start()].strip()
        return f"line {m.group(1)}, column {m.group(2)}: {what} (TOML syntax)"
    m = re.search(r"\(at end of document\)", text)
    if m:
        return f"at the end of the file: {text[: m.start()].strip()} (TOML syntax)"
    return text


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EDQUOT: "the disk quota is exceeded",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))

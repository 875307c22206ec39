"""The one lock helper: a sidecar lock file, never followed through a symlink, with our
errors instead of filelock's. Every read-modify-write of a file we own takes it."""

from __future__ import annotations

import os
from pathlib import Path

from studyguide.errors import DataError, LockTimeoutError, WriteError
from studyguide.storage.oserrors import os_error_text
from studyguide.storage.toml import file_kind


def file_lock(lock_path: Path, timeout: float) -> "Locked":
    """The lock at `lock_path` as a context manager. A symlinked lock file is refused:
    locking through it would create or write its target."""
    from shlex import quote

    if lock_path.is_symlink():
        raise DataError(f"{lock_path}: the lock file is a symlink, which studyguide will not "
                        f"follow; nothing was saved: remove it (rm {quote(str(lock_path))}) "
                        "and studyguide makes a plain one")
    if lock_path.exists() and not lock_path.is_file():
        raise DataError(f"{lock_path}: the lock file is {file_kind(lock_path.stat().st_mode)}, not a "
                        f"plain file; nothing was saved: move it aside")
    return Locked(lock_path, timeout)


class Locked:
    """The sidecar lock as a context manager, with our errors instead of filelock's."""

    def __init__(self, path: Path, timeout: float) -> None:
        from filelock import FileLock

        self.path, self.timeout = path, timeout
        self.lock = FileLock(str(path), timeout=timeout)

    def __enter__(self) -> "Locked":
        from filelock import Timeout

        try:
            # filelock retries a lock file it cannot create until the timeout, as if another
            # command held it (a read-only or odd folder): find that out at once instead.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_CLOEXEC", 0), 0o644))
            self.lock.acquire()
        except Timeout:
            raise LockTimeoutError(
                f"another studyguide command has held {self.path} for over {self.timeout:g} s; "
                "nothing was saved: try again when it has finished") from None
        except OSError as exc:
            raise WriteError(f"cannot lock {self.path}: {os_error_text(exc)}; the change was not saved") from None
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.lock.release()
        except OSError:
            pass   # the lock goes with the process anyway

"""Crash-safe file writes: a kill at any moment leaves the old file or the new one.

The caller serialises to bytes before anything touches the disk. The temp file is
created exclusively (never through a symlink), private, in the target's directory
(os.replace is only atomic within one file system), written with plain os.write
calls, fsynced, moved over the target with os.replace, and the directory fsynced
so the rename survives a power cut. On any failure, Ctrl-C included, the temp
file is removed and the old file is intact. A temp file left by a kill -9 is never
read (it has its own name) and is removed by the next save (clean_stale_temps).
"""

from __future__ import annotations

import glob
import os
import secrets
import time
from pathlib import Path

TEMP_PREFIX = ".studyguide-tmp-"


def temp_name(target: Path) -> str:
    return f"{TEMP_PREFIX}{target.name}.{os.getpid()}.{secrets.token_hex(4)}"


def atomic_write_bytes(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `target` with `data` atomically. Raises OSError on failure."""
    directory = target.parent
    tmp = directory / temp_name(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(directory)


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on directories
    finally:
        os.close(fd)


def clean_stale_temps(directory: Path, name: str, older_than: float = 3600.0) -> list[Path]:
    """Remove temp files for `name` left by a killed run; returns what was removed.

    The store calls this while it holds the progress lock: every writer holds that
    lock while its temp file exists, so any temp file seen then belongs to a dead
    run and `older_than=0` is safe. Without the lock, only files older than an hour
    are taken, so a live writer's file is never removed.
    """
    now = time.time()
    removed: list[Path] = []
    try:
        leftovers = list(directory.glob(f"{TEMP_PREFIX}{glob.escape(name)}.*"))
    except OSError:
        return removed
    for leftover in leftovers:
        try:
            if now - leftover.lstat().st_mtime >= older_than:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            pass
    return removed

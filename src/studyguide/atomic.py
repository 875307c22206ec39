"""Crash-safe file writes: a kill at any moment leaves the old file or the new one.

Bytes are serialised before anything touches the disk; the temp file is created
exclusively, private, in the target's directory, flushed and fsynced, moved over
the target with os.replace, and the directory fsynced so the rename survives a
power cut. On any failure the temp file is removed and the old file is intact.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".studyguide-tmp-"


def atomic_write_bytes(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `target` with `data` atomically. Raises OSError on failure."""
    directory = target.parent
    tmp = directory / f"{TEMP_PREFIX}{target.name}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
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
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on directories
    finally:
        os.close(fd)


def clean_stale_temps(directory: Path, name: str, older_than: float = 3600.0) -> None:
    """Remove temp files left by a killed run (older than an hour, so never a live one)."""
    import time

    now = time.time()
    try:
        for leftover in directory.glob(f"{TEMP_PREFIX}{name}.*"):
            try:
                if now - leftover.lstat().st_mtime > older_than:
                    leftover.unlink()
            except OSError:
                pass
    except OSError:
        pass

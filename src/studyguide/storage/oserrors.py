"""OS errors in words a learner can act on, for every message about a file we could not use."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "an input/output error (a failing disk?)",
}


def os_error_text(exc: OSError) -> str:
    """'the disk is full', 'permission denied', ... else the system's own words."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))

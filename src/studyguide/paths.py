"""Where studyguide's files live, resolved at call time (tests move them).

`STUDYGUIDE_HOME` moves the progress file, backups and cache together; without
it the progress lives in platformdirs' user data dir and the cache in the user
cache dir. Nothing here creates a directory: only a write does.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studyguide"
HOME_ENV = "STUDYGUIDE_HOME"
CATALOG_ENV = "STUDYGUIDE_CATALOG"


NAME_MAX = 255   # bytes in one file or folder name (ext4, APFS, NTFS, ...)


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return checked_names(Path(value).expanduser(), HOME_ENV) if value else None


def checked_names(path: Path, given_as: str) -> Path:
    """`path`, or a UsageError when one of its names is too long for any file system (the
    OS would refuse every use of it with "File name too long")."""
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            from studyguide.errors import UsageError

            raise UsageError(f"{given_as}: a name in {str(path)[:40]}… is {size} bytes long; "
                             f"a file or folder name can be at most {NAME_MAX} bytes")
    return path


def data_dir() -> Path:
    home = home_override()
    if home is not None:
        return home
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = home_override()
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def progress_file() -> Path:
    return data_dir() / "progress.toml"


def user_catalog_dir() -> Path:
    """The learner's own overlay catalog folder."""
    return data_dir() / "catalog"


def bundled_catalog_dir() -> Path:
    """The catalog shipped in the wheel, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    # Editable install or running from a checkout: src/studyguide/../../data
    return here.parent.parent / "data"

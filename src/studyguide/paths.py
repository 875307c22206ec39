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


def home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


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

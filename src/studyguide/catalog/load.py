"""Find the catalog sources and load them, through a cache of the validated result.

Validating the TOML files with pydantic costs more than the rest of a command,
so the validated catalog is kept as a snapshot (catalog/cache.py: keyed by a
content hash of the sources). A missing, stale or unreadable snapshot is simply
rebuilt, and one that cannot be written is skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from studyguide import paths
from studyguide.catalog.model import Catalog

def catalog_sources(extra: list[Path] | tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """Bundled, then the user's overlay folder, then STUDYGUIDE_CATALOG, then --catalog."""
    sources: list[tuple[str, Path]] = [("bundled", paths.bundled_catalog_dir())]
    user = paths.user_catalog_dir()
    if user.is_dir():
        sources.append(("user", user))
    env = os.environ.get(paths.CATALOG_ENV, "")
    for part in env.split(os.pathsep):
        if part.strip():
            sources.append((f"{paths.CATALOG_ENV}",
                            paths.checked_names(Path(part.strip()).expanduser(), paths.CATALOG_ENV)))
    for folder in extra:
        sources.append(("--catalog", paths.checked_names(Path(folder).expanduser(), "--catalog")))
    return sources


def load_catalog(extra: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    from studyguide.catalog import cache as catalog_cache

    sources = catalog_sources(extra)
    key = catalog_cache.source_key(sources)
    cache = catalog_cache.cache_file(paths.cache_dir(), sources)
    catalog = catalog_cache.load(cache, key)
    if catalog is None:
        catalog = _build(sources)
        # Stored only if no source changed while it was built (the key is of the bytes read).
        if catalog_cache.source_key(sources) == key:
            catalog_cache.save(cache, key, catalog)
    return catalog


def _build(sources: list[tuple[str, Path]]) -> Catalog:
    """Validate the files (pydantic)."""
    from studyguide.catalog.build import build_catalog
    from studyguide.errors import CatalogError

    try:
        return build_catalog(sources, shown_root=paths.bundled_catalog_dir())
    except CatalogError as err:
        raise with_fix_hint(err, sources) from None


def with_fix_hint(err, sources: list[tuple[str, Path]]):
    """The same CatalogError, its one-line message ending with how to find and fix the problem.

    A broken overlay stops every command that needs the catalog (a plan built on
    half a catalog would be wrong), so the line names the overlay to check.
    """
    first = err.problems[0] if err.problems else ""
    overlays = [(origin, src) for origin, src in sources if origin != "bundled"]
    hint = ""
    for origin, src in overlays:
        if first == f"{src}: no such file or folder":
            hint = f"; check the {origin} path (`studyguide paths` lists the catalogs in use)"
            break
        if first.startswith(str(src)):
            hint = f"; see every problem with `studyguide catalog check {src}`"
            if origin == "user":
                hint += " (your own overlay folder)"
            break
    else:
        if overlays:
            hint = ("; check your overlays with `studyguide catalog check PATH` "
                    "(`studyguide paths` lists them)")
    err.args = (str(err) + hint,)
    return err

"""Find the catalog sources and load them, through a cache of the validated result.

Validating ~100 resources with pydantic costs more than the rest of a command,
so the validated catalog is stored as JSON keyed by a hash of every source
file's name and bytes (and our version). Any change to any file, a new overlay,
or an upgrade gives a new key; a missing, stale or unreadable cache is simply
rebuilt, and a cache that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from studyguide import __version__, paths
from studyguide.catalog import (
    Catalog, Checklist, Goal, Person, Question, Resource, Role, Topic, TopicDepth,
)

CACHE_FORMAT = 3  # 3: overlay origins name their file


def catalog_sources(extra: list[Path] | tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """Bundled, then the user's overlay folder, then STUDYGUIDE_CATALOG, then --catalog."""
    sources: list[tuple[str, Path]] = [("bundled", paths.bundled_catalog_dir())]
    user = paths.user_catalog_dir()
    if user.is_dir():
        sources.append(("user", user))
    env = os.environ.get(paths.CATALOG_ENV, "")
    for part in env.split(os.pathsep):
        if part.strip():
            sources.append((f"{paths.CATALOG_ENV}", Path(part.strip()).expanduser()))
    for folder in extra:
        sources.append(("--catalog", Path(folder).expanduser()))
    return sources


def _fingerprint(sources: list[tuple[str, Path]]) -> str:
    h = hashlib.sha256(f"{__version__}:{CACHE_FORMAT}".encode())
    for origin, source in sources:
        h.update(f"\0{origin}\0{source}\0".encode())
        try:
            files = sorted(source.glob("*.toml")) if source.is_dir() else [source]
            for f in files:
                h.update(f.name.encode() + b"\0" + f.read_bytes())
        except OSError:
            h.update(b"unreadable")  # the build will report it
    return h.hexdigest()[:32]


def load_catalog(extra: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    sources = catalog_sources(extra)
    key = _fingerprint(sources)
    cache = paths.cache_dir() / f"catalog-{key}.json"
    try:
        return catalog_from_dict(json.loads(cache.read_bytes()))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from studyguide.catalog_build import build_catalog
    from studyguide.errors import CatalogError

    try:
        catalog = build_catalog(sources, shown_root=paths.bundled_catalog_dir())
    except CatalogError as err:
        raise with_fix_hint(err, sources) from None
    _write_cache(cache, catalog)
    return catalog


def with_fix_hint(err, sources: list[tuple[str, Path]]):
    """The same CatalogError, its one-line message ending with how to find and fix the problem.

    A broken overlay stops every command that needs the catalog (a plan built on
    half a catalog would be wrong), so the line names the overlay to check.
    """
    first = err.problems[0] if err.problems else ""
    overlays = [(origin, src) for origin, src in sources if origin != "bundled"]
    hint = ""
    for origin, src in overlays:
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


def _write_cache(cache: Path, catalog: Catalog) -> None:
    from studyguide.atomic import atomic_write_bytes

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("catalog-*.json"):
            if old != cache:
                old.unlink(missing_ok=True)
        atomic_write_bytes(cache, json.dumps(catalog_to_dict(catalog)).encode())
    except Exception:  # a cache is an optimisation: never fail a command over it
        pass


def catalog_to_dict(catalog: Catalog) -> dict:
    from dataclasses import asdict

    return {
        "resources": [asdict(r) for r in catalog.resources.values()],
        "topics": [asdict(t) for t in catalog.topics.values()],
        "goals": [asdict(g) for g in catalog.goals.values()],
        "roles": [asdict(r) for r in catalog.roles.values()],
        "questions": [asdict(q) for q in catalog.questions.values()],
        "hidden": sorted(catalog.hidden),
        "renames": catalog.renames,
        "sources": list(catalog.sources),
    }


def catalog_from_dict(d: dict) -> Catalog:
    resources = {}
    for r in d["resources"]:
        r["renamed_from"] = tuple(r["renamed_from"])
        resources[r["id"]] = Resource(**r)
    topics = {}
    for t in d["topics"]:
        t.update(
            sequence=tuple(t["sequence"]), prerequisites=tuple(t["prerequisites"]),
            focus=tuple(t["focus"]), pitfalls=tuple(t["pitfalls"]),
            people=tuple(Person(**p) for p in t["people"]),
            checklists=tuple(Checklist(c["title"], tuple(c["items"])) for c in t["checklists"]),
            optional=tuple(t["optional"]), renamed_from=tuple(t["renamed_from"]))
        topics[t["id"]] = Topic(**t)
    goals = {}
    for g in d["goals"]:
        g.update(path=tuple(g["path"]), topics=tuple(TopicDepth(**x) for x in g["topics"]))
        goals[g["id"]] = Goal(**g)
    roles = {}
    for r in d["roles"]:
        r["topics"] = tuple(TopicDepth(**x) for x in r["topics"])
        roles[r["id"]] = Role(**r)
    questions = {}
    for q in d["questions"]:
        q["resources"] = tuple(q["resources"])
        questions[q["id"]] = Question(**q)
    return Catalog(resources=resources, topics=topics, goals=goals, roles=roles,
                   questions=questions, hidden=frozenset(d["hidden"]),
                   renames=dict(d["renames"]), sources=tuple(d["sources"]))

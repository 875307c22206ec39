"""Browsing the catalog: topics, show, search, catalog check, paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from studyguide.cli.app import app, catalog_app, print_json, session
from studyguide.cli.completion import complete_ids, complete_kinds, complete_topics
from studyguide.errors import NotFoundError, UsageError






def require_topic(catalog, topic_id: str):
    from studyguide.catalog.model import did_you_mean

    current = catalog.current_id(topic_id)
    if current not in catalog.topics:
        raise NotFoundError(f"no topic {topic_id!r}{did_you_mean(topic_id, catalog.topics)}; "
                            "see `studyguide topics`")
    return catalog.topics[current]


@app.command()
def topics(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List every topic with its item count and estimated hours.

    Example: studyguide topics
    """
    from studyguide.cli.context import load_marks

    catalog = session(ctx).catalog()
    marks = load_marks(ctx)
    if json_out:
        from studyguide.cli.views.json import topic_summary

        print_json([topic_summary(t, catalog, marks) for t in catalog.topics.values()])
        return
    from studyguide.cli.views.rich import console, topics_table

    out = console()
    out.print(topics_table(catalog, marks))
    from studyguide.cli.views.rich import YOURS_LEGEND, shows_yours

    if shows_yours(marks):
        from rich.text import Text

        out.print(Text(YOURS_LEGEND, style="dim"))
    out.print("\nShow one with `studyguide show TOPIC`; get a plan with `studyguide recommend`.")


@app.command()
def show(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A topic, resource, goal or role id.",
                                  autocompletion=complete_ids),
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show a topic (sequence, focus, pitfalls, people, checklists), a resource, a goal or a role.

    Example: studyguide show attention-math
    """
    from studyguide.catalog.model import did_you_mean
    from studyguide.cli.context import load_marks

    catalog = session(ctx).catalog()
    ident = catalog.current_id(item_id)
    if ident in catalog.topics:
        topic = catalog.topics[ident]
        marks = load_marks(ctx)
        if json_out:
            from studyguide.cli.views.json import topic_dict

            print_json(topic_dict(topic, catalog, marks))
            return
        from studyguide.cli.views.rich import console, topic_view

        console().print(topic_view(topic, catalog, marks))
        return
    if ident in catalog.resources:
        r = catalog.resources[ident]
        marks = load_marks(ctx)
        if json_out:
            from studyguide.cli.views.json import resource_dict

            print_json(resource_dict(r, catalog, marks))
            return
        from studyguide.cli.views.rich import console, resource_view

        console().print(resource_view(r, catalog, marks))
        return
    for table, kind in ((catalog.goals, "goal"), (catalog.roles, "role")):
        if ident in table:
            _show_path(table[ident], kind, catalog, json_out)
            return
    raise NotFoundError(f"no topic, resource, goal or role {item_id!r}"
                        f"{did_you_mean(item_id, catalog.all_ids())}; try `studyguide search {item_id}`")


def _show_path(item, kind: str, catalog, json_out: bool) -> None:
    data = {"id": item.id, "kind": kind, "title": item.title, "description": item.description,
            "main_topic": item.main_topic,
            "topics": [{"topic": t.topic, "depth": t.depth, **({"light": True} if t.light else {})}
                       for t in item.topics], "origin": item.origin}
    if kind == "role":
        data["hands_on"] = item.hands_on
        data["leave_out"] = list(item.leave_out)
    if kind == "goal":
        data["path"] = list(item.path)
    if json_out:
        print_json(data)
        return
    from rich.text import Text

    from studyguide.cli.views.rich import console
    from studyguide.cli.views.rich_indent import Indented

    out = console()
    out.print(Text(item.title, style="bold underline"))
    out.print(Indented(Text(f"{kind} {item.id}: ") + Text(item.description), 0))
    if item.origin != "bundled":
        out.print(Text(f"From: {item.origin}", style="dim"))
    if kind == "goal":
        out.print(Text("\nReading path (in this order):", style="bold"))
        for n, rid in enumerate(item.path, 1):
            r = catalog.resources.get(rid)
            out.print(Indented(Text(f"{n}. ") + Text(r.title if r else rid) + Text(f"  [{rid}]", style="cyan"),
                               2, hang=3))
    out.print(Text("\nTopics:", style="bold"))
    for t in item.topics:
        depth = f" ({t.depth}{', a light pass' if t.light else ''})" if t.depth else ""
        out.print(Text(f"  • {t.topic}{depth}"))
    if kind == "role" and not item.hands_on:
        out.print(Text("\nNo code or implementation sources below deep depth.", style="dim"))
    if kind == "role" and item.leave_out:
        out.print(Text("Left out: " + ", ".join(item.leave_out), style="dim"))
    out.print(f"\nPlan it: studyguide recommend --{kind} {item.id}")


@app.command()
def search(
    ctx: typer.Context,
    text: Optional[List[str]] = typer.Argument(None, metavar="[TEXT]...",
                                               help="Words to find in ids, titles, authors, why-text and topic titles, accents ignored (all must match)."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND", autocompletion=complete_kinds, help="Only this kind (book, course, paper, code, ...)."),
    topic: Optional[str] = typer.Option(None, "--topic", metavar="TOPIC", help="Only resources of this topic.",
                                        autocompletion=complete_topics),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL", help="Only intro, intermediate or advanced."),
    free: bool = typer.Option(False, "--free", help="Only resources free to read."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Find resources, best matches first; without TEXT, everything that fits the filters.

    Example: studyguide search flashattention --kind paper
    """
    from studyguide.catalog.model import KINDS, LEVELS, did_you_mean
    from studyguide.catalog.search import search as run_search

    catalog = session(ctx).catalog()
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}{did_you_mean(kind, KINDS)}; choose from {', '.join(KINDS)}")
    if level is not None and level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    topic_id = require_topic(catalog, topic).id if topic is not None else None
    found = run_search(catalog, " ".join(text or []), kind=kind, topic=topic_id, level=level, free=free)
    from studyguide.cli.context import load_marks

    marks = load_marks(ctx)
    if json_out:
        from studyguide.cli.views.json import resource_dict

        print_json([resource_dict(r, catalog, marks) for r in found])
        return
    from studyguide.cli.views.rich import console, resource_list

    out = console()
    if not found:
        out.print("No resources match.")
        raise typer.Exit(0)
    out.print(resource_list(found, marks))
    out.print(f"\n{len(found)} resource(s). `studyguide show ID` for details.")


@catalog_app.command("check")
def catalog_check(
    path: Path = typer.Argument(..., metavar="PATH", help="A catalog .toml file or a folder of them."),
) -> None:
    """Validate a catalog file or folder against the bundled catalog.

    Exit 0 when valid; exit 1 with every problem listed, one per line.

    Example: studyguide catalog check ~/my-class-catalog/
    """
    from studyguide import paths
    from studyguide.catalog.build import build_catalog, catalog_files
    from studyguide.errors import CatalogError

    if not str(path).strip():
        raise UsageError("give a catalog .toml file or a folder of them")
    path = paths.checked_names(path.expanduser(), "catalog check")
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if path.is_dir() and not catalog_files(path):
        # "valid" would say something about files that were never read.
        raise UsageError(f"{path}: no .toml files in this folder; nothing to check")
    bundled = paths.bundled_catalog_dir()
    sources = [("bundled", bundled)]
    if path.resolve() != bundled.resolve():
        sources.append((str(path), path))
    try:
        catalog = build_catalog(sources)
    except CatalogError as err:
        import sys

        from studyguide.text import printable

        for line in err.problems:
            sys.stderr.write(printable(line) + "\n")
        sys.stderr.write(f"{len(err.problems)} problem(s) found.\n")
        raise typer.Exit(1)
    from studyguide.cli.views.layout import say

    units = sum(1 for r in catalog.resources.values() if r.parent is not None)
    say(f"{path}: valid ({len(catalog.resources) - units} resources, {units} study units, {len(catalog.topics)} topics, "
          f"{len(catalog.goals)} goals, {len(catalog.roles)} roles, {len(catalog.questions)} questions "
          "with the bundled catalog)")


@app.command("paths")
def show_paths(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show where the catalog, your overlays and your progress file live.

    Example: studyguide paths
    """
    import os

    from studyguide import paths
    from studyguide.catalog.load import catalog_sources

    env_home = os.environ.get(paths.HOME_ENV)
    data: dict[str, Any] = {
        "progress": str(paths.progress_file()),
        "data_dir": str(paths.data_dir()),
        "cache_dir": str(paths.cache_dir()),
        "moved_by": f"{paths.HOME_ENV}={env_home}" if env_home else None,
        "catalogs": [_source_entry(o, p) for o, p in catalog_sources(session(ctx).catalog_dirs)],
        "user_catalog_dir": str(paths.user_catalog_dir()),
    }
    if json_out:
        print_json(data)
        return
    from studyguide.cli.views.plain import width
    from studyguide.text import printable

    def say(line: str) -> None:   # file names: any byte a folder may hold
        print(printable(line))

    say(f"progress file : {data['progress']}")
    moved = f"   (moved by {data['moved_by']})" if env_home else ""
    data_line = f"data dir      : {data['data_dir']}"
    if moved and len(data_line + moved) > width():   # a long folder: the reason on a line of its own
        say(data_line)
        say(" " * 16 + moved.strip())
    else:
        say(data_line + moved)
    say(f"cache dir     : {data['cache_dir']}")
    say(f"your overlays : {data['user_catalog_dir']}")
    say("catalogs in use, in load order")
    say("  (a later one adds to, changes or hides from an earlier one):")
    for c in data["catalogs"]:
        say(f"  {c['origin']:<20} {c['path']}" + ("   (missing)" if not c["exists"] else ""))
        if c["origin"] != "bundled":
            for name in c["files"]:
                say(f"  {'':<20}   {name}")


def _source_entry(origin: str, path: Path) -> dict:
    """A catalog source for `paths`: it must work even when an overlay is broken, so no parsing."""
    exists = path.exists()
    try:  # the files catalog_build.catalog_files loads (not imported: it pulls in pydantic)
        files = sorted(f.name for f in path.glob("*.toml") if f.is_file()) if path.is_dir() else []
    except OSError:
        files = []
    return {"origin": origin, "path": str(path), "exists": exists, "files": files}

"""Shell completion of ids (Typer `autocompletion=` callbacks), shared by every command.

A completion runs inside the user's shell: it must never print a traceback there,
so any failure (a broken catalog or progress file) simply completes nothing.
"""

from __future__ import annotations

from typing import Callable, Iterable

import typer


def _matching(ids: Callable[[], Iterable[str]], incomplete: str) -> list[str]:
    try:
        return [i for i in ids() if i.startswith(incomplete)]
    except Exception:
        return []


def _catalog(ctx: typer.Context):
    from studyguide.cli.app import session

    return session(ctx).catalog()


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Any topic, resource, goal or role id."""
    return _matching(lambda: _catalog(ctx).all_ids(), incomplete)


def complete_topics(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(lambda: _catalog(ctx).topics, incomplete)


def complete_resources(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(lambda: _catalog(ctx).resources, incomplete)


def complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """The plan's open items first, then every other resource id."""
    def ids() -> list[str]:
        from studyguide.cli.context import load_view
        from studyguide.errors import DataError

        try:
            catalog, _, _, view = load_view(ctx, require_plan=False)
        except DataError:  # a broken progress file: still complete from the catalog
            catalog, view = _catalog(ctx), None
        first = [i.id for i in view.items() if i.state != "done"] if view else []
        seen = set(first)
        return first + [r for r in catalog.resources if r not in seen]

    return _matching(ids, incomplete)


def complete_goals(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(lambda: _catalog(ctx).goals, incomplete)


def complete_roles(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching(lambda: _catalog(ctx).roles, incomplete)


def complete_depths(incomplete: str) -> list[str]:
    from studyguide.catalog.model import DEPTHS

    return _matching(lambda: DEPTHS, incomplete)


def complete_kinds(incomplete: str) -> list[str]:
    from studyguide.catalog.model import KINDS

    return _matching(lambda: KINDS, incomplete)


def complete_export_formats(incomplete: str) -> list[str]:
    from studyguide.export.formats import FORMATS

    return _matching(lambda: FORMATS, incomplete)

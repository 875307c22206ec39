"""`studyguide` with no command: the next step and a one-line status with a plan,
a short welcome without one; and the options every command takes, which make the session."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from studyguide import __version__
from studyguide.cli.app import Session, app

WELCOME = """studyguide: an ordered study plan for going deep into modern AI
(transformer internals, attention math, fine-tuning, GPU optimization,
evaluation, and the research topics around them).

It asks what you want (a goal or a role, how deep, hours per week), builds a
plan from a curated catalog (textbook or course first, then one implementation
source, then the landmark papers, leaderboards as references), and tracks your
progress so that `studyguide next` always knows what comes next.

Start:   studyguide recommend        answer four questions, get a plan
Browse:  studyguide topics           the catalog's topics
Help:    studyguide --help"""


def home(ctx: typer.Context) -> None:
    from studyguide.cli.context import load_view

    catalog, store, progress, view = load_view(ctx, require_plan=False)
    if view is None:
        print(_welcome())
        return
    from studyguide.cli.views.next import render_next

    render_next(view, catalog, 1)


def _welcome() -> str:
    """WELCOME fitted to the terminal: paragraphs rewrapped; a command whose description does
    not fit beside it gets it on the line below."""
    from studyguide.cli.views.layout import fill
    from studyguide.cli.views.plain import width

    *paragraphs, commands = WELCOME.split("\n\n")
    out = [fill(" ".join(p.split())) for p in paragraphs]
    rows = []
    for row in commands.splitlines():
        if len(row) <= width():
            rows.append(row)
        else:
            command, _, about = row.partition("  " * 4)
            rows.append(command.rstrip())
            if about.strip():
                rows.append(" " * 9 + about.strip())
    return "\n\n".join(out + ["\n".join(rows)])


def _version(value: bool) -> None:
    if value:
        print(f"studyguide {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Optional[list[Path]] = typer.Option(
        None, "--catalog", metavar="PATH",
        help="Also load this catalog folder or file (repeatable; after your own overlays)."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """A study guide for going deep into modern AI."""
    ctx.obj = Session(list(catalog or []))
    if ctx.invoked_subcommand is None:
        home(ctx)

"""The Typer application object and what every command shares.

Command modules register on `app`; they import what only they need inside the
command function, so that starting any command stays cheap.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from studyguide import __version__

HELP = """A study guide for going deep into modern AI: transformer internals, attention
math, fine-tuning, GPU optimization, evaluation and the research around them.

Start with `studyguide recommend`, then `studyguide next` whenever you sit down to study."""

app = typer.Typer(
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,
    invoke_without_command=True,
)
catalog_app = typer.Typer(
    help="Check catalog files written by you or a teacher.\n\nExample: studyguide catalog check ~/my-class-catalog/",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


class State:
    """Per-run options from the top-level callback, and the loaded catalog."""

    def __init__(self) -> None:
        self.catalog_dirs: list[Path] = []
        self._catalog = None

    def catalog(self):
        if self._catalog is None:
            from studyguide.catalog.load import load_catalog

            self._catalog = load_catalog(self.catalog_dirs)
        return self._catalog


state = State()


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
    state.catalog_dirs = list(catalog or [])
    state._catalog = None
    if ctx.invoked_subcommand is None:
        from studyguide.cli.commands.home import home

        home()


def print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False

"""The Typer application object and what every command shares.

Command modules register on `app`; they import what only they need inside the
command function, so that starting any command stays cheap.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from studyguide.catalog.model import Catalog
    from studyguide.progress.store import Store

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


class Session:
    """What one run shares, made once by the root callback (commands/home.py) and reached
    with `session()`: the catalog folders, the catalog (loaded on first use) and the
    progress store, which always follows the catalog's renames. The clock is studyguide.clock."""

    def __init__(self, catalog_dirs: list[Path] | None = None) -> None:
        self.catalog_dirs: list[Path] = list(catalog_dirs or [])
        self._catalog: Catalog | None = None
        self._store: Store | None = None

    def catalog(self) -> Catalog:
        if self._catalog is None:
            from studyguide.catalog.load import load_catalog

            self._catalog = load_catalog(self.catalog_dirs)
        return self._catalog

    def store(self) -> Store:
        if self._store is None:
            from studyguide.errors import CatalogError
            from studyguide.progress.store import Store

            catalog = None
            try:   # progress saved under a renamed id is read and saved under the new one
                catalog = self.catalog()
                renames = catalog.renames
            except CatalogError:   # it stops the commands that need the catalog, not a backup
                renames = {}
            # With the catalog, a plan's resources that now have units are split into them.
            self._store = Store(renames=renames, catalog=catalog)
        return self._store


def session(ctx: typer.Context) -> Session:
    """This run's session, kept on the root context; shell completion, which runs no
    callback, makes it from the options typed so far."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(root.params.get("catalog") or [])
    return root.obj


def print_json(data) -> None:
    import json

    from studyguide.text import json_printable

    sys.stdout.write(json_printable(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False

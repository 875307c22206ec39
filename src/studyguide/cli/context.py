"""Loading what the progress commands share: the catalog, the store, the plan view (from the session)."""

from __future__ import annotations

import typer

from studyguide.errors import UsageError

NO_PLAN = "no plan yet: run `studyguide recommend` to make one"


def load_view(ctx: typer.Context, require_plan: bool = True):
    """(catalog, store, progress, view); view is None without a plan (or raises)."""
    from studyguide.cli.app import session
    from studyguide.clock import today
    from studyguide.plan.view import build_view

    catalog = session(ctx).catalog()
    store = session(ctx).store()   # progress saved under renamed ids follows them
    progress = store.load()
    store.persist_renames()
    if progress.plan is None:
        if require_plan:
            raise UsageError(NO_PLAN)
        return catalog, store, progress, None
    view = build_view(progress.plan, progress, catalog, today())
    return catalog, store, progress, view


def _in_saved_plan(ctx: typer.Context, rid: str) -> bool:
    """On the error path only: is this unknown id one the saved plan lists?"""
    from studyguide.cli.app import session
    from studyguide.errors import StudyguideError

    try:
        plan = session(ctx).store().load().plan
    except (StudyguideError, OSError):
        return False
    return plan is not None and rid in plan.item_ids()


def resolve_resource(ctx: typer.Context, rid: str) -> str:
    from studyguide.catalog.model import did_you_mean
    from studyguide.errors import NotFoundError

    from studyguide.cli.app import session

    catalog = session(ctx).catalog()
    current = catalog.current_id(rid)
    if current in catalog.resources:
        return current
    if current in catalog.topics:
        raise NotFoundError(f"{rid!r} is a topic; mark its items, e.g. `studyguide next` shows the next one")
    if _in_saved_plan(ctx, rid):
        raise NotFoundError(f"{rid!r} is in your plan, but no catalog loaded now has it: run the command "
                            "with the --catalog folder (or STUDYGUIDE_CATALOG) the plan was made with")
    raise NotFoundError(f"no resource {rid!r}{did_you_mean(rid, catalog.resources)}; "
                        "see `studyguide next` or `studyguide search`")


def load_marks(ctx: typer.Context):
    """Your state for the catalog views; a progress file that cannot be read only costs the
    marks (said once on stderr): browsing the catalog never depends on it."""
    import sys

    from studyguide.cli.app import session
    from studyguide.errors import StudyguideError
    from studyguide.progress.marks import Marks
    from studyguide.progress.model import Progress

    catalog = session(ctx).catalog()
    try:
        progress = session(ctx).store().load()
    except (StudyguideError, OSError) as err:
        sys.stderr.write(f"note: shown without your progress, which could not be read: {err}\n")
        progress = Progress()
    return Marks(progress, catalog.current_id if catalog.renames else str, catalog.resource_field("units"))

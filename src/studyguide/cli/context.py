"""Loading what the progress commands share: the catalog, the store, the plan view."""

from __future__ import annotations

from datetime import date, datetime, timezone

from studyguide.errors import UsageError

NO_PLAN = "no plan yet: run `studyguide recommend` to make one"


def now() -> datetime:
    """The clock; STUDYGUIDE_NOW (ISO date-time) fixes it for tests and golden files."""
    import os

    fixed = os.environ.get("STUDYGUIDE_NOW")
    if fixed:
        try:
            value = datetime.fromisoformat(fixed.strip())
        except ValueError:
            value = None
        # Years 2-9998 only: a day or a week either side must still be a date.
        if value is None or not 2 <= value.year <= 9998:
            from studyguide.errors import UsageError

            raise UsageError(f"STUDYGUIDE_NOW={fixed!r}: use an ISO date-time like 2026-11-23T09:00:00+00:00 "
                             "(or unset it for the real clock)")
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def today() -> date:
    return now().astimezone().date() if not _fixed() else now().date()


def _fixed() -> bool:
    import os

    return bool(os.environ.get("STUDYGUIDE_NOW"))


def load_view(require_plan: bool = True):
    """(catalog, store, progress, view); view is None without a plan (or raises)."""
    from studyguide.cli.app import state
    from studyguide.plan.view import build_view
    from studyguide.progress.store import Store

    catalog = state.catalog()
    store = Store(renames=catalog.renames)   # progress saved under renamed ids follows them
    progress = store.load()
    store.persist_renames()
    if progress.plan is None:
        if require_plan:
            raise UsageError(NO_PLAN)
        return catalog, store, progress, None
    view = build_view(progress.plan, progress, catalog, today())
    return catalog, store, progress, view


def _in_saved_plan(rid: str) -> bool:
    """On the error path only: is this unknown id one the saved plan lists?"""
    from studyguide.errors import StudyguideError
    from studyguide.progress.store import Store

    try:
        plan = Store().load().plan
    except (StudyguideError, OSError):
        return False
    return plan is not None and rid in plan.item_ids()


def resolve_resource(catalog, rid: str) -> str:
    from studyguide.catalog.model import did_you_mean
    from studyguide.errors import NotFoundError

    current = catalog.current_id(rid)
    if current in catalog.resources:
        return current
    if current in catalog.topics:
        raise NotFoundError(f"{rid!r} is a topic; mark its items, e.g. `studyguide next` shows the next one")
    if _in_saved_plan(rid):
        raise NotFoundError(f"{rid!r} is in your plan, but no catalog loaded now has it: run the command "
                            "with the --catalog folder (or STUDYGUIDE_CATALOG) the plan was made with")
    raise NotFoundError(f"no resource {rid!r}{did_you_mean(rid, catalog.resources)}; "
                        "see `studyguide next` or `studyguide search`")

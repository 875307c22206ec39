"""Everyday commands: next, status, start, done, skip, note, undo.

They print with `plain` (no Rich) and never import pydantic: they must feel instant.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from studyguide.cli.app import app, print_json, session
from studyguide.cli.completion import complete_items




def _report_unknown(store, progress, view) -> None:
    """Tell once about progress/plan ids the catalog no longer knows (they are kept)."""
    fresh = [i for i in view.unknown if i not in progress.reported_unknown]
    if not fresh:
        return
    from studyguide.cli.views.layout import say

    say(f"note: {len(fresh)} id(s) in your plan or progress are no longer in the catalog and are left out of "
        f"the figures; their progress is kept in the file: {', '.join(fresh)}", "yellow", file=sys.stderr)

    def remember(p):
        p.reported_unknown = sorted(set(p.reported_unknown) | set(fresh))

    from studyguide.errors import StudyguideError

    try:
        store.update(remember)
    except (StudyguideError, OSError):  # a busy or read-only store must not break a read-only command
        pass


@app.command("next")
def next_cmd(
    ctx: typer.Context,
    n: int = typer.Option(1, "-n", "--count", metavar="N", min=1, max=1000, help="How many items to show."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (an object, a list with -n, null when complete)."),
    time: Optional[str] = typer.Option(None, "--time", metavar="DURATION",
                                       help="Time you have now (45m, 1h30m, 2h): the next item that fits."),
) -> None:
    """Show what to study next, why it comes now, and where it is.

    Example: studyguide next -n 3  ·  studyguide next --time 45m
    """
    from studyguide.cli.context import load_view
    from studyguide.plan.view import next_items

    have = None
    if time is not None:
        from studyguide.progress.actions import parse_hours

        have = parse_hours(time, "--time")
    catalog, store, progress, view = load_view(ctx)
    if have is not None:
        _next_in_time(view, catalog, progress, have, json_out)
    elif json_out:
        from studyguide.cli.views.json import next_json

        items = [next_json(i, view) for i in next_items(view, n)]
        # `-n` given (in any spelling: -n 2, -n2, --count=2) -> always a list;
        # plain `next --json` -> one object or null.
        source = ctx.get_parameter_source("n")
        explicit_n = source is not None and source.name == "COMMANDLINE"
        print_json(items if explicit_n else (items[0] if items else None))
    else:
        from studyguide.cli.views.next import render_next

        render_next(view, catalog, n)
        _reviews_line(progress, catalog)
    _report_unknown(store, progress, view)


@app.command()
def status(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show progress per topic (done of total, hours done and left) and the finish estimate.

    Skipped items count in neither figure.

    Example: studyguide status
    """
    from studyguide.cli.context import load_view
    from studyguide.cli.views.status import status_text
    from studyguide.cli.views.json import status_json

    catalog, store, progress, view = load_view(ctx)
    if json_out:
        from studyguide.clock import local_now
        from studyguide.progress.review import due_count

        print_json({**status_json(view), "in_progress": _in_progress_json(progress, view),
                    "reviews_due": due_count(progress, catalog, local_now())})
    else:
        print(status_text(view))
        _reviews_line(progress, catalog)
    _report_unknown(store, progress, view)


def _next_in_time(view, catalog, progress, have: float, json_out: bool) -> None:
    """`next --time`: the item that fits, or the next one with an honest line."""
    from studyguide.cli.views.json import next_json
    from studyguide.cli.views.layout import fill
    from studyguide.cli.views.next import render_next
    from studyguide.plan.view import fitting_item
    from studyguide.progress.record import hours_text

    item, fits = fitting_item(view, have)
    if json_out:
        print_json(None if item is None else {**next_json(item, view), "fits": fits})
        return
    if item is None:
        render_next(view, catalog, 1)
        return
    left = item.hours_left
    if fits:
        line = f"Fits in {hours_text(have)}: about {hours_text(left)} of study left on it."
    else:
        line = (f"Nothing in this part of your plan fits in {hours_text(have)}. Work {hours_text(have)} on "
                f"this one: about {_fraction(have / left)} of the {hours_text(left)} it needs.")
    # The `log` hint: the time it takes when that fits (not all the time you have), else yours.
    spend = _typed(min(left, have))
    render_next(view, catalog, 1, only=item, after=fill(line, "", None, "green" if fits else "yellow"),
                spend=spend)
    _reviews_line(progress, catalog)


def _typed(hours: float) -> str:
    """A length as `log` takes it: '45m', '2h', '2h30m'."""
    h, m = divmod(round(hours * 60), 60)
    return (f"{h}h" if h else "") + (f"{m}m" if m or not h else "")


def _fraction(share: float) -> str:
    for limit, words in ((0.15, "a tenth"), (0.22, "a fifth"), (0.29, "a quarter"), (0.4, "a third"),
                         (0.6, "half"), (0.7, "two thirds"), (0.85, "three quarters")):
        if share < limit:
            return words
    return "most"


def _in_progress_json(progress, view) -> list[dict]:
    from studyguide.plan.view import in_progress_items

    out = []
    for item in in_progress_items(view):
        started = progress.state(item.id).started
        out.append({"id": item.id, "title": item.title, "topic": item.section,
                    "started": started.date().isoformat() if started else None,
                    "logged_minutes": logged_minutes(progress, item.id)})
    return out


def logged_minutes(progress, rid: str) -> int:
    """Time you logged on an item: its entries in the study record, or the hours an older
    release kept (`done --spent` before the record), whichever says more."""
    recorded = sum(e.minutes for e in progress.log if e.id == rid)
    return max(recorded, round(progress.state(rid).spent_hours * 60))


def _reviews_line(progress, catalog) -> None:
    """'3 reviews due: studyguide review', only when some are (no fsrs import: dates only)."""
    from studyguide.cli.views.plain import style
    from studyguide.clock import local_now
    from studyguide.progress.review import due_count

    due = due_count(progress, catalog, local_now())
    if due:
        print(style(f"{due} review{'s' if due != 1 else ''} due: studyguide review", "magenta"))


def _mutate(ctx: typer.Context, describe, fn, rids: list[str], summary: bool = False) -> None:
    """Apply a change under the store's lock and say what was saved (`describe` is the line,
    or makes it from what the change returned); with `summary`, then where the plan stands.

    Progress is kept per resource, so an item can be marked with no plan yet ("I read it
    already") or outside the current plan: its state shows in any plan that has it. The
    learner is told, so that a slip of the finger onto another real id does not pass unseen.
    """
    from studyguide.cli.context import load_view
    from studyguide.errors import StudyguideError
    from studyguide.cli.views.layout import say

    result = session(ctx).store().update(fn)
    say(describe(result) if callable(describe) else describe)
    try:
        _, _, _, view = load_view(ctx, require_plan=False)
    except StudyguideError:   # the change is saved; only the notes after it could not be made
        return
    items = view.items() if view is not None else []
    # A resource whose units the plan lists is in it too (`swap` and `done` take resource ids).
    planned = {i.id for i in items} | {i.parent for i in items if i.parent}
    standing_in = {a: i.id for i in items for a in i.alternatives}
    for r in rids:
        if r in standing_in and r not in planned:
            print(f"{r} is an alternative to {standing_in[r]} in your plan: it counts for that step")
    twins = session(ctx).catalog().twins   # the plan has one id of a page: the others are in it too
    outside = [r for r in rids if r not in planned and r not in standing_in
               and planned.isdisjoint(twins.get(r, ()))]
    if outside:
        where = ("you have no plan yet; it will show in the plan `studyguide recommend` makes"
                 if view is None else
                 f"{'it is' if len(outside) == 1 else 'they are'} not in your current plan; "
                 "the state is kept for any plan that has it")
        say(f"note: {', '.join(outside)}: {where}", "yellow", file=sys.stderr)
    if summary and view is not None:
        from studyguide.cli.views.next import finish_line

        print(finish_line(view))


def planned_units(ctx: typer.Context, rid: str) -> list[str] | None:
    """The units of `rid` the current plan lists, in plan order; None when `rid` is not a
    resource with units in the plan (then it is marked as itself)."""
    items = _planned_unit_items(ctx, rid)
    return [i.id for i, _ in items] if items else None


def _planned_unit_items(ctx: typer.Context, rid: str) -> list[tuple]:
    """(ItemView, its section's title) for `rid`'s units in the plan, in plan order (empty:
    none, or no plan)."""
    from studyguide.cli.context import load_view
    from studyguide.errors import StudyguideError

    if not session(ctx).catalog().units_of(rid):
        return []
    try:
        _, _, _, view = load_view(ctx, require_plan=False)
    except StudyguideError:
        return []
    if view is None:
        return []
    return [(i, "the reading path" if sec.kind == "path" else sec.title)
            for sec in view.sections for i in sec.items if i.parent == rid]


def _expand(ctx: typer.Context, rids: list[str], verb: str) -> list[str]:
    """Resources with units become their open planned units, after saying how many."""
    from studyguide.cli.views.layout import say

    out: list[str] = []
    for rid in rids:
        items = _planned_unit_items(ctx, rid)
        if not items:
            out.append(rid)
            continue
        progress = session(ctx).store().load()
        items = [(i, t) for i, t in items if progress.state(i.id).status not in ("done", "skipped")] or items
        units = [i.id for i, _ in items]
        # A course planned across topics: say where its units are, not only how many.
        where: dict[str, int] = {}
        for _, title in items:
            where[title] = where.get(title, 0) + 1
        spread = (" (" + ", ".join(f"{n} in {t}" for t, n in where.items()) + ")") if len(where) > 1 else ""
        say(f"{rid}: {verb} its {len(units)} unit{'s' if len(units) != 1 else ''} in your plan{spread}")
        out += [u for u in units if u not in out]
    return _with_twins(ctx, out, verb)


def _with_twins(ctx: typer.Context, rids: list[str], verb: str) -> list[str]:
    """The same page under another id (Catalog.twins) is the same study: marked with it."""
    from studyguide.cli.views.layout import say

    twins = session(ctx).catalog().twins
    out = list(rids)
    for rid in rids:
        more = [t for t in twins.get(rid, ()) if t not in out]
        if more:
            say(f"{rid} is the same page as {', '.join(more)}: {verb} {'both' if len(more) == 1 else 'all'}")
            out += more
    return out



def _shown(rids: list[str]) -> str:
    return ", ".join(rids) if len(rids) <= 4 else ", ".join(rids[:3]) + f" and {len(rids) - 3} more"


@app.command("log")
def log_cmd(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A resource or unit id.", autocompletion=complete_items),
    duration: List[str] = typer.Argument(..., metavar="DURATION", help="Time studied: 45m, 1h30m, 2h or 1.5 (hours)."),
    on: Optional[str] = typer.Option(None, "--date", metavar="DATE",
                                     help="The day you studied, if not today (up to 60 days back), "
                                          "e.g. 2026-12-01 or yesterday."),
) -> None:
    """Record time studied on an item without finishing it (it becomes in progress).

    Example: studyguide log cs224n/lecture-08 45m
    """
    from studyguide.progress import actions
    from studyguide.cli.context import resolve_resource
    from studyguide.cli.views.layout import say
    from studyguide.clock import now, today

    catalog = session(ctx).catalog()
    rid = resolve_resource(ctx, item_id)
    hours = actions.parse_day_hours(" ".join(duration))   # `log ID 45 minutes` as well as `45m`
    day = _parse_day(on)
    units = planned_units(ctx, rid)
    if units is not None:   # time on a whole course goes to the unit you are on
        progress = session(ctx).store().load()
        rid = next((u for u in units if progress.state(u).status == "in-progress"),
                   next((u for u in units if progress.state(u).status == "todo"), units[0]))
        say(f"{item_id}: logging on its unit {rid}")

    def change(p):
        actions.log(p, rid, hours, now(), day=day, today=today())
        return p.state(rid)

    def said(item) -> str:
        from studyguide.progress.record import hours_text

        estimate = catalog.resources[rid].hours
        line = f"logged {hours_text(hours)} on {rid}: {hours_text(item.spent_hours)} of {estimate:g} h"
        if item.spent_hours > estimate and item.status != "done":   # logging never finishes it
            line += f"; past its estimate: `studyguide done {rid}` once you have finished it"
        return line

    _mutate(ctx, said, change, [rid], summary=True)


def _parse_day(text: str | None):
    """--date for `log` and `done`: the one backdating rule (progress/backdate.py: up to 60
    days back, never a day to come); None for today."""
    if text is None:
        return None
    from studyguide.clock import today
    from studyguide.progress.backdate import study_day

    return study_day(text, today())


@app.command()
def start(ctx: typer.Context, item_id: str = typer.Argument(..., metavar="ID", help="A resource or unit id (RESOURCE/KEY).",
                                       autocompletion=complete_items)) -> None:
    """Mark an item as in progress.

    Example: studyguide start attention-is-all-you-need
    """
    from studyguide.progress import actions
    from studyguide.cli.context import resolve_resource
    from studyguide.clock import now, today

    rid = resolve_resource(ctx, item_id)
    units = planned_units(ctx, rid)
    if units is not None:   # a course with units: start the first of them not finished yet
        from studyguide.cli.views.layout import say

        progress = session(ctx).store().load()
        rid = next((u for u in units if progress.state(u).status not in ("done", "skipped")), units[0])
        say(f"{item_id}: starting its unit {rid}")
    _mutate(ctx, f"started {rid}", lambda p: actions.start(p, rid, now(), today=today()), [rid])


@app.command()
def done(
    ctx: typer.Context,
    item_ids: List[str] = typer.Argument(..., metavar="ID...", help="One or more resource or unit ids; a resource with units marks its planned units.",
                                         autocompletion=complete_items),
    spent: Optional[str] = typer.Option(None, "--spent", metavar="DURATION", help="Time spent, e.g. 2h, 90m, 1h30m (split over the ids)."),
    on: Optional[str] = typer.Option(None, "--date", metavar="DATE",
                                     help="The day you studied, if not today (up to 60 days back), "
                                          "e.g. 2026-12-01 or yesterday."),
) -> None:
    """Mark items as done, optionally with the time they took and the day.

    Example: studyguide done lora qlora --spent 5h --date yesterday
    """
    from studyguide.progress import actions
    from studyguide.clock import now, today

    rids = list(dict.fromkeys(_item_not_length(ctx, i) for i in item_ids))
    hours = actions.parse_hours(spent) if spent is not None else None
    rids = _expand(ctx, rids, "marking")   # a resource with units: its planned units

    def said(already: dict) -> str:
        """Done now, and what was done already (it keeps its date; only --spent adds to it)."""
        from studyguide.progress.record import hours_text

        fresh = [r for r in rids if r not in already]
        share = hours_text(hours / len(rids)) if hours else ""   # time as typed
        spent = (f" ({hours_text(hours)})" if len(fresh) == len(rids) and hours
                 else f" ({share}{' each' * (len(fresh) > 1)})" if share else "")
        lines = ["done: " + _shown(fresh) + spent] if fresh else []
        for rid, when in already.items():
            since = f" (since {when.date().isoformat()})" if when else ""
            lines.append(f"{rid} was already done{since}; " +
                         (f"added {share} to its time spent" if hours else "nothing changed (--spent adds time)"))
        if day is not None and day != today() and lines:
            lines[0] += f" on {day.isoformat()} (recorded today)"
        return "\n".join(lines)

    day = _parse_day(on)
    _mutate(ctx, said, lambda p: actions.done(p, rids, now(), hours, day=day, today=today()), rids,
            summary=True)


def _item_not_length(ctx: typer.Context, item_id: str) -> str:
    """`done ID 1h20m` (as `log ID 1h20m`): the length is not an id; say where it goes."""
    from studyguide.cli.context import resolve_resource
    from studyguide.errors import NotFoundError, UsageError
    from studyguide.progress.actions import hours_in

    try:
        return resolve_resource(ctx, item_id)
    except NotFoundError:
        if hours_in(item_id) is None:
            raise
        raise UsageError(f"{item_id!r} is a length, not an id: "
                         f"`studyguide done ID --spent {item_id}` records the time with it") from None


@app.command()
def skip(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A resource or unit id (RESOURCE/KEY).", autocompletion=complete_items),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why you skip it (shown in exports)."),
    force: bool = typer.Option(False, "--force", help="Skip it even if it is done (asked in a terminal)."),
) -> None:
    """Skip an item: it stays in the plan, out of the figures.

    An item you have done is skipped only once you confirm (or with --force).

    Example: studyguide skip deep-learning-book --reason "read it at university"
    """
    from studyguide.progress import actions
    from studyguide.cli.context import resolve_resource
    from studyguide.clock import now, today

    if reason is not None:
        actions.check_text(reason, "a skip reason")
    rid = resolve_resource(ctx, item_id)
    rids = _expand(ctx, [rid], "skipping")   # a resource with units: its open planned units

    def change(p, forced: bool):
        for one in rids:
            st = p.items.get(one)
            if st is not None and st.status == "done" and not forced:
                raise _WasDone(st.finished)   # nothing written: asked, or refused, below
        actions.skip(p, rids, now(), reason, today=today())

    try:
        _mutate(ctx, f"skipped {_shown(rids)}", lambda p: change(p, force), rids, summary=True)
    except _WasDone as was:
        since = f" (since {was.finished.date().isoformat()})" if was.finished else ""
        what = f"{rid} is done{since}; skipping takes it out of the figures and its hours out of 'done'"
        from studyguide.cli.app import stdin_is_terminal
        from studyguide.errors import UsageError

        if not stdin_is_terminal():
            raise UsageError(f"{what}: add --force to skip it anyway; nothing changed") from None
        if not _confirm(f"{what}. Skip it anyway? [y/N] "):
            raise UsageError(f"kept {rid} done; nothing changed") from None
        _mutate(ctx, f"skipped {_shown(rids)} (it was done)", lambda p: change(p, True), rids, summary=True)


class _WasDone(Exception):
    def __init__(self, finished):
        self.finished = finished


def _confirm(question: str) -> bool:
    """y/N in the terminal (anything but yes, or end of input, is no)."""
    from studyguide.cli.terminal_input import read_line

    try:
        return read_line(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


@app.command()
def note(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A resource or unit id (RESOURCE/KEY).", autocompletion=complete_items),
    text: Optional[str] = typer.Argument(None, help="The note to add, dated today. Without it: list the notes."),
    delete: Optional[int] = typer.Option(None, "--delete", metavar="N",
                                         help="Remove note N (as numbered by `note ID`)."),
) -> None:
    """Add a dated note to an item, list its notes, or remove one (next, show and exports show them).

    Examples: studyguide note lora "re-derive the rank argument" ·
    studyguide note lora · studyguide note lora --delete 2
    """
    from studyguide.cli.context import resolve_resource
    from studyguide.clock import now, today
    from studyguide.errors import UsageError
    from studyguide.progress import actions

    rid = resolve_resource(ctx, item_id)
    if delete is not None:
        if text is not None:
            raise UsageError("give a note to add or --delete N, not both")

        def remove(p):
            gone = actions.delete_note(p, rid, delete, now())
            if gone is None:
                count = len(p.state(rid).notes)
                raise UsageError(f"{rid} has no note {delete}" + (
                    f" (it has {count}: studyguide note {rid} lists them)" if count else " (it has none)"))
            return gone

        _mutate(ctx, lambda gone: f"removed note {delete} on {rid} ({_clip(gone.text)})", remove, [rid])
        return
    if text is None:
        _list_notes(ctx, rid)
        return
    actions.check_text(text, "a note")
    if not text.strip():   # only spaces would show as an empty "Your note:" line
        raise UsageError(f"a note needs some text; to remove one, list them (studyguide note {rid}) "
                         "and use --delete N")

    def said(changed: bool) -> str:
        return f"noted {rid} ({today().isoformat()})" if changed else \
            f"{rid} already has that note from today; nothing changed"

    _mutate(ctx, said, lambda p: actions.note(p, rid, text, now(), today()), [rid])


def _clip(text: str, size: int = 40) -> str:
    from studyguide.cli.views.plain import clean

    text = " ".join(clean(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _list_notes(ctx: typer.Context, rid: str) -> None:
    import textwrap

    from studyguide.cli.views.plain import clean, style, width
    from studyguide.plan.view import note_date
    notes = session(ctx).store().load().state(rid).notes
    if not notes:
        print(f'{rid} has no notes yet: studyguide note {rid} "TEXT" adds one')
        return
    for n, note in enumerate(notes, 1):
        head = f"{n:>2}. {note_date(note)}  "
        print(textwrap.fill(clean(note.text), width=width(), initial_indent=head,
                            subsequent_indent=" " * len(head), break_on_hyphens=False))
    print(style(f"studyguide note {rid} --delete N removes one", "dim"))


@app.command()
def reset(ctx: typer.Context, item_id: str = typer.Argument(..., metavar="ID", help="A resource or unit id (RESOURCE/KEY).",
                                       autocompletion=complete_items)) -> None:
    """Put an item back to to-do (its note and hours spent stay).

    Example: studyguide reset lora
    """
    from studyguide.progress import actions
    from studyguide.cli.context import resolve_resource
    from studyguide.clock import now

    rid = resolve_resource(ctx, item_id)
    _mutate(ctx, f"{rid} is to do again", lambda p: actions.reset(p, rid, now()), [rid])


@app.command()
def swap(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="An alternative the plan shows for one of its items.",
                                  autocompletion=complete_items),
) -> None:
    """Plan an alternative instead of the item it stands in for (any one of them does the job).

    Progress on both is kept; `studyguide undo` swaps back.

    Example: studyguide swap fastai-course
    """
    from studyguide.progress import actions
    from studyguide.cli.context import resolve_resource
    from studyguide.clock import now

    rid = resolve_resource(ctx, item_id)
    from studyguide.plan.recommend import member_items

    catalog = session(ctx).catalog()
    # A resource with study units comes in as the units its topic names, as `recommend` plans it.
    _mutate(ctx, lambda old: f"swapped: {rid} is planned instead of {old}",
            lambda p: actions.swap(p, rid, now(), lambda sec, m: member_items(catalog, sec, m)),
            [rid], summary=True)


@app.command()
def undo(ctx: typer.Context) -> None:
    """Revert the last change and say what it was; repeat to walk further back.

    Example: studyguide undo
    """
    from studyguide.progress import actions
    from studyguide.errors import UsageError

    store = session(ctx).store()
    last = store.load().history[-1:]
    restore = last[0].restore if last else None
    if restore is not None:
        _put_back(ctx, restore)
    reverted = store.update(actions.undo)
    if reverted is None:
        raise UsageError("nothing to undo")
    from studyguide.cli.views.layout import say
    from studyguide.cli.views.plain import clean

    say(f"undid: {clean(reverted.action)} (from {reverted.at.isoformat()})")
    from datetime import datetime

    later = [c for c in store.load().cards.values()
             if isinstance(c.get("last_review"), datetime) and c["last_review"] > reverted.at]
    if later:   # grades are not undo steps: say so, rather than seem to have skipped them
        n = len(later)
        say(f"note: {n} review grade{'s' if n != 1 else ''} given since then "
            f"{'stay' if n != 1 else 'stays'}; undo walks back plan and progress changes, not reviews", "dim")


def _put_back(ctx: typer.Context, restore: dict) -> None:
    """Undo of `remove`: the resource goes back into the overlay before the step is taken off
    (putting it back twice is harmless). When the catalog no longer takes it (a catalog in use
    now has that id, say), undo says so, with what to add again, and goes on: a step that can
    never be undone must not block the ones before it."""
    from studyguide.catalog import overlay
    from studyguide.cli.views.layout import say
    from studyguide.errors import CatalogError, DataError, UsageError

    try:
        overlay.update_overlay(lambda data: overlay.restore_in(data, restore), session(ctx).catalog_dirs)
    except (CatalogError, UsageError, DataError) as err:
        if isinstance(err, DataError) and not isinstance(err, CatalogError):
            raise   # your overlay file does not read: fix it first, the step stays
        entry = restore["resource"]
        say(f"note: could not put {entry.get('id')} back ({err}); add it again with "
            f"`studyguide add {entry.get('url')} --title ...`", "yellow", file=sys.stderr)

"""`studyguide recommend`: ask (or read flags), build the plan, print it, save it."""

from __future__ import annotations

from typing import List, Optional

import typer

from studyguide.cli.app import app, print_json, session, stdin_is_terminal
from studyguide.cli.completion import complete_depths, complete_goals, complete_roles, complete_topics
from studyguide.valueclass import replace




@app.command()
def recommend(
    ctx: typer.Context,
    goal: Optional[str] = typer.Option(None, "--goal", metavar="GOAL", autocompletion=complete_goals, help="A reading path: concepts, build, systems or evaluation."),
    role: Optional[str] = typer.Option(None, "--role", metavar="ROLE", autocompletion=complete_roles, help="A role: business-builder, product-manager or research-engineer."),
    depth: Optional[str] = typer.Option(
        None, "--depth", metavar="DEPTH", autocompletion=complete_depths,
        help="overview, practitioner or deep. Default: practitioner for a goal; for a role, the role's own depth per topic."),
    focus: Optional[str] = typer.Option(None, "--focus", metavar="TOPIC", autocompletion=complete_topics,
                                        help="The topic to study first: before it come only the parts of other topics it needs. Default: the goal's or role's main topic."),
    hours_text: Optional[str] = typer.Option(None, "--hours-per-week", metavar="H",
                                             help="Study time per week, for a finish date: 4, 4h or 90m (15m to 168h). Without it: asked in a terminal, else no date."),
    topic: Optional[List[str]] = typer.Option(None, "--topic", metavar="TOPIC", autocompletion=complete_topics,
                                              help="Limit the plan to this topic and its prerequisites (repeatable)."),
    start_date: Optional[str] = typer.Option(None, "--start", metavar="DATE",
                                             help="When you start, for the finish date (YYYY-MM-DD). Default: today."),
    prefer: Optional[List[str]] = typer.Option(None, "--prefer", metavar="ID",
                                               help="Of a group of alternatives (any one does the job), plan this one (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only print the plan; do not save it."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Replace a plan that has progress without asking."),
) -> None:
    """Answer a few questions (or give flags) and get an ordered study plan.

    Each topic follows the study rule: one textbook or course first for the big picture,
    then one hands-on source with code, then two or three landmark papers; leaderboards
    and benchmarks are references to look things up in, not things to learn from.

    In a terminal it asks for what you leave out; without one, --goal or --role is required.

    Example: studyguide recommend --goal systems --depth deep --hours-per-week 6
    """
    from studyguide.clock import now, parse_day, today
    from studyguide.errors import UsageError
    from studyguide.plan.recommend import Answers, recommend as build_plan, validate_answers

    hours_per_week = _hours_flag(hours_text)
    catalog = session(ctx).catalog()
    interactive = stdin_is_terminal()
    if not goal and not role and not interactive:
        raise UsageError("no terminal to ask in: give --goal (" + ", ".join(catalog.goals)
                         + ") or --role (" + ", ".join(catalog.roles) + ")")
    answers = Answers(goal=goal, role=role, depth=depth, focus=focus,
                      hours_per_week=hours_per_week, topics=tuple(topic or ()), prefer=tuple(prefer or ()))
    # A wrong flag is reported before any question is asked.
    validate_answers(catalog, answers, goal_or_role_known=bool(goal or role))
    if interactive and None in (goal or role, depth, focus, hours_per_week):
        from studyguide.cli import prompts

        if json_out:
            prompts.use_stderr()
        answers = prompts.ask_answers(catalog, goal=goal, role=role, depth=depth, focus=focus,
                                      hours=hours_per_week, topics=topic or [])
        answers = replace(answers, prefer=tuple(prefer or ()))
    start = parse_day(start_date, "--start") if start_date else None
    plan = build_plan(catalog, answers, now=now(), start=start)


    store = session(ctx).store()
    progress = store.load() if not dry_run else _load_quiet(store)
    if not dry_run and not yes and not interactive and _has_progress(progress):
        # Refused before the plan is printed: a script must not get a plan that was not saved.
        raise UsageError("you already have a plan with progress; add --yes to replace it "
                         "(your item progress is kept; `studyguide undo` brings the old plan back)")
    from studyguide.cli.views.json import plan_json
    from studyguide.plan.view import build_view

    view = build_view(plan, progress, catalog, start or today())
    if json_out:
        print_json(plan_json(view))
    else:
        from studyguide.cli.views.rich import console
        from studyguide.cli.views.rich_plan import plan_view

        console().print(plan_view(view))
    if dry_run:
        return
    _save(store, progress, plan, yes, interactive, quiet=json_out)


def _load_quiet(store):
    """For --dry-run: show states when the file reads, an empty state when it does not."""
    from studyguide.errors import DataError
    from studyguide.progress.model import Progress

    try:
        return store.load()
    except DataError:
        return Progress()


def _has_progress(progress) -> bool:
    return progress.plan is not None and any(
        s.status != "todo" or s.notes for s in progress.items.values())


def _save(store, progress, plan, yes: bool, interactive: bool, quiet: bool) -> None:
    import sys

    if _has_progress(progress) and not yes and interactive:   # without a terminal: refused earlier
        from studyguide.cli import prompts

        if quiet:
            prompts.use_stderr()
        if not prompts.confirm("Replace your current plan? Item progress is kept; `studyguide undo` brings the old plan back."):
            sys.stderr.write("kept your current plan; nothing was saved\n")
            raise typer.Exit(1)

    from studyguide.progress import actions
    from studyguide.clock import now

    what = f"recommend ({'goal' if plan.goal else 'role'} {plan.goal or plan.role}, " \
           f"{'depth ' + plan.depth if plan.depth else 'role depths'})"
    store.update(lambda p: actions.replace_plan(p, plan, now(), what), backup=progress.plan is not None)
    out = sys.stderr if quiet else sys.stdout
    from studyguide.cli.views.layout import say

    say(f"Saved as your plan ({store.path}). Run `studyguide next` to begin.", file=out)


def _hours_flag(text: str | None) -> float | None:
    from studyguide.cli.answers import read_hours
    from studyguide.errors import UsageError

    if text is None:
        return None
    hours = read_hours(text)
    if hours is None:
        raise UsageError(f"--hours-per-week {text!r}: use hours like 4, 4h or 90m (0 for no finish date)")
    return hours

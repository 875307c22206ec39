"""The questions `recommend` asks in a terminal (Rich prompts: choices shown, defaults
offered, a near miss answered with a suggestion and asked again). Imported only by
`recommend`."""

from __future__ import annotations

from rich.console import Console
from rich.prompt import Confirm, Prompt
from rich.text import Text

from studyguide.catalog.model import DEPTH_MEANING, DEPTHS, Catalog, Goal, Role
from studyguide.errors import UsageError
from studyguide.plan.recommend import Answers, default_focus
from studyguide.cli.answers import match_choice, parse_hours_per_week
from studyguide.cli.terminal_input import InterruptibleStdin
from studyguide.cli.views.rich_indent import Indented
from studyguide.cli.views.rich import printable_only

_console = printable_only(Console(highlight=False))
WHOLE = "whole"


def use_stderr() -> None:
    """Ask on stderr, so that `recommend --json` keeps stdout for the JSON alone."""
    global _console
    _console = printable_only(Console(highlight=False, stderr=True))


def _ask(fn, *args, **kwargs):
    try:
        return fn(*args, console=_console, stream=InterruptibleStdin(), **kwargs)
    except EOFError:
        raise UsageError("no answer (input ended); nothing was saved") from None


def _pick(label: str, ids: list[str], default: str) -> str:
    """Ask until the answer names one of `ids` (an id, a number, or a near miss confirmed)."""
    while True:
        answer = _ask(Prompt.ask, label, default=default)
        found, hint = match_choice(answer, ids, {})
        if found is not None:
            return found
        _console.print(f"[prompt.invalid]{hint}")
        if hint.startswith("Did you mean "):
            suggestion = hint[len("Did you mean "):].split("?")[0].split(" or ")[0]
            if _ask(Confirm.ask, f"Take {suggestion}?", default=True):
                return suggestion


def ask_answers(catalog: Catalog, *, goal: str | None, role: str | None, depth: str | None,
                focus: str | None, hours: float | None, topics: list[str]) -> Answers:
    """Ask what the flags left out (the flags' answers are taken as given)."""
    _console.print(Text("Let's make your study plan.", style="bold"))
    chosen = goal or role or _ask_goal_or_role(catalog)
    is_goal = chosen in catalog.goals
    draft = Answers(goal=chosen if is_goal else None, role=None if is_goal else chosen,
                    topics=tuple(topics))

    if not topics and focus is None:
        from studyguide.plan.recommend import topic_depths

        in_plan = list(topic_depths(catalog, draft))
        kind = "goal" if is_goal else "role"
        _console.print(f"\nThe whole {kind}, or one topic? One topic gives a short plan: that topic "
                       "and only what it needs first.")
        _console.print(Indented(Text(WHOLE + " (Enter), or one of: " + ", ".join(in_plan)), 2))
        answer = _pick("Whole or topic", [WHOLE, *in_plan], WHOLE)
        if answer != WHOLE:
            topics, focus = [answer], answer
            draft = Answers(goal=draft.goal, role=draft.role, topics=(answer,))

    if depth is None:
        _console.print("\nEvery topic follows the study rule: one textbook or course first for the big "
                       "picture, then one hands-on source with code, then two or three landmark papers; "
                       "leaderboards are for looking things up. How deep?")
        for d in DEPTHS:
            _console.print(Indented(Text(f"{d:<13}", style="bold") + Text(DEPTH_MEANING[d]), 2, hang=13))
        if is_goal or topics:
            depth = _pick("Depth", list(DEPTHS), "practitioner")
        else:
            depth = _pick("Depth (Enter keeps the role's own depth per topic)", [*DEPTHS, "role"], "role")
            depth = None if depth == "role" else depth

    if hours is None:
        while True:
            text = _ask(Prompt.ask, "\nHours per week you can study (0 for no finish date; 4, 4h or 90m)",
                        default="5")
            value, problem = parse_hours_per_week(text)
            if problem is None:
                break
            _console.print(f"[prompt.invalid]{problem}")
        hours = value or None

    draft = Answers(goal=draft.goal, role=draft.role, depth=depth, hours_per_week=hours,
                    topics=tuple(topics))
    if focus is None:
        from studyguide.plan.recommend import topic_depths

        in_plan = list(topic_depths(catalog, draft))
        default = default_focus(catalog, draft)
        if default not in in_plan:
            default = in_plan[0]
        _console.print("\nStudy one area at a time: your plan starts with a focus topic, taking "
                       "before it only what it needs. Which topic first?")
        _console.print(Indented(Text(", ".join(in_plan)), 2))
        focus = _pick("Focus topic", in_plan, default)
    _console.print()
    return Answers(goal=draft.goal, role=draft.role, depth=depth, focus=focus,
                   hours_per_week=hours, topics=tuple(topics))


def _ask_goal_or_role(catalog: Catalog) -> str:
    _console.print("\nWhat do you want? A goal follows a reading path and its topics; "
                   "a role sets how deep each topic goes.")
    options: list[Goal | Role] = [*catalog.goals.values(), *catalog.roles.values()]
    for n, item in enumerate(options, 1):
        kind = "goal" if item.id in catalog.goals else "role"
        # Wrapped lines hang under the text, clear of the number (issue 19).
        _console.print(Indented(Text(f"{n}. ") + Text(item.id, style="bold cyan")
                                + Text(f" ({kind}): {item.description}"), 2, hang=3))
    ids = [o.id for o in options]
    return _pick("Goal or role (name or number)", ids, ids[0])


def confirm(question: str) -> bool:
    return bool(_ask(Confirm.ask, question, default=False))

"""The questions `recommend` asks in a terminal (Rich prompts: choices shown, defaults
offered, a bad answer asked again). Imported only by `recommend`."""

from __future__ import annotations

from rich.console import Console
from rich.prompt import Confirm, FloatPrompt, Prompt
from rich.text import Text

from studyguide.catalog.model import DEPTH_MEANING, DEPTHS, Catalog, Goal, Role
from studyguide.errors import UsageError
from studyguide.progress.model import MIN_HOURS_PER_WEEK
from studyguide.plan.recommend import Answers, default_focus
from studyguide.cli.terminal_input import InterruptibleStdin
from studyguide.cli.views.rich_indent import Indented
from studyguide.cli.views.rich import printable_only

_console = printable_only(Console(highlight=False))


def use_stderr() -> None:
    """Ask on stderr, so that `recommend --json` keeps stdout for the JSON alone."""
    global _console
    _console = printable_only(Console(highlight=False, stderr=True))


def _ask(fn, *args, **kwargs):
    try:
        return fn(*args, console=_console, stream=InterruptibleStdin(), **kwargs)
    except EOFError:
        raise UsageError("no answer (input ended); nothing was saved") from None


def ask_answers(catalog: Catalog, *, goal: str | None, role: str | None, depth: str | None,
                focus: str | None, hours: float | None, topics: list[str]) -> Answers:
    """Ask what the flags left out (the flags' answers are taken as given)."""
    _console.print(Text("Let's make your study plan.", style="bold"))
    chosen = goal or role or _ask_goal_or_role(catalog)
    is_goal = chosen in catalog.goals

    if depth is None:
        _console.print("\nHow deep?")
        for d in DEPTHS:
            _console.print(Indented(Text(f"{d:<13}", style="bold") + Text(DEPTH_MEANING[d]), 2, hang=13))
        if is_goal:
            depth = _ask(Prompt.ask, "Depth", choices=list(DEPTHS), default="practitioner")
        else:
            answer = _ask(Prompt.ask, "Depth (Enter keeps the role's own depth per topic)",
                          choices=list(DEPTHS) + ["role"], default="role")
            depth = None if answer == "role" else answer

    if hours is None:
        while True:
            value = _ask(FloatPrompt.ask, "\nHours per week you can study (0 for no finish date)", default=5.0)
            if value == 0 or MIN_HOURS_PER_WEEK <= value <= 168:
                break
            _console.print(f"[prompt.invalid]Please enter 0 or a number from {MIN_HOURS_PER_WEEK:g} to 168")
        hours = value or None

    draft = Answers(goal=chosen if is_goal else None, role=None if is_goal else chosen,
                    depth=depth, hours_per_week=hours, topics=tuple(topics))
    if focus is None:
        from studyguide.plan.recommend import topic_depths

        in_plan = list(topic_depths(catalog, draft))
        default = default_focus(catalog, draft)
        if default not in in_plan:
            default = in_plan[0]
        _console.print("\nThe lesson's advice: go deep on one area at a time. Which topic first?")
        _console.print(Indented(Text(", ".join(in_plan)), 2))
        focus = _ask(Prompt.ask, "Focus topic", choices=in_plan, show_choices=False, default=default)
    _console.print()
    return Answers(goal=draft.goal, role=draft.role, depth=depth, focus=focus,
                   hours_per_week=hours, topics=tuple(topics))


def _ask_goal_or_role(catalog: Catalog) -> str:
    _console.print("\nWhat do you want? A goal follows one of the lesson's reading paths; "
                   "a role sets a depth per topic.")
    options: list[Goal | Role] = [*catalog.goals.values(), *catalog.roles.values()]
    for n, item in enumerate(options, 1):
        kind = "goal" if item.id in catalog.goals else "role"
        # Wrapped lines hang under the text, clear of the number (issue 19).
        _console.print(Indented(Text(f"{n}. ") + Text(item.id, style="bold cyan")
                                + Text(f" ({kind}): {item.description}"), 2, hang=3))
    ids = [o.id for o in options]
    numbers = [str(n) for n in range(1, len(ids) + 1)]
    pick = _ask(Prompt.ask, "Goal or role (name or number)", choices=ids + numbers, show_choices=False,
                default=ids[0])
    return ids[int(pick) - 1] if pick in numbers else pick


def confirm(question: str) -> bool:
    return bool(_ask(Confirm.ask, question, default=False))

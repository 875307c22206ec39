"""Reading a typed answer: near misses matched to a choice, hours per week in the forms
`--spent` takes. Pure functions, so the rules are tested without a terminal."""

from __future__ import annotations

import re

from studyguide.progress.model import MIN_HOURS_PER_WEEK


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _initials(choice: str) -> str:
    return "".join(part[0] for part in choice.split("-") if part)


def match_choice(answer: str, choices: list[str], aliases: dict[str, str]) -> tuple[str | None, str]:
    """(choice, "") when the answer names one: its id in any case or spacing ("Product
    manager"), or its number; else (None, a hint): a suggestion for a near miss ("pm",
    "gpu"), the range for a number out of it."""
    text = answer.strip()
    norm = _norm(text)
    if norm in choices:
        return norm, ""
    if norm in aliases:
        return aliases[norm], ""
    if text.isdigit():
        n = int(text)
        if 1 <= n <= len(choices):
            return choices[n - 1], ""
        return None, f"There is no option {n}: type a number from 1 to {len(choices)}, or a name."
    close = [c for c in choices if c.startswith(norm) or norm in c.split("-")] if norm else []
    close += [c for c in choices if norm and _initials(c) == norm and c not in close]
    if not close and norm:
        import difflib

        close = difflib.get_close_matches(norm, choices, n=2, cutoff=0.6)
    if close:
        return None, f"Did you mean {' or '.join(close[:2])}? Type the name, or a number."
    return None, "Please type one of: " + ", ".join(choices)


def read_hours(text: str) -> float | None:
    """'4', '4h', '4 hours', '4h/week', '90m', '1h30m', '1.5' -> hours; None when it is not
    such a length. Words of a per-week answer go, then `--spent`'s reader does the rest."""
    from studyguide.progress.actions import hours_in

    t = text.strip().lower().replace(" ", "")
    for unit in ("/week", "perweek", "aweek", "hours", "hour", "hrs", "hr"):
        t = t.replace(unit, "h" if unit.startswith("h") else "")
    return hours_in(t)


def parse_hours_per_week(text: str) -> tuple[float | None, str | None]:
    """(hours, None) for an answer `read_hours` takes, within range; else (None, why)."""
    hours = read_hours(text)
    if hours is None:
        return None, "Please enter a number of hours, like 4, 4h or 90m (0 for no finish date)"
    if hours != hours or not (hours == 0 or MIN_HOURS_PER_WEEK <= hours <= 168):
        return None, f"Please enter 0 or from {MIN_HOURS_PER_WEEK:g} to 168 hours (15m to 168h)"
    return round(hours, 2), None

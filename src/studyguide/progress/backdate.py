"""The one rule for backdating an entry of the study record (`log --date`, `done --date`).

A learner who studied offline may catch up on the last MAX_DAYS_BACK days, never on a
day still to come; the record then says which day the entry was written (record.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from studyguide.clock import day_word
from studyguide.errors import UsageError

MAX_DAYS_BACK = 60


def study_day(text: str, today: date, option: str = "--date") -> date:
    """'2026-12-01', 'today' or 'yesterday' -> the day studied; UsageError otherwise."""
    named = day_word(text, today)
    if named is not None:
        return named
    word = text.strip()
    try:
        day = date.fromisoformat(word) if len(word) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(f"{option} {text!r}: use a day like {today.isoformat()}, or today or yesterday")
    if day > today:
        raise UsageError(f"{option} {text!r}: that day has not come yet (today is {today.isoformat()})")
    if (today - day).days > MAX_DAYS_BACK:
        raise UsageError(f"{option} {text!r}: at most {MAX_DAYS_BACK} days back "
                         f"(from {(today - timedelta(days=MAX_DAYS_BACK)).isoformat()})")
    return day

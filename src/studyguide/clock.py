"""The clock, in one place: the real time, or STUDYGUIDE_NOW (ISO date-time) for tests and golden files."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

NOW_ENV = "STUDYGUIDE_NOW"
# Every date read from a file (and STUDYGUIDE_NOW) lies in these years: far enough from
# 1 and 9999 that moving it to any time zone, adding FSRS's longest interval (100 years)
# or a calendar's ten years of sessions still gives a date.
YEARS = (1900, 9000)


def now() -> datetime:
    """The current time, aware; STUDYGUIDE_NOW fixes it. Raises UsageError for a bad value."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        try:
            value = datetime.fromisoformat(fixed.strip())
        except ValueError:
            value = None
        # The years of every date read from a file, for the same reason (YEARS).
        if value is None or not YEARS[0] <= value.year <= YEARS[1]:
            from studyguide.errors import UsageError

            raise UsageError(f"{NOW_ENV}={fixed!r}: use an ISO date-time like 2026-11-23T09:00:00+00:00 "
                             "(or unset it for the real clock)")
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def is_fixed() -> bool:
    return bool(os.environ.get(NOW_ENV))


def local_now() -> datetime:
    """The time in the learner's time zone (STUDYGUIDE_NOW's own zone when it is fixed)."""
    moment = now()
    return moment if is_fixed() else moment.astimezone()


def today() -> date:
    """The learner's calendar day."""
    return local_now().date()


def day_word(text: str, today: date) -> date | None:
    """'today' or 'yesterday' (any case) as a day; None for anything else."""
    from datetime import timedelta

    word = text.strip().lower()
    return today if word == "today" else today - timedelta(days=1) if word == "yesterday" else None


def parse_day(text: str, option: str, *, not_after: date | None = None) -> date:
    """A day typed on the command line (`option` names it in errors): ISO, years 1900-9000
    (a week either side must still be a date), and not after `not_after` when given."""
    from studyguide.errors import UsageError

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r}: use a date like 2026-11-30") from None
    if not_after is not None and day > not_after:
        raise UsageError(f"{option} {text!r}: that day has not come yet")
    if not 1900 <= day.year <= 9000:
        raise UsageError(f"{option} {text!r}: choose a year between 1900 and 9000")
    return day

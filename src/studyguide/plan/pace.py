"""The learner's real pace, from the dated study record (progress.log).

Once the record holds study time spread over two weeks or more, the finish date
uses the hours per week actually studied over the last four weeks instead of the
hours per week given to `recommend` (issue 15). Pure: no I/O.
"""

from __future__ import annotations

from datetime import date, timedelta

MIN_DAYS = 14      # logged time must span this long before it says anything
WINDOW_DAYS = 28   # the pace is measured over the last four weeks


def real_pace(entries, today: date) -> float | None:
    """Hours per week over the last four weeks (or since the first logged day, if later),
    or None while the logged time spans less than two weeks."""
    days = [e.day for e in entries if e.minutes > 0 and e.day <= today]
    if not days:
        return None
    first = min(days)
    if (today - first).days + 1 < MIN_DAYS:
        return None
    start = max(first, today - timedelta(days=WINDOW_DAYS - 1))
    minutes = sum(e.minutes for e in entries if e.minutes > 0 and start <= e.day <= today)
    span_weeks = ((today - start).days + 1) / 7
    pace = minutes / 60 / span_weeks
    return round(pace, 1) if pace >= 0.05 else None

"""The dated record of study: what the learner did, on which day, for how long.

Apart from the undo history (which keeps only the last steps), the record is kept
for good. It is stored one line per entry, so that a year of daily study stays
small, quick to read on every command and easy to edit by hand:

    log = [
      "2026-12-05 log 45 cs224n/lecture-08",
      "2026-12-06 done 90 lora written 2026-12-07",
    ]

Each line is DAY ACTION MINUTES ID, and `written DATE` when the entry was written
on a later day than the study it records (a backdated entry). Pure: no I/O.

Old detail is summarised per week (progress/compact.py), never dropped: a `summary`
line's DAY is the week's Monday and its ID keeps each day's minutes, Monday first,
then how many entries of each action it stands for, so streaks and the heatmap stay
exact and `history` can still say what happened:

      "2025-01-06 summary 215 30.45.0.0.80.60.0/done:2,log:5,review:12"
"""

from __future__ import annotations

from datetime import date, timedelta

from studyguide.valueclass import valueclass

from studyguide.clock import YEARS

ACTIONS = ("log", "done", "skip", "start", "review", "summary")
DETAIL_ACTIONS = ACTIONS[:-1]
# `done --spent 30h` on a book records its whole time on the day it was finished.
MAX_MINUTES = 999_999
_WRITTEN = "written"


@valueclass(frozen=True)
class LogEntry:
    """One thing the learner did: `minutes` of study on `id` on `day` (0: no time given)."""

    day: date
    action: str
    minutes: int
    id: str
    written: date | None = None   # set only when later than `day`

    def to_line(self) -> str:
        line = f"{self.day.isoformat()} {self.action} {self.minutes} {self.id}"
        if self.written is not None and self.written != self.day:
            line += f" {_WRITTEN} {self.written.isoformat()}"
        return line


def parse_line(text: object) -> LogEntry:
    """One stored line back into an entry; ValueError with a plain reason if malformed."""
    if not isinstance(text, str):
        raise ValueError("must be a string like \"2026-12-06 log 45 lora\"")
    parts = text.split()
    if len(parts) not in (4, 6) or (len(parts) == 6 and parts[4] != _WRITTEN):
        raise ValueError(f"{text[:80]!r} is not DAY ACTION MINUTES ID [written DATE]")
    day = _day(parts[0])
    action = parts[1]
    if action not in ACTIONS:
        raise ValueError(f"action {action[:20]!r} must be one of " + ", ".join(ACTIONS))
    if not parts[2].isdigit() or len(parts[2]) > 6 or int(parts[2]) > MAX_MINUTES:
        raise ValueError(f"minutes {parts[2][:20]!r} must be a whole number from 0 to {MAX_MINUTES}")
    written = _day(parts[5]) if len(parts) == 6 else None
    if written is not None and written < day:
        raise ValueError(f"written {written} is before the day studied, {day}")
    entry = LogEntry(day=day, action=action, minutes=int(parts[2]), id=parts[3], written=written)
    if action == "summary":
        per_day, _ = summary_parts(entry.id)
        if day.weekday() != 0 or sum(per_day) != entry.minutes:
            raise ValueError(f"a summary starts on a Monday and its minutes ({entry.minutes}) are its "
                             "days' minutes added up")
    return entry


def summary_parts(text: str) -> tuple[list[int], dict[str, int]]:
    """'30.45.0.0.80.60.0/done:2,log:5' -> ([minutes per day, Monday first], {action: count})."""
    days_text, _, counts_text = text.partition("/")
    try:
        per_day = [int(m) for m in days_text.split(".")]
        counts = {a: int(n) for a, n in (c.split(":") for c in counts_text.split(",") if c)}
    except ValueError:
        raise ValueError(f"summary {text[:80]!r} is not MINUTES.x7/ACTION:COUNT,...") from None
    if (len(per_day) != 7 or any(not 0 <= m <= MAX_MINUTES for m in per_day)
            or any(a not in DETAIL_ACTIONS or not 0 <= n <= MAX_MINUTES for a, n in counts.items())):
        raise ValueError(f"summary {text[:80]!r} is not MINUTES.x7/ACTION:COUNT,...")
    return per_day, counts


def expand_summary(entry: LogEntry) -> list[tuple[date, int]]:
    """A summary's (day, minutes) for each day of its week."""
    from datetime import timedelta

    per_day, _ = summary_parts(entry.id)
    return [(entry.day + timedelta(days=k), m) for k, m in enumerate(per_day)]


def add_outside_undo(progress, entries: list[LogEntry]) -> None:
    """Add entries no undo step owns (a graded review) to `progress.log`: just before the
    entries the undo steps added, which stay the record's tail, so `undo` still removes
    exactly its own."""
    at = len(progress.log) - sum(c.logged for c in progress.history)
    progress.log[at:at] = entries


def _day(text: str) -> date:
    try:
        value = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    # The years of every date read from a file (clock.YEARS): safe in every time zone.
    if value is None or not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"{text[:20]!r} is not a date like 2026-12-06 (years {YEARS[0]} to {YEARS[1]})")
    return value


def minutes_by_day(entries: list[LogEntry]) -> dict[date, int]:
    """Total minutes studied on each day that has any entry."""
    totals: dict[date, int] = {}
    for entry in entries:
        if entry.action == "summary":
            for day, minutes in expand_summary(entry):
                if minutes:
                    totals[day] = totals.get(day, 0) + minutes
            continue
        totals[entry.day] = totals.get(entry.day, 0) + entry.minutes
    return totals


# The real pace (issue 15), said the same way by `status`, `stats` and the finish date:
# hours per week over the last four weeks, once logged time spans two weeks.
PACE_MIN_DAYS = 14
PACE_WINDOW_DAYS = 28


def real_pace(entries, today: date) -> tuple[float, int] | None:
    """(hours per week, days measured) over the last four weeks, or since the first day
    with time logged if that is later; None while that time spans under two weeks."""
    days = [e.day for e in entries if e.minutes > 0 and e.day <= today]
    if not days:
        return None
    first = min(days)
    if (today - first).days + 1 < PACE_MIN_DAYS:
        return None
    start = max(first, today - timedelta(days=PACE_WINDOW_DAYS - 1))
    minutes = sum(e.minutes for e in entries if e.minutes > 0 and start <= e.day <= today)
    span = (today - start).days + 1
    pace = minutes / 60 / (span / 7)
    return (round(pace, 1), span) if pace >= 0.05 else None


def pace_words(hours_per_week: float, days: int) -> str:
    """'7.5 h/week over the last 4 weeks', or '... over the last 22 days'."""
    span = "4 weeks" if days >= PACE_WINDOW_DAYS else f"{days} days"
    return f"{hours_per_week:g} h/week over the last {span}"


def minutes_text(minutes: int) -> str:
    """'45 min', '2 h', '1 h 30 min': how the record's views, charts and `next` say a length
    of study time."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def hours_text(hours: float) -> str:
    """A length kept in hours said as study time: 0.75 -> '45 min', 2.5 -> '2 h 30 min'."""
    return minutes_text(round(hours * 60))


"""Figures from the study record: days, weeks, streaks, pace. Pure: entries and a day in.

Days are the learner's own calendar days, fixed when an entry is written (record.py):
a session logged at 23:50 counts for that evening, and flying to another time zone
never moves past days. "Today" is the caller's (the clock in the learner's zone).

The pace is the one `status` and the finish date use (progress.record.real_pace).

A day counts for a streak once at least `min_minutes` were logged on it (the setting
`streak_minutes`, 15 by default): a one-second entry keeps nothing alive. Today
counts once it qualifies and never breaks the streak before it is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from studyguide.progress.record import LogEntry, minutes_by_day, real_pace

STREAK_SETTING = "streak_minutes"
DEFAULT_STREAK_MINUTES = 15
WEEKS_SHOWN = 12       # the weekly bar chart
HEATMAP_WEEKS = 26     # the calendar heatmap


def heat_level(minutes: int, min_minutes: int) -> int:
    """A day's shade in the heatmap: 0 none, 1 under the streak threshold, 2 from it,
    3 from an hour, 4 from two hours (the same scale in the terminal and the HTML)."""
    if minutes <= 0:
        return 0
    if minutes < min_minutes:
        return 1
    return 2 if minutes < 60 else 3 if minutes < 120 else 4


def streak_minutes(settings: dict) -> int:
    value = settings.get(STREAK_SETTING)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 \
        else DEFAULT_STREAK_MINUTES


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def streaks(per_day: dict[date, int], today: date, min_minutes: int) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with at least `min_minutes`."""
    counted = sorted(d for d, m in per_day.items() if m >= min_minutes and d <= today)
    longest = run = 0
    previous = None
    for day in counted:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    good = set(counted)
    day = today if today in good else today - timedelta(days=1)   # today is not over yet
    current = 0
    while day in good:
        current += 1
        day -= timedelta(days=1)
    return current, longest


def weeks(per_day: dict[date, int], today: date, count: int = WEEKS_SHOWN) -> list[tuple[date, int]]:
    """(Monday, minutes) for the last `count` weeks, oldest first, this week last."""
    first = week_start(today) - timedelta(weeks=count - 1)
    totals = {first + timedelta(weeks=k): 0 for k in range(count)}
    for day, minutes in per_day.items():
        monday = week_start(day)
        if monday in totals and day <= today:
            totals[monday] += minutes
    return list(totals.items())


def days(per_day: dict[date, int], today: date, count_weeks: int = HEATMAP_WEEKS) -> list[tuple[date, int]]:
    """(day, minutes) from the Monday `count_weeks - 1` weeks back to today: the heatmap's cells."""
    first = week_start(today) - timedelta(weeks=count_weeks - 1)
    return [(first + timedelta(days=k), per_day.get(first + timedelta(days=k), 0))
            for k in range((today - first).days + 1)]


@dataclass
class Day:
    """One day of `history`: its entries (detail) or, for summarised weeks, counts only."""

    day: date
    minutes: int = 0
    entries: list[LogEntry] = field(default_factory=list)


def history_days(entries: list[LogEntry], since: date, today: date) -> list[Day]:
    """The days from `since` to `today` that have entries, oldest first (summaries expanded
    to their days' minutes, with the summary entry on the week's first studied day)."""
    from studyguide.progress.record import expand_summary

    out: dict[date, Day] = {}
    for entry in entries:
        if entry.action == "summary":
            shown = False
            for day, minutes in expand_summary(entry):
                if since <= day <= today and minutes:
                    d = out.setdefault(day, Day(day))
                    d.minutes += minutes
                    if not shown:
                        d.entries.append(entry)
                        shown = True
            continue
        if since <= entry.day <= today:
            d = out.setdefault(entry.day, Day(entry.day))
            d.minutes += entry.minutes
            d.entries.append(entry)
    return [out[d] for d in sorted(out)]


def per_day_minutes(entries: list[LogEntry]) -> dict[date, int]:
    return minutes_by_day(entries)


def review_figures(cards: dict[str, dict]) -> tuple[float | None, int]:
    """(retention, reviews done) from the review cards' counters.

    `reps` counts every grade; `lapses` the "again" grades of cards already learned. A
    card's first grade is learning, not recall, so retention is 1 - lapses over the grades
    after each card's first (None before there are any)."""
    reps = sum(int(c.get("reps", 0)) for c in cards.values())
    lapses = sum(int(c.get("lapses", 0)) for c in cards.values())
    recalls = reps - sum(1 for c in cards.values() if c.get("reps"))
    return (round(1 - lapses / recalls, 3) if recalls > 0 else None), reps


def finished_counts(progress, catalog) -> dict[str, int]:
    """Resources finished (whole ones done, and those with every unit done) and units done:
    eighteen chapters of six books are not eighteen resources."""
    done = {rid for rid, s in progress.items.items() if s.status == "done"}
    parent_of = {rid: catalog.resources[rid].parent for rid in done if rid in catalog.resources}
    units = [rid for rid in done if parent_of.get(rid)]
    whole = {rid for rid in done if not parent_of.get(rid)}   # a course marked done as a whole counts too
    complete = {p for p in {parent_of[u] for u in units} if all(u in done for u in catalog.units_of(p))}
    return {"resources": len(whole | complete), "units": len(units)}


def finished_words(finished: dict) -> str:
    """'3 resources (18 units done), 1 topic of your plan'."""
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'s' if n != 1 else ''}"

    units = f" ({count(finished['units'], 'unit')} done)" if finished["units"] else ""
    return (f"{count(finished['resources'], 'resource')}{units}, "
            f"{count(finished['topics'], 'topic')} of your plan")


def stats_json(progress, catalog, today: date) -> dict:
    """Everything `stats` shows, in the shape `stats --json` prints."""
    from studyguide.progress.review import finished_topics

    per_day = minutes_by_day(progress.log)
    min_minutes = streak_minutes(progress.settings)
    current, longest = streaks(per_day, today, min_minutes)
    real = real_pace(progress.log, today)
    retention, reviews = review_figures(progress.cards)
    plan = progress.plan
    return {
        "weeks": [{"start": d.isoformat(), "minutes": m} for d, m in weeks(per_day, today)],
        "days": [{"date": d.isoformat(), "minutes": m} for d, m in days(per_day, today)],
        "streak": {"current": current, "longest": longest, "min_minutes": min_minutes},
        # The pace `status` and the finish date use (None before two weeks of record).
        "pace": {"hours_per_week": real[0] if real else None, "days": real[1] if real else 0,
                 "plan_hours_per_week": plan.hours_per_week if plan is not None else None},
        "finished": {**finished_counts(progress, catalog), "topics": len(finished_topics(progress, catalog))},
        "reviews": {"retention": retention, "done": reviews},
        "total_minutes": sum(per_day.values()),
    }

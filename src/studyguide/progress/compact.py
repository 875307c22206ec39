"""Summarising old detail of the study record per week, so the file stays small for years.

Weeks that ended more than KEEP_WEEKS weeks ago lose their per-item detail and become
one `summary` line each (record.py): every day's minutes and how many entries of each
action stand behind them. Nothing is dropped: totals, streaks, the heatmap and the
weekly chart read the same before and after. Entries a step of the undo history added
are the record's tail and are never summarised, so `undo` still removes exactly them.
Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from studyguide.progress.model import Progress
from studyguide.progress.record import LogEntry, expand_summary, summary_parts

KEEP_WEEKS = 53   # a year of detail, and the week it started in


def compact(progress: Progress, today: date, keep_weeks: int = KEEP_WEEKS) -> int:
    """Summarise weeks before the last `keep_weeks` ones; returns how many entries went
    into summaries (0: nothing to do, the common case, checked in one pass)."""
    cutoff = today - timedelta(days=today.weekday()) - timedelta(weeks=keep_weeks - 1)
    protected = sum(c.logged for c in progress.history)   # undo's entries: the log's tail
    head, tail = progress.log[:len(progress.log) - protected], progress.log[len(progress.log) - protected:]
    if not any(e.day < cutoff and e.action != "summary" for e in head):
        return 0
    weeks: dict[date, tuple[list[int], Counter]] = {}
    kept: list[LogEntry] = []
    folded = 0
    for entry in head:
        if entry.day >= cutoff:
            kept.append(entry)
            continue
        monday = entry.day - timedelta(days=entry.day.weekday())
        per_day, counts = weeks.setdefault(monday, ([0] * 7, Counter()))
        if entry.action == "summary":   # an earlier summary of the same week joins the new one
            for day, minutes in expand_summary(entry):
                per_day[(day - monday).days] += minutes
            counts.update(summary_parts(entry.id)[1])
        else:
            per_day[(entry.day - monday).days] += entry.minutes
            counts[entry.action] += 1
            folded += 1
    summaries = [LogEntry(day=monday, action="summary", minutes=sum(per_day), id=_summary_id(per_day, counts))
                 for monday, (per_day, counts) in sorted(weeks.items())]
    progress.log[:] = summaries + kept + tail
    return folded


def _summary_id(per_day: list[int], counts: Counter) -> str:
    return ".".join(map(str, per_day)) + "/" + ",".join(f"{a}:{n}" for a, n in sorted(counts.items()))

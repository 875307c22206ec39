"""Changes to progress, each recorded so `undo` can walk back exactly. Pure: no I/O."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

from studyguide.errors import UsageError
from studyguide.progress.model import Change, ItemState, Note, Plan, Progress
from studyguide.progress.file import HISTORY_LIMIT
from studyguide.progress.record import LogEntry


def _record(progress: Progress, action: str, ids: list[str], now: datetime,
            entries: list[LogEntry] = ()) -> None:  # type: ignore[assignment]
    """Keep what `ids` were before, for undo, and add `entries` to the study record."""
    words = action.split(" ")
    if len(words) > 5:   # a whole course's units: "done a b c and 16 more"
        action = " ".join(words[:4]) + f" and {len(words) - 4} more"
    before = {i: copy.deepcopy(progress.items[i]) if i in progress.items else None for i in ids}
    progress.history.append(Change(action=action, at=now, before=before, logged=len(entries)))
    del progress.history[:-HISTORY_LIMIT]
    progress.log.extend(entries)
    if entries:
        from studyguide.progress.compact import compact

        compact(progress, now.date())   # old weeks to summaries; a no-op almost always


def _entry(day: date | None, action: str, minutes: int, rid: str, now: datetime,
           today: date | None) -> LogEntry:
    """A record entry for `day` (default: today, the learner's local day), noting a later
    writing day for a backdated one."""
    written = today or now.date()
    day = day or written
    return LogEntry(day=day, action=action, minutes=minutes, id=rid,
                    written=written if written > day else None)


def _moment(now: datetime, day: date | None, today: date | None) -> datetime:
    """When a backdated change happened, for an item's started and finished times: now's
    time of day, as many days back as `day` is before today (the learner's days)."""
    if day is None:
        return now
    return now - timedelta(days=((today or now.date()) - day).days)


def _item(progress: Progress, rid: str) -> ItemState:
    return progress.items.setdefault(rid, ItemState())


def start(progress: Progress, rid: str, now: datetime, day: date | None = None,
          today: date | None = None) -> None:
    _record(progress, f"start {rid}", [rid], now, [_entry(day, "start", 0, rid, now, today)])
    item = _item(progress, rid)
    item.status = "in-progress"
    item.started = item.started or _moment(now, day, today)
    item.finished = None
    item.skip_reason = None


def done(progress: Progress, rids: list[str], now: datetime, spent_hours: float | None = None,
         day: date | None = None, today: date | None = None) -> dict[str, datetime | None]:
    """Mark `rids` done; returns those that were done already, with when. They keep their
    dates and get only the time spent, when some is given (nothing at all changes for them
    otherwise: no undo step when all were done and no time is given)."""
    already = {r: progress.items[r].finished for r in rids
               if r in progress.items and progress.items[r].status == "done"}
    if len(already) == len(rids) and not spent_hours:
        return already
    minutes = round((spent_hours or 0) * 60 / len(rids)) if rids else 0
    _record(progress, "done " + " ".join(rids), rids, now,
            [_entry(day, "done", minutes, rid, now, today) for rid in rids if rid not in already or minutes])
    when = _moment(now, day, today)
    for rid in rids:
        item = _item(progress, rid)
        if rid not in already:
            item.status = "done"
            item.finished = when
            item.started = min(item.started, when) if item.started else when
            item.skip_reason = None
        if spent_hours:
            item.spent_hours = round(item.spent_hours + spent_hours / len(rids), 4)
    return already


def log(progress: Progress, rid: str, hours: float, now: datetime, day: date | None = None,
        today: date | None = None) -> None:
    """Record study time on an item without finishing it: a to-do item becomes in progress."""
    _record(progress, f"log {rid} {hours:g}h", [rid], now,
            [_entry(day, "log", round(hours * 60), rid, now, today)])
    item = _item(progress, rid)
    if item.status in ("todo", "skipped"):
        item.status = "in-progress"
        item.skip_reason = None
    item.started = item.started or _moment(now, day, today)
    item.spent_hours = round(item.spent_hours + hours, 4)   # 20m three times is 1 h, not 59 min


def skip(progress: Progress, rid: str | list[str], now: datetime, reason: str | None = None,
         day: date | None = None, today: date | None = None) -> None:
    """Skip one item, or several (a resource's units) as one undoable step."""
    rids = [rid] if isinstance(rid, str) else rid
    _record(progress, "skip " + " ".join(rids), rids, now,
            [_entry(day, "skip", 0, one, now, today) for one in rids])
    for one in rids:
        item = _item(progress, one)
        item.status = "skipped"
        item.finished = None
        item.skip_reason = reason


def reset(progress: Progress, rid: str, now: datetime) -> None:
    """Back to to-do, keeping the note and hours spent."""
    _record(progress, f"reset {rid}", [rid], now)
    item = _item(progress, rid)
    item.status = "todo"
    item.finished = None
    item.skip_reason = None


def note(progress: Progress, rid: str, text: str, now: datetime, day: date | None = None) -> bool:
    """Add a note dated `day` (default: now's date); False when the item's last note is this
    very text from that day (a repeated command adds nothing, and no undo step)."""
    day = day or now.date()
    notes = progress.items[rid].notes if rid in progress.items else []
    if notes and notes[-1].text == text and notes[-1].day == day:
        return False
    _record(progress, f"note {rid}", [rid], now)
    _item(progress, rid).notes.append(Note(text=text, day=day))
    return True


def delete_note(progress: Progress, rid: str, number: int, now: datetime) -> Note | None:
    """Remove note `number` (1 = the oldest, as `note ID` lists them); None when there is none."""
    notes = progress.items[rid].notes if rid in progress.items else []
    if not 1 <= number <= len(notes):
        return None
    _record(progress, f"note {rid} --delete {number}", [rid], now)
    return _item(progress, rid).notes.pop(number - 1)


def replace_plan(progress: Progress, plan: Plan, now: datetime, action: str) -> None:
    """Make `plan` the current plan; undo brings the old one back (item states are untouched)."""
    progress.history.append(Change(action=action, at=now, before={}, replaces_plan=True,
                                   plan_before=copy.deepcopy(progress.plan)))
    del progress.history[:-HISTORY_LIMIT]
    progress.plan = plan


def removed_resource(progress: Progress, rid: str, restore: dict, now: datetime) -> None:
    """`studyguide remove`: the overlay change is made elsewhere; this keeps the undo step
    that puts the resource back (item progress is untouched, so it needs no `before`)."""
    progress.history.append(Change(action=f"remove {rid}", at=now, before={}, restore=restore))
    del progress.history[:-HISTORY_LIMIT]


def undo(progress: Progress) -> Change | None:
    """Revert the last change; return it (None when there is nothing to undo)."""
    if not progress.history:
        return None
    change = progress.history.pop()
    if change.logged:
        del progress.log[-change.logged:]
    if change.replaces_plan:
        progress.plan = change.plan_before
    for rid, before in change.before.items():
        if before is None:
            progress.items.pop(rid, None)
        else:
            progress.items[rid] = before
    return change


# ---------------------------------------------------------------- what a learner types

def hours_in(text: str) -> float | None:
    """'2h', '90m', '1h30m', '1.5', '45 minutes', '2 hours' -> hours; None when it is not
    such a length. The one reader of lengths: `parse_hours` and the hours-per-week answer
    both use it."""
    import re

    if re.search(r"\d\s+\d", text):   # '1 30m' is not 130 minutes, nor '1 2' 12 hours
        return None
    t = text.strip().lower().replace(" ", "")
    m = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h(?:ours?|rs?)?)?(?:(\d+(?:\.\d+)?)m(?:in(?:ute)?s?)?)?", t)
    if t and m and (m.group(1) or m.group(2)):
        return float(m.group(1) or 0) + float(m.group(2) or 0) / 60
    try:
        hours = float(t)
    except ValueError:
        return None
    return hours if hours == hours and abs(hours) != float("inf") else None


MAX_LOG_HOURS = 24   # `log` records one day's study: more than a day is a slip (45 for 45m)


def parse_hours(text: str, option: str = "--spent") -> float:
    """'2h', '90m', '1h30m', '1.5' -> hours, from a minute to 1000 hours."""
    hours = hours_in(text)
    if hours is None:
        raise UsageError(f"{option} {text!r}: use hours like 2h, 90m, 1h30m or 1.5")
    if not (1 / 60 <= hours <= 1000):   # under a minute would round to nothing
        raise UsageError(f"{option} {text!r}: must be from 1 minute to 1000 hours")
    return round(hours, 4)


def parse_day_hours(text: str, option: str = "DURATION") -> float:
    """One day's study (`log`): as parse_hours, and no more than a day (45 is a slip for 45m)."""
    hours = parse_hours(text, option)
    if hours > MAX_LOG_HOURS:
        bare = text.strip().replace(".", "").isdigit()
        raise UsageError(f"{option} {text!r} is {hours:g} h, more than a day's study: log each day with "
                         f"--date" + (f"; for minutes write {text.strip()}m" if bare else ""))
    return hours


MAX_TEXT = 10_000   # a note or a skip reason: room for paragraphs, not for filling the file


def check_text(text: str, what: str) -> None:
    """A note or a skip reason is refused past MAX_TEXT characters (nothing saved)."""
    if len(text) > MAX_TEXT:
        raise UsageError(f"{what} can be at most {MAX_TEXT} characters")


def swap(progress: Progress, new_id: str, now: datetime, items_for=None) -> str:
    """Plan `new_id` instead of the member of its alternatives group the plan holds, in the
    same place; item progress is untouched and `undo` brings the old plan back. Returns the
    id it replaced. `items_for(section_id, member)` gives the items a member stands for
    there (its study units), so the old member's units leave and the new one's come in."""
    from studyguide.errors import UsageError

    plan = progress.plan
    if plan is None:
        raise UsageError("no plan yet: run `studyguide recommend` to make one")
    for sec in plan.sections:
        if new_id in sec.alternatives:
            raise UsageError(f"{new_id} is already the planned one; its alternatives: "
                             + ", ".join(sec.alternatives[new_id]))
        for old, others in sec.alternatives.items():
            if new_id in others:
                elsewhere = next((x.id for x in plan.sections if new_id in x.items), None)
                if elsewhere is not None:
                    raise UsageError(f"{new_id} is already in your plan (section {elsewhere}); mark it "
                                     f"done there and it counts for {old} too")
                before = copy.deepcopy(plan)
                mine = [i for i, item in enumerate(sec.items) if item == old or item.startswith(old + "/")]
                placed = set(plan.item_ids())
                coming = [x for x in (items_for(sec.id, new_id) if items_for else [new_id]) if x not in placed]
                kept = [item for i, item in enumerate(sec.items) if i not in mine]
                at = mine[0] if mine else len(sec.items)
                sec.items = kept[:at] + coming + kept[at:]
                rest = [old] + [o for o in others if o != new_id]
                sec.alternatives = {(new_id if k == old else k): (rest if k == old else v)
                                    for k, v in sec.alternatives.items()}
                progress.history.append(Change(action=f"swap {old} for {new_id}", at=now, before={},
                                               replaces_plan=True, plan_before=before))
                del progress.history[:-HISTORY_LIMIT]
                return old
    raise UsageError(f"{new_id} is not an alternative to any item of your plan; "
                     "`studyguide next` and `studyguide recommend --dry-run` show the alternatives")

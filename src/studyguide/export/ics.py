"""Study sessions as an iCalendar file (RFC 5545) for Google Calendar, Apple Calendar, Outlook.

Pure: PlanView + start date + weekdays + the export time -> text. Choices:
- Sessions fall on the chosen weekdays from the start date; each lasts
  hours_per_week / number of days (at least 15 minutes). By default the days are
  spread over the week by the weekly hours (DEFAULT_SPREAD): up to 2 h -> mon;
  3 h -> mon,thu; up to 5 h -> mon,wed,fri; up to 8 h -> mon,tue,thu,sat;
  up to 10 h -> mon-fri; up to 12 h -> mon-sat; more -> every day.
- The remaining items (not done, not skipped) fill the sessions in plan order;
  a long item is split across sessions ("part 2 of 3"), and a session can hold
  the end of one item and the start of the next.
- Times are floating local times (no time zone): a 19:00 session stays at 19:00
  wherever the learner's calendar is. Sessions start at 19:00, or at 09:00 when
  longer than 4 h so they end the same day.
- At most MAX_SESSIONS sessions (ten years of weekly ones): a 2000 h plan at
  1 h/week must not make a calendar no app can open. `Schedule.minutes_left_out`
  says what did not fit, and the command tells the learner.
- A UID is the plan's fingerprint (creation time, goal or role, depth, focus and
  saved item ids: two plans made in the same second still differ) plus the item
  and part the session starts with. Exporting the same plan again gives the session
  that starts "X part 2" the same UID, so a calendar that imports by UID moves that
  event instead of doubling it. Importing never deletes events: sessions of items
  finished since, or parts that no longer exist, stay until the learner removes them.

The file is written with the `icalendar` library rather than by hand: it escapes
TEXT values, folds lines at 75 octets without splitting a UTF-8 character, and
uses CRLF, which are the parts of RFC 5545 that hand-written exporters get wrong.
It is imported only here, so no other command pays for it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from studyguide.catalog.model import status_label
from studyguide.errors import UsageError
from studyguide.plan.view import ItemView, PlanView, note_date
from studyguide.text import printable

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_SPREAD = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 3, 4),
                  6: (0, 1, 2, 3, 4, 5), 7: (0, 1, 2, 3, 4, 5, 6)}
MAX_SESSIONS = 520
MIN_SESSION_MINUTES = 15
EVENING = time(19, 0)
MORNING = time(9, 0)
LONG_SESSION_MINUTES = 240
PRODID = "-//studyguide//study plan export//EN"


def require_hours(view: PlanView) -> float:
    if not view.hours_per_week:
        raise UsageError("a calendar needs your hours per week: set them with "
                         "`studyguide recommend --hours-per-week N` (your progress is kept)")
    return view.hours_per_week


def default_days(hours_per_week: float) -> tuple[int, ...]:
    h = hours_per_week
    n = 1 if h <= 2 else 2 if h <= 3 else 3 if h <= 5 else 4 if h <= 8 else 5 if h <= 10 else 6 if h <= 12 else 7
    return DEFAULT_SPREAD[n]


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,sat' (or full names, any case) -> sorted weekday numbers (Monday = 0)."""
    days = set()
    for raw in text.split(","):
        word = raw.strip().lower()
        if word in DAY_NAMES:
            days.add(DAY_NAMES.index(word))
        elif word in _FULL_NAMES:
            days.add(_FULL_NAMES.index(word))
        else:
            shown = raw.strip() or "(empty)"
            raise UsageError(f"--days {text!r}: {shown!r} is not a weekday; use a comma-separated list "
                             "of mon, tue, wed, thu, fri, sat, sun (e.g. --days mon,wed,sat)")
    return tuple(sorted(days))


def default_start(today: date) -> date:
    """The next Monday after today (a week from today when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


@dataclass
class Piece:
    item: ItemView
    minutes: int
    part: int = 1
    parts: int = 1


@dataclass
class Session:
    index: int
    start: datetime        # naive: floating local time
    minutes: int
    pieces: list[Piece] = field(default_factory=list)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass
class Schedule:
    sessions: list[Session]
    session_minutes: int
    days: tuple[int, ...]
    minutes_left_out: int = 0


def _remaining_minutes(item: ItemView) -> int:
    left = item.hours - (item.spent_hours or 0.0)
    return max(MIN_SESSION_MINUTES, round(left * 60))


def _session_days(start: date, days: tuple[int, ...]):
    day = start
    while True:
        if day.weekday() in days:
            yield day
        day += timedelta(days=1)


def plan_sessions(view: PlanView, start: date, days: tuple[int, ...],
                  max_sessions: int = MAX_SESSIONS) -> Schedule:
    """Fill sessions on `days` from `start` with the open items, in plan order."""
    hours = require_hours(view)
    if not days:
        raise UsageError("--days: give at least one weekday")
    length = max(MIN_SESSION_MINUTES, round(hours * 60 / len(days)))
    at = EVENING if length <= LONG_SESSION_MINUTES else MORNING
    todo = [(item, _remaining_minutes(item)) for item in view.items()
            if item.state not in ("done", "skipped")]
    schedule = Schedule(sessions=[], session_minutes=length, days=days)
    calendar_days = _session_days(start, days)
    current: Session | None = None
    free = 0
    for n, (item, minutes) in enumerate(todo):
        while minutes > 0:
            if current is None or free == 0:
                if len(schedule.sessions) >= max_sessions:
                    schedule.minutes_left_out = minutes + sum(m for _, m in todo[n + 1:])
                    return _number_parts(schedule)
                day = next(calendar_days)
                current = Session(index=len(schedule.sessions) + 1, start=datetime.combine(day, at),
                                  minutes=length)
                schedule.sessions.append(current)
                free = length
            take = min(free, minutes)
            current.pieces.append(Piece(item=item, minutes=take))
            free -= take
            minutes -= take
    return _number_parts(schedule)


def _number_parts(schedule: Schedule) -> Schedule:
    """Label split items 'part k of n' (n counts only the scheduled parts)."""
    totals: dict[str, int] = {}
    for s in schedule.sessions:
        for p in s.pieces:
            totals[p.item.id] = totals.get(p.item.id, 0) + 1
    seen: dict[str, int] = {}
    for s in schedule.sessions:
        for p in s.pieces:
            seen[p.item.id] = seen.get(p.item.id, 0) + 1
            p.part, p.parts = seen[p.item.id], totals[p.item.id]
    return schedule


def _text(value: str | None) -> str:
    """One line of calendar TEXT: no control characters (RFC 5545 forbids them)."""
    if not value:
        return ""
    cleaned = printable(value)
    return " ".join(cleaned.split())


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".") + " h"


def _part(p: Piece) -> str:
    return f" (part {p.part} of {p.parts})" if p.parts > 1 else ""


def _summary(session: Session) -> str:
    first = session.pieces[0]
    text = "Study: " + _text(first.item.heading) + _part(first)
    if len(session.pieces) > 1:
        text += f" + {len(session.pieces) - 1} more"
    return text


def _description(view: PlanView, session: Session, count: int) -> str:
    lines = [f"{_text(view.title)}: session {session.index} of {count} ({_hours(session.minutes)})", ""]
    for p in session.pieces:
        i = p.item
        lines.append(f"- {_text(i.heading)}{_part(p)}: {_hours(p.minutes)} of {i.hours:g} h, {_text(i.kind)}")
        lines.append(f"  {_text(i.url)}")
        lines.append(f"  Why here: {_text(i.why)}")
        if i.status_note:
            lines.append(f"  Note ({_text(status_label(i.resource_status))}): {_text(i.status_note)}")
        for n in i.notes:
            lines.append(f"  Your note ({note_date(n)}): {_text(n.text)}")
    finished = " ".join(p.item.id for p in session.pieces if p.part == p.parts)
    lines.append("")
    lines.append(f"When done: studyguide done {_text(finished)}" if finished
                 else "The item goes on in the next session.")
    return "\n".join(lines)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def plan_fingerprint(view: PlanView) -> str:
    """What makes this plan this plan, unchanged by progress or by catalog additions.

    The saved item ids are the plan's own items (not the ones the catalog added to its
    topics since) plus the ones the catalog no longer knows, so neither an added
    resource nor a removed one changes the fingerprint.
    """
    saved = sorted({i.id for i in view.items() if not i.added} | set(view.unknown))
    return _digest(view.created.isoformat(), view.goal, view.role, view.depth, view.focus, saved)[:16]


def session_uid(fingerprint: str, session: Session) -> str:
    """Unique in the file: every item part begins at most one session."""
    first = session.pieces[0]
    return f"studyguide-{fingerprint}-{_digest(first.item.id)[:12]}-{first.part}"


def render_ics(view: PlanView, schedule: Schedule, generated: datetime) -> str:
    from datetime import timezone

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(f"Study plan: {view.title}"))
    stamp = generated.astimezone(timezone.utc)
    fingerprint = plan_fingerprint(view)
    for s in schedule.sessions:
        ev = Event()
        ev.add("uid", session_uid(fingerprint, s))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", s.start)
        ev.add("dtend", s.end)
        ev.add("summary", _summary(s))
        ev.add("description", _description(view, s, len(schedule.sessions)))
        ev.add("url", _text(s.pieces[0].item.url))
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")

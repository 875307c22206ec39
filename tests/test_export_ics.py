"""The calendar export: scheduling rules, golden file, RFC 5545 form, read back by icalendar."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
from export_fixtures import (
    NOW, check_golden, fixed_progress, fixed_view, hostile_catalog, hostile_progress, one_line,
)
from icalendar import Calendar

from studyguide.errors import UsageError
from studyguide.export.ics import (
    MAX_SESSIONS, default_days, default_start, parse_days, plan_sessions, render_ics,
)
from studyguide.progress.model import ItemState
from studyguide.valueclass import replace

MONDAY = date(2026, 11, 30)


def _raw_checks(text: str) -> list[str]:
    """RFC 5545 form, checked on the bytes rather than through the library that wrote them."""
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF or CR"
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    for line in lines:
        line.decode("utf-8")  # folding never splits a UTF-8 character
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(b" "):
            unfolded[-1] += line[1:].decode("utf-8")
        else:
            unfolded.append(line.decode("utf-8"))
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in unfolded and any(u.startswith("PRODID:") for u in unfolded)
    return unfolded


def _events(text: str):
    cal = Calendar.from_ical(text)
    return cal.walk("VEVENT")


def test_ics_golden(mini_catalog):
    view = fixed_view(mini_catalog)
    schedule = plan_sessions(view, MONDAY, parse_days("mon,thu"))
    check_golden("mini.ics", render_ics(view, schedule, NOW))


def test_default_days_spread_by_hours():
    assert [default_days(h) for h in (1, 2, 3, 4, 5, 6, 8, 10, 12, 20)] == [
        (0,), (0,), (0, 3), (0, 2, 4), (0, 2, 4), (0, 1, 3, 5), (0, 1, 3, 5), (0, 1, 2, 3, 4),
        (0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 5, 6)]


def test_parse_days_accepts_names_in_any_order_and_case():
    assert parse_days("sat,Mon,wednesday, mon") == (0, 2, 5)
    for bad in ("mon,xyz", "", "mon,,wed", "1,2"):
        with pytest.raises(UsageError, match="is not a weekday"):
            parse_days(bad)


def test_default_start_is_the_next_monday():
    assert default_start(date(2026, 11, 23)) == date(2026, 11, 30)   # a Monday: the week after
    assert default_start(date(2026, 11, 25)) == date(2026, 11, 30)
    assert default_start(date(2026, 11, 29)) == date(2026, 11, 30)   # a Sunday


def test_sessions_fill_open_items_in_plan_order_splitting_long_ones(mini_catalog):
    view = fixed_view(mini_catalog)              # 5 h/week
    schedule = plan_sessions(view, date(2026, 12, 2), (0, 3))   # starts on a Wednesday
    assert schedule.session_minutes == 150
    days = [s.start for s in schedule.sessions]
    assert days[0] == datetime(2026, 12, 3, 19, 0)                 # the first Thursday
    assert all(d.weekday() in (0, 3) for d in days)
    assert days == sorted(days) and len(set(d.date() for d in days)) == len(days)
    open_items = [i for i in view.items() if i.state not in ("done", "skipped")]
    # Every open item is scheduled in full, in plan order; done and skipped ones never.
    order, minutes = [], {}
    for s in schedule.sessions:
        assert sum(p.minutes for p in s.pieces) <= s.minutes == 150
        for p in s.pieces:
            if not order or order[-1] != p.item.id:
                order.append(p.item.id)
            minutes[p.item.id] = minutes.get(p.item.id, 0) + p.minutes
    assert order == [i.id for i in open_items]
    assert minutes == {i.id: round(i.hours * 60) for i in open_items}
    total = sum(round(i.hours * 60) for i in open_items)
    assert len(schedule.sessions) == -(-total // 150)
    # A 5 h item in 150 min sessions is split in parts that say so.
    # Paper Two (3 h, first) takes 150 + 30 min; Foundation B (5 h) then runs over three sessions.
    parts = [(p.part, p.parts, p.minutes) for s in schedule.sessions for p in s.pieces if p.item.id == "found-b"]
    assert parts == [(1, 3, 120), (2, 3, 150), (3, 3, 30)]


def test_long_sessions_start_in_the_morning(mini_catalog):
    progress = fixed_progress(mini_catalog, hours=10)
    schedule = plan_sessions(fixed_view(mini_catalog, progress), MONDAY, (0, 3))
    assert schedule.session_minutes == 300
    assert all(s.start.time().hour == 9 for s in schedule.sessions)


def test_a_huge_plan_is_capped_quickly(mini_catalog):
    resources = {rid: replace(r, hours=1000) for rid, r in mini_catalog.resources.items()}
    catalog = replace(mini_catalog, resources=resources)
    view = fixed_view(catalog, fixed_progress(catalog, hours=1))
    began = time.perf_counter()
    schedule = plan_sessions(view, MONDAY, (0,))
    text = render_ics(view, schedule, NOW)
    assert time.perf_counter() - began < 10
    assert len(schedule.sessions) == MAX_SESSIONS
    open_minutes = sum(1000 * 60 for i in view.items() if i.state not in ("done", "skipped"))
    assert schedule.minutes_left_out == open_minutes - MAX_SESSIONS * 60
    assert schedule.sessions[-1].start.date() == MONDAY + timedelta(weeks=MAX_SESSIONS - 1)
    assert len(_events(text)) == MAX_SESSIONS


def test_no_hours_per_week_is_a_usage_error(mini_catalog):
    view = fixed_view(mini_catalog, fixed_progress(mini_catalog, hours=None))
    with pytest.raises(UsageError, match="hours per week.*--hours-per-week"):
        plan_sessions(view, MONDAY, (0,))


def test_icalendar_reads_every_session(mini_catalog):
    view = fixed_view(mini_catalog)
    schedule = plan_sessions(view, MONDAY, (0, 2, 4))
    text = render_ics(view, schedule, NOW)
    unfolded = _raw_checks(text)
    events = _events(text)
    assert len(events) == len(schedule.sessions) == sum(u == "BEGIN:VEVENT" for u in unfolded)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for event, session in zip(events, schedule.sessions):
        assert event.decoded("DTSTAMP") == NOW
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == session.start and start.tzinfo is None          # floating local time
        assert end - start == timedelta(minutes=session.minutes)
        first = session.pieces[0].item
        assert str(event["SUMMARY"]).startswith("Study: " + first.title)
        description = str(event["DESCRIPTION"])
        for piece in session.pieces:
            assert piece.item.url in description
        # "studyguide done ID" only for the items whose last part is in this session.
        finished = [p.item.id for p in session.pieces if p.part == p.parts]
        if finished:
            assert description.endswith("When done: studyguide done " + " ".join(finished))
        else:
            assert "studyguide done" not in description
    # Exporting again gives the same UIDs (a calendar updates the events instead of doubling them).
    again = _events(render_ics(view, plan_sessions(view, MONDAY, (0, 2, 4)), NOW))
    assert [str(e["UID"]) for e in again] == uids


def test_hostile_titles_and_notes_stay_inside_their_properties(mini_catalog):
    catalog = hostile_catalog(mini_catalog)
    view = fixed_view(catalog, hostile_progress(catalog))
    schedule = plan_sessions(view, MONDAY, (0, 3))
    text = render_ics(view, schedule, NOW)
    unfolded = _raw_checks(text)
    names = {u.split(":", 1)[0].split(";", 1)[0] for u in unfolded}
    # Nothing from a title or note became a property or component of its own.
    assert names <= {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME", "UID", "DTSTAMP",
                     "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"}
    assert sum(u == "BEGIN:VEVENT" for u in unfolded) == len(schedule.sessions)
    events = _events(text)
    for event, session in zip(events, schedule.sessions):
        first = session.pieces[0]
        assert str(event["SUMMARY"]).startswith("Study: " + one_line(first.item.title))
        for piece in session.pieces:
            (note,) = piece.item.notes
            assert f"Your note ({note.day.isoformat()}): {one_line(note.text)}" in str(event["DESCRIPTION"])


# ---------------------------------------------------------------- UIDs

def _uids(view, start=MONDAY, days=(0, 3)) -> dict[tuple[str, int], str]:
    """(first item, its part) -> UID, for every session of an export."""
    schedule = plan_sessions(view, start, days)
    events = _events(render_ics(view, schedule, NOW))
    assert len(events) == len(schedule.sessions)
    return {(s.pieces[0].item.id, s.pieces[0].part): str(e["UID"]) for s, e in zip(schedule.sessions, events)}


def _view_of(catalog, **answers):
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    plan = recommend(catalog, Answers(hours_per_week=5, **answers), now=NOW)   # all made in the same second
    return build_view(plan, Progress(plan=plan), catalog, NOW.date())


def test_plans_made_in_the_same_second_never_share_a_uid(mini_catalog):
    views = [_view_of(mini_catalog, goal="learn"), _view_of(mini_catalog, goal="learn", depth="overview"),
             _view_of(mini_catalog, role="engineer"), _view_of(mini_catalog, role="engineer", topics=("top",))]
    assert len({v.created for v in views}) == 1
    seen: set[str] = set()
    for view in views:
        uids = set(_uids(view).values())
        assert uids and not uids & seen, view.title
        seen |= uids


def test_a_re_export_after_progress_gives_each_session_its_old_uid(mini_catalog):
    """The session that starts the same item part keeps its UID, so a calendar moves it."""
    progress = fixed_progress(mini_catalog)
    before = _uids(fixed_view(mini_catalog, progress))
    first_open = next(i for i in fixed_view(mini_catalog, progress).items() if i.state not in ("done", "skipped"))
    progress.items[first_open.id] = ItemState(status="done")
    after = _uids(fixed_view(mini_catalog, progress))
    assert first_open.id not in {rid for rid, _ in after}
    shared = before.keys() & after.keys()
    assert shared and {after[k] for k in shared} == {before[k] for k in shared}
    assert all(after[k] == before[k] for k in shared)
    assert len(set(after.values())) == len(after)


def test_uids_ignore_what_the_catalog_adds_but_not_the_plans_own_items(mini_catalog):
    view = fixed_view(mini_catalog)
    uids = _uids(view)
    section = [s for s in view.sections if s.items][-1]
    extra = replace(section.items[-1], id="added-later", state="todo", added=True)
    section.items = section.items + [extra]            # a resource the catalog added to the topic
    with_extra = _uids(view)
    assert ("added-later", 1) in with_extra
    assert {k: v for k, v in with_extra.items() if k[0] != "added-later"} == uids
    section.items = section.items[:-1] + [replace(extra, added=False)]   # a different saved plan
    assert not set(_uids(view).values()) & set(uids.values())

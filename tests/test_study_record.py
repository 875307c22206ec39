"""The dated study record: its line format, what actions add to it, undo, and upgrades."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyguide.progress import actions
from studyguide.progress.file import SCHEMA_VERSION
from studyguide.progress.model import Progress
from studyguide.progress.record import DETAIL_ACTIONS, LogEntry, minutes_by_day, parse_line
from studyguide.errors import DataError
from studyguide.progress.store import Store

RELEASE_0 = Path(__file__).parent / "fixtures" / "release-0.x" / "progress.toml"
NOW = datetime(2026, 12, 6, 20, 0, tzinfo=timezone.utc)


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),   # clock.YEARS
       action=st.sampled_from(DETAIL_ACTIONS), minutes=st.integers(0, 999_999),
       rid=st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}(/[a-z0-9-]{1,12})?", fullmatch=True),
       later=st.integers(0, 60))
def test_a_line_round_trips(day, action, minutes, rid, later):
    written = date.fromordinal(min(day.toordinal() + later, date(9000, 12, 31).toordinal()))
    entry = LogEntry(day=day, action=action, minutes=minutes, id=rid, written=written)
    back = parse_line(entry.to_line())
    assert (back.day, back.action, back.minutes, back.id) == (day, action, minutes, rid)
    assert back.written == (written if written != day else None)


@pytest.mark.parametrize("line", [
    "2026-12-06 log 45",                       # no id
    "2026-13-01 log 45 lora",                  # no such month
    "0001-01-01 log 45 lora",                  # too close to the edge of the calendar
    "2026-12-06 read 45 lora",                 # unknown action
    "2026-12-06 log -5 lora",
    "2026-12-06 log 1000000 lora",
    "2026-12-06 log 4.5 lora",
    "2026-12-06 log 45 lora written 2026-12-01",   # written before it happened
    "2026-12-06 log 45 lora by 2026-12-07",
])
def test_a_malformed_line_is_refused_with_a_reason(line):
    with pytest.raises(ValueError):
        parse_line(line)


def test_done_start_and_skip_add_entries_and_undo_takes_them_back():
    p = Progress()
    actions.start(p, "lora", NOW, today=date(2026, 12, 6))
    actions.done(p, ["qlora", "lora"], NOW, spent_hours=3, today=date(2026, 12, 6))
    actions.skip(p, "gpt2", NOW, "known", day=date(2026, 12, 4), today=date(2026, 12, 6))
    assert [e.to_line() for e in p.log] == [
        "2026-12-06 start 0 lora",
        "2026-12-06 done 90 qlora",
        "2026-12-06 done 90 lora",
        "2026-12-04 skip 0 gpt2 written 2026-12-06",
    ]
    assert minutes_by_day(p.log) == {date(2026, 12, 6): 180, date(2026, 12, 4): 0}
    actions.undo(p)
    assert len(p.log) == 3
    actions.undo(p)
    assert [e.action for e in p.log] == ["start"]


def test_a_backdated_change_dates_the_item_too():
    """`done --date 2026-12-03` finishes the item on that day (its time of day is now's),
    and `start`/`log` on a day back start it then; a start after it is moved back."""
    today, back = date(2026, 12, 6), date(2026, 12, 3)
    p = Progress()
    actions.start(p, "lora", NOW, today=today)
    actions.done(p, ["lora", "qlora"], NOW, day=back, today=today)
    for rid in ("lora", "qlora"):
        assert p.items[rid].finished == datetime(2026, 12, 3, 20, 0, tzinfo=timezone.utc)
        assert p.items[rid].started == p.items[rid].finished
    actions.log(p, "gpt2", 1.0, NOW, day=date(2026, 12, 5), today=today)
    actions.start(p, "bert", NOW, day=date(2026, 12, 4), today=today)
    assert p.items["gpt2"].started.date() == date(2026, 12, 5)
    assert p.items["bert"].started.date() == date(2026, 12, 4)
    actions.done(p, ["bert"], NOW, today=today)   # not backdated: finished now
    assert p.items["bert"].finished == NOW and p.items["bert"].started.date() == date(2026, 12, 4)


def test_the_record_survives_a_save_and_a_load(sandbox_home):
    store = Store()
    store.update(lambda p: actions.done(p, ["lora"], NOW, spent_hours=1.5, today=date(2026, 12, 6)))
    text = (sandbox_home / "progress.toml").read_text(encoding="utf-8")
    assert '"2026-12-06 done 90 lora"' in text
    again = Store().load()
    assert again.log == [LogEntry(date(2026, 12, 6), "done", 90, "lora")]
    actions.undo(again)          # the saved undo step still knows it added one entry
    assert again.log == []


def test_a_bad_line_in_the_file_names_its_place_and_nothing_is_lost(sandbox_home):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    path = sandbox_home / "progress.toml"
    path.write_text(f'schema_version = {SCHEMA_VERSION}\nlog = ["2026-12-06 log 45 lora", "yesterday"]\n',
                    encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DataError, match=r"log\[1\]"):
        Store().load()
    assert path.read_bytes() == before


def test_an_undo_step_cannot_claim_more_entries_than_the_record_has(sandbox_home):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    path = sandbox_home / "progress.toml"
    path.write_text(f'schema_version = {SCHEMA_VERSION}\nlog = []\n\n[[history]]\naction = "done lora"\n'
                    'at = 2026-12-06T10:00:00Z\nlogged = 3\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"history\[0\]\.logged"):
        Store().load()


def test_a_file_written_by_the_previous_release_upgrades_with_a_backup(sandbox_home):
    """The fixture was written by studyguide 0.1.0's own commands (see its README)."""
    sandbox_home.mkdir(parents=True, exist_ok=True)
    path = sandbox_home / "progress.toml"
    shutil.copy(RELEASE_0, path)
    old = tomllib.loads(RELEASE_0.read_text(encoding="utf-8"))
    assert old["schema_version"] == 2
    before = Store().load()
    assert before.log == [] and before.items["hf-llm-course"].spent_hours == 30
    Store().update(lambda p: actions.start(p, "qlora", NOW, today=date(2026, 12, 6)))
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION and saved["log"] == ["2026-12-06 start 0 qlora"]
    assert (sandbox_home / "progress.toml.bak").read_bytes() == RELEASE_0.read_bytes()
    after = Store().load()
    assert {k: v for k, v in after.items.items() if k != "qlora"} == before.items
    assert after.plan == before.plan and after.cards == before.cards
    assert after.items["karpathy-zero-to-hero"].status == "in-progress"
    actions.undo(after)          # this release's step, then the old release's last one
    actions.undo(after)
    assert "qlora" not in after.items and "karpathy-zero-to-hero" not in after.items
    assert after.log == []

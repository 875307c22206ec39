"""Property tests (hypothesis): any bytes load or give a clear DataError; any sequence of
start, done, skip, reset, note and undo keeps the store equal to a plain-dict model; the
file round-trips through save and load."""

from __future__ import annotations

import copy
import os
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from studyguide.progress import actions
from studyguide.errors import DataError
from studyguide.progress.model import STATES, Change, ItemState, Note, Plan, Progress, Section
from studyguide.progress.file import HISTORY_LIMIT, dump
from studyguide.progress.store import Store, parse_bytes
from studyguide.valueclass import fields

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                     HealthCheck.too_slow])
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def no_fsync(monkeypatch):
    """Durability is the kill -9 test's job; here fsync would only make each example slow."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def good_file() -> bytes:
    p = Progress(plan=Plan(created=T0, goal="build", depth="practitioner",
                           sections=[Section(id="reading-path", items=["lora", "qlora"]),
                                     Section(id="fine-tuning", items=["peft"], depth="deep")]))
    actions.done(p, ["lora"], T0, 2.5)
    actions.note(p, "qlora", "chapter 3", T0)
    actions.skip(p, "peft", T0, "seen it")
    return dump(p)


GOOD = good_file()


def mutate(base: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(base)
    for at, cut, insert in edits:
        at %= len(out) + 1
        out[at:at + cut] = insert
    return bytes(out)


# Garbage, and near-misses of a real file (most bytes right, a few edits): the second
# kind reaches the validation of every field, not just the TOML parser.
ANY_BYTES = st.one_of(
    st.binary(max_size=600),
    st.builds(mutate, st.just(GOOD),
              st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 12),
                                 st.sampled_from([b"", b"\x00", b"\xff", b"[", b"]", b"=", b'"', b"\n",
                                                  b"5", b"-1", b"true", b"[[x]]", b"\xef\xbb\xbf",
                                                  b"items.", b"{a=1}", b"1979-05-27T07:32:00Z"])),
                       min_size=1, max_size=4)),
)


@settings(FAST, max_examples=150)
@given(raw=ANY_BYTES)
@example(raw=b"a = " + b"9" * 5000)                  # more digits than int() takes
@example(raw=b"a" + b".a" * 5000 + b" = 1")         # a pathological dotted key
@example(raw=b"x = " + b"[" * 3000 + b"]" * 3000)   # nesting past the recursion limit
def test_any_bytes_load_or_give_a_clear_error_and_are_never_written_over(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_bytes(raw)
        store = Store(path)
        try:
            progress = store.load()
        except DataError as err:
            message = str(err)
            assert message.startswith(f"{path}: ") and "\n" not in message and "\x1b" not in message
            assert "the file was left as it is" in message
            with pytest.raises(DataError):
                store.update(lambda p: actions.done(p, ["x"], T0))
            assert path.read_bytes() == raw
            return
        assert isinstance(progress, Progress)
        store.update(lambda p: actions.done(p, ["x"], T0))   # a file that reads can be changed
        assert Store(path).load().items["x"].status == "done"


# ---------------------------------------------------------------- the store equals a model

IDS = ["a", "b", "c", "d"]
TEXT = st.text(max_size=30)
OPS = st.one_of(
    st.tuples(st.just("start"), st.sampled_from(IDS)),
    st.tuples(st.just("done"), st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True),
              st.one_of(st.none(), st.floats(0.25, 100).map(lambda h: round(h, 2)))),
    st.tuples(st.just("skip"), st.sampled_from(IDS), st.one_of(st.none(), TEXT)),
    st.tuples(st.just("reset"), st.sampled_from(IDS)),
    st.tuples(st.just("note"), st.sampled_from(IDS), TEXT),
    st.tuples(st.just("delete-note"), st.sampled_from(IDS), st.integers(0, 3)),
    st.tuples(st.just("undo")),
)


class Model:
    """What the operations mean, written plainly: a dict of dicts and a stack of snapshots."""

    def __init__(self) -> None:
        self.items: dict[str, dict] = {}
        self.undo_stack: list[dict] = []

    def _entry(self, rid: str) -> dict:
        return self.items.setdefault(rid, {"status": "todo", "started": None, "finished": None,
                                           "spent_hours": 0.0, "notes": [], "skip_reason": None})

    def apply(self, op: tuple, now: datetime) -> None:
        kind = op[0]
        if kind == "undo":
            if self.undo_stack:
                self.items = self.undo_stack.pop()
            return
        notes = self.items[op[1]]["notes"] if kind in ("note", "delete-note") and op[1] in self.items else []
        if kind == "note" and notes and notes[-1] == {"text": op[2], "day": now.date()}:
            return   # the same note again the same day changes nothing: no undo step
        if kind == "delete-note" and not 1 <= op[2] <= len(notes):
            return   # no such note: nothing changes
        if kind == "done" and not op[2] and all(self.items.get(r, {}).get("status") == "done" for r in op[1]):
            return   # done again, with no time spent: nothing changes, no undo step
        self.undo_stack.append(copy.deepcopy(self.items))
        del self.undo_stack[:-HISTORY_LIMIT]
        if kind == "start":
            e = self._entry(op[1])
            e.update(status="in-progress", started=e["started"] or now, finished=None, skip_reason=None)
        elif kind == "done":
            for rid in op[1]:
                e = self._entry(rid)
                if e["status"] != "done":   # one done already keeps its dates
                    e.update(status="done", started=e["started"] or now, finished=now, skip_reason=None)
                if op[2]:
                    e["spent_hours"] = round(e["spent_hours"] + op[2] / len(op[1]), 4)
        elif kind == "skip":
            self._entry(op[1]).update(status="skipped", finished=None, skip_reason=op[2])
        elif kind == "reset":
            self._entry(op[1]).update(status="todo", finished=None, skip_reason=None)
        elif kind == "note":
            self._entry(op[1])["notes"].append({"text": op[2], "day": now.date()})
        elif kind == "delete-note":
            del self._entry(op[1])["notes"][op[2] - 1]


def as_dict(state) -> dict:
    """An ItemState as the model keeps it: fields by name, notes as dicts."""
    out = {name: getattr(state, name) for name in fields(state)}
    out["notes"] = [{name: getattr(note, name) for name in fields(note)} for note in state.notes]
    return out


def apply_to_store(store: Store, op: tuple, now: datetime) -> None:
    kind = op[0]
    change = {
        "start": lambda p: actions.start(p, op[1], now),
        "done": lambda p: actions.done(p, op[1], now, op[2]),
        "skip": lambda p: actions.skip(p, op[1], now, op[2]),
        "reset": lambda p: actions.reset(p, op[1], now),
        "note": lambda p: actions.note(p, op[1], op[2], now),
        "delete-note": lambda p: actions.delete_note(p, op[1], op[2], now),
        "undo": actions.undo,
    }[kind]
    store.update(change)


@settings(FAST, max_examples=80)
@given(ops=st.lists(OPS, max_size=30))
def test_any_sequence_of_changes_keeps_the_store_equal_to_a_simple_model(no_fsync, ops):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "progress.toml")
        model = Model()
        for n, op in enumerate(ops):
            now = T0 + timedelta(minutes=n)
            apply_to_store(store, op, now)
            model.apply(op, now)
            if n % 5 == 4 or n == len(ops) - 1:      # a fresh read from disk, not the object in memory
                assert {k: as_dict(v) for k, v in Store(store.path).load().items.items()} == model.items


def test_undo_walks_back_at_most_the_history_limit(no_fsync, tmp_path):
    store, model = Store(tmp_path / "progress.toml"), Model()
    ops = [("note", "a", f"n{i}") for i in range(HISTORY_LIMIT + 10)] + [("undo",)] * (HISTORY_LIMIT + 5)
    for n, op in enumerate(ops):
        apply_to_store(store, op, T0 + timedelta(minutes=n))
        model.apply(op, T0 + timedelta(minutes=n))
    assert [n.text for n in store.load().items["a"].notes] == [f"n{i}" for i in range(10)]
    assert [n["text"] for n in model.items["a"]["notes"]] == [f"n{i}" for i in range(10)]
    assert store.load().history == []


# ---------------------------------------------------------------- round trip

def aware(dt: datetime, minutes: int) -> datetime:
    return dt.replace(tzinfo=timezone(timedelta(minutes=minutes)))


WHEN = st.builds(aware, st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1)),
                 st.integers(-23 * 60 - 59, 23 * 60 + 59))
MAYBE_TEXT = st.one_of(st.none(), st.text(max_size=20))
KEY = st.text(max_size=12)
STATE = st.builds(ItemState, status=st.sampled_from(STATES), started=st.one_of(st.none(), WHEN),
                  finished=st.one_of(st.none(), WHEN),
                  spent_hours=st.one_of(st.just(0.0), st.floats(0.01, 1e6, allow_nan=False)),
                  notes=st.lists(st.builds(Note, text=st.text(max_size=20),
                                           day=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(9000, 12, 31)))), max_size=3),
                  skip_reason=MAYBE_TEXT)
def _once_each(sections: list[Section]) -> list[Section]:
    """A plan lists an item once (the file refuses a repeat)."""
    seen: set[str] = set()
    out = []
    for s in sections:
        items = [i for i in dict.fromkeys(s.items) if i not in seen]
        seen.update(items)
        out.append(Section(id=s.id, items=items, depth=s.depth))
    return out


PLAN = st.builds(
    Plan, created=WHEN,
    sections=st.lists(st.builds(Section, id=st.text(max_size=12), items=st.lists(KEY, max_size=4),
                                depth=st.sampled_from([None, "overview", "practitioner", "deep"])),
                      max_size=4).map(_once_each),
    goal=MAYBE_TEXT, role=MAYBE_TEXT, depth=st.sampled_from([None, "overview", "practitioner", "deep"]),
    focus=MAYBE_TEXT, hours_per_week=st.one_of(st.none(), st.floats(0.25, 168, allow_nan=False)),
    topics=st.lists(KEY, max_size=3), start=st.one_of(st.none(), st.dates(date(1970, 1, 1), date(2200, 1, 1))))
SCALAR = st.one_of(st.text(max_size=10), st.integers(-2**63, 2**63 - 1), st.booleans(),
                   st.floats(allow_nan=False), WHEN)
PROGRESS = st.builds(
    Progress, plan=st.one_of(st.none(), PLAN), items=st.dictionaries(KEY, STATE, max_size=5),
    history=st.lists(st.one_of(
        st.builds(Change, action=st.text(max_size=15), at=WHEN,
                  before=st.dictionaries(KEY, st.one_of(st.none(), STATE), max_size=3)),
        st.builds(Change, action=st.text(max_size=15), at=WHEN, before=st.just({}),
                  replaces_plan=st.just(True), plan_before=st.one_of(st.none(), PLAN))), max_size=4),
    reported_unknown=st.lists(KEY, max_size=3),
    settings=st.dictionaries(st.text(max_size=8).filter(lambda k: k != "review_cap"), SCALAR, max_size=3),
)


@settings(FAST, max_examples=120)
@given(progress=PROGRESS)
def test_the_file_round_trips_through_save_and_load(progress):
    data = dump(progress)
    loaded, _ = parse_bytes(data)
    assert loaded == progress
    assert dump(loaded) == data                       # and saving it again gives the same bytes


@settings(FAST, max_examples=30)
@given(progress=PROGRESS)
def test_a_saved_progress_loads_back_equal_from_disk(no_fsync, progress):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "progress.toml")

        def replace(p: Progress) -> None:
            p.__dict__.update(copy.deepcopy(progress).__dict__)

        store.update(replace)
        assert Store(store.path).load() == progress

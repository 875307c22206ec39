"""Review cards in the progress file: schema version 2, the migration from 1, card validation."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone

import pytest

from studyguide.progress import file as progress_file

from studyguide.progress import review
from studyguide.errors import DataError
from studyguide.progress.store import Store

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

V1_FILE = """\
schema_version = 1

[plan]
created = 2026-11-01T10:00:00Z
goal = "concepts"
depth = "practitioner"
focus = "transformer-internals"
hours_per_week = 5.0

[[plan.sections]]
id = "attention-math"
depth = "practitioner"
items = ["d2l", "cs224n-transformers-slides"]

[settings]
theme = "plain"

[items.d2l]
status = "done"
started = 2026-11-02T10:00:00Z
finished = 2026-11-05T10:00:00Z
spent_hours = 4.5
note = "chapter 11"

[items.cs224n-transformers-slides]
status = "skipped"
skip_reason = "seen it"

[cards.some-question]
colour = "legacy: version 1 only reserved this table"

[[history]]
action = "done d2l"
at = 2026-11-05T10:00:00Z
absent = ["d2l"]
"""


def _write(home, text: str):
    home.mkdir(parents=True, exist_ok=True)
    path = home / "progress.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_version_1_file_loads_and_is_saved_at_the_current_version_with_progress_intact(sandbox_home):
    path = _write(sandbox_home, V1_FILE)
    before = Store().load()
    assert [n.text for n in before.items["d2l"].notes] == ["chapter 11"] and before.cards == {}
    assert path.read_text(encoding="utf-8") == V1_FILE          # reading never writes

    Store().update(lambda p: review.record(p, "attention-math-sqrt-dk", "good", NOW))

    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == progress_file.SCHEMA_VERSION > 1
    assert (sandbox_home / "progress.toml.bak").read_text(encoding="utf-8") == V1_FILE
    after = Store().load()
    assert after.items == before.items
    assert after.plan == before.plan
    assert after.history == before.history
    assert after.settings == {"theme": "plain"}
    assert list(after.cards) == ["attention-math-sqrt-dk"]       # the legacy table was set aside
    assert after.cards["attention-math-sqrt-dk"]["last_review"] == NOW


def test_migration_step_drops_only_the_reserved_cards_table():
    data = tomllib.loads(V1_FILE)
    out = progress_file.migrate_1_to_2(data)
    assert "cards" not in out and "cards" in data                 # the input is not changed
    assert {k: v for k, v in data.items() if k != "cards"} == out


def test_cards_round_trip_through_the_file(sandbox_home):
    def grade_two(p):
        review.record(p, "q1", "good", NOW)
        review.record(p, "q1", "again", NOW.replace(day=26))
        review.record(p, "q2", "easy", NOW)

    Store().update(grade_two)
    cards = Store().load().cards
    assert cards["q1"]["reps"] == 2 and cards["q1"]["lapses"] == 1
    assert cards["q2"]["state"] == "review"
    assert set(cards["q1"]) <= progress_file.CARD_KEYS
    expect = review.grade(review.grade(None, "good", NOW), "again", NOW.replace(day=26))
    assert cards["q1"] == expect


@pytest.mark.parametrize("card,field,words", [
    ('due = 2026-11-25T09:00:00Z\ncolour = "red"', "cards.q1.colour", "unknown key"),
    ('stability = 2.0', "cards.q1.due", "is required"),
    ('due = "tomorrow"', "cards.q1.due", "date-time"),
    ('due = 2026-11-25T09:00:00Z\nstate = "sleeping"', "cards.q1.state", "must be one of"),
    ('due = 2026-11-25T09:00:00Z\ndifficulty = 11.0', "cards.q1.difficulty", "between 1 and 10"),
    ('due = 2026-11-25T09:00:00Z\nstability = 0', "cards.q1.stability", "more than 0"),
    ('due = 2026-11-25T09:00:00Z\nreps = -1', "cards.q1.reps", "whole number"),
    ('due = 2026-11-25T09:00:00Z\nlapses = 1.5', "cards.q1.lapses", "whole number"),
    ('due = 2026-11-25T09:00:00Z\nstep = true', "cards.q1.step", "whole number"),
])
def test_a_bad_card_is_refused_with_its_field_path(sandbox_home, card, field, words):
    path = _write(sandbox_home, f"schema_version = 2\n\n[cards.q1]\n{card}\n")
    with pytest.raises(DataError) as err:
        Store().load()
    assert f"{field}:" in str(err.value) and words in str(err.value)
    with pytest.raises(DataError):
        Store().update(lambda p: None)                           # never written over
    assert path.read_text(encoding="utf-8").endswith(card + "\n")


@pytest.mark.parametrize("value", ["0", "1001", '"20"', "2.5", "true"])
def test_a_bad_review_cap_is_refused(sandbox_home, value):
    _write(sandbox_home, f"schema_version = 2\n\n[settings]\nreview_cap = {value}\n")
    with pytest.raises(DataError, match=r"settings\.review_cap: must be a whole number from 1 to 1000"):
        Store().load()


def test_a_good_review_cap_is_used(sandbox_home):
    _write(sandbox_home, "schema_version = 2\n\n[settings]\nreview_cap = 7\n")
    assert review.daily_cap(Store().load()) == 7
    assert review.daily_cap(Store().load(), override=3) == 3


def test_undo_says_that_review_grades_given_since_stay(cli, sandbox_home, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from studyguide.progress.store import Store

    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-23T09:00:00+00:00")
    assert cli("done", "lora").returncode == 0
    first = cli("undo")
    assert first.returncode == 0 and "review grade" not in first.stdout
    assert cli("done", "lora").returncode == 0
    graded = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)   # an hour after the step
    card = {"due": graded + timedelta(days=2), "stability": 3.0, "difficulty": 5.0, "state": "review",
            "last_review": graded, "reps": 2, "lapses": 0}
    Store().update(lambda p: p.cards.update({"lora-rank": card}))
    res = cli("undo")
    assert res.returncode == 0 and "undid: done lora" in res.stdout
    assert "1 review grade given since then stays;" in " ".join(res.stdout.split())
    assert Store().load().cards["lora-rank"]["last_review"] == graded

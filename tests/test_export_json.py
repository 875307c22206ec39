"""The JSON backup and `studyguide import`: lossless, validated whole, all or nothing."""

from __future__ import annotations

import copy
import json
import os
from datetime import timedelta

import pytest
from export_fixtures import (
    NOW, NOW_ENV, check_golden, fixed_progress, hostile_catalog, hostile_progress,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyguide.errors import DataError
from studyguide.progress.model import Change
from studyguide.export.json import FORMAT, FORMAT_VERSION, load_backup, render_json
from studyguide.progress.file import progress_to_dict
from studyguide.progress.store import Store


def _rich_progress(catalog):
    """Every kind of field the progress file has, review cards and settings included."""
    progress = hostile_progress(hostile_catalog(catalog))
    progress.plan.start = NOW.date() + timedelta(days=3)
    progress.plan.topics = ["middle"]
    progress.reported_unknown = ["gone-item"]
    progress.settings = {"review_cap": 30}
    # A replaced plan in the undo history: its dates must come back as dates too.
    older = copy.deepcopy(progress.plan)
    older.goal, older.start = None, NOW.date() - timedelta(days=30)
    progress.history.append(Change(action="recommend (goal learn, depth deep)", at=NOW, before={},
                                   replaces_plan=True, plan_before=older))
    progress.cards = {
        "q-one": {"due": NOW + timedelta(days=4), "stability": 3.2, "difficulty": 5.5, "state": "review",
                  "last_review": NOW - timedelta(days=1), "reps": 3, "lapses": 1},
        "q-two": {"due": NOW, "state": "learning", "step": 0},
    }
    return progress


def _backup(progress_dict: dict) -> bytes:
    return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "generated": NOW.isoformat(),
                       "studyguide": "0", "progress": progress_dict}).encode()


def test_json_golden(mini_catalog):
    from studyguide import __version__

    text = render_json(fixed_progress(mini_catalog), NOW)
    check_golden("mini.json", text.replace(f'"studyguide": "{__version__}"', '"studyguide": "VERSION"'))


def test_backup_round_trips_every_field(mini_catalog):
    progress = _rich_progress(mini_catalog)
    # Through the TOML store first, so the comparison is with what a learner really has.
    store = Store()
    store.update(lambda p: p.__dict__.update(progress.__dict__))
    saved = store.load()
    restored = load_backup(render_json(saved, NOW).encode(), "backup.json")
    assert progress_to_dict(restored) == progress_to_dict(saved)
    assert restored.cards["q-one"]["due"] == NOW + timedelta(days=4)      # a date-time again, not a string
    assert restored.plan.start == NOW.date() + timedelta(days=3)


def test_the_file_says_what_it_is(mini_catalog):
    data = json.loads(render_json(fixed_progress(mini_catalog), NOW))
    assert data["format"] == FORMAT and data["format_version"] == FORMAT_VERSION
    assert data["generated"] == "2026-11-23T09:00:00+00:00"
    assert data["progress"]["plan"]["created"] == "2026-11-23T09:00:00+00:00"


GOOD = {"schema_version": 2, "items": {"lora": {"status": "done"}}}


@pytest.mark.parametrize("raw, message", [
    (b"", "line 1, column 1: not valid JSON"),
    (b"{not json", "line 1, column 2: not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    (b"[1, 2]", "format: missing or not 'studyguide-backup'"),
    (b'{"format": "something-else"}', "format: missing or not 'studyguide-backup'"),
    (json.dumps({"format": FORMAT, "format_version": 99, "progress": {}}).encode(),
     "format_version: is 99, written by a newer studyguide"),
    (json.dumps({"format": FORMAT, "format_version": "1", "progress": {}}).encode(),
     "format_version: must be a whole number"),
    (json.dumps({"format": FORMAT, "format_version": 1, "progress": [], "x": 1}).encode(),
     "x: unknown key"),
    (json.dumps({"format": FORMAT, "format_version": 1}).encode(), "progress: must be an object"),
    (_backup({"items": {"lora": {"status": "finished"}}}), "progress.items.lora.status: must be one of"),
    (_backup({"items": {"lora": {"status": "done", "started": "yesterday"}}}),
     "progress.items.lora.started: must be an ISO date-time"),
    (b'{"format": "studyguide-backup", "format_version": 1, "progress": {"items": {"a": {"spent_hours": 1e400}}}}',
     "progress.items.a.spent_hours: must be between"),
    (_backup({"plan": {"sections": []}}), "progress.plan.created: is required"),
    (_backup({"plan": {"created": "2026-11-23T09:00:00", "start": "soon"}}),
     "progress.plan.start: must be an ISO date"),
    (_backup({"schema_version": 7}), "progress.schema_version: is 7, written by a newer studyguide"),
    (_backup({"items": {"a": {"notes": [{"text": "\ud800"}]}}}),
     "progress.items.a.notes[0].text: contains an invalid character"),
    (_backup({"settings": {"review_cap": None}}), "progress.settings.review_cap: must be a plain value"),
    (_backup({"cards": {"q": {"due": {"$datetime": "tomorrow"}}}}), "progress.cards.q.due: $datetime: not a valid"),
    (_backup({"history": [{"action": "x", "at": "2026-11-23T09:00:00+00:00", "before": {"a": {"status": 3}}}]}),
     "progress.history[0].before.a.status: must be a string"),
    (b'{"format": "studyguide-backup", "format": "studyguide-backup"}', "key 'format': appears twice"),
    (b'{"format": NaN}', "NaN: is not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_broken_backups_name_the_problem(raw, message):
    with pytest.raises(DataError) as err:
        load_backup(raw, "backup.json")
    assert str(err.value).startswith("backup.json: ")
    assert message in str(err.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                 max_leaves=20).map(lambda v: _backup(v) if isinstance(v, dict) else json.dumps(v).encode()),
))
def test_any_input_loads_or_is_a_data_error(raw):
    try:
        progress = load_backup(raw, "f.json")
    except DataError as err:
        assert str(err).startswith("f.json: ")
    else:
        progress_to_dict(progress)   # what loads can be saved


# ---------------------------------------------------------------- the CLI




def test_export_then_import_into_an_empty_home_gives_the_same_state(run_cli, planned, tmp_path):
    backup = tmp_path / "backup.json"
    result = run_cli("export", "--format", "json", "-o", str(backup), env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote json to {backup}\n"
    fresh = tmp_path / "fresh-home"
    result = run_cli("import", str(backup), env={**NOW_ENV, "STUDYGUIDE_HOME": str(fresh)})
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"imported {backup}: a plan and progress on 4 item(s)\n"
    before = Store().load()
    after = Store(fresh / "progress.toml").load()
    assert progress_to_dict(after) == progress_to_dict(before)
    assert not (fresh / "progress.toml.bak").exists()   # nothing was replaced
    again = run_cli("import", str(backup), "--yes", env={**NOW_ENV, "STUDYGUIDE_HOME": str(fresh)})
    assert again.stdout == f"imported {backup}: it matches your current plan and progress; nothing changed\n"


def test_import_over_progress_needs_yes_without_a_terminal(run_cli, planned, sandbox_home, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_bytes(_backup({"items": {"lora": {"status": "done"}}}))
    progress_file = sandbox_home / "progress.toml"
    old = progress_file.read_bytes()
    result = run_cli("import", str(backup), env=NOW_ENV)
    assert result.returncode == 1
    assert result.stderr == ("error: you already have a plan or progress; add --yes to replace it with the backup "
                             "(the current state is kept in progress.toml.bak)\n")
    assert progress_file.read_bytes() == old
    result = run_cli("import", str(backup), "--yes", env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    assert (sandbox_home / "progress.toml.bak").read_bytes() == old    # the replaced state is kept
    now = Store().load()
    assert now.plan is None and set(now.items) == {"lora"} and now.items["lora"].status == "done"


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"{oops", "line 1, column 2: not valid JSON (Expecting property name enclosed in double quotes); "
               "is it a studyguide JSON backup?"),
    (_backup({"items": {"x": {"status": "finished"}}}),
     "progress.items.x.status: must be one of todo, in-progress, done, skipped"),
])
def test_a_broken_import_changes_nothing(run_cli, planned, sandbox_home, tmp_path, content, message):
    backup = tmp_path / "broken.json"
    if content is not None:
        backup.write_bytes(content)
    old = (sandbox_home / "progress.toml").read_bytes()
    result = run_cli("import", str(backup), "--yes", env=NOW_ENV)
    assert result.returncode == 2
    assert result.stderr == f"error: {backup}: {message}\n"
    assert (sandbox_home / "progress.toml").read_bytes() == old
    assert not (sandbox_home / "progress.toml.bak").exists()


def test_import_of_a_folder_or_fifo_is_refused(run_cli, tmp_path):
    result = run_cli("import", str(tmp_path))
    assert (result.returncode, result.stderr) == (2, f"error: {tmp_path}: is a directory, not a backup file\n")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = run_cli("import", str(fifo), timeout=20)      # never blocks waiting for a writer
    assert (result.returncode, result.stderr) == (2, f"error: {fifo}: is not a regular file\n")


def test_import_asks_in_a_terminal(planned, sandbox_home, tmp_path):
    from ptydriver import Terminal

    backup = tmp_path / "backup.json"
    backup.write_bytes(_backup({"items": {"lora": {"status": "done"}}}))
    old = (sandbox_home / "progress.toml").read_bytes()
    term = Terminal("import", str(backup), env=NOW_ENV)
    term.expect("Replace your current plan and progress with the backup?")
    term.send("n\r")
    assert term.wait() == 1
    assert "kept your current plan and progress; nothing was imported" in term.screen
    assert (sandbox_home / "progress.toml").read_bytes() == old
    term = Terminal("import", str(backup), env=NOW_ENV)
    term.expect("Replace your current plan and progress with the backup?")
    term.send("y\r")
    assert term.wait() == 0
    assert Store().load().plan is None
    assert (sandbox_home / "progress.toml.bak").read_bytes() == old

"""Notes as a dated log: the upgrade from a single note, and where notes show."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import date
from pathlib import Path

from studyguide.progress.file import migrate_2_to_3
from studyguide.progress.model import Note
from studyguide.progress.store import Store

RELEASE_0 = Path(__file__).parent / "fixtures" / "release-0.x" / "progress.toml"
NOW_ENV = {"STUDYGUIDE_NOW": "2026-12-06T20:00:00+00:00"}


def test_old_single_notes_become_the_first_dated_note_with_a_backup(sandbox_home, run_cli):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    path = sandbox_home / "progress.toml"
    shutil.copy(RELEASE_0, path)
    loaded = Store().load()
    # Dated by the undo history's `note ID` step, the day the old release wrote the text.
    assert loaded.items["hf-llm-course"].notes == [Note("chapters 1-4 were the core", date(2026, 11, 22))]
    assert loaded.items["cs224n-transformers-slides"].notes == [Note("start with lecture 8", date(2026, 11, 24))]
    assert path.read_bytes() == RELEASE_0.read_bytes()            # reading alone never writes

    res = run_cli("note", "hf-llm-course", "chapter 5 too", env=NOW_ENV)
    assert res.returncode == 0, res.stderr
    assert (sandbox_home / "progress.toml.bak").read_bytes() == RELEASE_0.read_bytes()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))["items"]["hf-llm-course"]
    assert "note" not in saved
    assert saved["notes"] == [{"date": date(2026, 11, 22), "text": "chapters 1-4 were the core"},
                              {"date": date(2026, 12, 6), "text": "chapter 5 too"}]
    shown = json.loads(run_cli("show", "hf-llm-course", "--json", env=NOW_ENV).stdout)
    assert shown["state"] == "done"
    assert shown["notes"] == [{"date": "2026-11-22", "text": "chapters 1-4 were the core"},
                              {"date": "2026-12-06", "text": "chapter 5 too"}]
    # Undo of the old release's note step brings back its snapshot: no note, as before it.
    run_cli("undo", env=NOW_ENV)
    assert [n.text for n in Store().load().items["hf-llm-course"].notes] == ["chapters 1-4 were the core"]


def test_a_note_whose_day_was_never_recorded_stays_undated():
    data = {"items": {"a": {"status": "todo", "note": "old"}, "b": {"status": "done"}},
            "history": [{"action": "note b", "at": date(2026, 1, 1),
                         "before": {"a": {"status": "todo", "note": "older"}}}]}
    out = migrate_2_to_3(data)
    assert out["items"]["a"] == {"status": "todo", "notes": [{"text": "old"}]}
    assert out["items"]["b"] == {"status": "done"}
    assert out["history"][0]["before"]["a"] == {"status": "todo", "notes": [{"text": "older"}]}
    assert data["items"]["a"]["note"] == "old"                     # the input is left alone


def test_a_note_with_terminal_escapes_never_reaches_the_screen(run_cli):
    env = {**NOW_ENV, "COLUMNS": "80"}
    assert run_cli("recommend", "--goal", "build", "--yes", env=env).returncode == 0
    first = json.loads(run_cli("next", "--json", env=env).stdout)["id"]
    assert run_cli("note", "lora", "evil \x1b[31mred\x1b[0m \x07bell", env=env).returncode == 0
    assert run_cli("note", first, "evil \x1b[31mred\x1b[0m \x07bell", env=env).returncode == 0
    for args in (("note", "lora"), ("show", "lora"), ("search", "lora"), ("next",)):
        out = run_cli(*args, env=env).stdout
        assert "\x1b" not in out and "\x07" not in out, args
        assert "evil" in out or args[0] == "search", args             # the note is there, cleaned
    assert "evil  [31mred" in " ".join(run_cli("show", "lora", env=env).stdout.split(" "))
    assert json.loads(run_cli("show", "lora", "--json", env=env).stdout)["notes"][0]["text"] == \
        "evil \x1b[31mred\x1b[0m \x07bell"                         # JSON keeps the text exactly

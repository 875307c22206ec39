"""`add --id ID` chooses the id; `remove ID` takes out a resource you added, and `undo` puts
it back (issue 19)."""

from __future__ import annotations

import json
import tomllib

import pytest

from studyguide.progress.store import Store

NOW = "2026-11-23T09:00:00+00:00"
URL = "https://example.com/our-notes"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW)


def mine(home) -> dict:
    path = home / "catalog" / "mine.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def test_add_with_id_uses_that_id(cli, sandbox_home):
    res = cli("add", URL, "--title", "Our notes on attention", "--topic", "attention-math", "--id", "our-notes")
    assert res.returncode == 0, res
    assert res.stdout == "our-notes\n"
    assert [r["id"] for r in mine(sandbox_home)["resources"]] == ["our-notes"]
    assert cli("show", "our-notes").returncode == 0


@pytest.mark.parametrize("bad", ["Our Notes", "-notes", "notes_1", "x" * 81, "", "notes\n", "notés"])
def test_add_with_a_malformed_id_is_refused_before_writing(cli, sandbox_home, bad):
    res = cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", bad)
    assert res.returncode == 1 and res.stderr.startswith(f"error: --id {bad!r}: use lowercase letters")
    assert res.stderr.count("\n") == 1 and not (sandbox_home / "catalog" / "mine.toml").exists()


def test_add_with_a_taken_id_is_refused_not_renamed(cli, sandbox_home):
    res = cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "lora")
    assert res.returncode == 1
    assert res.stderr == "error: --id lora: the catalog already has that id (`studyguide show lora`); choose another\n"
    assert cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "mine-1").returncode == 0
    again = cli("add", URL + "-2", "--title", "More notes", "--topic", "attention-math", "--id", "mine-1")
    assert again.returncode == 1 and "already has that id" in again.stderr
    assert [r["id"] for r in mine(sandbox_home)["resources"]] == ["mine-1"]


def test_remove_takes_out_what_you_added_and_undo_puts_it_back(cli, sandbox_home):
    assert cli("recommend", "--goal", "concepts", "--yes").returncode == 0
    assert cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "our-notes").returncode == 0
    assert cli("hide", "our-notes").returncode == 0
    assert cli("unhide", "our-notes").returncode == 0
    assert cli("note", "our-notes", "read twice").returncode == 0
    before = mine(sandbox_home)
    res = cli("remove", "our-notes")
    assert res.returncode == 0, res
    assert res.stdout.startswith("removed our-notes from your catalog")
    assert "`studyguide undo` puts it back; your progress on it is kept." in " ".join(res.stdout.split())
    assert "our-notes" not in json.dumps(mine(sandbox_home))          # entry and topic append gone
    assert cli("show", "our-notes").returncode == 1
    assert [n.text for n in Store().load().items["our-notes"].notes] == ["read twice"]   # progress kept
    res = cli("undo")
    assert res.returncode == 0 and res.stdout.startswith("undid: remove our-notes")
    assert mine(sandbox_home) == before
    assert "our-notes" in cli("show", "attention-math").stdout
    assert cli("undo").stdout.startswith("undid: note our-notes")       # the steps before are intact


def test_remove_refuses_what_you_did_not_add(cli, sandbox_home):
    res = cli("remove", "lora")
    assert res.returncode == 1
    assert res.stderr == ("error: lora is not one you added (it comes from bundled); "
                          "`studyguide hide lora` takes it out of topics, search and new plans\n")
    res = cli("remove", "nothing-like-it")
    assert res.returncode == 1 and "you have added none" in res.stderr
    assert not (sandbox_home / "catalog" / "mine.toml").exists()
    assert cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "our-notes").returncode == 0
    res = cli("remove", "our-note")
    assert res.returncode == 1 and "did you mean our-notes" in res.stderr and "you added: our-notes" in res.stderr


def test_the_undo_step_of_remove_survives_the_progress_file(cli, sandbox_home):
    """The step is written to progress.toml and read back (a later command undoes it)."""
    assert cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "our-notes").returncode == 0
    assert cli("remove", "our-notes").returncode == 0
    text = (sandbox_home / "progress.toml").read_text()
    assert "restore" in text and URL in text
    assert Store().load().history[-1].restore["resource"]["id"] == "our-notes"
    assert cli("undo").returncode == 0 and "our-notes" in json.dumps(mine(sandbox_home))


def test_undo_of_a_remove_the_catalog_no_longer_takes_says_so_and_goes_on(cli, sandbox_home, tmp_path,
                                                                           monkeypatch):
    assert cli("add", URL, "--title", "Our notes", "--topic", "attention-math", "--id", "our-notes").returncode == 0
    assert cli("remove", "our-notes").returncode == 0
    # A teacher's catalog loaded now defines that id: the entry cannot come back as it was.
    team = tmp_path / "team"
    team.mkdir()
    (team / "res.toml").write_text('''
[[resources]]
id = "our-notes"
title = "The class notes"
authors = "Dr. Teacher"
kind = "website"
url = "https://class.example.edu/notes"
level = "intro"
stage = "foundation"
hours = 1
free = true
why = "The class's notes."
''')
    monkeypatch.setenv("STUDYGUIDE_CATALOG", str(team))
    res = cli("undo")
    assert res.returncode == 0, res
    assert res.stdout.startswith("undid: remove our-notes")
    assert "note: could not put our-notes back" in res.stderr and URL in " ".join(res.stderr.split())
    assert "our-notes" not in json.dumps(mine(sandbox_home))
    assert Store().load().history == []          # the step is taken: undo is not stuck on it


@pytest.mark.parametrize("restore,field", [
    ("restore = 5", "restore"),
    ("restore = { resource = { title = 'x' } }", "restore.resource"),
    ("restore = { resource = { id = 'x' }, topics = 5 }", "restore.topics"),
    ("restore = { resource = { id = 'x' }, hidden = 'yes' }", "restore.hidden"),
    ("restore = { resource = { id = 'x' }, extra = 1 }", "restore.extra"),
])
def test_a_hand_edited_restore_step_is_refused_with_its_field(cli, sandbox_home, restore, field):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    (sandbox_home / "progress.toml").write_text(
        f"schema_version = 3\n\n[[history]]\naction = \"remove x\"\nat = 2026-11-23T09:00:00Z\n{restore}\n")
    res = cli("undo")
    assert res.returncode == 2, res
    assert f"history[0].{field}" in res.stderr and res.stderr.count("\n") == 1

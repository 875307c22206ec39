"""Progress written by release 0.1.0 (before study units) carries over (issue 15): a plan's
whole resources become their units with their states, logged hours, notes and history
kept, a backup is taken first, and `undo` still walks back the old steps."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import date

import pytest

from conftest import FIXTURES

RELEASES = {
    # Written by the other helper with 0.1.0's own commands (tests/fixtures/release-0.x/README.md).
    "build-overview": FIXTURES / "release-0.x" / "progress.toml",
    # Written with 0.1.0 too (commit 16f493f): concepts at deep, 5 h/week.
    "concepts-deep": FIXTURES / "progress" / "release-0.1.0-concepts-deep.toml",
}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-26T09:00:00+00:00")


def install(sandbox_home, name: str) -> bytes:
    sandbox_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(RELEASES[name], sandbox_home / "progress.toml")
    return RELEASES[name].read_bytes()


def saved(sandbox_home) -> dict:
    with open(sandbox_home / "progress.toml", "rb") as fh:
        return tomllib.load(fh)


def planned(data: dict) -> list[str]:
    return [i for s in data["plan"]["sections"] for i in s["items"]]


def test_a_release_0_1_plan_becomes_units_with_its_progress(cli, sandbox_home):
    original = install(sandbox_home, "build-overview")
    old_status = tomllib.loads(original.decode())
    res = cli("status", "--json")
    assert res.returncode == 0, res
    # A backup of the file as it was, before anything was rewritten.
    assert (sandbox_home / "progress.toml.bak").read_bytes() == original
    data = saved(sandbox_home)
    items = data["items"]
    ids = planned(data)
    from studyguide.catalog.load import load_catalog

    catalog = load_catalog()
    # No resource that has units is planned whole any more.
    assert [i for i in ids if catalog.resources[catalog.current_id(i)].units] == []
    # Done before -> all its units done; skipped -> all skipped, with the reason.
    hf = catalog.resources["hf-llm-course"].units
    assert all(items[u]["status"] == "done" for u in hf) and set(hf) <= set(ids)
    pt = catalog.resources["pytorch-tutorials"].units
    assert all(items[u]["status"] == "skipped" and items[u]["skip_reason"] == "used PyTorch at work" for u in pt)
    # In progress -> its first unit in progress; the resource's own entry, note and hours stay.
    assert items["llm-from-scratch-book/chapter-1"]["status"] == "in-progress"
    old_entry = dict(old_status["items"]["hf-llm-course"])   # its single note is now a dated one
    old_entry["notes"] = [{"date": date(2026, 11, 22), "text": old_entry.pop("note")}]
    assert items["hf-llm-course"] == old_entry
    # A note on the slides the catalog folded into CS224N's lecture 8 follows it.
    # (It becomes the first dated note, dated by the old release's undo step for it.)
    assert [n["text"] for n in items["cs224n/lecture-08"]["notes"]] == ["start with lecture 8"]
    status = json.loads(res.stdout)
    assert status["overall"]["hours_logged"] == pytest.approx(32.0)   # 30 h on the course, 2 h on a post
    assert status["overall"]["done"] >= len(hf) + 2
    # History kept: undo walks back the old release's last step, then the one before.
    assert cli("undo").stdout.startswith("undid: start karpathy-zero-to-hero")
    assert cli("undo").stdout.startswith("undid: note cs224n-transformers-slides")
    assert "notes" not in saved(sandbox_home)["items"].get("cs224n/lecture-08", {})
    # The review cards and the rest of the file are untouched.
    assert saved(sandbox_home)["cards"] == old_status["cards"]


def test_the_upgrade_is_written_once_and_then_leaves_the_file_alone(cli, sandbox_home):
    install(sandbox_home, "concepts-deep")
    assert cli("next").returncode == 0
    first = (sandbox_home / "progress.toml").read_bytes()
    backup = (sandbox_home / "progress.toml.bak").read_bytes()
    assert cli("status").returncode == 0 and cli("next", "--json").returncode == 0
    assert (sandbox_home / "progress.toml").read_bytes() == first
    assert (sandbox_home / "progress.toml.bak").read_bytes() == backup
    data = saved(sandbox_home)
    # The path's whole CS224N became its 19 lectures, each once across the plan.
    ids = planned(data)
    assert len(ids) == len(set(ids))
    assert sum(1 for i in ids if i.startswith("cs224n/")) == 19
    # deep-learning-book was skipped: its chapters are, the reason with them.
    skipped = [i for i in ids if i.startswith("deep-learning-book/")]
    assert skipped and all(data["items"][i]["status"] == "skipped" for i in skipped)
    assert [n["text"] for n in data["items"]["cs224n/lecture-01"]["notes"]] == ["watching the 2023 playlist"]


def test_a_first_command_that_changes_something_upgrades_with_a_backup(cli, sandbox_home):
    original = install(sandbox_home, "concepts-deep")
    res = cli("done", "attention-is-all-you-need")   # the very first command after upgrading
    assert res.returncode == 0, res
    assert (sandbox_home / "progress.toml.bak").read_bytes() == original
    assert not [i for i in planned(saved(sandbox_home)) if i in ("cs224n", "hf-llm-course")]

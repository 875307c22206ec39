"""State changes said out loud (issue 19): skip on done, done on done, hints after start,
a finished plan, rounded percentages, the "new address" label."""

from __future__ import annotations

import json

import pytest

from studyguide.progress.store import Store

NOW = "2026-11-23T09:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW)


@pytest.fixture
def plan(cli):
    assert cli("recommend", "--goal", "concepts", "--hours-per-week", "5", "--yes").returncode == 0
    return [i["id"] for i in json.loads(cli("next", "-n", "3", "--json").stdout)]


def test_skip_on_a_done_item_without_a_terminal_needs_force(cli, plan):
    rid = plan[0]
    assert cli("done", rid).returncode == 0
    steps = len(Store().load().history)
    res = cli("skip", rid)
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr == (f"error: {rid} is done (since 2026-11-23); skipping takes it out of the figures and "
                          "its hours out of 'done': add --force to skip it anyway; nothing changed\n")
    after = Store().load()
    assert after.items[rid].status == "done" and len(after.history) == steps
    res = cli("skip", rid, "--force")
    assert res.returncode == 0 and res.stdout.startswith(f"skipped {rid}\n")
    assert Store().load().items[rid].status == "skipped"


@pytest.mark.parametrize("answer,status", [("y", "skipped"), ("n", "done"), ("", "done")])
def test_skip_on_a_done_item_asks_in_a_terminal(run_cli, answer, status):
    from ptydriver import Terminal

    env = {"STUDYGUIDE_NOW": NOW}
    assert run_cli("recommend", "--goal", "concepts", "--yes", env=env).returncode == 0
    rid = "cs224n/lecture-08"   # the plan holds units of CS224N (issue 15), not the whole course
    assert run_cli("done", rid, env=env).returncode == 0
    term = Terminal("skip", rid, env=env)
    term.expect(f"{rid} is done (since 2026-11-23)")
    term.expect("Skip it anyway? [y/N]")
    term.send(answer + "\r")
    code = term.wait()
    assert Store().load().items[rid].status == status
    assert code == (0 if status == "skipped" else 1), term.screen
    if status == "done":
        assert f"kept {rid} done; nothing changed" in term.screen


def test_done_on_a_done_item_says_so_and_changes_nothing(cli, plan):
    rid = plan[0]
    assert cli("done", rid).returncode == 0
    first = Store().load()
    res = cli("done", rid)
    assert res.returncode == 0
    assert res.stdout.splitlines()[0] == f"{rid} was already done (since 2026-11-23); nothing changed (--spent adds time)"
    again = Store().load()
    assert again.items[rid] == first.items[rid] and len(again.history) == len(first.history)


def test_done_on_a_done_item_adds_only_an_explicit_spent(cli, plan, monkeypatch):
    rid, other = plan[0], plan[1]
    assert cli("done", rid).returncode == 0
    finished = Store().load().items[rid].finished
    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-25T09:00:00+00:00")
    res = cli("done", rid, other, "--spent", "3h")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    assert lines[0] == f"done: {other} (1 h 30 min)"
    assert lines[1] == f"{rid} was already done (since 2026-11-23); added 1 h 30 min to its time spent"
    items = Store().load().items
    assert items[rid].finished == finished and items[rid].spent_hours == 1.5   # its date kept
    assert items[other].status == "done" and items[other].spent_hours == 1.5
    assert cli("undo").returncode == 0
    assert Store().load().items[rid].spent_hours == 0


def test_after_start_the_hints_do_not_suggest_start(cli, plan):
    rid = plan[0]
    # Since study units (issue 15) the first hint is `log ID TIME`, which starts an item too.
    before = cli("next").stdout
    assert f"studyguide log {rid} " in before and f"studyguide start {rid}" not in before
    assert cli("start", rid).returncode == 0
    after = cli("next").stdout
    assert "(in progress)" in after and f"studyguide start {rid}" not in after
    assert f"studyguide done {rid}" in after and f"studyguide skip {rid}" in after


def test_a_finished_plan_shows_no_finish_date(cli):
    assert cli("recommend", "--goal", "concepts", "--topic", "attention-math", "--depth", "overview",
               "--hours-per-week", "5", "--yes").returncode == 0
    ids = [i["id"] for t in json.loads(cli("recommend", "--goal", "concepts", "--topic", "attention-math",
                                           "--depth", "overview", "--dry-run", "--json").stdout)["topics"]
           for i in t["items"]]
    assert "finish" in cli("status").stdout
    res = cli("done", *ids)
    assert res.returncode == 0 and "finish" not in res.stdout and "week" not in res.stdout
    status = cli("status")
    assert "finish" not in status.stdout and "hours per week" not in status.stdout
    assert "Plan complete" in status.stdout
    assert json.loads(cli("status", "--json").stdout)["finish"] is None
    assert "finishing around" not in cli("recommend", "--goal", "concepts", "--topic", "attention-math",
                                         "--depth", "overview", "--hours-per-week", "5", "--dry-run").stdout


@pytest.mark.parametrize("done,total,percent", [(1, 6, 17), (1, 8, 13), (5, 6, 83), (0, 6, 0), (6, 6, 100),
                                                (199, 200, 99), (1, 1000, 1), (2, 3, 67)])
def test_percentages_round_to_the_nearest_whole_number(done, total, percent):
    from studyguide.plan.view import SectionView

    assert SectionView(id="t", title="T", kind="topic", depth=None, done=done, total=total).percent == percent


def test_status_rounds_to_the_nearest(cli, plan):
    assert cli("done", plan[0]).returncode == 0
    overall = json.loads(cli("status", "--json").stdout)["overall"]
    assert overall["total"] == 30 and overall["percent"] == 3            # 1 of 30 (units, issue 15)
    assert cli("done", plan[1]).returncode == 0
    assert json.loads(cli("status", "--json").stdout)["overall"]["percent"] == 7   # 6.67: int() said 6
    for topic in json.loads(cli("status", "--json").stdout)["topics"]:
        if topic["done"]:   # 1 of 3 is 33 %, 2 of 3 is 67 % (int() said 66)
            assert topic["percent"] == int(100 * topic["done"] / topic["total"] + 0.5)


def test_a_moved_resource_reads_new_address_not_capitals(cli):
    shown = cli("show", "hf-llm-course").stdout
    assert "new address" in shown and "MOVED" not in shown and "moved" not in shown.split()
    plan = cli("recommend", "--goal", "concepts", "--dry-run").stdout
    assert "new address" in plan and "MOVED" not in plan
    assert cli("recommend", "--goal", "concepts", "--yes").returncode == 0
    assert "Note (new address):" in cli("next").stdout
    markdown = cli("export").stdout
    assert "· new address" in markdown and "(new address):" in markdown
    assert "· moved" not in markdown and "(moved)" not in markdown
    html = cli("export", "--format", "html").stdout
    assert "New address</span>" in html and "Link moved" not in html
    # archived stays a warning among the facts
    assert "ARCHIVED" in cli("recommend", "--goal", "evaluation", "--dry-run").stdout


def test_done_says_an_odd_length_as_typed(cli, plan):
    res = cli("done", plan[0], "--spent", "1h20m")
    assert res.returncode == 0 and res.stdout.splitlines()[0] == f"done: {plan[0]} (1 h 20 min)"   # not 1.3333 h



def test_a_length_given_to_done_as_an_id_points_at_spent(cli, plan, sandbox_home):
    before = (sandbox_home / "progress.toml").read_bytes()
    res = cli("done", plan[0], "1h20m")
    assert res.returncode == 1 and "'1h20m' is a length, not an id" in res.stderr
    assert "--spent 1h20m" in res.stderr and (sandbox_home / "progress.toml").read_bytes() == before
    res = cli("done", plan[0], "no-such-id")
    assert res.returncode == 1 and "no resource 'no-such-id'" in res.stderr

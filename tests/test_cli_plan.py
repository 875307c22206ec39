"""The plan's main job through the CLI: recommend, next, done, skip, note, undo, status."""

from __future__ import annotations

import json

import pytest

from studyguide.progress.store import Store

NOW = "2026-11-23T09:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW)


def make_plan(cli, *flags):
    res = cli("recommend", *flags, "--yes")
    assert res.returncode == 0, res
    return res


def status(cli):
    res = cli("status", "--json")
    assert res.returncode == 0, res
    return json.loads(res.stdout)


def test_no_plan_next_says_to_recommend(cli):
    res = cli("next")
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.stderr == "error: no plan yet: run `studyguide recommend` to make one\n"


def test_recommend_without_terminal_or_goal_lists_choices(cli, sandbox_home):
    res = cli("recommend")
    assert res.returncode == 1
    assert "give --goal (concepts, build, systems, evaluation) or --role " \
           "(business-builder, product-manager, research-engineer)" in res.stderr
    assert not (sandbox_home / "progress.toml").exists()


@pytest.mark.parametrize("args,expected", [
    (["recommend", "--goal", "sytems"], "unknown goal 'sytems' (did you mean systems?)"),
    (["recommend", "--goal", "build", "--depth", "medium"], "unknown depth 'medium'"),
    (["recommend", "--role", "research-engineer", "--focus", "gpu"], "unknown topic 'gpu'"),
    (["recommend", "--goal", "build", "--start", "tomorrow"], "--start 'tomorrow': use a date"),
    (["show", "atention-math"], "did you mean attention-math"),
    (["done", "lorra"], "no resource 'lorra' (did you mean lora"),
    (["search", "x", "--kind", "podcast"], "unknown kind 'podcast'"),
])
def test_user_errors_are_one_line_exit_1(cli, sandbox_home, args, expected):
    res = cli(*args)
    assert res.returncode == 1, res
    assert expected in res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("error: ")
    assert not (sandbox_home / "progress.toml").exists()


def test_bad_flag_is_a_usage_error(run_cli):
    res = run_cli("next", "--bogus")
    assert res.returncode == 2  # click's usage error
    assert "No such option" in res.stderr and "Traceback" not in res.stderr


def test_flags_and_json_shape(cli):
    res = cli("recommend", "--goal", "systems", "--depth", "deep", "--hours-per-week", "6", "--dry-run", "--json")
    assert res.returncode == 0, res
    plan = json.loads(res.stdout)
    assert set(plan) >= {"goal", "role", "depth", "hours_per_week", "total_hours", "finish", "topics"}
    assert plan["goal"] == "systems" and plan["role"] is None and plan["depth"] == "deep"
    assert plan["topics"][0]["id"] == "reading-path"
    assert [i["id"] for i in plan["topics"][0]["items"]] == ["nvidia-dl-performance-docs", "flashattention",
                                                              "mlperf-training"]
    item = plan["topics"][1]["items"][0]
    assert set(item) >= {"id", "title", "kind", "stage", "url", "hours", "state", "resource_status", "why"}
    assert item["state"] == "todo"
    total = sum(i["hours"] for t in plan["topics"] for i in t["items"])
    assert plan["total_hours"] == pytest.approx(total)
    assert plan["finish"] is not None
    assert "efficient-inference" in [t["id"] for t in plan["topics"]]


def test_dry_run_writes_nothing(cli, sandbox_home):
    assert cli("recommend", "--goal", "build", "--dry-run").returncode == 0
    assert not (sandbox_home / "progress.toml").exists()


def test_archived_resource_shows_its_status(cli):
    plan = json.loads(cli("recommend", "--goal", "evaluation", "--dry-run", "--json").stdout)
    board = next(i for t in plan["topics"] for i in t["items"] if i["id"] == "open-llm-leaderboard")
    assert board["resource_status"] == "archived"
    text = cli("recommend", "--goal", "evaluation", "--dry-run").stdout
    assert "ARCHIVED" in text


def test_walk_the_whole_plan_to_complete(cli):
    make_plan(cli, "--role", "business-builder", "--depth", "overview", "--hours-per-week", "4")
    first = status(cli)
    total = first["overall"]["total"]
    assert total > 3
    for step in range(total):
        nxt = json.loads(cli("next", "--json").stdout)
        assert nxt is not None
        res = cli("done", nxt["id"])
        assert res.returncode == 0, res
        st = status(cli)
        assert st["overall"]["done"] == step + 1
        assert st["overall"]["done"] == sum(t["done"] for t in st["topics"])
        assert st["overall"]["total"] == sum(t["total"] for t in st["topics"]) == total
        assert st["overall"]["hours_done"] == pytest.approx(sum(t["hours_done"] for t in st["topics"]))
    assert json.loads(cli("next", "--json").stdout) is None
    assert json.loads(cli("next", "-n", "3", "--json").stdout) == []
    done = cli("next")
    assert done.returncode == 0 and "Your plan is complete." in done.stdout
    assert status(cli)["overall"]["percent"] == 100


def test_next_shows_where_and_why(cli):
    make_plan(cli, "--goal", "build")
    res = cli("next")
    assert res.returncode == 0
    # The book is studied chapter by chapter: the unit, its resource and its place.
    # Too long for one line at 100 columns: the id goes on the next.
    assert res.stdout.startswith("Next: Build a Large Language Model, chapter 1 of 12: Understanding Large "
                                 "Language Models\n      [llm-from-scratch-book/chapter-1]\n")
    assert "1 of 36" in res.stdout
    assert "Why here: What this reading path is for: Write a small language model" in " ".join(res.stdout.split())
    assert "https://www.manning.com/books/build-a-large-language-model-from-scratch" in res.stdout
    three = json.loads(cli("next", "-n", "3", "--json").stdout)
    assert [i["id"] for i in three] == ["llm-from-scratch-book/chapter-1", "llm-from-scratch-book/chapter-2",
                                        "llm-from-scratch-book/chapter-3"]
    assert {i["resource"] for i in three} == {"llm-from-scratch-book"}
    assert set(three[0]) >= {"id", "title", "topic", "url", "hours", "why"}


def test_focus_tips_when_an_item_opens_a_topic(cli):
    make_plan(cli, "--role", "business-builder")
    res = cli("next")
    assert "This opens Transformer internals. Focus first on:" in res.stdout


def test_in_progress_comes_first_and_skip_keeps_it_out_of_figures(cli):
    make_plan(cli, "--goal", "build")
    plan = json.loads(cli("recommend", "--goal", "build", "--dry-run", "--json").stdout)
    ids = [i["id"] for t in plan["topics"] for i in t["items"]]
    assert cli("start", ids[3]).returncode == 0
    assert json.loads(cli("next", "--json").stdout)["id"] == ids[3]
    before = status(cli)["overall"]
    res = cli("skip", ids[0], "--reason", "read it already")
    assert res.returncode == 0
    after = status(cli)["overall"]
    assert after["total"] == before["total"] - 1 and after["done"] == before["done"]
    assert Store().load().items[ids[0]].skip_reason == "read it already"


def test_done_with_spent_time_and_note(cli):
    make_plan(cli, "--goal", "build")
    assert cli("done", "lora", "qlora", "--spent", "1h30m").returncode == 0
    items = Store().load().items
    assert items["lora"].spent_hours == 0.75 and items["qlora"].status == "done"
    assert cli("note", "lora", "re-derive the rank argument").returncode == 0
    assert [n.text for n in Store().load().items["lora"].notes] == ["re-derive the rank argument"]
    bad = cli("done", "lora", "--spent", "a while")
    assert bad.returncode == 1 and "--spent 'a while'" in bad.stderr


def test_undo_restores_the_previous_state_exactly(cli, sandbox_home):
    make_plan(cli, "--goal", "build")
    path = sandbox_home / "progress.toml"
    snapshots = [Store().load().items]
    for args in (["start", "lora"], ["done", "lora", "--spent", "2h"], ["note", "lora", "hi"],
                 ["skip", "qlora", "--reason", "later"], ["done", "pytorch-tutorials", "lora"]):
        assert cli(*args).returncode == 0
        snapshots.append(Store().load().items)
    for expected in reversed(snapshots[:-1]):
        res = cli("undo")
        assert res.returncode == 0 and res.stdout.startswith("undid: ")
        assert Store().load().items == expected
    assert cli("undo").stdout.startswith("undid: recommend (goal build")   # the plan itself was the first step
    res = cli("undo")
    assert res.returncode == 1 and "nothing to undo" in res.stderr
    assert path.exists()


def test_replacing_a_plan_with_progress_needs_yes(cli, sandbox_home):
    make_plan(cli, "--goal", "build")
    assert cli("done", "lora").returncode == 0
    before = (sandbox_home / "progress.toml").read_bytes()
    res = cli("recommend", "--goal", "systems")
    assert res.returncode == 1 and "--yes" in res.stderr
    assert res.stdout == ""                                   # no plan printed that was not saved
    assert cli("recommend", "--goal", "systems", "--json").stdout == ""
    assert (sandbox_home / "progress.toml").read_bytes() == before
    make_plan(cli, "--goal", "systems")
    assert Store().load().plan.goal == "systems"
    assert Store().load().items["lora"].status == "done"     # item progress is kept
    assert (sandbox_home / "progress.toml.bak").read_bytes() == before


def test_home_screen(cli):
    res = cli()
    assert res.returncode == 0 and "studyguide recommend" in res.stdout
    make_plan(cli, "--goal", "build")
    res = cli()
    assert res.returncode == 0 and "Next: " in res.stdout


def test_version_and_short_help(run_cli):
    from studyguide import __version__

    res = run_cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"studyguide {__version__}"
    short = run_cli("-h")
    assert short.returncode == 0 and "recommend" in short.stdout and "Usage:" in short.stdout
    sub = run_cli("next", "-h")
    assert sub.returncode == 0 and "Example: studyguide next" in sub.stdout


def test_next_json_with_n_in_any_spelling_is_a_list(cli):
    make_plan(cli, "--goal", "build")
    one = json.loads(cli("next", "--json").stdout)
    assert isinstance(one, dict)
    for flag in (["-n2"], ["-n", "2"], ["--count=2"], ["--count", "2"]):
        got = json.loads(cli("next", "--json", *flag).stdout)
        assert isinstance(got, list) and len(got) == 2 and got[0]["id"] == one["id"], flag
    assert json.loads(cli("next", "--json", "-n1").stdout) == [one]


def test_marking_outside_the_plan_or_without_one_is_kept_and_said(cli):
    res = cli("done", "helm")
    assert res.returncode == 0 and res.stdout == "done: helm\n"
    assert "you have no plan yet; it will show in the plan `studyguide recommend` makes" in res.stderr
    make_plan(cli, "--goal", "evaluation")
    assert Store().load().items["helm"].status == "done"     # carried into the new plan
    res = cli("done", "flashattention")
    assert res.returncode == 0
    assert res.stderr == "note: flashattention: it is not in your current plan; the state is kept for any plan that has it\n"
    res = cli("done", "lm-evaluation-harness")               # in the plan: no note
    assert res.returncode == 0 and res.stderr == ""


def test_notes_are_a_dated_log_listed_deleted_and_undone_one_step_at_a_time(cli, sandbox_home, monkeypatch):
    make_plan(cli, "--goal", "build")
    path = sandbox_home / "progress.toml"
    before = path.read_bytes()
    res = cli("note", "lora")
    assert res.returncode == 0 and res.stdout.startswith("lora has no notes yet")
    res = cli("note", "lora", "   ")                     # blank: refused, nothing written
    assert res.returncode == 1 and "needs some text" in res.stderr and path.read_bytes() == before
    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-20T22:30:00+01:00")
    assert cli("note", "lora", "rank argument").stdout == "noted lora (2026-11-20)\n"
    after = path.read_bytes()
    res = cli("note", "lora", "rank argument")            # the same text the same day: no new note
    assert res.stdout == "lora already has that note from today; nothing changed\n"
    assert path.read_bytes() == after
    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-23T08:00:00+01:00")
    assert cli("note", "lora", "rank argument").returncode == 0   # another day: a second note
    assert cli("note", "lora", "try r=4").returncode == 0
    texts = lambda: [(n.day.isoformat(), n.text) for n in Store().load().items["lora"].notes]  # noqa: E731
    assert texts() == [("2026-11-20", "rank argument"), ("2026-11-23", "rank argument"),
                       ("2026-11-23", "try r=4")]
    listed = cli("note", "lora").stdout.splitlines()
    assert listed[:3] == [" 1. 2026-11-20  rank argument", " 2. 2026-11-23  rank argument",
                          " 3. 2026-11-23  try r=4"]
    res = cli("note", "lora", "--delete", "4")
    assert res.returncode == 1 and res.stderr == ("error: lora has no note 4 (it has 3: "
                                                  "studyguide note lora lists them)\n")
    res = cli("note", "lora", "--delete", "2")
    assert res.returncode == 0 and res.stdout == "removed note 2 on lora (rank argument)\n"
    assert texts() == [("2026-11-20", "rank argument"), ("2026-11-23", "try r=4")]
    assert cli("note", "lora", "x", "--delete", "1").returncode == 1     # one thing at a time
    assert cli("undo").stdout.startswith("undid: note lora --delete 2")
    assert len(texts()) == 3
    for _ in range(3):
        assert cli("undo").stdout.startswith("undid: note lora")
    assert "lora" not in Store().load().items        # as before the first note: no entry at all


@pytest.mark.parametrize("spent", ["0.001", "", "20s", "1001"])
def test_spent_time_below_a_minute_or_empty_is_refused(cli, spent):
    make_plan(cli, "--goal", "build")
    res = cli("done", "lora", "--spent", spent)
    assert res.returncode == 1 and res.stderr.startswith(f"error: --spent {spent!r}")
    assert "lora" not in Store().load().items


def test_zero_hours_per_week_is_no_finish_date_and_tiny_rates_are_refused(cli):
    plan = json.loads(cli("recommend", "--goal", "build", "--hours-per-week", "0", "--dry-run", "--json").stdout)
    assert plan["hours_per_week"] is None and plan["finish"] is None
    res = cli("recommend", "--goal", "build", "--hours-per-week", "0.0001", "--dry-run")
    assert res.returncode == 1
    assert res.stderr == "error: hours per week must be from 0.25 to 168 (0 for no finish date)\n"
    res = cli("recommend", "--goal", "build", "--focus", "multimodal", "--dry-run")
    assert res.returncode == 1 and "focus 'multimodal' is not a topic of this plan" in res.stderr


def test_a_hand_edited_tiny_rate_is_a_data_error_not_a_crash(cli, sandbox_home):
    make_plan(cli, "--goal", "build", "--hours-per-week", "5")
    path = sandbox_home / "progress.toml"
    path.write_text(path.read_text().replace("hours_per_week = 5.0", "hours_per_week = 0.0001"))
    before = path.read_bytes()
    for args in (["status"], ["next", "--json"], []):
        res = cli(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert "plan.hours_per_week: must be 0 (no finish date) or from 0.25 to 168" in res.stderr
    assert path.read_bytes() == before


def test_undo_after_recommend_brings_the_old_plan_back(cli, sandbox_home):
    make_plan(cli, "--goal", "build")
    assert cli("done", "lora").returncode == 0
    with_build = (sandbox_home / "progress.toml").read_bytes()
    build_plan = Store().load().plan
    make_plan(cli, "--goal", "systems", "--depth", "deep")
    assert Store().load().plan.goal == "systems"
    res = cli("undo")
    assert res.returncode == 0
    assert res.stdout.startswith("undid: recommend (goal systems, depth deep) (from ")
    assert Store().load().plan == build_plan
    assert Store().load().items["lora"].status == "done"
    assert status(cli)["overall"]["done"] == 1
    assert cli("undo").stdout.startswith("undid: done lora")
    assert cli("undo").stdout.startswith("undid: recommend (goal build, depth practitioner)")
    assert Store().load().plan is None
    res = cli("next")
    assert res.returncode == 1 and "no plan yet" in res.stderr
    assert with_build != (sandbox_home / "progress.toml").read_bytes()


def test_a_plan_listing_an_item_twice_is_refused_untouched(cli, sandbox_home):
    make_plan(cli, "--goal", "build")
    path = sandbox_home / "progress.toml"
    text = path.read_text()
    first = Store().load().plan.sections[0].items[0]
    edited = text.replace(f'items = [\n    "{first}",', f'items = [\n    "{first}",\n    "{first}",', 1)
    assert edited != text
    path.write_text(edited)
    res = cli("status")
    assert res.returncode == 2
    assert f"plan.sections[0].items: lists {first} again (already in plan.sections[0])" in res.stderr
    assert path.read_text() == edited


def test_status_shows_logged_hours_apart_from_the_estimates(cli):
    make_plan(cli, "--goal", "systems")
    assert status(cli)["overall"]["hours_spent"] == 0
    assert "you logged" not in cli("status").stdout
    assert cli("done", "nvidia-dl-performance-docs", "--spent", "3h").returncode == 0
    data = status(cli)
    path = data["topics"][0]
    assert data["overall"]["hours_spent"] == 3.0 and path["hours_spent"] == 3.0
    assert data["overall"]["hours_done"] == path["hours_done"] != 3.0     # the estimate, kept apart
    out = cli("status").stdout
    assert "you logged 3 h (`log`, `done --spent`)" in out
    assert "\n  Reading path    " in out and "Systems and performa " not in out   # no cut-off title


def test_focus_tips_come_with_the_first_item_studied_in_a_topic_even_after_skips(cli):
    make_plan(cli, "--role", "business-builder")
    plan = json.loads(cli("recommend", "--role", "business-builder", "--dry-run", "--json").stdout)
    first_topic = plan["topics"][0]
    ids = [i["id"] for i in first_topic["items"]]
    assert cli("skip", ids[0]).returncode == 0
    res = cli("next")
    assert f"[{ids[1]}]" in res.stdout.splitlines()[0]
    assert f"This opens {first_topic['title']}. Focus first on:" in res.stdout
    assert cli("done", ids[1]).returncode == 0
    assert "This opens" not in cli("next").stdout.split("\n\n")[0]      # the topic is under way

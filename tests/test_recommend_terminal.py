"""A newcomer in a real terminal answers recommend's questions (a pty drives it)."""

from __future__ import annotations

import json

from ptydriver import Terminal
from studyguide.progress.store import Store

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}


def test_answers_in_a_terminal_give_the_same_plan_as_flags(run_cli, sandbox_home):
    term = Terminal("recommend", env=NOW)
    term.expect("Goal or role (name or number)")
    term.send("systm\r")                              # a near miss gets a suggestion
    term.expect("Did you mean systems?")
    term.send("n\r")                                  # declined: asked again
    term.expect("Goal or role (name or number)")
    term.send("3\r")                                  # the third option: systems
    term.expect("Whole or topic")
    term.send("\r")                                   # the whole goal
    term.expect("Depth")
    term.send("deep\r")
    term.expect("Hours per week")
    term.send("many\r")                               # not a number: asked again
    term.expect("Please enter a number")
    term.send("6h\r")
    term.expect("Focus topic")
    term.send("\r")                                   # the default: the goal's main topic
    screen = term.expect("Saved as your plan")
    assert term.wait() == 0, screen
    assert "Your study plan: " in screen
    saved = Store().load().plan
    assert (saved.goal, saved.depth, saved.hours_per_week, saved.focus) == ("systems", "deep", 6.0, "gpu-optimization")
    flags = run_cli("recommend", "--goal", "systems", "--depth", "deep", "--hours-per-week", "6",
                    "--dry-run", "--json", env=NOW)
    assert flags.returncode == 0, flags.stderr
    by_flags = [(t["id"], [i["id"] for i in t["items"]]) for t in json.loads(flags.stdout)["topics"]]
    assert by_flags == [(s.id, s.items) for s in saved.sections]


def test_ctrl_c_at_a_question_exits_130_and_writes_nothing(sandbox_home):
    term = Terminal("recommend", env=NOW)
    term.expect("Goal or role")
    term.send("build\r")
    term.expect("Whole or topic")
    term.interrupt()
    assert term.wait() == 130
    assert "Traceback" not in term.screen
    assert not (sandbox_home / "progress.toml").exists()


def test_flags_skip_only_their_own_questions(sandbox_home):
    """--goal given: no goal question, the others still asked; answers land in the plan."""
    term = Terminal("recommend", "--goal", "build", "--hours-per-week", "4", env=NOW)
    term.expect("Whole or topic")
    term.send("\r")
    term.expect("Depth")
    term.send("overview\r")
    term.expect("Focus topic")
    term.send("\r")
    screen = term.expect("Saved as your plan")
    assert term.wait() == 0, screen
    assert "Goal or role" not in screen and "Hours per week" not in screen
    saved = Store().load().plan
    assert (saved.goal, saved.depth, saved.hours_per_week) == ("build", "overview", 4.0)


def test_a_wrong_flag_is_refused_before_any_question(sandbox_home):
    term = Terminal("recommend", "--goal", "biuld", env=NOW)
    assert term.wait() == 1
    assert "did you mean build" in term.screen and "Depth" not in term.screen
    assert not (sandbox_home / "progress.toml").exists()


def test_with_json_the_questions_go_to_stderr_and_stdout_is_the_plan(sandbox_home, tmp_path):
    out = tmp_path / "plan.json"
    term = Terminal("recommend", "--role", "product-manager", "--depth", "overview", "--hours-per-week", "0",
                    "--json", env=NOW, stdout_path=out)
    term.expect("Whole or topic")
    term.send("\r")
    term.expect("Focus topic")
    term.send("\r")
    assert term.wait() == 0, term.screen
    plan = json.loads(out.read_text())
    assert plan["role"] == "product-manager" and plan["topics"][0]["id"] == "benchmarks-evaluation"


def test_the_choice_list_hangs_its_wrapped_lines_under_the_text(sandbox_home):
    import re

    term = Terminal("recommend", env={**NOW, "COLUMNS": "60", "TERM": "xterm-256color"})
    screen = term.expect("Goal or role (name or number)")
    term.interrupt()
    term.wait()
    listing = screen[screen.index("  1. "):screen.index("Goal or role (name")]
    lines = [line for line in listing.splitlines() if line.strip()]
    numbered = [line for line in lines if re.match(r"  \d\. ", line)]
    assert len(numbered) == 7, listing                       # 4 goals, 3 roles
    assert len(lines) > len(numbered), listing                # some wrap at 60 columns...
    for line in lines:                                        # ...and hang clear of the number
        assert len(line) <= 60 and (re.match(r"  \d\. \S", line) or line.startswith("     ")), listing


def test_the_questions_offer_a_topic_plan_and_suggest_for_near_misses(sandbox_home):
    """`product manager` is taken as the role, `gpu` and `9` get a suggestion, not a refusal,
    and "one topic" gives a topic-only plan focused on it; hours as 90m."""
    term = Terminal("recommend", env=NOW)
    term.expect("Goal or role (name or number)")
    term.send("9\r")
    term.expect("There is no option 9: type a number from 1 to 7")
    term.send("research engineer\r")
    term.expect("Whole or topic")
    term.send("gpu\r")
    term.expect("Did you mean gpu-optimization?")
    term.send("y\r")
    term.expect("Depth")
    term.send("\r")
    term.expect("Hours per week")
    term.send("90m\r")
    screen = term.expect("Saved as your plan")
    assert term.wait() == 0, screen
    assert "Focus topic" not in screen          # one topic: it is the focus
    saved = Store().load().plan
    assert (saved.role, saved.topics, saved.focus, saved.hours_per_week) == (
        "research-engineer", ["gpu-optimization"], "gpu-optimization", 1.5)
    assert {s.id for s in saved.sections} == {"transformer-internals", "gpu-optimization"}

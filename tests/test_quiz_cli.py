"""`quiz`, `review` and the review lines of `next`/`status`, run like a user (no terminal here)."""

from __future__ import annotations

import json
import sys
import tomllib

import pytest

from studyguide import paths
from studyguide.catalog.build import build_catalog

CLOCK = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
QUESTION_KEYS = {"id", "topic", "question", "answer", "resources", "level"}


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([("bundled", paths.bundled_catalog_dir())])


def _teaching(catalog, topic: str) -> list[str]:
    """Every resource that teaches one of the topic's questions."""
    return sorted({r for q in catalog.questions.values() if q.topic == topic for r in q.resources})


def _progress(home) -> dict:
    return tomllib.loads((home / "progress.toml").read_text(encoding="utf-8"))


def test_quiz_json_lists_questions_with_answers(run_cli, catalog):
    out = run_cli("quiz", "attention-math", "-n", "3", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert set(item) == QUESTION_KEYS
        q = catalog.questions[item["id"]]
        assert item["topic"] == "attention-math" == q.topic
        assert (item["question"], item["answer"], item["level"]) == (q.question, q.answer, q.level)
        assert item["resources"] == list(q.resources)


def test_quiz_json_without_topic_covers_the_catalog(run_cli, catalog):
    data = json.loads(run_cli("quiz", "-n", "1000", "--json").stdout)
    assert sorted(i["id"] for i in data) == sorted(catalog.questions)


def test_quiz_puts_studied_questions_first(run_cli, catalog):
    topic = [q for q in catalog.questions.values() if q.topic == "fine-tuning"]
    studied = set(topic[-1].resources)
    opened = [q.id for q in topic if set(q.resources) <= studied]
    assert opened[0] != topic[0].id                     # catalog order alone would not pass
    assert run_cli("done", *sorted(studied)).returncode == 0
    got = json.loads(run_cli("quiz", "fine-tuning", "-n", str(len(topic)), "--json", env=CLOCK).stdout)
    assert [i["id"] for i in got][: len(opened)] == opened
    assert sorted(i["id"] for i in got) == sorted(q.id for q in topic)


def test_quiz_without_a_terminal_exits_1(run_cli):
    out = run_cli("quiz", "attention-math")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == ("error: quiz asks you questions and needs a terminal; "
                          "`studyguide quiz --json` prints the questions and answers instead\n")


def test_quiz_unknown_topic_suggests_one(run_cli):
    out = run_cli("quiz", "atention-math", "--json")
    assert out.returncode == 1 and out.stdout == ""
    assert "no topic 'atention-math'" in out.stderr and "did you mean attention-math" in out.stderr


def test_review_with_no_cards_says_how_cards_appear(run_cli):
    out = run_cli("review", env=CLOCK)
    assert out.returncode == 0 and out.stdout.startswith("No review cards yet")


def test_review_lists_exactly_the_unlocked_questions(run_cli, catalog):
    q = next(q for q in catalog.questions.values() if q.topic == "attention-math")
    assert run_cli("done", *q.resources, env=CLOCK).returncode == 0
    expected = [x.id for x in catalog.questions.values() if set(x.resources) <= set(q.resources)]
    data = json.loads(run_cli("review", "--json", env=CLOCK).stdout)
    assert [d["id"] for d in data["due"]] == expected
    assert all(d["new"] is True and d["due"] is None for d in data["due"])
    assert data["cap"] == 20 and data["done_today"] == 0 and data["later"] == 0

    out = run_cli("review", env=CLOCK)                  # due cards but no terminal
    assert out.returncode == 1
    assert out.stderr == (f"error: review asks you questions and needs a terminal; {len(expected)} due "
                          "today (`studyguide review --json` lists them)\n")


def test_review_cap_for_a_run_and_saved(run_cli, catalog, sandbox_home):
    assert run_cli("done", *_teaching(catalog, "attention-math"), env=CLOCK).returncode == 0
    n_open = sum(1 for q in catalog.questions.values() if q.topic == "attention-math")
    assert n_open > 3
    # New cards have their own daily cap, 5 unless set (the review cap, 20, is for reviews).
    unlocked = len(json.loads(run_cli("review", "--new-cap", "100", "--json", env=CLOCK).stdout)["due"])
    assert unlocked >= n_open
    first = json.loads(run_cli("review", "--json", env=CLOCK).stdout)
    assert len(first["due"]) == 5 and first["new_cap"] == 5 and first["new_later"] == unlocked - 5
    one_off = json.loads(run_cli("review", "--new-cap", "3", "--json", env=CLOCK).stdout)
    assert len(one_off["due"]) == 3 and one_off["new_cap"] == 3

    out = run_cli("review", "--set-new-cap", "2", env=CLOCK)
    assert out.returncode == 0 and out.stdout == "daily new-card cap set to 2 (saved)\n"
    assert _progress(sandbox_home)["settings"]["review_new_cap"] == 2
    data = json.loads(run_cli("review", "--json", env=CLOCK).stdout)
    assert data["new_cap"] == 2 and len(data["due"]) == 2 and data["later"] >= n_open - 2
    out = run_cli("review", "--set-cap", "7", env=CLOCK)
    assert out.returncode == 0 and out.stdout == "daily review cap set to 7 (saved)\n"
    assert _progress(sandbox_home)["settings"]["review_cap"] == 7
    assert json.loads(run_cli("review", "--json", env=CLOCK).stdout)["cap"] == 7
    bad = run_cli("review", "--cap", "0")
    assert bad.returncode == 2 and "--cap" in bad.stderr


def test_next_and_status_mention_reviews_only_when_due(run_cli, catalog):
    assert run_cli("recommend", "--goal", "concepts", env=CLOCK).returncode == 0
    status = json.loads(run_cli("status", "--json", env=CLOCK).stdout)
    assert status["reviews_due"] == 0
    assert "review" not in run_cli("status", env=CLOCK).stdout
    assert "review" not in run_cli("next", env=CLOCK).stdout.replace("review with `studyguide review`", "")

    q = next(q for q in catalog.questions.values() if q.topic == "attention-math")
    assert run_cli("done", *q.resources, env=CLOCK).returncode == 0
    due = len(json.loads(run_cli("review", "--json", env=CLOCK).stdout)["due"])
    assert due >= 1
    status = json.loads(run_cli("status", "--json", env=CLOCK).stdout)
    assert status["reviews_due"] == due and isinstance(status["reviews_due"], int)
    line = f"{due} review{'s' if due != 1 else ''} due: studyguide review\n"
    assert run_cli("status", env=CLOCK).stdout.endswith(line)
    assert run_cli("next", env=CLOCK).stdout.endswith(line)


def test_next_and_status_never_import_fsrs_or_rich(run_cli, catalog):
    import subprocess

    assert run_cli("recommend", "--goal", "concepts", env=CLOCK).returncode == 0
    q = next(q for q in catalog.questions.values() if q.topic == "attention-math")
    assert run_cli("done", *q.resources, env=CLOCK).returncode == 0
    code = ("import sys\n"
            "from studyguide.cli.main import main\n"
            "sys.argv = ['studyguide', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('LOADED=' + ','.join(m for m in ('fsrs', 'rich') if m in sys.modules))\n")
    for command in ("next", "status"):
        out = subprocess.run([sys.executable, "-c", code, command], capture_output=True, text=True,
                             timeout=60, env={**__import__("os").environ, **CLOCK})
        assert "review" in out.stdout and "due: studyguide review" in out.stdout
        assert out.stderr.endswith("LOADED="), out.stderr

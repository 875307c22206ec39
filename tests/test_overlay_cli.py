"""Your own catalog from the command line: add, hide, unhide, a teacher's --catalog folder.

Each test runs `python -m studyguide` in a subprocess with its own STUDYGUIDE_HOME.
"""

from __future__ import annotations

import json
import os
import tomllib

import pytest

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}

TEACHER_RESOURCES = '''
[[resources]]
id = "rag-primer"
title = "Retrieval-Augmented Generation, a Class Primer"
authors = "Dr. Teacher"
kind = "website"
url = "https://class.example.edu/rag-primer"
level = "intro"
stage = "foundation"
hours = 2
free = true
why = "The class's own introduction to retrieval."

[[resources]]
id = "rag-lab"
title = "RAG Lab Notebook"
authors = "Dr. Teacher"
kind = "code"
url = "https://class.example.edu/rag-lab"
level = "intermediate"
stage = "practice"
hours = 4
free = true
why = "Build a small retriever and wire it to a model."
'''
TEACHER_PATHS = '''
[[topics]]
id = "classroom-rag"
title = "Retrieval for our class"
discipline = "applied NLP"
covers = "Retrieval-augmented generation as taught in this class."
sequence = ["rag-primer", "rag-lab"]
prerequisites = ["transformer-internals"]

[[goals]]
id = "teachers-goal"
title = "The class's RAG goal"
description = "What this class expects by the end of term."
main_topic = "classroom-rag"
path = ["rag-primer"]

[[goals.topics]]
topic = "classroom-rag"
'''


@pytest.fixture
def teacher(tmp_path):
    folder = tmp_path / "class-catalog"
    folder.mkdir()
    (folder / "resources.toml").write_text(TEACHER_RESOURCES, encoding="utf-8")
    (folder / "paths.toml").write_text(TEACHER_PATHS, encoding="utf-8")
    return folder


def mine_path() -> str:
    return os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog", "mine.toml")


def read_mine() -> dict:
    with open(mine_path(), "rb") as f:
        return tomllib.load(f)


def json_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- add
def test_add_an_arxiv_paper_with_id_defaults_and_origin(run_cli):
    res = run_cli("add", "https://arxiv.org/pdf/2307.08691v2.pdf", "--title",
                  "FlashAttention-2: Faster Attention!", "--topic", "gpu-optimization")
    assert res.returncode == 0, res.stderr
    assert res.stdout == "flashattention-2-faster-attention\n"
    entry = read_mine()["resources"][0]
    assert (entry["arxiv"], entry["kind"], entry["stage"], entry["authors"], entry["why"]) == \
        ("2307.08691", "paper", "paper", "arxiv.org", "Added by you.")
    assert read_mine()["topic_overrides"] == [{"id": "gpu-optimization",
                                               "append": ["flashattention-2-faster-attention"]}]
    shown = json_of(run_cli("show", "flashattention-2-faster-attention", "--json"))
    assert shown["origin"] == f"user: {mine_path()}" and shown["topics"] == ["gpu-optimization"]
    # Same title again: a new, unique id; an id taken by the bundled catalog is never reused.
    again = run_cli("add", "https://example.org/other", "--title", "FlashAttention-2: faster attention",
                    "--topic", "attention-math", "--kind", "video", "--hours", "0.5", "--paid")
    assert again.stdout == "flashattention-2-faster-attention-2\n", again.stderr
    second = read_mine()["resources"][1]
    assert (second["kind"], second["stage"], second["hours"], second["free"], second["authors"]) == \
        ("video", "foundation", 0.5, False, "example.org")
    bundled = run_cli("add", "https://example.org/lora", "--title", "LoRA", "--topic", "fine-tuning")
    assert bundled.stdout == "lora-2\n", bundled.stderr


def test_add_refuses_bad_input_and_never_writes_a_broken_overlay(run_cli):
    cases = [
        (("http://example.org/x", "--title", "X", "--topic", "fine-tuning"), "https://"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tuning", "--kind", "podcst"),
         "unknown kind 'podcst'"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tunin"),
         "no topic 'fine-tunin' (did you mean fine-tuning?)"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tuning", "--hours", "0"), "--hours"),
    ]
    for args, expected in cases:
        res = run_cli("add", *args)
        assert res.returncode == 1, (args, res.stderr)
        assert res.stderr.startswith("error: ") and expected in res.stderr and res.stderr.count("\n") == 1
        assert not os.path.exists(mine_path())
    os.makedirs(os.path.dirname(mine_path()))
    broken = b'[[resources]]\nid = "half-written\n'
    with open(mine_path(), "wb") as f:
        f.write(broken)
    res = run_cli("add", "https://example.org/x", "--title", "X", "--topic", "fine-tuning")
    assert res.returncode == 2 and mine_path() in res.stderr and "Traceback" not in res.stderr
    with open(mine_path(), "rb") as f:
        assert f.read() == broken


def test_add_then_next_finds_the_new_resource_in_a_planned_topic(run_cli):
    assert run_cli("recommend", "--role", "research-engineer", "--depth", "deep", "--yes",
                   env=NOW).returncode == 0
    before = json_of(run_cli("next", "-n", "500", "--json", env=NOW))
    with open(os.path.join(os.environ["STUDYGUIDE_HOME"], "progress.toml"), "rb") as f:
        saved = f.read()
    res = run_cli("add", "https://example.org/team-notes", "--title", "Team attention notes",
                  "--topic", "attention-math", "--kind", "tutorial", env=NOW)
    assert res.returncode == 0 and "in your plan now" in res.stderr, res.stderr
    after = json_of(run_cli("next", "-n", "500", "--json", env=NOW))
    new = [i for i in after if i["id"] == "team-attention-notes"]
    assert len(new) == 1 and new[0]["topic"] == "attention-math"
    assert [i["id"] for i in after if i["id"] != "team-attention-notes"] == [i["id"] for i in before]
    # At its stage: after the topic's last practice item, before its papers.
    stage = {r["id"]: r["stage"] for r in json_of(run_cli("show", "attention-math", "--json"))["sequence"]}
    topic = [i["id"] for i in after if i["topic"] == "attention-math"]
    k = topic.index("team-attention-notes")
    assert stage[topic[k - 1]] == "practice" and stage[topic[k + 1]] == "paper"
    assert new[0]["why"].startswith("Added to this topic by your own catalog")
    with open(os.path.join(os.environ["STUDYGUIDE_HOME"], "progress.toml"), "rb") as f:
        assert f.read() == saved  # the saved plan is not rewritten


# ---------------------------------------------------------------- hide / unhide
def test_hide_and_unhide(run_cli):
    def search_ids():
        return [r["id"] for r in json_of(run_cli("search", "--topic", "fine-tuning", "--json"))]

    assert "lora" in search_ids()
    res = run_cli("hide", "lora")
    assert res.returncode == 0 and res.stdout.startswith("hid lora"), res.stderr
    assert read_mine()["hide"] == ["lora"]
    assert "lora" not in search_ids()
    assert json_of(run_cli("show", "lora", "--json"))["hidden"] is True
    again = run_cli("hide", "lora")
    assert again.returncode == 1 and "already hidden" in again.stderr
    typo = run_cli("hide", "qlroa")
    assert typo.returncode == 1 and "did you mean qlora" in typo.stderr
    res = run_cli("unhide", "lora")
    assert res.returncode == 0 and res.stdout.startswith("unhid lora"), res.stderr
    assert "hide" not in read_mine() and "lora" in search_ids()
    missing = run_cli("unhide", "lora")
    assert missing.returncode == 1 and missing.stderr == "error: lora is not hidden; you have hidden nothing\n"


# ---------------------------------------------------------------- a teacher's catalog
def test_a_teachers_catalog_folder_adds_a_topic_and_a_goal_and_plans_from_it(run_cli, teacher):
    check = run_cli("catalog", "check", str(teacher))
    assert check.returncode == 0 and "valid" in check.stdout, check.stderr
    paths = json_of(run_cli("--catalog", str(teacher), "paths", "--json"))
    assert {"origin": "--catalog", "path": str(teacher), "exists": True,
            "files": ["paths.toml", "resources.toml"]} in paths["catalogs"]
    goal = json_of(run_cli("--catalog", str(teacher), "show", "teachers-goal", "--json"))
    assert goal["origin"] == f"--catalog: {teacher}/paths.toml"
    res = run_cli("--catalog", str(teacher), "recommend", "--goal", "teachers-goal", "--yes", env=NOW)
    assert res.returncode == 0, res.stderr
    nxt = run_cli("--catalog", str(teacher), "next", env=NOW)
    assert nxt.returncode == 0 and nxt.stdout.startswith(
        "Next: Retrieval-Augmented Generation, a Class Primer  [rag-primer]"), nxt.stdout
    items = json_of(run_cli("--catalog", str(teacher), "next", "-n", "100", "--json", env=NOW))
    assert [i["id"] for i in items if i["topic"] == "classroom-rag"] == ["rag-lab"]
    assert run_cli("--catalog", str(teacher), "done", "rag-primer", env=NOW).returncode == 0
    # Without the folder the plan keeps working: its ids are reported and their progress kept.
    plain = run_cli("next", env=NOW)
    assert plain.returncode == 0, plain.stderr
    assert "no longer in the catalog" in plain.stderr and "rag-primer" in plain.stderr
    back = json_of(run_cli("--catalog", str(teacher), "status", "--json", env=NOW))
    assert next(t for t in back["topics"] if t["id"] == "reading-path")["done"] == 1


def test_add_to_a_topic_only_a_catalog_folder_defines_is_refused(run_cli, teacher):
    res = run_cli("--catalog", str(teacher), "add", "https://example.org/x", "--title", "X",
                  "--topic", "classroom-rag")
    assert res.returncode == 1 and "needs a --catalog folder" in res.stderr, res.stderr
    assert not os.path.exists(mine_path())


def test_two_overlays_with_the_same_new_id_stop_with_both_files_named(run_cli, teacher, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "more.toml").write_text(TEACHER_RESOURCES.split("[[resources]]")[1].join(["[[resources]]", ""]))
    res = run_cli("--catalog", str(teacher), "topics", env={"STUDYGUIDE_CATALOG": str(other)})
    assert res.returncode == 2
    assert res.stderr.startswith(f"error: {teacher}/resources.toml: resources[0]: id 'rag-primer' is "
                                 f"already defined at {other}/more.toml: resources[0]")
    assert res.stderr.count("\n") == 1


def test_a_broken_overlay_stops_catalog_commands_with_the_fix_but_not_paths(run_cli):
    folder = os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog")
    os.makedirs(folder)
    with open(os.path.join(folder, "team.toml"), "w") as f:
        f.write('[[resource_overrides]]\nid = "lora"\nhours = -1\n'
                '[[topic_overrides]]\nid = "no-such-topic"\ntitle = "x"\n')
    res = run_cli("topics")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == (f"error: {folder}/team.toml: resource_overrides[0].hours: Input should be "
                          "greater than 0 (and 1 more problem(s)); see every problem with "
                          f"`studyguide catalog check {folder}` (your own overlay folder)\n")
    paths = run_cli("paths")
    assert paths.returncode == 0 and f"user                 {folder}\n" in paths.stdout
    check = run_cli("catalog", "check", folder)
    assert check.returncode == 1
    assert f"{folder}/team.toml: topic_overrides[0].id: no topic 'no-such-topic'" in check.stderr
    assert check.stderr.endswith("2 problem(s) found.\n")


def test_unhide_repairs_a_hide_list_naming_a_resource_that_is_gone(run_cli):
    os.makedirs(os.path.dirname(mine_path()))
    with open(mine_path(), "w") as f:
        f.write('hide = ["ghost-res"]\n')
    broken = run_cli("topics")
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {mine_path()}: hide[0]: no resource 'ghost-res' to hide")
    fixed = run_cli("unhide", "ghost-res")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == "removed ghost-res from your hide list (no catalog in use has it any more)\n"
    assert run_cli("topics").returncode == 0


@pytest.mark.parametrize("command", ["add", "hide", "unhide"])
def test_overlay_commands_have_help_with_an_example(run_cli, command):
    res = run_cli(command, "-h")
    assert res.returncode == 0 and f"Example: studyguide {command} " in res.stdout


def test_a_fifo_or_dangling_link_among_catalog_files_is_reported_never_waited_on(run_cli, tmp_path):
    """A named pipe would block a read for good; a dead link must not pass as 'valid'."""
    folder = tmp_path / "class"
    folder.mkdir()
    os.mkfifo(folder / "team.toml")
    res = run_cli("--catalog", str(folder), "topics", timeout=20)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith(f"error: {folder}/team.toml: not a regular file")
    res = run_cli("catalog", "check", str(folder / "team.toml"), timeout=20)
    assert res.returncode == 1 and "team.toml: not a regular file" in res.stderr
    user = os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog")
    os.makedirs(user)
    os.mkfifo(os.path.join(user, "mine.toml"))
    res = run_cli("topics", timeout=20)
    assert res.returncode == 2 and "mine.toml: not a regular file" in res.stderr
    os.unlink(folder / "team.toml")
    os.symlink(tmp_path / "nowhere.toml", folder / "gone.toml")
    res = run_cli("catalog", "check", str(folder), timeout=20)
    assert res.returncode == 1
    assert f"{folder}/gone.toml: cannot read: No such file or directory" in res.stderr

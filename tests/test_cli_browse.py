"""Browsing the catalog from the command line: topics, show, search, paths."""

from __future__ import annotations

import json
import re


def test_topics_lists_all_eleven_with_counts_and_hours(cli):
    res = cli("topics", "--json")
    assert res.returncode == 0, res
    topics = json.loads(res.stdout)
    assert len(topics) >= 11
    first = topics[0]
    assert set(first) >= {"id", "title", "resources", "hours"}
    attention = next(t for t in topics if t["id"] == "attention-math")
    shown = json.loads(cli("show", "attention-math", "--json").stdout)
    # Units a topic names count under their resource, and their hours once each.
    assert attention["resources"] == len({r["id"].split("/")[0] for r in shown["sequence"]})
    assert attention["hours"] == round(sum(r["hours"] for r in shown["sequence"]), 1)
    text = cli("topics").stdout
    for t in topics:
        assert t["id"] in text


def test_show_attention_math_prints_the_lessons_sequence_in_order(cli):
    res = cli("show", "attention-math")
    assert res.returncode == 0
    out = res.stdout
    positions = [out.index(f"[{i}]") for i in ("hf-how-transformers-work", "cs224n/lecture-08",
                                               "attention-is-all-you-need", "flashattention")]
    assert positions == sorted(positions)
    for heading in ("Learning sequence", "Focus on first", "Pitfalls", "People to follow", "Study first:"):
        assert heading in out


def test_show_topic_json_sequence_shape(cli):
    data = json.loads(cli("show", "efficient-inference", "--json").stdout)
    assert data["prerequisites"] and data["pitfalls"] and data["focus"]
    for r in data["sequence"]:
        assert set(r) >= {"id", "title", "kind", "stage", "url", "hours"}


def test_show_new_topics_print_sequence_pitfalls_focus(cli):
    for topic in ("transformer-variants", "pretraining", "multimodal", "efficient-inference",
                  "interpretability", "scaling-laws"):
        out = cli("show", topic).stdout
        assert "Learning sequence" in out and "Pitfalls" in out and "Focus on first" in out, topic


def test_show_resource_lists_facts_and_topics(cli):
    res = cli("show", "flashattention", "--json")
    data = json.loads(res.stdout)
    assert data["arxiv"] == "2205.14135" and data["year"] == 2022
    assert {"attention-math", "gpu-optimization"} <= set(data["topics"])
    text = cli("show", "open-llm-leaderboard").stdout
    assert "archived" in text and "Why read it" in text


def test_show_goal_and_role(cli):
    out = cli("show", "systems").stdout
    assert "Reading path" in out and "nvidia-dl-performance-docs" in out
    data = json.loads(cli("show", "research-engineer", "--json").stdout)
    assert data["kind"] == "role" and len(data["topics"]) >= 11


def test_unknown_id_suggests(cli):
    res = cli("show", "flashatention")
    assert res.returncode == 1 and res.stdout == ""
    assert "did you mean flashattention" in res.stderr


def ids(cli, *args):
    res = cli("search", *args, "--json")
    assert res.returncode == 0, res
    return [r["id"] for r in json.loads(res.stdout)]


def test_search_finds_what_a_learner_expects(cli):
    assert ids(cli, "vllm")[:2] == ["vllm", "vllm-pagedattention"]
    assert ids(cli, "chinchilla")[0] == "chinchilla"
    interp = ids(cli, "--topic", "interpretability")
    shown = [r["id"] for r in json.loads(cli("show", "interpretability", "--json").stdout)["sequence"]]
    assert interp == shown and "transformerlens" in interp and "captum" in interp


def test_search_filters(cli):
    papers = json.loads(cli("search", "--kind", "paper", "--json").stdout)
    assert papers and all(r["kind"] == "paper" for r in papers)
    free_intro = json.loads(cli("search", "--level", "intro", "--free", "--json").stdout)
    assert free_intro and all(r["free"] and r["level"] == "intro" for r in free_intro)
    assert ids(cli, "lora", "--kind", "paper")[0] == "lora"
    assert ids(cli, "no-such-thing-anywhere") == []
    res = cli("search", "x", "--topic", "interpretabilty")
    assert res.returncode == 1 and "did you mean interpretability" in res.stderr


def test_search_every_word_must_match(cli):
    both = ids(cli, "flash", "attention")
    assert "flashattention" in both
    assert all("flash" in (r := json.loads(cli("show", i, "--json").stdout))["title"].lower()
               or "flash" in r["id"] or "flash" in r["why"].lower() for i in both)


def test_paths_names_the_env_var(cli, sandbox_home):
    res = cli("paths")
    assert res.returncode == 0
    assert str(sandbox_home / "progress.toml") in res.stdout
    assert f"STUDYGUIDE_HOME={sandbox_home}" in res.stdout
    data = json.loads(cli("paths", "--json").stdout)
    assert data["catalogs"][0]["origin"] == "bundled"
    assert not sandbox_home.exists()  # a read never creates the data dir


def test_search_text_lists_results_in_rank_order_with_their_facts(cli):
    ranked = ids(cli, "attention")
    out = cli("search", "attention").stdout
    positions = [out.index(f"[{rid}]") for rid in ranked]
    assert positions == sorted(positions)
    # A long title wraps under itself, not under its number: the id stays with the entry.
    assert re.search(r"\n     \[[a-z0-9-]+\]\n     ", out)
    assert f"\n{len(ranked)} resource(s)." in out
    assert "\n     paper · paper · intermediate · 4 h · free\n" in out


def test_piped_output_has_no_trailing_spaces(cli):
    """Rich pads tables and wrapped lines to the width; redirected output must not carry them."""
    for args in (("topics",), ("search", "attention"), ("show", "lora"), ("show", "attention-math"),
                 ("paths",), ("recommend", "--role", "research-engineer", "--dry-run")):
        res = cli(*args)
        assert res.returncode == 0, (args, res.stderr)
        padded = [line for line in res.stdout.splitlines() if line != line.rstrip()]
        assert padded == [], (args, padded[:3])


def test_search_folds_accents_and_punctuation_alone_matches_nothing(cli):
    by_kaiser = ids(cli, "lukasz")                 # Łukasz Kaiser, typed on a plain keyboard
    assert "attention-is-all-you-need" in by_kaiser
    assert by_kaiser == ids(cli, "Łukasz")
    assert ids(cli, "[") == [] and ids(cli, ". ,") == []
    assert cli("search", "[").stdout == "No resources match.\n"


def test_search_by_a_topic_title_finds_the_topics_resources(cli):
    found = ids(cli, "scaling", "laws")
    shown = [r["id"] for r in json.loads(cli("show", "scaling-laws", "--json").stdout)["sequence"]]
    assert "chinchilla" in found and {s.split("/")[0] for s in shown} <= set(found)


def test_a_useless_columns_value_still_prints_the_catalog(run_cli):
    normal = run_cli("topics", env={"COLUMNS": "80"})
    for value in ("0", "abc", "5"):
        res = run_cli("topics", env={"COLUMNS": value})
        assert res.returncode == 0 and res.stdout == normal.stdout, value


def test_paths_puts_a_long_homes_reason_on_its_own_line(run_cli, tmp_path):
    home = tmp_path / ("a-rather-long-folder-name-for-a-home-" * 2)
    res = run_cli("paths", env={"STUDYGUIDE_HOME": str(home), "COLUMNS": "80"})
    lines = res.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("data dir"))
    assert lines[at] == f"data dir      : {home}" and lines[at + 1].strip() == f"(moved by STUDYGUIDE_HOME={home})"
    assert all(len(line) <= 80 for line in lines if str(home) not in line)

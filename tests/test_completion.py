"""Ids complete in the shell, through Typer's completion protocol, and never break it."""

from __future__ import annotations


def complete(run_cli, line: str) -> list[str]:
    words = line.split(" ")
    res = run_cli(env={"_STUDYGUIDE_COMPLETE": "complete_bash", "COMP_WORDS": line,
                       "COMP_CWORD": str(len(words) - 1)})
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res.stdout.split()


def test_item_ids_complete_plan_items_first(run_cli):
    assert run_cli("recommend", "--goal", "build", "--yes").returncode == 0
    got = complete(run_cli, "studyguide done lo")
    assert got[0] == "lora" and all(g.startswith("lo") for g in got)
    assert complete(run_cli, "studyguide show attention-m") == ["attention-math"]
    assert complete(run_cli, "studyguide recommend --focus gpu-") == ["gpu-optimization"]


def test_completion_with_a_broken_progress_file_still_completes_from_the_catalog(run_cli, sandbox_home):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    (sandbox_home / "progress.toml").write_text("this is = = not toml")
    assert complete(run_cli, "studyguide done qlo") == ["qlora"]
    assert complete(run_cli, "studyguide show qlo") == ["qlora"]
    assert (sandbox_home / "progress.toml").read_text() == "this is = = not toml"


def test_completion_with_a_broken_catalog_completes_nothing_quietly(run_cli, sandbox_home):
    overlay = sandbox_home / "catalog"
    overlay.mkdir(parents=True)
    (overlay / "mine.toml").write_text("[[resources]]\nid = 3\n")
    assert complete(run_cli, "studyguide show qlo") == []


def test_option_values_complete_from_the_catalog(run_cli):
    assert complete(run_cli, "studyguide recommend --goal ") == ["concepts", "build", "systems", "evaluation"]
    assert complete(run_cli, "studyguide recommend --role p") == ["product-manager"]
    assert complete(run_cli, "studyguide recommend --depth d") == ["deep"]
    assert complete(run_cli, "studyguide export --format b") == ["bibtex"]
    assert "paper" in complete(run_cli, "studyguide search --kind p")

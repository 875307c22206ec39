"""The loader's messages for broken catalogs: one line per problem, file and field path named."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from studyguide.catalog_build import build_catalog
from studyguide.errors import CatalogError

GOOD_RESOURCE = '''
[[resources]]
id = "r1"
title = "R one"
authors = "A"
kind = "paper"
url = "https://example.org/r1"
level = "intro"
stage = "paper"
hours = 2
free = true
why = "Because."
'''
GOOD_TOPIC = '''
[[topics]]
id = "t1"
title = "T one"
discipline = "d"
covers = "c"
sequence = ["r1"]
'''


def problems_for(tmp_path, text: str, name: str = "cat.toml") -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        build_catalog([("bundled", tmp_path)])
    return info.value.problems


def test_a_valid_small_catalog_loads(tmp_path):
    (tmp_path / "cat.toml").write_text(GOOD_RESOURCE + GOOD_TOPIC)
    catalog = build_catalog([("bundled", tmp_path)])
    assert list(catalog.resources) == ["r1"] and catalog.topics["t1"].sequence == ("r1",)


def test_unknown_key_is_named_with_its_path(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE.replace('why = "Because."', 'why = "B."\nwhy_read = "x"'))
    assert problems == [f"{tmp_path}/cat.toml: resources[0].why_read: unknown key "
                        "(check the spelling; see the catalog format in the README)"]


def test_bad_kind_lists_the_choices(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE.replace('kind = "paper"', 'kind = "podcast"'))
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path}/cat.toml: resources[0].kind: must be one of 'book', 'course'")


def test_http_url_is_refused(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE.replace("https://", "http://"))
    assert problems == [f"{tmp_path}/cat.toml: resources[0].url: must start with https://"]


def test_missing_resource_in_a_sequence(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE + GOOD_TOPIC.replace('["r1"]', '["r1", "nope"]'))
    assert problems == [f"{tmp_path}/cat.toml: topics[0].sequence[1]: unknown resource 'nope'"]


def test_prerequisite_cycle(tmp_path):
    text = GOOD_RESOURCE + GOOD_TOPIC.replace('sequence = ["r1"]', 'sequence = ["r1"]\nprerequisites = ["t2"]') \
        + GOOD_TOPIC.replace('id = "t1"', 'id = "t2"').replace('sequence = ["r1"]',
                                                                 'sequence = ["r1"]\nprerequisites = ["t1"]')
    problems = problems_for(tmp_path, text)
    assert problems == ["prerequisite cycle: t1 -> t2 -> t1"]


def test_duplicate_id_names_both_places(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD_RESOURCE)
    problems = problems_for(tmp_path, GOOD_RESOURCE + GOOD_TOPIC, name="b.toml")
    assert problems == [f"{tmp_path}/b.toml: resources[0]: id 'r1' is already defined at "
                        f"{tmp_path}/a.toml: resources[0]"]


def test_toml_syntax_error_names_line(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE + "\n[[topics]\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/cat.toml: ") and "line 14" in problems[0]


def test_status_note_required_when_not_active(tmp_path):
    problems = problems_for(tmp_path, GOOD_RESOURCE.replace('free = true', 'free = true\nstatus = "archived"')
                            + GOOD_TOPIC)
    assert problems == [f"{tmp_path}/cat.toml: resources[0]: status_note is required when status is 'archived'"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD_RESOURCE.replace('kind = "paper"', 'kind = "x"') + GOOD_TOPIC.replace('["r1"]', '["gone"]')
    problems = problems_for(tmp_path, text)
    assert len(problems) == 2  # the bad kind, and the sequence that points at nothing


def test_catalog_check_cli_exit_codes(tmp_path, run_cli):
    good = tmp_path / "good"
    good.mkdir()
    (good / "extra.toml").write_text(GOOD_RESOURCE + GOOD_TOPIC)
    ok = run_cli("catalog", "check", str(good))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"{good}: valid (")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "extra.toml").write_text(GOOD_RESOURCE.replace("https://", "ftp://") + GOOD_TOPIC)
    res = run_cli("catalog", "check", str(bad))
    assert res.returncode == 1
    assert res.stdout == ""
    assert f"{bad}/extra.toml: resources[0].url: must start with https://" in res.stderr
    assert "Traceback" not in res.stderr
    missing = run_cli("catalog", "check", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr


def test_mini_fixture_is_valid(mini_catalog):
    assert "base" in mini_catalog.topics and (FIXTURES / "mini").is_dir()

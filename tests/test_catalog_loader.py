"""The loader's messages for broken catalogs: one line per problem, file and field path named."""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES
from studyguide.catalog.build import build_catalog
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
                        "(check the spelling; see the catalog format in docs/catalog.md)"]


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
    assert problems == [f"{tmp_path}/cat.toml: topics[0].prerequisites[0]: prerequisite cycle: t1 -> t2 -> t1"]


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


# --- every problem in one run, even those of an entry that failed validation ---

def test_a_failed_topic_still_has_its_references_checked(tmp_path):
    text = GOOD_RESOURCE + GOOD_TOPIC.replace('sequence = ["r1"]',
                                              'sequence = ["r1", "r1"]\nprerequisites = ["nosuch"]')
    assert problems_for(tmp_path, text) == [
        f"{tmp_path}/cat.toml: topics[0].sequence: lists r1 more than once",
        f"{tmp_path}/cat.toml: topics[0].prerequisites[0]: unknown topic 'nosuch'",
    ]


def test_a_failed_resource_still_claims_its_id(tmp_path):
    second = GOOD_RESOURCE.replace("free = true", 'free = true\nstatus = "archived"')
    assert problems_for(tmp_path, GOOD_RESOURCE + second) == [
        f"{tmp_path}/cat.toml: resources[1]: status_note is required when status is 'archived'",
        f"{tmp_path}/cat.toml: resources[1]: id 'r1' is already defined at {tmp_path}/cat.toml: resources[0]",
    ]


def test_failed_entries_cause_no_follow_on_errors(tmp_path):
    # t1 fails (no title) and names a bad id and t2, which fails too (no covers); the goal
    # is fine but points at t1. Only the entries' own problems are real: nothing is "unknown".
    t1 = GOOD_TOPIC.replace('title = "T one"\n', "").replace(
        'sequence = ["r1"]', 'sequence = ["r1"]\nprerequisites = ["Bad_Id", "t2"]')
    t2 = GOOD_TOPIC.replace('id = "t1"', 'id = "t2"').replace('covers = "c"\n', "")
    goal = '[[goals]]\nid = "g"\ntitle = "G"\ndescription = "D"\nmain_topic = "t1"\npath = ["r1"]\n' \
           '[[goals.topics]]\ntopic = "t2"\n'
    assert problems_for(tmp_path, GOOD_RESOURCE + t1 + t2 + goal) == [
        f"{tmp_path}/cat.toml: topics[0].title: missing (this key is required)",
        f"{tmp_path}/cat.toml: topics[0].prerequisites[0]: must be a lowercase id: letters, digits "
        "and hyphens, starting with a letter or digit",
        f"{tmp_path}/cat.toml: topics[1].covers: missing (this key is required)",
    ]


def test_a_failed_goal_and_override_still_have_their_ids_checked(tmp_path):
    goal = ('[[goals]]\nid = "g"\ntitle = "G"\ndescription = ""\nmain_topic = "t9"\npath = ["r1", "r8"]\n'
            '[[goals.topics]]\ntopic = "t1"\ndepth = "wide"\n')
    override = '[[topic_overrides]]\nid = "nope"\ntitle = ""\n'
    assert problems_for(tmp_path, GOOD_RESOURCE + GOOD_TOPIC + goal + override) == [
        f"{tmp_path}/cat.toml: goals[0].description: must not be empty",
        f"{tmp_path}/cat.toml: goals[0].topics[0].depth: must be one of 'overview', 'practitioner' or 'deep'",
        f"{tmp_path}/cat.toml: topic_overrides[0].title: must not be empty",
        f"{tmp_path}/cat.toml: goals[0].main_topic: unknown topic 't9'",
        f"{tmp_path}/cat.toml: goals[0].path[1]: unknown resource 'r8'",
        f"{tmp_path}/cat.toml: topic_overrides[0].id: no topic 'nope' to change in any catalog in use",
    ]


# --- prerequisite cycles name the file and the field ---

def test_a_topic_requiring_itself_is_reported_once(tmp_path):
    text = GOOD_RESOURCE + GOOD_TOPIC.replace('sequence = ["r1"]', 'sequence = ["r1"]\nprerequisites = ["t1"]')
    assert problems_for(tmp_path, text) == [
        f"{tmp_path}/cat.toml: topics[0].prerequisites[0]: a topic cannot require itself"]


def test_every_separate_cycle_is_reported_where_it_is_found(tmp_path):
    def topic(tid: str, pre: str) -> str:
        return GOOD_TOPIC.replace('id = "t1"', f'id = "{tid}"').replace(
            'sequence = ["r1"]', f'sequence = ["r1"]\nprerequisites = ["{pre}"]')

    text = GOOD_RESOURCE + topic("a", "b") + topic("b", "a") + topic("c", "d") + topic("d", "c")
    assert problems_for(tmp_path, text, name="topics.toml") == [
        f"{tmp_path}/topics.toml: topics[0].prerequisites[0]: prerequisite cycle: a -> b -> a",
        f"{tmp_path}/topics.toml: topics[2].prerequisites[0]: prerequisite cycle: c -> d -> c",
    ]


def test_a_cycle_made_by_an_override_names_the_override(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    (base / "cat.toml").write_text(GOOD_RESOURCE + GOOD_TOPIC + GOOD_TOPIC.replace('id = "t1"', 'id = "t2"')
                                   .replace('sequence = ["r1"]', 'sequence = ["r1"]\nprerequisites = ["t1"]'))
    overlay = tmp_path / "overlay.toml"
    overlay.write_text('[[topic_overrides]]\nid = "t1"\nprerequisites = ["t2"]\n')
    with pytest.raises(CatalogError) as info:
        build_catalog([("bundled", base), ("mine", overlay)])
    assert info.value.problems == [
        f"{overlay}: topic_overrides[0].prerequisites[0]: prerequisite cycle: t1 -> t2 -> t1"]


# --- TOML slips and pydantic wording, in plain words ---

def test_toml_syntax_error_is_plain_and_keeps_line_and_column(tmp_path):
    problems = problems_for(tmp_path, 'hide = ["r1\n' + GOOD_RESOURCE)
    assert problems == [f'{tmp_path}/cat.toml: line 1, column 12: not valid TOML: a string is not closed '
                        'on this line (missing closing ")']


def test_a_list_given_twice_is_explained(tmp_path):
    problems = problems_for(tmp_path, "resources = []\n" + GOOD_RESOURCE)
    assert len(problems) == 1 and "immutable" not in problems[0]
    assert problems[0].startswith(f"{tmp_path}/cat.toml: line 3, column 12: not valid TOML: resources is "
                                  "already given as a value (resources = ...); use either that or "
                                  "[[resources]] tables, not both")


def test_hide_after_a_table_gets_a_hint(tmp_path):
    text = GOOD_RESOURCE + '[[resource_overrides]]\nid = "r1"\nhours = 3\nhide = ["r1"]\n'
    assert problems_for(tmp_path, text) == [
        f"{tmp_path}/cat.toml: resource_overrides[0].hide: unknown key here: top-level keys like `hide` "
        "must come before the first [[table]] (after one, TOML reads them as part of that table)"]


def test_hide_must_be_a_list_of_ids(tmp_path):
    assert problems_for(tmp_path, 'hide = "r1"\n' + GOOD_RESOURCE) == [
        f'{tmp_path}/cat.toml: hide: must be a list of resource ids, like hide = ["r1"]']
    assert problems_for(tmp_path, GOOD_RESOURCE + '[[hide]]\nid = "r1"\n') == [
        f'{tmp_path}/cat.toml: hide[0]: must be a resource id in quotes: hide = ["resource-id", ...] '
        "(not a [[hide]] table)"]


def test_pydantic_wording_is_translated(tmp_path):
    text = 'hide = ["Bad_Id"]\n' + GOOD_RESOURCE.replace('free = true', 'free = "maybe"\nrenamed_from = "old"') \
        .replace('authors = "A"\n', "")
    assert problems_for(tmp_path, text) == [
        f"{tmp_path}/cat.toml: hide[0]: must be a lowercase id: letters, digits and hyphens, "
        "starting with a letter or digit",
        f"{tmp_path}/cat.toml: resources[0].authors: missing (this key is required)",
        f"{tmp_path}/cat.toml: resources[0].free: must be true or false",
        f"{tmp_path}/cat.toml: resources[0].renamed_from: must be a list",
    ]


# --- a file checked on its own does not clash with itself ---

def test_a_bundled_file_given_again_is_read_once(tmp_path):
    bundled = tmp_path / "data"
    bundled.mkdir()
    (bundled / "cat.toml").write_text(GOOD_RESOURCE + GOOD_TOPIC)
    os.symlink(bundled / "cat.toml", tmp_path / "link.toml")
    for again in (bundled / "cat.toml", tmp_path / "link.toml"):
        catalog = build_catalog([("bundled", bundled), ("check", again)])
        assert list(catalog.resources) == ["r1"] and catalog.resources["r1"].origin == f"check: {again}"
    # A different file with the same ids still clashes.
    (tmp_path / "copy.toml").write_text(GOOD_RESOURCE)
    with pytest.raises(CatalogError) as info:
        build_catalog([("bundled", bundled), ("check", tmp_path / "copy.toml")])
    assert "id 'r1' is already defined" in info.value.problems[0]


def test_catalog_check_of_a_bundled_file(run_cli):
    from studyguide import paths

    target = paths.bundled_catalog_dir() / "resources.toml"
    res = run_cli("catalog", "check", str(target))
    assert res.returncode == 0, res.stderr[:2000]
    assert res.stdout.startswith(f"{target}: valid (") and res.stderr == ""

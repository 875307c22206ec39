"""Overlays merged over a catalog: overrides, hides, conflicts, messages, plans, the cache.

In-process and on the small fixture catalog (tests/fixtures/mini), so they stay fast.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from conftest import FIXTURES
from studyguide.catalog.build import build_catalog
from studyguide.errors import CatalogError

MINI = FIXTURES / "mini"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def resource(rid: str, stage: str = "foundation", kind: str = "website", hours: float = 2) -> str:
    return f'''
[[resources]]
id = "{rid}"
title = "Title of {rid}"
authors = "Someone"
kind = "{kind}"
url = "https://example.org/{rid}"
level = "intro"
stage = "{stage}"
hours = {hours}
free = true
why = "Why {rid}."
'''


def overlay(tmp_path, name: str, files: dict[str, str]):
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def build(*overlays, labels=None):
    sources = [("bundled", MINI)]
    for n, folder in enumerate(overlays):
        sources.append(((labels or ["user"] * len(overlays))[n], folder))
    return build_catalog(sources)


def problems(*overlays, labels=None) -> list[str]:
    with pytest.raises(CatalogError) as info:
        build(*overlays, labels=labels)
    return info.value.problems


# ---------------------------------------------------------------- overrides
def test_resource_override_changes_only_the_fields_it_names(tmp_path, mini_catalog):
    mine = overlay(tmp_path, "mine", {"o.toml": '[[resource_overrides]]\nid = "found-a"\nhours = 99\n'})
    catalog = build(mine)
    before, after = mini_catalog.resources["found-a"], catalog.resources["found-a"]
    assert after.hours == 99 and before.hours != 99
    assert (after.title, after.url, after.stage, after.origin) == (before.title, before.url, before.stage, "bundled")


def test_topic_override_replaces_a_sequence(tmp_path, mini_catalog):
    mine = overlay(tmp_path, "mine", {"o.toml": '[[topic_overrides]]\nid = "middle"\n'
                                                'sequence = ["code-c", "found-c"]\ntitle = "Middle, my way"\n'})
    catalog = build(mine)
    assert mini_catalog.topics["middle"].sequence == ("found-c", "code-c", "paper-1")
    assert catalog.topics["middle"].sequence == ("code-c", "found-c")
    assert catalog.topics["middle"].title == "Middle, my way"
    assert catalog.topics["middle"].prerequisites == mini_catalog.topics["middle"].prerequisites


def test_append_puts_each_new_resource_at_the_end_of_its_stage(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": resource("my-found") + resource("my-code", "practice", "code")
                                      + '[[topic_overrides]]\nid = "base"\nappend = ["my-code", "my-found"]\n'})
    seq = build(mine).topics["base"].sequence
    assert seq == ("found-a", "found-b", "my-found", "code-a", "my-code",
                   "paper-1", "paper-2", "paper-3", "paper-4", "board")


def test_a_later_overlay_wins_a_field_in_the_documented_order(tmp_path, monkeypatch):
    from studyguide import paths
    from studyguide.catalog.load import catalog_sources

    first = overlay(tmp_path, "first", {"o.toml": '[[resource_overrides]]\nid = "code-a"\nhours = 7\n'})
    second = overlay(tmp_path, "second", {"o.toml": '[[resource_overrides]]\nid = "code-a"\nhours = 8\n'})
    assert build(first, second).resources["code-a"].hours == 8
    assert build(second, first).resources["code-a"].hours == 7
    # The order itself: bundled, your overlay folder, STUDYGUIDE_CATALOG (in its order), --catalog.
    paths.user_catalog_dir().mkdir(parents=True)
    monkeypatch.setenv("STUDYGUIDE_CATALOG", f"{first}{__import__('os').pathsep}{second}")
    got = catalog_sources([tmp_path / "teacher"])
    assert got == [("bundled", paths.bundled_catalog_dir()), ("user", paths.user_catalog_dir()),
                   ("STUDYGUIDE_CATALOG", first), ("STUDYGUIDE_CATALOG", second),
                   ("--catalog", tmp_path / "teacher")]


def test_override_may_target_what_a_later_overlay_defines(tmp_path):
    early = overlay(tmp_path, "early", {"o.toml": '[[resource_overrides]]\nid = "late-r"\nhours = 5\n'})
    late = overlay(tmp_path, "late", {"r.toml": resource("late-r", hours=1)})
    assert build(early, late).resources["late-r"].hours == 5


def test_overrides_and_hides_follow_declared_renames(tmp_path):
    renamed = overlay(tmp_path, "renamed", {"r.toml": resource("new-name").replace(
        'why = "Why new-name."', 'why = "Why."\nrenamed_from = ["old-name"]')
        + '[[topic_overrides]]\nid = "side"\nappend = ["new-name"]\n'})
    # (`hide` goes before any [[table]]: after one, TOML puts it inside that table.)
    mine = overlay(tmp_path, "mine", {"o.toml": 'hide = ["old-name"]\n'
                                                '[[resource_overrides]]\nid = "old-name"\nhours = 4\n'})
    catalog = build(renamed, mine)
    assert catalog.resources["new-name"].hours == 4 and "new-name" in catalog.hidden


def test_a_status_change_needs_a_note(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": '[[resource_overrides]]\nid = "code-a"\nstatus = "archived"\n'})
    assert problems(mine) == [f"{mine}/o.toml: resource_overrides[0]: status_note is required when "
                              "status is 'archived'"]
    noted = overlay(tmp_path, "noted", {"o.toml": '[[resource_overrides]]\nid = "code-a"\n'
                                                  'status = "archived"\nstatus_note = "Frozen."\n'})
    assert build(noted).resources["code-a"].status_note == "Frozen."


# ---------------------------------------------------------------- conflicts and messages
def test_two_overlays_defining_the_same_new_id_name_both_files(tmp_path):
    a = overlay(tmp_path, "class", {"res.toml": resource("shared-notes")})
    b = overlay(tmp_path, "mine", {"extra.toml": resource("other") + resource("shared-notes")})
    assert problems(a, b) == [f"{b}/extra.toml: resources[1]: id 'shared-notes' is already defined at "
                              f"{a}/res.toml: resources[0]"]


def test_redefining_a_bundled_id_names_both_places_and_the_override_table(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": resource("found-a")})
    assert problems(mine) == [
        f"{mine}/o.toml: resources[0]: id 'found-a' is already defined at {MINI}/catalog.toml: "
        "resources[0]; to change it, use [[resource_overrides]] with id = 'found-a', or pick another id"]


def test_changing_an_id_that_does_not_exist_names_the_file_and_field(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": 'hide = ["nope-nothing"]\n'
                                                '[[resource_overrides]]\nid = "found-z"\nhours = 1\n'
                                                '[[topic_overrides]]\nid = "midle"\ntitle = "M"\n'
                                                '[[topic_overrides]]\nid = "side"\nappend = ["paper-9"]\n'})
    got = problems(mine)
    where = f"{mine}/o.toml"
    assert got == [
        f"{where}: resource_overrides[0].id: no resource 'found-z' to change in any catalog in use "
        "(did you mean found-c or found-b or found-a?)",
        f"{where}: topic_overrides[0].id: no topic 'midle' to change in any catalog in use (did you mean middle or side?)",
        f"{where}: topic_overrides[1].append[0]: unknown resource 'paper-9' "
        "(did you mean paper-4 or paper-3 or paper-2?)",
        f"{where}: hide[0]: no resource 'nope-nothing' to hide in any catalog in use",
    ]


def test_a_bad_sequence_override_is_reported_at_the_override_not_the_bundled_topic(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": '[[topic_overrides]]\nid = "top"\n'
                                                'sequence = ["found-c", "paper-44"]\n'})
    assert problems(mine) == [f"{mine}/o.toml: topic_overrides[0].sequence[1]: unknown resource "
                              "'paper-44' (did you mean paper-4 or paper-3 or paper-2?)"]


def test_overlay_files_get_the_same_field_messages_as_the_bundled_catalog(tmp_path):
    mine = overlay(tmp_path, "mine", {"o.toml": resource("mine-1").replace('kind = "website"', 'kind = "blog"')})
    got = problems(mine)
    assert len(got) == 1 and got[0].startswith(f"{mine}/o.toml: resources[0].kind: must be one of 'book'")


def test_origin_names_the_overlay_file(tmp_path):
    mine = overlay(tmp_path, "mine", {"r.toml": resource("mine-1") +
                                      '[[topic_overrides]]\nid = "side"\nappend = ["mine-1"]\n'})
    catalog = build(mine, labels=["--catalog"])
    assert catalog.resources["mine-1"].origin == f"--catalog: {mine}/r.toml"
    assert catalog.resources["found-a"].origin == "bundled"


def test_pending_bytes_are_validated_before_the_file_exists(tmp_path):
    folder = tmp_path / "not-yet"
    target = folder / "mine.toml"
    catalog = build_catalog([("bundled", MINI), ("user", folder)],
                            pending={target: ('hide = ["board"]\n' + resource("p-1")).encode()})
    assert "p-1" in catalog.resources and "board" in catalog.hidden and not folder.exists()
    with pytest.raises(CatalogError) as info:
        build_catalog([("bundled", MINI), ("user", folder)], pending={target: b'hide = ["zzz"]\n'})
    assert info.value.problems[0].startswith(f"{target}: hide[0]: no resource 'zzz'")


# ---------------------------------------------------------------- hiding and plans
def test_hidden_resources_leave_sequences_search_and_new_plans(tmp_path, mini_catalog):
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.catalog.search import search

    mine = overlay(tmp_path, "mine", {"o.toml": 'hide = ["found-b", "paper-1"]\n'})
    catalog = build(mine)
    assert [r.id for r in catalog.visible_sequence(catalog.topics["base"])] == [
        "found-a", "code-a", "paper-2", "paper-3", "paper-4", "board"]
    assert "found-b" in [r.id for r in search(mini_catalog)]
    assert "found-b" not in [r.id for r in search(catalog)]
    assert "found-b" not in [r.id for r in search(catalog, "Foundation")]
    plan = recommend(catalog, Answers(role="engineer"), now=NOW)
    before = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    assert {"found-b", "paper-1"} <= set(before.item_ids())
    assert not {"found-b", "paper-1"} & set(plan.item_ids())


def test_a_hidden_item_stays_in_an_existing_plan_with_its_progress(tmp_path, mini_catalog):
    from studyguide.progress.model import ItemState, Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    plan = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    progress = Progress(plan=plan, items={"found-b": ItemState(status="done", spent_hours=3)})
    hidden = build(overlay(tmp_path, "mine", {"o.toml": 'hide = ["found-b"]\n'}))
    view = build_view(plan, progress, hidden, date(2026, 11, 23))
    item = next(i for i in view.items() if i.id == "found-b")
    assert item.state == "done" and view.done == 1 and view.unknown == []


def _base_ids(view) -> list[str]:
    return [i.id for i in next(s for s in view.sections if s.id == "base").items]


def test_a_plan_takes_in_resources_added_to_its_topics_without_reordering(tmp_path, mini_catalog):
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    plan = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    saved = [list(s.items) for s in plan.sections]
    old = _base_ids(build_view(plan, Progress(plan=plan), mini_catalog, date(2026, 11, 23)))
    mine = overlay(tmp_path, "mine", {"o.toml": resource("my-found") + resource("my-paper", "paper", "paper")
                                      + '[[topic_overrides]]\nid = "base"\nappend = ["my-found", "my-paper"]\n'})
    view = build_view(plan, Progress(plan=plan), build(mine), date(2026, 11, 23))
    new = _base_ids(view)
    # At their stage: the foundation after the foundations; the user's paper after the
    # papers, although deep depth caps papers at three (it is the learner's own choice).
    assert old == ["found-a", "found-b", "code-a", "paper-1", "paper-2", "paper-3", "board"]
    assert new == old[:2] + ["my-found"] + old[2:6] + ["my-paper"] + old[6:]
    added = {i.id: i for i in view.items() if i.added}
    assert set(added) == {"my-found", "my-paper"}
    assert added["my-found"].why.startswith("Added to this topic by your own catalog")
    assert [list(s.items) for s in plan.sections] == saved  # the saved plan is not touched


def _units(rid: str, *keys: str) -> str:
    return "".join(f'[[units]]\nresource = "{rid}"\nkey = "{k}"\nn = "{n}"\ntitle = "Part {k}"\n\n'
                   for n, k in enumerate(keys, 1))


def test_your_own_resource_split_in_units_comes_in_by_its_units(tmp_path, mini_catalog):
    """A paper of your own beyond deep's three is taken in (your choice), whole or split."""
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    plan = recommend(mini_catalog, Answers(role="engineer", depth="deep"), now=NOW)
    mine = overlay(tmp_path, "mine", {"o.toml": resource("my-split", "paper", "paper") + resource("my-whole", "paper", "paper")
                                      + _units("my-split", "s1", "s2")
                                      + '[[topic_overrides]]\nid = "base"\nappend = ["my-split", "my-whole"]\n'})
    ids = _base_ids(build_view(plan, Progress(plan=plan), build(mine), date(2026, 11, 23)))
    assert ids[ids.index("paper-3") + 1:] == ["my-split/s1", "my-split/s2", "my-whole", "board"]


def test_a_new_unit_of_a_planned_resource_comes_after_its_siblings(tmp_path, mini_catalog):
    """Not after the last item of its stage: found-a's third part goes before found-b."""
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    two = build(overlay(tmp_path, "two", {"o.toml": _units("found-a", "p1", "p2")}))
    plan = recommend(two, Answers(role="engineer", depth="deep"), now=NOW)
    assert [i for s in plan.sections for i in s.items][:3] == ["found-a/p1", "found-a/p2", "found-b"]
    three = build(overlay(tmp_path, "three", {"o.toml": _units("found-a", "p1", "p2", "p3")}))
    view = build_view(plan, Progress(plan=plan), three, date(2026, 11, 23))
    assert _base_ids(view)[:4] == ["found-a/p1", "found-a/p2", "found-a/p3", "found-b"]
    assert next(i for i in view.items() if i.id == "found-a/p3").added


def test_someone_elses_additions_follow_the_recommenders_limits(tmp_path, mini_catalog):
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    plan = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    teacher = overlay(tmp_path, "teacher", {"o.toml": resource("t-found") + resource("t-paper", "paper", "paper")
                                            + '[[topic_overrides]]\nid = "base"\nappend = ["t-paper", "t-found"]\n'})
    ids = _base_ids(build_view(plan, Progress(plan=plan), build(teacher, labels=["--catalog"]), date(2026, 11, 23)))
    assert "t-found" in ids and "t-paper" not in ids  # a fourth paper at deep depth stays out


def test_removed_overlay_items_keep_progress_and_are_listed_as_unknown(tmp_path):
    from studyguide.progress.model import ItemState, Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    mine = overlay(tmp_path, "mine", {"o.toml": resource("my-found") +
                                      '[[topic_overrides]]\nid = "base"\nappend = ["my-found"]\n'})
    plan = recommend(build(mine), Answers(role="engineer"), now=NOW)
    assert "my-found" in plan.item_ids()
    progress = Progress(plan=plan, items={"my-found": ItemState(status="done")})
    view = build_view(plan, progress, build_catalog([("bundled", MINI)]), date(2026, 11, 23))
    assert view.unknown == ["my-found"] and "my-found" not in [i.id for i in view.items()]
    assert progress.items["my-found"].status == "done"


# ---------------------------------------------------------------- cache
def test_the_cache_is_rebuilt_when_an_overlay_file_changes(tmp_path):
    from studyguide import paths
    from studyguide.catalog.load import load_catalog

    folder = paths.user_catalog_dir()
    folder.mkdir(parents=True)
    some_id = next(r.id for r in load_catalog().resources.values() if not r.units and not r.parent)
    (folder / "o.toml").write_text(f'[[resource_overrides]]\nid = "{some_id}"\nhours = 111\n')
    assert load_catalog().resources[some_id].hours == 111
    assert list(paths.cache_dir().glob("catalog-*"))  # it was cached...
    # ...and the cache is not trusted once the overlay changes (same size, same second).
    (folder / "o.toml").write_text(f'[[resource_overrides]]\nid = "{some_id}"\nhours = 222\n')
    assert load_catalog().resources[some_id].hours == 222
    (folder / "o.toml").unlink()
    assert load_catalog().resources[some_id].hours not in (111, 222)


def test_next_time_does_not_jump_ahead_within_a_source(tmp_path, mini_catalog):
    """found-a's short last part fits in an hour, but its long first part is still open:
    `next --time 1h` offers something else that fits, not the book's appendix."""
    from studyguide.progress.model import Progress
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view, fitting_item

    units = ('[[units]]\nresource = "found-a"\nkey = "p1"\nn = "1"\ntitle = "Long part"\nhours = 3\n\n'
             '[[units]]\nresource = "found-a"\nkey = "p2"\nn = "2"\ntitle = "References"\nhours = 0.5\n\n'
             + resource("short-one", hours=1) + '[[topic_overrides]]\nid = "base"\nappend = ["short-one"]\n')
    catalog = build(overlay(tmp_path, "mine", {"o.toml": units}))
    plan = recommend(catalog, Answers(role="engineer", depth="deep"), now=NOW)
    view = build_view(plan, Progress(plan=plan), catalog, date(2026, 11, 23))
    ids = _base_ids(view)
    assert ids[:2] == ["found-a/p1", "found-a/p2"] and "short-one" in ids
    item, fits = fitting_item(view, 1.0)
    assert fits and item.id == "short-one"
    item, fits = fitting_item(view, 3.0)
    assert fits and item.id == "found-a/p1"

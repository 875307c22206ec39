"""Catalog upgrades: progress saved under an id the catalog later renames follows the new
id; progress for ids the catalog dropped stays in the file, out of the figures, reported
once; a plan whose items vanished still works for the rest."""

from __future__ import annotations

import json
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from studyguide.progress import actions
from studyguide.catalog.build import build_catalog
from studyguide.progress.model import PATH_SECTION, Change, ItemState, Note, Plan, Progress
from studyguide.plan.view import build_view
from studyguide.progress.store import Store, follow_renames

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 23)
NOW_ENV = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}


def resource(rid: str, stage: str, renamed_from: tuple[str, ...] = ()) -> str:
    kind = {"foundation": "book", "practice": "code", "paper": "paper"}[stage]
    extra = f"renamed_from = {json.dumps(list(renamed_from))}\n" if renamed_from else ""
    return textwrap.dedent(f"""
        [[resources]]
        id = "{rid}"
        title = "Title of {rid}"
        authors = "Someone"
        kind = "{kind}"
        url = "https://example.org/{rid}"
        level = "intro"
        stage = "{stage}"
        hours = 2
        free = true
        why = "Because."
        """) + extra


def catalog_toml(prefix: str, book: str, renamed: tuple[str, ...], with_code: bool,
                 topic: str = "topic", topic_renamed: tuple[str, ...] = ()) -> str:
    """One topic and one goal; `book` is the id of the foundation book in this release."""
    b, code, paper = f"{prefix}{book}", f"{prefix}code", f"{prefix}paper"
    sequence = [b] + ([code] if with_code else []) + [paper]
    out = resource(b, "foundation", tuple(f"{prefix}{r}" for r in renamed))
    out += resource(code, "practice") if with_code else ""
    out += resource(paper, "paper")
    out += textwrap.dedent(f"""
        [[topics]]
        id = "{prefix}{topic}"
        title = "The topic"
        discipline = "architecture understanding"
        covers = "It covers things."
        sequence = {json.dumps(sequence)}
        renamed_from = {json.dumps([prefix + t for t in topic_renamed])}

        [[goals]]
        id = "{prefix}goal"
        title = "The goal"
        description = "A goal."
        main_topic = "{prefix}{topic}"
        path = {json.dumps([b, paper])}

        [[goals.topics]]
        topic = "{prefix}{topic}"
        """)
    return out


RELEASE_1 = dict(book="old-book", renamed=(), with_code=True)
RELEASE_2 = dict(book="new-book", renamed=("old-book",), with_code=True, topic="new-topic",
                 topic_renamed=("topic",))
RELEASE_3 = dict(book="newest-book", renamed=("old-book", "new-book"), with_code=False,
                 topic="new-topic", topic_renamed=("topic",))


def build(tmp_path: Path, name: str, release: dict, prefix: str = ""):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "catalog.toml").write_text(catalog_toml(prefix, **release))
    return build_catalog([("bundled", folder)])


def plan_for(catalog) -> Plan:
    from studyguide.plan.recommend import Answers, recommend

    return recommend(catalog, Answers(goal="goal", depth="practitioner"), now=NOW)


@pytest.fixture
def upgraded(tmp_path, sandbox_home):
    """Progress saved with release 1: the book done with a note, the code skipped."""
    v1, v2, v3 = (build(tmp_path, f"r{i}", r) for i, r in enumerate((RELEASE_1, RELEASE_2, RELEASE_3), 1))
    plan = plan_for(v1)
    assert plan.item_ids() == ["old-book", "paper", "code"]

    def first_weeks(p: Progress) -> None:
        p.plan = plan
        actions.start(p, "old-book", NOW.replace(day=1))
        actions.done(p, ["old-book"], NOW.replace(day=5), 3.0)
        actions.note(p, "old-book", "chapter 2 twice", NOW.replace(day=5))
        actions.skip(p, "code", NOW.replace(day=6), "no GPU")

    Store().update(first_weeks)
    return v1, v2, v3


def test_the_catalog_declares_renames(upgraded):
    _, v2, v3 = upgraded
    assert v2.renames == {"old-book": "new-book", "topic": "new-topic"}
    assert v3.current_id("old-book") == "newest-book" == v3.current_id("new-book")


def test_progress_under_a_renamed_id_counts_for_the_new_id(upgraded, sandbox_home):
    _, v2, _ = upgraded
    path = sandbox_home / "progress.toml"
    on_disk = path.read_bytes()
    store = Store(renames=v2.renames)
    progress = store.load()
    assert store.moved == [("old-book", "new-book")]
    assert path.read_bytes() == on_disk                            # reading alone never writes
    view = build_view(progress.plan, progress, v2, TODAY)
    states = {i.id: (i.state, [n.text for n in i.notes]) for i in view.items()}
    assert states["new-book"] == ("done", ["chapter 2 twice"])
    assert [s.id for s in view.sections] == [PATH_SECTION, "new-topic"]   # the renamed topic too
    assert (view.done, view.total, view.skipped, view.unknown) == (1, 2, 1, [])


def test_the_next_change_saves_it_under_the_new_id_and_keeps_everything(upgraded, sandbox_home):
    _, v2, _ = upgraded
    Store(renames=v2.renames).update(lambda p: actions.note(p, "new-book", "now with code", NOW))
    saved = Store().load()                                         # no renames needed any more
    assert "old-book" not in saved.items
    book = saved.items["new-book"]
    assert (book.status, [n.text for n in book.notes], book.spent_hours) == (
        "done", ["chapter 2 twice", "now with code"], 3.0)
    assert book.started == NOW.replace(day=1) and book.finished == NOW.replace(day=5)
    assert saved.items["code"].skip_reason == "no GPU"
    assert Store().update(actions.undo).action == "note new-book"  # history followed the rename
    assert [n.text for n in Store().load().items["new-book"].notes] == ["chapter 2 twice"]
    Store().update(actions.undo)                                    # skip code
    Store().update(actions.undo)                                    # note old-book, now new-book
    assert Store().load().items["new-book"].notes == []
    assert Store().load().items["new-book"].status == "done"


def test_a_removed_item_keeps_its_progress_out_of_the_figures(upgraded, sandbox_home):
    _, _, v3 = upgraded
    store = Store(renames=v3.renames)
    progress = store.load()
    view = build_view(progress.plan, progress, v3, TODAY)
    assert [i.id for i in view.items()] == ["newest-book", "paper"]   # the plan works for the rest
    assert view.unknown == ["code"]
    assert (view.done, view.total, view.skipped) == (1, 2, 0)        # the skipped, gone item counts nowhere
    store.update(lambda p: actions.done(p, ["paper"], NOW))
    saved = Store().load()
    assert saved.items["code"] == ItemState(status="skipped", skip_reason="no GPU")   # never dropped
    assert saved.items["newest-book"].status == "done" and saved.items["paper"].status == "done"
    assert saved.plan.item_ids() == ["old-book", "paper", "code"]   # the saved plan is not rewritten


def test_progress_off_the_plan_for_a_dropped_id_is_listed_as_unknown(upgraded):
    _, _, v3 = upgraded
    Store().update(lambda p: actions.done(p, ["retired-thing"], NOW))
    progress = Store(renames=v3.renames).load()
    view = build_view(progress.plan, progress, v3, TODAY)
    assert view.unknown == ["code", "retired-thing"]
    assert "retired-thing" not in [i.id for i in view.items()]


def test_following_renames_never_overwrites_an_entry_under_the_new_id():
    p = Progress(items={"a": ItemState(status="done"), "b": ItemState(status="in-progress"),
                        "x": ItemState(notes=[Note("x")])},
                 history=[Change(action="note a", at=NOW, before={"a": None}),
                          Change(action="note x", at=NOW, before={"x": ItemState()})])
    moved = follow_renames(p, {"a": "b", "x": "y", "y": "z"})
    assert moved == [("x", "z")]                                  # chains are followed
    assert p.items["a"].status == "done" and p.items["b"].status == "in-progress"   # both kept
    assert p.items["z"].notes == [Note("x")] and "x" not in p.items
    assert p.history[0].before == {"a": None}                       # "a" still lives under "a"
    assert p.history[1].before == {"z": ItemState()}
    assert follow_renames(p, {}) == [] and follow_renames(p, {"q": "r"}) == []


def test_a_rename_cycle_in_hand_made_renames_does_not_hang():
    p = Progress(items={"a": ItemState(status="done")})
    follow_renames(p, {"a": "b", "b": "a"})
    assert [s.status for s in p.items.values()] == ["done"]


# ---------------------------------------------------------------- through the CLI

def overlay(tmp_path: Path, release: dict) -> dict:
    folder = tmp_path / f"overlay-{release['book']}"
    folder.mkdir(exist_ok=True)
    (folder / "catalog.toml").write_text(catalog_toml("sgt-", **release))
    return {**NOW_ENV, "STUDYGUIDE_CATALOG": str(folder)}


def test_an_upgrade_through_the_cli_follows_renames_and_reports_removals_once(run_cli, tmp_path, sandbox_home):
    v1, v2, v3 = (overlay(tmp_path, r) for r in (RELEASE_1, RELEASE_2, RELEASE_3))
    for args in (("recommend", "--goal", "sgt-goal", "--yes"), ("done", "sgt-old-book", "--spent", "3h"),
                 ("note", "sgt-old-book", "mine"), ("skip", "sgt-code")):
        res = run_cli(*args, env=v1)
        assert res.returncode == 0, (args, res.stderr)
    path = sandbox_home / "progress.toml"

    res = run_cli("status", "--json", env=v2)                       # the upgrade renames the book
    assert res.returncode == 0 and res.stderr == "", res.stderr
    status = json.loads(res.stdout)
    assert (status["overall"]["done"], status["overall"]["skipped"], status["unknown"]) == (1, 1, [])
    assert "sgt-new-book" in path.read_text() and "[items.sgt-old-book]" not in path.read_text()
    nxt = run_cli("next", "--json", env=v2)
    assert nxt.returncode == 0 and json.loads(nxt.stdout)["id"] == "sgt-paper"
    assert run_cli("done", "sgt-old-book", env=v2).returncode == 0   # the old id still resolves

    first = run_cli("status", "--json", env=v3)                     # the code item is gone
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["unknown"] == ["sgt-code"]
    assert json.loads(first.stdout)["overall"]["total"] == 2
    assert " ".join(first.stderr.split()) == (   # wrapped to the terminal's width
        "note: 1 id(s) in your plan or progress are no longer in the catalog and are "
        "left out of the figures; their progress is kept in the file: sgt-code")
    second = run_cli("status", env=v3)
    assert second.returncode == 0 and second.stderr == ""           # reported once
    done = run_cli("done", "sgt-paper", env=v3)                      # the rest of the plan works
    assert done.returncode == 0, done.stderr
    final = json.loads(run_cli("status", "--json", env=v3).stdout)["overall"]
    assert (final["done"], final["total"]) == (2, 2)
    saved = Store().load().items
    assert saved["sgt-code"].skip_reason is None and saved["sgt-code"].status == "skipped"
    assert [n.text for n in saved["sgt-newest-book"].notes] == ["mine"] and saved["sgt-newest-book"].spent_hours == 3.0

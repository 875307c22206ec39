"""Targets of issue 15: every bundled plan is made of sittings, not of 50-hour courses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import ROOT
from studyguide.catalog.build import build_catalog
from studyguide.plan.recommend import Answers, recommend

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
MAX_ITEM_HOURS = 8
MAX_FIRST_HOURS = 3


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([("bundled", ROOT / "data")])


PLANS = [Answers(goal=g, depth=d) for g in ("concepts", "build", "systems", "evaluation")
         for d in ("overview", "practitioner", "deep")]
PLANS += [Answers(role=r) for r in ("business-builder", "product-manager", "research-engineer")]


@pytest.mark.parametrize("answers", PLANS, ids=lambda a: f"{a.goal or a.role}-{a.depth or 'own'}")
def test_every_item_is_a_sitting_or_two_and_the_first_is_short(catalog, answers):
    plan = recommend(catalog, answers, now=NOW)
    items = [catalog.resources[i] for i in plan.item_ids()]
    too_long = [(r.id, r.hours) for r in items if r.hours > MAX_ITEM_HOURS and r.unit_kind != "project"]
    assert too_long == []
    assert items[0].hours <= MAX_FIRST_HOURS, (items[0].id, items[0].hours)
    # No resource that has units is planned whole: its units are.
    assert [r.id for r in items if r.units] == []


def test_the_lessons_named_units(catalog):
    concepts = recommend(catalog, Answers(goal="concepts", depth="overview"), now=NOW)
    # "CS224N selected lectures": the transformer and the pretraining lecture, nothing else of it.
    assert [i for i in concepts.sections[0].items if i.startswith("cs224n/")] == [
        "cs224n/lecture-08", "cs224n/lecture-09"]
    assert concepts.sections[0].items[0] == "hf-llm-course/chapter-01"    # the course's overview
    deep = recommend(catalog, Answers(goal="concepts", depth="deep"), now=NOW)
    # At deep the whole course is there, each lecture once.
    cs224n = [i for i in deep.item_ids() if i.startswith("cs224n/")]
    assert sorted(cs224n) == sorted(catalog.resources["cs224n"].units)
    maths = {f"deep-learning-book/chapter-0{n}" for n in (2, 3, 4, 8)}
    research = recommend(catalog, Answers(role="research-engineer"), now=NOW)
    assert maths <= set(research.item_ids())


def test_a_resource_hours_are_its_units_sum(catalog):
    for r in catalog.resources.values():
        if r.units:
            assert r.hours == pytest.approx(sum(catalog.resources[u].hours for u in r.units), abs=0.05)
            assert all(catalog.resources[u].parent == r.id for u in r.units)

"""One test per rule of the recommender (src/studyguide/plan.py), on the hand-made mini catalog."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from conftest import ROOT
from studyguide.catalog.model import STAGES
from studyguide.catalog.build import build_catalog
from studyguide.errors import UsageError
from studyguide.progress.model import PATH_SECTION, ItemState, Progress
from studyguide.plan.recommend import Answers, recommend
from studyguide.plan.view import build_view
from studyguide.valueclass import replace

NOW = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)


def sections(plan):
    return {s.id: s for s in plan.sections}


def test_rule1_stage_order_within_a_topic(mini_catalog):
    # Author the topic's sequence out of stage order: the plan still orders by stage.
    base = mini_catalog.topics["base"]
    shuffled = replace(base, sequence=("paper-1", "board", "code-a", "found-b", "found-a"))
    mini_catalog.topics["base"] = shuffled
    plan = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    items = sections(plan)["base"].items
    ranks = [STAGES.index(mini_catalog.resources[i].stage) for i in items]
    assert ranks == sorted(ranks)
    assert items[:2] == ["found-b", "found-a"]  # authored order kept within a stage


def test_rule2_depth_selects_stages(mini_catalog):
    def base_items(depth):
        return sections(recommend(mini_catalog, Answers(role="engineer", depth=depth), now=NOW))["base"].items

    assert base_items("overview") == ["found-a", "found-b"]
    assert base_items("practitioner") == ["found-a", "found-b", "code-a", "paper-1"]
    assert base_items("deep") == ["found-a", "found-b", "code-a", "paper-1", "paper-2", "paper-3", "board"]


def test_rule2_optional_items_only_at_deep(mini_catalog):
    mini_catalog.topics["base"] = replace(mini_catalog.topics["base"], optional=("found-b", "code-a"))

    def base_items(depth):
        return sections(recommend(mini_catalog, Answers(role="engineer", depth=depth), now=NOW))["base"].items

    assert base_items("overview") == ["found-a"]
    assert base_items("practitioner") == ["found-a", "paper-1"]
    assert "found-b" in base_items("deep") and "code-a" in base_items("deep")


def test_rule3_reading_path_first_in_its_own_order_whatever_the_depth(mini_catalog):
    for depth in ("overview", "practitioner", "deep"):
        plan = recommend(mini_catalog, Answers(goal="learn", depth=depth), now=NOW)
        assert plan.sections[0].id == PATH_SECTION
        # The path puts a paper before a foundation and a reference: its order wins.
        assert plan.sections[0].items == ["paper-2", "found-a", "board"]
        later = [i for s in plan.sections[1:] for i in s.items]
        assert not {"paper-2", "found-a", "board"} & set(later)


def test_rule4_goal_topics_and_caps_and_prerequisites(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn", depth="deep"), now=NOW)
    depth = {s.id: s.depth for s in plan.sections[1:]}
    assert depth["middle"] == "deep" and depth["side"] == "deep"
    assert depth["top"] == "overview"            # capped by the goal
    assert depth["base"] == "overview"           # a prerequisite nobody named


def test_rule4_role_depths_and_depth_override(mini_catalog):
    plan = recommend(mini_catalog, Answers(role="engineer"), now=NOW)
    assert {s.id: s.depth for s in plan.sections} == {"base": "deep", "side": "overview"}
    moved = recommend(mini_catalog, Answers(role="engineer", depth="practitioner"), now=NOW)
    assert {s.depth for s in moved.sections} == {"practitioner"}


def test_rule4_topic_filter_keeps_prerequisites(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn", topics=("top",)), now=NOW)
    assert [s.id for s in plan.sections] == [PATH_SECTION, "base", "middle", "top"]
    assert sections(plan)["middle"].depth == "overview"


def test_rule5_prerequisite_order_and_focus_first(mini_catalog):
    plain = recommend(mini_catalog, Answers(goal="learn"), now=NOW)
    order = [s.id for s in plain.sections[1:]]
    assert order.index("base") < order.index("middle") < order.index("top")
    # The goal's main topic is `middle`: it and what leads to it come before `side`.
    assert order == ["base", "middle", "side", "top"]
    # Rule 3 (changed by issue 16): with a focus other than the goal's main topic, the focus
    # topic opens the plan and the reading path comes right after it.
    focused = recommend(mini_catalog, Answers(goal="learn", focus="side"), now=NOW)
    assert [s.id for s in focused.sections][:2] == ["side", PATH_SECTION]


def test_rule6_a_resource_appears_once(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn", depth="deep"), now=NOW)
    items = [i for s in plan.sections for i in s.items]
    assert len(items) == len(set(items))
    assert "paper-1" in sections(plan)["base"].items or "paper-1" in sections(plan)["middle"].items


def test_rule7_progress_never_removes_items(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn"), now=NOW)
    progress = Progress(plan=plan, items={"found-c": ItemState(status="done"), "code-c": ItemState(status="skipped")})
    again = recommend(mini_catalog, Answers(goal="learn"), now=NOW)
    assert again.item_ids() == plan.item_ids()
    view = build_view(again, progress, mini_catalog, date(2026, 11, 23))
    states = {i.id: i.state for i in view.items()}
    assert states["found-c"] == "done" and states["code-c"] == "skipped"


def test_deterministic(mini_catalog):
    a = recommend(mini_catalog, Answers(goal="learn", depth="deep", hours_per_week=4), now=NOW)
    b = recommend(mini_catalog, Answers(goal="learn", depth="deep", hours_per_week=4), now=NOW)
    assert a == b


@pytest.mark.parametrize("answers,message", [
    (Answers(), "give a goal or a role"),
    (Answers(goal="learn", role="engineer"), "give a goal or a role"),
    (Answers(goal="lern"), "did you mean learn"),
    (Answers(goal="learn", depth="medium"), "unknown depth"),
    (Answers(goal="learn", focus="nowhere"), "unknown topic 'nowhere'"),
    (Answers(goal="learn", hours_per_week=0.1), "hours per week must be from 0.25 to 168"),
    (Answers(goal="learn", hours_per_week=169), "hours per week must be from 0.25 to 168"),
    (Answers(role="engineer", focus="top"), "focus 'top' is not a topic of this plan; choose from base, side"),
])
def test_bad_answers(mini_catalog, answers, message):
    with pytest.raises(UsageError, match=message):
        recommend(mini_catalog, answers, now=NOW)


def test_zero_hours_per_week_means_no_finish_date(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn", hours_per_week=0), now=NOW)
    assert plan.hours_per_week is None
    view = build_view(plan, Progress(plan=plan), mini_catalog, date(2026, 11, 23))
    assert view.finish is None and view.weeks_left is None and view.hours_left > 0


def test_a_finish_date_past_the_calendar_is_no_date_not_a_crash(mini_catalog):
    """A start near year 9999 (or a hand-edited rate) would overflow the date."""
    plan = recommend(mini_catalog, Answers(goal="learn", hours_per_week=0.25), now=NOW)
    view = build_view(plan, Progress(plan=plan), mini_catalog, date(9999, 12, 1))
    assert view.finish is None and view.weeks_left is None and view.hours_left > 0


def test_figures_and_finish_date(mini_catalog):
    plan = recommend(mini_catalog, Answers(goal="learn", hours_per_week=5), now=NOW)
    items = plan.item_ids()
    progress = Progress(plan=plan, items={items[0]: ItemState(status="done"),
                                          items[1]: ItemState(status="skipped")})
    view = build_view(plan, progress, mini_catalog, date(2026, 11, 23))
    hours = {r: mini_catalog.resources[r].hours for r in items}
    assert view.total == len(items) - 1 and view.done == 1 and view.skipped == 1
    assert view.hours_done == hours[items[0]]
    assert view.hours_left == pytest.approx(sum(hours.values()) - hours[items[0]] - hours[items[1]])
    assert view.total_hours == pytest.approx(view.hours_done + view.hours_left)
    days = -(-view.hours_left * 7 // 5)
    assert (view.finish - date(2026, 11, 23)).days == days


# The bundled catalog: each goal's plan carries its reading path, in the lesson's order.
@pytest.mark.parametrize("goal", ["concepts", "build", "systems", "evaluation"])
@pytest.mark.parametrize("depth", ["overview", "practitioner", "deep"])
def test_bundled_goals_keep_their_reading_path(goal, depth):
    catalog = build_catalog([("bundled", ROOT / "data")])
    plan = recommend(catalog, Answers(goal=goal, depth=depth), now=NOW)
    assert plan.sections[0].items == catalog.expand_units(catalog.goals[goal].path)
    assert {s.id for s in plan.sections[1:]} >= {t.topic for t in catalog.goals[goal].topics}


def test_an_item_that_opens_a_section_is_not_introduced_as_a_follow_on():
    """Placement notes say "Next, ..." after the topic's first items; a section opening on such an
    item (the reading path took the first ones) drops the link word; a note that points at a
    particular earlier item is used only where that item is just before it."""
    from studyguide.catalog.load import load_catalog
    from studyguide.progress.model import Progress
    from studyguide.plan.view import build_view

    catalog = load_catalog()
    plan = recommend(catalog, Answers(goal="concepts"), now=NOW)
    view = build_view(plan, Progress(plan=plan), catalog, date(2026, 11, 23))
    internals = next(s for s in view.sections if s.id == "transformer-internals")
    first = internals.items[0]
    authored = catalog.topics["transformer-internals"].placement[first.id]
    assert authored.startswith("Next, ")                     # what the catalog says in full sequence
    assert first.why == "F" + authored[len("Next, f"):]       # the opening drops the link word

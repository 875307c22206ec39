"""Plans that fit the learner (issue 16): focus first, roles that match their descriptions,
alternatives, reasons that read in place, questions that offer what flags can do."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from studyguide.catalog.load import load_catalog
from studyguide.catalog.model import Role, TopicDepth
from studyguide.errors import UsageError
from studyguide.plan.recommend import Answers, member_of, recommend, select_items, topic_depths
from studyguide.catalog.units import short_title
from studyguide.plan.view import build_view
from studyguide.progress import actions
from studyguide.progress.file import progress_from_dict, progress_to_dict
from studyguide.progress.model import PATH_SECTION, ItemState, Progress
from studyguide.valueclass import replace

NOW = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def view_of(catalog, plan, items=None):
    return build_view(plan, Progress(plan=plan, items=items or {}), catalog, TODAY)


def hours_before_focus(catalog, plan) -> float:
    """Study hours before the first item of the focus topic (its section, or an item it lists)."""
    of_focus = set(catalog.topics[plan.focus].sequence)
    before = 0.0
    for sec in plan.sections:
        for rid in sec.items:
            if sec.id == plan.focus or rid in of_focus:
                return before
            before += catalog.resources[rid].hours
    raise AssertionError(f"no item of {plan.focus} in the plan")


# ---------------------------------------------------------------- 1. focus first

def _two_depth_role(mini_catalog):
    mini_catalog.roles["student"] = Role(id="student", title="Student", description="A role.",
                                         main_topic="middle",
                                         topics=(TopicDepth("base", "deep"), TopicDepth("middle", "practitioner")))


def test_focus_first_prerequisites_only_as_deep_as_the_focus_needs(mini_catalog):
    _two_depth_role(mini_catalog)
    plan = recommend(mini_catalog, Answers(role="student"), now=NOW)
    assert [(s.id, s.depth) for s in plan.sections] == [
        ("base", "overview"), ("middle", "practitioner"), ("base", "deep")]
    assert plan.sections[0].items == select_items(mini_catalog, "base", "overview")
    rest = plan.sections[2].items
    assert rest and set(rest).isdisjoint(plan.sections[0].items)
    assert set(plan.sections[0].items) | set(rest) | {"paper-1"} >= set(select_items(mini_catalog, "base", "deep"))


def test_a_topics_first_pass_is_what_a_later_focus_takes_first(mini_catalog):
    _two_depth_role(mini_catalog)
    mini_catalog.topics["base"] = replace(mini_catalog.topics["base"], first_pass=("found-b",))
    plan = recommend(mini_catalog, Answers(role="student"), now=NOW)
    assert plan.sections[0].items == ["found-b"]
    assert "found-a" in plan.sections[2].items     # the rest of base comes later, nothing lost


def _every_plan_and_focus(catalog):
    for kind, table in (("goal", catalog.goals), ("role", catalog.roles)):
        for ident in table:
            base = Answers(**{kind: ident})
            for topic in topic_depths(catalog, base):
                yield f"{kind} {ident} focus {topic}", replace(base, focus=topic)


def test_no_plan_sends_you_to_the_same_page_twice(catalog):
    """A lecture listed on its own and as a unit of its series (lets-build-gpt and Zero to
    Hero's seventh video), a course chapter kept as a resource of its own: planned once,
    and the view does not take the other back in as a catalog addition."""
    def own_page(rid: str) -> str | None:   # the page, unless only the resource's URL is carried
        r = catalog.resources[rid]
        parent = catalog.resources.get(r.parent) if r.parent else None
        return None if parent is not None and r.url == parent.url else r.url.rstrip("/")

    twice = {}
    for depth in ("overview", "practitioner", "deep"):
        for kind, table in (("goal", catalog.goals), ("role", catalog.roles)):
            for ident in table:
                plan = recommend(catalog, Answers(**{kind: ident, "depth": depth}), now=NOW)
                view = build_view(plan, Progress(plan=plan), catalog, NOW.date())
                seen: dict[str, str] = {}
                for item in view.items():
                    page = own_page(item.id)
                    if page is not None and seen.setdefault(page, member_of(catalog, item.id)) != member_of(
                            catalog, item.id):
                        twice.setdefault(f"{kind} {ident} {depth}", []).append(item.id)
    assert twice == {}
    build = recommend(catalog, Answers(goal="build", depth="deep"), now=NOW).item_ids()
    assert ("karpathy-zero-to-hero/video-07" in build) != ("lets-build-gpt" in build)   # one, not both


def test_a_saved_plan_holding_a_page_twice_shows_it_once(catalog):
    """A plan saved before: both ids of Let's build GPT. The later one is left out of the
    view while untouched; once you have marked it, it shows (with its progress)."""
    from studyguide.progress.model import ItemState, Plan, Section

    plan = Plan(created=NOW, sections=[Section(id="transformer-internals", items=["lets-build-gpt"], depth="deep"),
                                       Section(id="pretraining", items=["karpathy-zero-to-hero/video-07"],
                                               depth="deep")])
    shown = [i.id for i in build_view(plan, Progress(plan=plan), catalog, NOW.date()).items()]
    assert "lets-build-gpt" in shown and "karpathy-zero-to-hero/video-07" not in shown
    touched = Progress(plan=plan, items={"karpathy-zero-to-hero/video-07": ItemState(status="done")})
    shown = [i.id for i in build_view(plan, touched, catalog, NOW.date()).items()]
    assert "karpathy-zero-to-hero/video-07" in shown


def test_done_on_one_id_of_a_page_marks_the_other_and_undo_both(cli):
    assert cli("recommend", "--goal", "build", "--depth", "deep", "--yes").returncode == 0
    planned = {i["id"] for i in json.loads(cli("next", "-n", "500", "--json").stdout)}
    mine, twin = (("lets-build-gpt", "karpathy-zero-to-hero/video-07") if "lets-build-gpt" in planned
                  else ("karpathy-zero-to-hero/video-07", "lets-build-gpt"))
    res = cli("done", twin)   # the id the plan does not hold
    assert res.returncode == 0 and f"{twin} is the same page as {mine}: marking both" in res.stdout
    assert "not in your current plan" not in res.stderr
    state = lambda rid: json.loads(cli("show", rid, "--json").stdout)["state"]  # noqa: E731
    assert state(mine) == "done" and state(twin) == "done"
    assert cli("undo").returncode == 0 and state(mine) == "planned"


def test_a_unit_said_to_come_next_in_the_source_does(catalog):
    """"The next chapter of X, in the source's own order" only right after the chapter before
    it; a unit back before the one just read is said to be earlier (HF course chapter 0
    after its chapter 1)."""
    wrong, earlier = [], []
    for kind, table in (("goal", catalog.goals), ("role", catalog.roles)):
        for ident in table:
            plan = recommend(catalog, Answers(**{kind: ident, "depth": "deep"}), now=NOW)
            for sec in build_view(plan, Progress(plan=plan), catalog, NOW.date()).sections:
                items = sec.items
                for before, item in zip(items, items[1:]):
                    if not item.parent or member_of(catalog, before.id) != item.parent:
                        continue
                    units = catalog.units_of(item.parent)
                    step = units.index(item.id) - units.index(before.id)
                    if item.why.endswith("in the source's own order.") and step != 1:
                        wrong.append((item.id, before.id))
                    if item.why.startswith("An earlier "):
                        earlier.append(item.id)
                        assert step < 0, (item.id, before.id)
    assert wrong == [] and "hf-llm-course/chapter-00" in earlier


def test_a_continued_topic_is_not_called_a_first_step(catalog):
    """A topic split by the focus: its second section's opening item is not 'Your first
    step in ...' (the first pass came before it)."""
    resumed = []
    for label, answers in _every_plan_and_focus(catalog):
        plan = recommend(catalog, answers, now=NOW)
        for sec in build_view(plan, Progress(plan=plan), catalog, NOW.date()).sections:
            if sec.title.endswith("(continued)") and sec.items:
                first = sec.items[0].why
                assert not first.startswith("Your first step"), (label, sec.title, first)
                resumed.append(first)
    assert any(w.startswith("Back to ") for w in resumed)


def test_every_focus_topic_starts_within_the_first_40_hours(catalog):
    late = {}
    for label, answers in _every_plan_and_focus(catalog):
        plan = recommend(catalog, answers, now=NOW)
        hours = hours_before_focus(catalog, plan)
        if hours > 40:
            late[label] = hours
    assert late == {}


def test_next_moves_on_after_the_focus_topic_with_a_line(cli):
    res = cli("recommend", "--role", "research-engineer", "--focus", "gpu-optimization", "--json")
    assert res.returncode == 0, res.stderr
    plan = json.loads(res.stdout)
    ids = [s["id"] for s in plan["topics"]]
    focus_at = ids.index("gpu-optimization")
    gpu = [i["id"] for i in plan["topics"][focus_at]["items"]]
    before = [i["id"] for s in plan["topics"][:focus_at] for i in s["items"]]
    assert cli("done", *before, *gpu[:-1]).returncode == 0
    assert "finished your focus topic" not in cli("next").stdout
    assert json.loads(cli("next", "--json").stdout)["focus_finished"] is False
    assert cli("done", gpu[-1]).returncode == 0
    moved = json.loads(cli("next", "--json").stdout)
    assert moved["focus_finished"] is True and moved["topic"] == plan["topics"][focus_at + 1]["id"]
    res = cli("next")
    assert res.returncode == 0, res.stderr
    following = plan["topics"][focus_at + 1]
    assert " ".join(res.stdout.split()).startswith(
        f"You have finished your focus topic, GPU optimization. Your plan moves on to {following['title']}.")
    assert f"[{following['items'][0]['id']}]" in res.stdout


# ---------------------------------------------------------------- 2. roles as specifications

def test_business_builder_gets_no_code_and_tips_for_its_depth(catalog):
    plan = recommend(catalog, Answers(role="business-builder"), now=NOW)
    items = plan.item_ids()
    assert [s.depth for s in plan.sections if s.depth == "deep"] == []
    hands_on = [r for r in items if catalog.resources[r].kind == "code"
                or catalog.resources[r].stage == "practice"]
    assert hands_on == []
    assert "lm-evaluation-harness" not in items
    view = view_of(catalog, plan)
    assert view.item_ids() == set(items)
    internals = next(s for s in view.sections if s.id == "transformer-internals")
    assert internals.depth == "overview"
    assert internals.focus == list(catalog.topics["transformer-internals"].overview_focus)
    assert not any("tensor shapes" in tip for tip in internals.focus + internals.pitfalls)
    # It still reads evaluations: the guide and the paper that argues for many measures.
    assert {"hf-eval-guidebook", "helm-paper"} <= {member_of(catalog, r) for r in items}
    # At deep, asked for, the code comes back.
    deep = recommend(catalog, Answers(role="business-builder", depth="deep"), now=NOW)
    assert "lm-evaluation-harness" in deep.item_ids()


def test_product_manager_benchmark_literacy_in_depth_light_elsewhere_no_gpu(catalog):
    plan = recommend(catalog, Answers(role="product-manager"), now=NOW)
    items = plan.item_ids()
    hours = {r: catalog.resources[r].hours for r in items}
    by_topic = {s.id: s for s in plan.sections}
    bench = by_topic["benchmarks-evaluation"]
    assert bench.depth == "deep"
    # Literacy: the leaderboards and the papers behind them.
    assert {"helm", "lmarena", "open-llm-leaderboard", "mteb-leaderboard", "helm-paper",
            "chatbot-arena-paper"} <= {member_of(catalog, r) for r in bench.items}
    assert sum(hours[r] for r in bench.items) > sum(hours.values()) / 2
    # A light pass on internals and adaptation: no item takes a fifth of the plan.
    for topic in ("transformer-internals", "fine-tuning"):
        assert by_topic[topic].depth == "overview"
        assert all(hours[r] < sum(hours.values()) / 5 for r in by_topic[topic].items)
    gpu = set(catalog.topics["gpu-optimization"].sequence)
    assert gpu.isdisjoint(items) and gpu.isdisjoint(member_of(catalog, r) for r in items)
    assert {"mlperf-training", "glue", "superglue"}.isdisjoint(items)
    # The plan as every output shows it does not take them back in as catalog additions.
    shown = view_of(catalog, plan).item_ids()
    assert shown == set(items)


def test_research_engineer_covers_every_topic(catalog):
    """(This part of the role's description already held before issue 16.)"""
    plan = recommend(catalog, Answers(role="research-engineer"), now=NOW)
    assert {s.id for s in plan.sections} == set(catalog.topics)
    assert [t.depth for t in catalog.roles["research-engineer"].topics if t.light] == []


def test_role_leave_out_and_hands_on_are_checked(tmp_path):
    from studyguide.catalog.build import build_catalog
    from studyguide.errors import DataError
    from conftest import FIXTURES

    text = (FIXTURES / "mini" / "catalog.toml").read_text()
    bad = tmp_path / "cat"
    bad.mkdir()
    (bad / "catalog.toml").write_text(text.replace('main_topic = "base"\n', 'main_topic = "base"\nleave_out = ["nowhere"]\n'))
    with pytest.raises(DataError, match=r"leave_out\[0\]: unknown topic or resource 'nowhere'"):
        build_catalog([("bundled", bad)])


# ---------------------------------------------------------------- 3. alternatives

@pytest.fixture
def grouped(mini_catalog):
    mini_catalog.topics["base"] = replace(mini_catalog.topics["base"], alternatives=(("found-a", "found-b"),))
    mini_catalog.topics["side"] = replace(mini_catalog.topics["side"], sequence=("found-c", "board"))
    return mini_catalog


def test_below_deep_a_group_gives_one_step_with_the_others_shown(grouped):
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner"), now=NOW)
    base = next(s for s in plan.sections if s.id == "base")
    assert "found-a" in base.items and "found-b" not in plan.item_ids()
    assert base.alternatives == {"found-a": ["found-b"]}
    view = view_of(grouped, plan)
    assert next(i for i in view.items() if i.id == "found-a").alternatives == ["found-b"]
    assert view.total_hours == sum(grouped.resources[r].hours for r in plan.item_ids())   # counted once
    assert [s.hours_left for s in view.sections if s.id == "base"] == [sum(
        grouped.resources[r].hours for r in base.items)]
    deep = recommend(grouped, Answers(role="engineer", depth="deep"), now=NOW)
    assert {"found-a", "found-b"} <= set(deep.item_ids())
    assert all(not s.alternatives for s in deep.sections)


def test_prefer_picks_the_member(grouped):
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner", prefer=("found-b",)), now=NOW)
    base = next(s for s in plan.sections if s.id == "base")
    assert "found-b" in base.items and "found-a" not in plan.item_ids()
    assert "found-a" not in view_of(grouped, plan).item_ids()   # not re-added as new
    assert base.alternatives == {"found-b": ["found-a"]}
    with pytest.raises(UsageError, match="--prefer 'paper-1': not one of a topic's alternatives"):
        recommend(grouped, Answers(role="engineer", prefer=("paper-1",)), now=NOW)


def test_done_on_any_member_satisfies_the_step(grouped):
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner"), now=NOW)
    view = view_of(grouped, plan, {"found-b": ItemState(status="done")})
    step = next(i for i in view.items() if i.id == "found-a")
    assert step.state == "done"
    assert view.done == 1 and view.hours_done == grouped.resources["found-a"].hours   # counted once


def test_swap_exchanges_the_member_keeps_progress_and_undoes(grouped):
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner"), now=NOW)
    progress = Progress(plan=plan, items={"found-a": ItemState(status="in-progress"),
                                          "code-a": ItemState(status="done")})
    order = plan.item_ids()
    assert actions.swap(progress, "found-b", NOW) == "found-a"
    base = next(s for s in progress.plan.sections if s.id == "base")
    assert progress.plan.item_ids() == [("found-b" if r == "found-a" else r) for r in order]
    assert base.alternatives == {"found-b": ["found-a"]}
    assert progress.items["found-a"].status == "in-progress" and progress.items["code-a"].status == "done"
    with pytest.raises(UsageError, match="already the planned one"):
        actions.swap(progress, "found-b", NOW)
    with pytest.raises(UsageError, match="not an alternative"):
        actions.swap(progress, "paper-1", NOW)
    progress.plan.sections.append(replace(base, id="side", items=["found-a"], alternatives={}))
    with pytest.raises(UsageError, match="found-a is already in your plan .section side."):
        actions.swap(progress, "found-a", NOW)
    progress.plan.sections.pop()
    actions.undo(progress)
    assert progress.plan.item_ids() == order


def test_swap_brings_in_a_resource_as_its_units(grouped):
    """With study units, the planned member's units leave and the new one's come in, in place."""
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner"), now=NOW)
    base = next(s for s in plan.sections if s.id == "base")
    base.items[:1] = ["found-a/1", "found-a/2"]
    progress = Progress(plan=plan)
    order = plan.item_ids()
    assert actions.swap(progress, "found-b", NOW, lambda sec, m: [f"{m}/{n}" for n in (1, 2, 3)]) == "found-a"
    assert progress.plan.item_ids() == ["found-b/1", "found-b/2", "found-b/3", *order[2:]]
    assert base.alternatives == {"found-b": ["found-a"]}


def test_the_progress_file_keeps_the_choice(grouped):
    plan = recommend(grouped, Answers(role="engineer", depth="practitioner", prefer=("found-b",)), now=NOW)
    again = progress_from_dict(progress_to_dict(Progress(plan=plan)))
    assert again.plan == plan
    assert next(s for s in again.plan.sections if s.id == "base").alternatives == {"found-b": ["found-a"]}


def test_alternatives_from_the_bundled_catalog(cli, catalog):
    """D2L or Goodfellow, fast.ai or Raschka's book: below deep, one of each, the other shown."""
    assert ["deep-learning-book", "d2l"] in [list(g) for g in catalog.topics["attention-math"].alternatives]
    res = cli("recommend", "--role", "research-engineer", "--depth", "practitioner", "--focus", "fine-tuning",
              "--prefer", "d2l", "--json", "--dry-run")
    assert res.returncode == 0, res.stderr
    plan = json.loads(res.stdout)
    first: dict[str, dict] = {}   # each member's first item (a resource, or its first unit)
    for t in plan["topics"]:
        for i in t["items"]:
            first.setdefault(member_of(catalog, i["id"]), i)
    assert "d2l" in first and "deep-learning-book" not in first
    assert first["d2l"]["alternatives"] == ["deep-learning-book"]
    assert first["llm-from-scratch-book"]["alternatives"] == ["fastai-course"]
    shown = cli("show", "fine-tuning", "--json")
    assert ["llm-from-scratch-book", "fastai-course"] in json.loads(shown.stdout)["alternatives"]


def test_swap_and_done_on_an_alternative_in_the_cli(cli):
    assert cli("recommend", "--role", "research-engineer", "--depth", "practitioner",
               "--focus", "fine-tuning").returncode == 0
    res = cli("done", "fastai-course")
    assert res.returncode == 0 and "fastai-course is an alternative to llm-from-scratch-book" in res.stdout
    assert "not in your current plan" not in res.stderr
    res = cli("swap", "fastai-course")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("swapped: fastai-course is planned instead of llm-from-scratch-book")
    assert res.stderr == ""   # its units are the plan's now: no "not in your current plan" note
    status = json.loads(cli("status", "--json").stdout)
    assert status["overall"]["done"] >= 1
    res = cli("swap", "lora")
    assert res.returncode == 1 and "lora is not an alternative" in res.stderr


# ---------------------------------------------------------------- 4. reasons that read in place

def _plans(catalog):
    for label, answers in _every_plan_and_focus(catalog):
        yield label, recommend(catalog, answers, now=NOW)
    yield "research-engineer deep", recommend(catalog, Answers(role="research-engineer", depth="deep"), now=NOW)


def _brief(catalog, rid: str) -> str:
    """How a reason names an item: 'FlashAttention', or 'CS224N, lecture 8 of 19' for a unit."""
    r = catalog.resources[rid]
    parent = getattr(r, "parent", None)
    if parent:
        return f"{short_title(catalog.resources[parent].title)}, {r.label}"
    return short_title(r.title)


def test_reasons_name_only_what_comes_before_and_never_the_ordering_rule(catalog):
    rule_words = ("the path's order wins", "Foundation first", "Reference last", "the lesson",
                  "Implementation source after the foundations", "Landmark paper after")
    problems = []
    for label, plan in _plans(catalog):
        view = view_of(catalog, plan)
        for sec in view.sections:
            prev = None
            for item in sec.items:
                if any(w in item.why for w in rule_words):
                    problems.append((label, item.id, item.why))
                if item.why.startswith("After ") or item.why.startswith("Step "):
                    named = _brief(catalog, prev) if prev else None
                    if named is None or f"after {named}," not in item.why.replace("After ", "after ", 1):
                        problems.append((label, item.id, item.why))
                # The catalog's notes that point at their predecessor, only in place.
                for words, predecessor in (("previous textbook", "deep-learning-book"),
                                           ("Right after the derivation", "cs224n-transformers-slides"),
                                           ("Compare your version", "bloem-transformers-from-scratch")):
                    if words in item.why and predecessor not in (prev, prev and member_of(catalog, prev)):
                        problems.append((label, item.id, item.why))
                prev = item.id
    assert problems == []


def test_a_reading_path_says_what_it_is_for(catalog):
    for goal in catalog.goals.values():
        plan = recommend(catalog, Answers(goal=goal.id), now=NOW)
        path = next(s for s in view_of(catalog, plan).sections if s.id == PATH_SECTION)
        assert path.items[0].why.startswith(f"What this reading path is for: {goal.description}")


# ---------------------------------------------------------------- 5. answers, 6. wording

@pytest.mark.parametrize("answer,choices,found,hint", [
    ("product manager", ["concepts", "product-manager"], "product-manager", ""),
    ("pm", ["concepts", "product-manager"], None, "Did you mean product-manager?"),
    ("gpu", ["transformer-internals", "gpu-optimization"], None, "Did you mean gpu-optimization?"),
    ("9", ["a", "b", "c"], None, "There is no option 9: type a number from 1 to 3"),
    ("2", ["a", "b", "c"], "b", ""),
])
def test_near_miss_answers_get_a_suggestion(answer, choices, found, hint):
    from studyguide.cli.answers import match_choice

    got, said = match_choice(answer, choices, {})
    assert got == found and said.startswith(hint)


@pytest.mark.parametrize("text,hours", [("4", 4.0), ("4h", 4.0), ("4 h", 4.0), ("90m", 1.5),
                                        ("1h30m", 1.5), ("0", 0.0)])
def test_hours_per_week_in_the_forms_spent_takes(text, hours):
    from studyguide.cli.answers import parse_hours_per_week

    assert parse_hours_per_week(text) == (hours, None)


@pytest.mark.parametrize("text", ["2h", "90m", "1h30m", "1.5", "1 h 30 m", "45min"])
def test_one_hours_reader_for_spent_and_hours_per_week(text):
    """`--spent` and the hours-per-week answer read a length the same way (one reader)."""
    from studyguide.cli.answers import read_hours

    assert actions.parse_hours(text) == round(read_hours(text), 2)
    assert read_hours(text + " a week") == read_hours(text)   # only the per-week answer drops "a week"
    with pytest.raises(UsageError, match="use hours like"):
        actions.parse_hours(text + " a week")


@pytest.mark.parametrize("text,hours", [("45 minutes", 0.75), ("45mins", 0.75), ("1 minute", 1 / 60),
                                        ("2 hours", 2.0), ("1 hour 30 min", 1.5), ("2hrs", 2.0), ("1hr", 1.0)])
def test_lengths_in_words(text, hours):
    assert actions.hours_in(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["45 mints", "2 hourss", "h", "minutes", "1m30h", "1 30m", "1 2"])
def test_not_lengths(text):
    assert actions.hours_in(text) is None


def test_log_takes_words_and_refuses_more_than_a_day(cli, sandbox_home):
    assert cli("log", "lora", "45", "minutes").returncode == 0
    assert json.loads(cli("history", "--json").stdout)[-1]["entries"][-1] == {"id": "lora", "action": "log",
                                                                               "minutes": 45}
    before = (sandbox_home / "progress.toml").read_bytes()
    res = cli("log", "lora", "45")     # 45 h in one day: a slip for 45m
    assert res.returncode == 1 and "more than a day's study" in res.stderr and "write 45m" in res.stderr
    res = cli("log", "lora", "30h")
    assert res.returncode == 1 and "log each day with --date" in res.stderr and "write" not in res.stderr
    assert (sandbox_home / "progress.toml").read_bytes() == before
    for _ in range(3):   # 20 minutes three times is an hour, said as such
        assert cli("log", "qlora", "20m").returncode == 0
    said = cli("log", "qlora", "20m").stdout
    assert said.startswith("logged 20 min on qlora: 1 h 20 min of ")   # four times, not 1 h 19 min
    res = cli("log", "lora", "24h")
    assert res.returncode == 0 and "past its estimate: `studyguide done lora`" in " ".join(res.stdout.split())


def test_hours_per_week_flag_takes_them_too(cli):
    res = cli("recommend", "--goal", "evaluation", "--hours-per-week", "90m", "--json", "--dry-run")
    assert res.returncode == 0 and json.loads(res.stdout)["hours_per_week"] == 1.5
    res = cli("recommend", "--goal", "evaluation", "--hours-per-week", "lots", "--dry-run")
    assert res.returncode == 1 and "use hours like 4, 4h or 90m" in res.stderr


def test_help_and_questions_say_the_study_rule_not_the_lesson(cli):
    import inspect

    from studyguide.cli import prompts

    help_text = cli("recommend", "--help").stdout
    assert "study rule" in " ".join(help_text.split())
    source = inspect.getsource(prompts)
    assert "lesson" not in source.lower() and "the study rule" in source
    assert "lesson" not in help_text.lower()


@pytest.mark.parametrize("alternatives,message", [
    ("d2l", "plan.sections[0].alternatives: must be a table"),
    ({"lora": ["d2l"]}, "plan.sections[0].alternatives.lora: is not one of this section's items"),
    ({"deep-learning-book": "d2l"}, "must be a list of ids"),
    ({"deep-learning-book": ["deep-learning-book"]}, "lists the item itself"),
])
def test_a_hand_edited_alternatives_table_is_refused_with_its_field(alternatives, message):
    from studyguide.progress.file import FieldProblem

    data = {"plan": {"created": NOW, "sections": [
        {"id": "attention-math", "items": ["deep-learning-book"], "alternatives": alternatives}]}}
    with pytest.raises(FieldProblem, match=message.replace("[", r"\[").replace("]", r"\]")):
        progress_from_dict(data)

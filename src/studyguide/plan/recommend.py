"""The recommender: answers + catalog -> an ordered plan. Pure and deterministic.

Rules (each has a test in tests/test_plan_rules.py):
1. Within a topic, the lesson's rule orders items: foundations, then
   implementation sources, then papers, references last.
2. Depth selects stages: overview = foundations; practitioner adds practice
   sources and the topic's first (most important) paper; deep = everything,
   with at most three papers per topic. Items a topic marks `optional`
   (alternative textbooks, background) come only at deep.
3. A goal's reading path is always in the plan, first, as its own section, in
   the lesson's order whatever the depth; its items are not repeated later.
4. A goal covers the topics the catalog names for it (a topic's `depth` there
   caps it); a role gives each topic its own depth, and `--depth` moves them all.
   A prerequisite topic nobody named comes in at overview depth.
5. Topics come in prerequisite order; among the topics whose prerequisites are
   met, the focus topic (and what leads to it) comes first.
6. A resource used by several topics appears once, in its first section.
7. Progress never removes anything: done and skipped items stay in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from studyguide.catalog.model import DEPTHS, STAGES, Catalog
from studyguide.errors import UsageError
from studyguide.progress.model import MIN_HOURS_PER_WEEK, PATH_SECTION, Plan, Section

DEFAULT_DEPTH = "practitioner"
MAX_PAPERS_DEEP = 3


@dataclass(frozen=True)
class Answers:
    goal: str | None = None
    role: str | None = None
    depth: str | None = None
    focus: str | None = None
    hours_per_week: float | None = None
    topics: tuple[str, ...] = ()


def _shallower(a: str, b: str) -> str:
    return a if DEPTHS.index(a) <= DEPTHS.index(b) else b


def topic_depths(catalog: Catalog, answers: Answers) -> dict[str, str]:
    """Topic id -> depth, in the goal's or role's listing order (rule 4)."""
    depths: dict[str, str] = {}
    if answers.goal:
        goal = catalog.goals[answers.goal]
        chosen = answers.depth or DEFAULT_DEPTH
        for td in goal.topics:
            depths[td.topic] = _shallower(chosen, td.depth) if td.depth else chosen
    else:
        role = catalog.roles[answers.role or ""]
        for td in role.topics:
            depths[td.topic] = answers.depth or td.depth or DEFAULT_DEPTH
    if answers.topics:
        chosen = answers.depth or DEFAULT_DEPTH
        depths = {t: depths.get(t, chosen) for t in answers.topics}
    for topic in list(depths):
        for pre in _ancestors(catalog, topic):
            depths.setdefault(pre, "overview")
    return depths


def _ancestors(catalog: Catalog, topic: str) -> list[str]:
    seen: list[str] = []
    stack = list(catalog.topics[topic].prerequisites)
    while stack:
        t = stack.pop(0)
        if t not in seen and t in catalog.topics:
            seen.append(t)
            stack.extend(catalog.topics[t].prerequisites)
    return seen


def order_topics(catalog: Catalog, wanted: list[str], focus: str | None) -> list[str]:
    """Prerequisite order (rule 5); ties keep `wanted`'s order, the focus path first."""
    leads_to_focus = set(_ancestors(catalog, focus)) | {focus} if focus in catalog.topics else set()
    done: list[str] = []
    left = list(wanted)
    while left:
        ready = [t for t in left
                 if all(p in done or p not in left for p in catalog.topics[t].prerequisites)]
        if not ready:  # cannot happen with a validated catalog (no cycles)
            ready = left[:1]
        ready.sort(key=lambda t: (t != focus, t not in leads_to_focus, left.index(t)))
        done.append(ready[0])
        left.remove(ready[0])
    return done


def select_items(catalog: Catalog, topic_id: str, depth: str) -> list[str]:
    """The topic's items for a depth, in the lesson's stage order (rules 1-2)."""
    rank = {s: i for i, s in enumerate(STAGES)}
    # Ids and stages only, no Resource built: every plan view runs this for each of its topics.
    stage = catalog.resource_field("stage")
    ids = catalog.resources.keys()
    seq = [r for r in catalog.topics[topic_id].sequence
           if r in ids and r not in catalog.hidden]  # = visible_sequence
    stages = dict(zip(seq, map(stage, seq)))
    seq.sort(key=lambda r: rank[stages[r]])  # stable: keeps the authored order within a stage
    if depth == "overview":
        allowed = {"foundation"}
        paper_cap = 0
    elif depth == "practitioner":
        allowed = {"foundation", "practice", "paper"}
        paper_cap = 1
    else:
        allowed = set(STAGES)
        paper_cap = MAX_PAPERS_DEEP
    optional = set(catalog.topics[topic_id].optional) if depth != "deep" else set()
    out, papers = [], 0
    for r in seq:
        if stages[r] not in allowed or r in optional:
            continue
        if stages[r] == "paper":
            if papers >= paper_cap:
                continue
            papers += 1
        out.append(r)
    # A resource split into units is studied unit by unit (docs/catalog.md); a topic that
    # names some units takes only those, unless it also names the whole resource.
    return catalog.expand_units(out)


def validate_answers(catalog: Catalog, answers: Answers, *, goal_or_role_known: bool = True) -> None:
    """Every given answer is valid (checked before asking for the rest, too).
    `goal_or_role_known=False`: neither is known yet (a terminal will ask)."""
    from studyguide.catalog.model import did_you_mean

    if goal_or_role_known and bool(answers.goal) == bool(answers.role):
        raise UsageError("give a goal or a role (one of them): --goal "
                         + "|".join(catalog.goals) + " or --role " + "|".join(catalog.roles))
    if answers.goal and answers.goal not in catalog.goals:
        raise UsageError(f"unknown goal {answers.goal!r}{did_you_mean(answers.goal, catalog.goals)}; "
                         "choose from " + ", ".join(catalog.goals))
    if answers.role and answers.role not in catalog.roles:
        raise UsageError(f"unknown role {answers.role!r}{did_you_mean(answers.role, catalog.roles)}; "
                         "choose from " + ", ".join(catalog.roles))
    if answers.depth and answers.depth not in DEPTHS:
        raise UsageError(f"unknown depth {answers.depth!r}; choose from " + ", ".join(DEPTHS))
    for t in (*answers.topics, *([answers.focus] if answers.focus else [])):
        if t not in catalog.topics:
            raise UsageError(f"unknown topic {t!r}{did_you_mean(t, catalog.topics)}; "
                             "see `studyguide topics`")
    hours = answers.hours_per_week
    if hours is not None and hours != 0 and not (MIN_HOURS_PER_WEEK <= hours <= 168):
        raise UsageError(f"hours per week must be from {MIN_HOURS_PER_WEEK:g} to 168 (0 for no finish date)")
    if answers.focus and (answers.goal or answers.role):
        in_plan = topic_depths(catalog, answers)
        if answers.focus not in in_plan:
            raise UsageError(f"focus {answers.focus!r} is not a topic of this plan; choose from "
                             + ", ".join(in_plan) + " (or add it with --topic)")


def default_focus(catalog: Catalog, answers: Answers) -> str:
    if answers.goal:
        return catalog.goals[answers.goal].main_topic
    return catalog.roles[answers.role or ""].main_topic


def recommend(catalog: Catalog, answers: Answers, *, now: datetime, start: date | None = None) -> Plan:
    validate_answers(catalog, answers)
    focus = answers.focus or default_focus(catalog, answers)
    depths = topic_depths(catalog, answers)
    if focus not in depths:
        focus_in_plan = None
    else:
        focus_in_plan = focus
    ordered = order_topics(catalog, list(depths), focus_in_plan)
    sections: list[Section] = []
    placed: set[str] = set()
    if answers.goal:
        path = catalog.expand_units(r for r in catalog.goals[answers.goal].path
                                    if r in catalog.resources and r not in catalog.hidden)
        sections.append(Section(id=PATH_SECTION, items=path))
        placed.update(path)
    for topic in ordered:
        items = [r for r in select_items(catalog, topic, depths[topic]) if r not in placed]
        placed.update(items)
        sections.append(Section(id=topic, items=items, depth=depths[topic]))
    depth = answers.depth or (DEFAULT_DEPTH if answers.goal else None)
    return Plan(created=now, sections=sections, goal=answers.goal, role=answers.role,
                depth=depth, focus=focus, hours_per_week=answers.hours_per_week or None,
                topics=list(answers.topics), start=start)

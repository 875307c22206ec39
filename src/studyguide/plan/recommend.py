"""The recommender: answers + catalog -> an ordered plan. Pure and deterministic.

Rules (each has a test in tests/test_plan_rules.py; docs/plan-rules.md explains them).
Items are ids: a resource, or a study unit of one.
1. Within a topic, the study rule orders items: foundations (a textbook or
   course), then implementation sources, then papers, references last.
2. Depth selects stages: overview = foundations; practitioner adds practice
   sources and the topic's first (most important) paper; deep = everything,
   with at most three papers per topic. Items a topic marks `optional`
   (background, second sources) come only at deep.
3. A goal's reading path is always in the plan as its own section, in its own
   order whatever the depth: first when the focus is the goal's main topic,
   right after the focus topic otherwise. Its items are not repeated later.
4. A goal covers the topics the catalog names for it (a topic's `depth` there
   caps it); a role gives each topic its own depth, and `--depth` moves them all.
   A prerequisite topic nobody named comes in at overview depth. A role may
   leave out code and implementation sources below deep (`hands_on = false`)
   and leave out topics or items altogether (`leave_out`).
5. Focus first, one depth area at a time: the focus topic's prerequisites come
   first only as deep as it needs (their overview: the foundations), then the
   focus topic, then every other topic in prerequisite order, where a
   prerequisite's remaining depth has a later section of its own.
6. An item used by several topics appears once, in its first section.
7. Progress never removes anything: done and skipped items stay in the plan.
8. Alternatives: below deep, a topic's group of items that do the same job
   gives one step: its first member, or the one the learner prefers; the others
   are kept with the step as its alternatives.
"""

from __future__ import annotations

from studyguide.valueclass import valueclass
from datetime import date, datetime

from studyguide.catalog.model import DEPTHS, STAGES, Catalog
from studyguide.errors import UsageError
from studyguide.progress.model import MIN_HOURS_PER_WEEK, PATH_SECTION, Plan, Section

DEFAULT_DEPTH = "practitioner"
MAX_PAPERS_DEEP = 3


@valueclass(frozen=True)
class Answers:
    goal: str | None = None
    role: str | None = None
    depth: str | None = None
    focus: str | None = None
    hours_per_week: float | None = None
    topics: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()    # alternatives the learner picks over a group's first member


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


def select_items(catalog: Catalog, topic_id: str, depth: str,
                 prefer: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The topic's items for a depth, in the study rule's stage order (rules 1, 2 and 8)."""
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
    if depth != "deep":
        seq = _one_per_group(catalog, catalog.topics[topic_id].alternatives, seq, optional, prefer)
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


def _one_per_group(catalog: Catalog, groups, seq: list[str], optional: set[str], prefer) -> list[str]:
    """Below deep, each alternatives group keeps one member (rule 8): the learner's pick,
    else the group's first member (optional or not, as marked). A member is an item, or a
    resource whose units the topic lists: those units go or stay together. A picked member
    that the topic marks optional throughout comes in all the same."""
    for group in groups:
        items = {m: [r for r in seq if r == m or member_of(catalog, r) == m] for m in group}
        present = [m for m in group if items[m]]
        if not present:
            continue
        picked = [m for m in present if m in prefer]
        keep = picked[0] if picked else present[0]
        if picked and all(r in optional for r in items[keep]):
            optional.difference_update(items[keep])
        drop = {r for m in present if m != keep for r in items[m]}
        seq = [r for r in seq if r not in drop]
    return seq


def member_of(catalog: Catalog, item: str) -> str:
    """The id an alternatives group names for a plan item: the item, or for a study unit
    of a resource the group names whole, that resource."""
    resource = catalog.resources.get(item)
    return (resource.parent if resource is not None else None) or item


def member_items(catalog: Catalog, topic_id: str, member: str) -> list[str]:
    """The plan items a group member stands for in a topic: the units the topic names for it,
    else the resource (as its units, if it has them)."""
    topic = catalog.topics.get(topic_id)
    named = [x for x in (topic.sequence if topic else ()) if member_of(catalog, x) == member and x != member]
    return catalog.expand_units(named or [member])


def alternatives_of(catalog: Catalog, topic_id: str, item: str, depth: str) -> list[str]:
    """The other members of the item's group, when the depth takes one of them (rule 8)."""
    topic = catalog.topics.get(topic_id)
    if depth == "deep" or topic is None:
        return []
    ids = catalog.resources.keys()
    return [m for m in topic.group_of(item) if m != item and m in ids and m not in catalog.hidden]


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
    for pick in answers.prefer:
        if not any(pick in g for t in catalog.topics.values() for g in t.alternatives):
            grouped = sorted({m for t in catalog.topics.values() for g in t.alternatives for m in g})
            raise UsageError(f"--prefer {pick!r}: not one of a topic's alternatives"
                             f"{did_you_mean(pick, grouped)}; choose from " + ", ".join(grouped))
    if answers.focus and (answers.goal or answers.role):
        in_plan = topic_depths(catalog, answers)
        if answers.focus not in in_plan:
            raise UsageError(f"focus {answers.focus!r} is not a topic of this plan; choose from "
                             + ", ".join(in_plan) + " (or add it with --topic)")


def default_focus(catalog: Catalog, answers: Answers) -> str:
    if answers.goal:
        return catalog.goals[answers.goal].main_topic
    return catalog.roles[answers.role or ""].main_topic


def _left_out(catalog: Catalog, answers: Answers) -> set[str]:
    """Ids the role never plans (rule 4): named items, and every item of a named topic."""
    if not answers.role:
        return set()
    out: set[str] = set()
    for ident in catalog.roles[answers.role].leave_out:
        topic = catalog.topics.get(ident)
        out.update(topic.sequence if topic is not None else (ident,))
    return out


def _hands_off(catalog: Catalog, answers: Answers, depth: str, items: list[str]) -> list[str]:
    """A role with `hands_on = false` takes no code or implementation source below deep."""
    if not answers.role or catalog.roles[answers.role].hands_on or depth == "deep":
        return items
    stage, kind = catalog.resource_field("stage"), catalog.resource_field("kind")
    return [r for r in items if stage(r) != "practice" and kind(r) != "code"]


def wanted_now(catalog: Catalog, plan: Plan, topic_id: str, depth: str,
               alternatives: dict[str, list[str]]) -> list[str]:
    """What the rules would plan today for a saved section (the view takes in catalog
    additions from it): the topic at its depth, or its first pass for a role's light
    topic, less what the plan's role leaves out and the members of a group the section
    already has one of."""
    answers = Answers(role=plan.role if plan.role in catalog.roles else None)
    role = catalog.roles[answers.role] if answers.role else None
    topic = catalog.topics[topic_id]
    light = role is not None and depth == "overview" and any(
        td.topic == topic_id and td.light for td in role.topics)
    if light and topic.first_pass:
        items = catalog.expand_units(r for r in topic.first_pass
                                     if r in catalog.resources and r not in catalog.hidden)
    else:
        items = select_items(catalog, topic_id, depth)
    items = _hands_off(catalog, answers, depth, items)
    taken = set(alternatives).union(*alternatives.values()) if alternatives else set()
    skip = _left_out(catalog, answers) | taken
    return [r for r in items if r not in skip and member_of(catalog, r) not in skip]


def recommend(catalog: Catalog, answers: Answers, *, now: datetime, start: date | None = None) -> Plan:
    validate_answers(catalog, answers)
    focus = answers.focus or default_focus(catalog, answers)
    depths = topic_depths(catalog, answers)
    if focus not in depths:   # a --topic plan without the goal's main topic
        focus = answers.topics[0] if answers.topics else next(iter(depths))
    ordered = order_topics(catalog, list(depths), focus)
    before_focus = [t for t in ordered if t in set(_ancestors(catalog, focus))]
    prefer = frozenset(answers.prefer)
    left_out = _left_out(catalog, answers)
    sections: list[Section] = []
    placed: set[str] = set()
    twins = catalog.twins   # the same page under two ids: planned once, where it first comes

    def add(section_id: str, items: list[str], depth: str | None, always: bool = True) -> None:
        items = [r for r in items if r not in placed and r not in left_out]
        if not items and not always:
            return
        kept = []
        for r in items:
            if r not in twins or placed.isdisjoint(twins[r]):
                kept.append(r)
                placed.add(r)
        items = kept
        alternatives: dict[str, list[str]] = {}
        if depth is not None:
            for r in items:
                # Keyed by the group's member: the item, or the resource whose units it lists.
                for member in dict.fromkeys((r, member_of(catalog, r))):
                    others = alternatives_of(catalog, section_id, member, depth)
                    if others and member not in alternatives:
                        alternatives[member] = others
        sections.append(Section(id=section_id, items=items, depth=depth, alternatives=alternatives))

    def topic_items(topic: str, depth: str) -> list[str]:
        return _hands_off(catalog, answers, depth, select_items(catalog, topic, depth, prefer))

    def first_pass(topic: str) -> list[str]:
        wanted = catalog.topics[topic].first_pass
        if not wanted:
            return topic_items(topic, "overview")
        ids = catalog.resources.keys()
        return _hands_off(catalog, answers, "overview", catalog.expand_units(
            r for r in wanted if r in ids and r not in catalog.hidden))

    path: list[str] = []
    path_first = False
    if answers.goal:
        goal = catalog.goals[answers.goal]
        path = catalog.expand_units(r for r in goal.path if r in catalog.resources and r not in catalog.hidden)
        path_first = focus == goal.main_topic
    light = {td.topic for td in catalog.roles[answers.role].topics if td.light} if answers.role else set()
    if path_first:
        add(PATH_SECTION, path, None)
    # Rule 5: the prerequisites only as deep as the focus needs, then the focus topic.
    for topic in before_focus:
        add(topic, first_pass(topic), "overview", always=depths[topic] == "overview")
    add(focus, topic_items(focus, depths[focus]), depths[focus])
    # (a light topic that is the focus gets its full depth: the learner chose it)
    if answers.goal and not path_first:
        add(PATH_SECTION, path, None)
    for topic in ordered:
        if topic == focus:
            continue
        had_foundations = any(s.id == topic for s in sections)
        if topic in light and not answers.depth:
            add(topic, first_pass(topic), "overview", always=not had_foundations)
        else:
            add(topic, topic_items(topic, depths[topic]), depths[topic], always=not had_foundations)
    depth = answers.depth or (DEFAULT_DEPTH if answers.goal else None)
    return Plan(created=now, sections=sections, goal=answers.goal, role=answers.role,
                depth=depth, focus=focus, hours_per_week=answers.hours_per_week or None,
                topics=list(answers.topics), start=start)

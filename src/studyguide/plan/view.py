"""Plan + progress + catalog -> one view that every output renders (text, JSON, exports).

Also the "why it comes here" sentences and the figures (done, totals, finish date).
Ids the catalog no longer knows are left out of the view and listed in `unknown`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from functools import partial
from typing import Callable

from studyguide.catalog.model import STAGES, Catalog
from studyguide.progress.model import PATH_SECTION, ItemState, Note, Plan, Progress
from studyguide.valueclass import field, replace, valueclass

_CLOSED = frozenset(("done", "skipped"))   # item states that are not open
# What is left of an item you logged time on is its estimate less that time, but never
# less than this until you mark it done: logging more than the estimate does not finish it.
MIN_LEFT_HOURS = 0.25


def hours_left_of(estimate: float, logged: float) -> float:
    return max(round(estimate - logged, 2), MIN_LEFT_HOURS) if logged else estimate

# What an item does for the learner at its stage, completed with what it builds on and what
# it prepares (see _why_here): never the ordering rule itself.
STAGE_PURPOSE = {
    "foundation": "this gives you the picture the later steps rely on",
    "practice": "this turns what you have read into code you run and change",
    "paper": "this is the original work, and you now know the problem it solves",
    "reference": "keep this to look things up and compare against, not to read through",
}
# Why a reading path opens with its first item, by that item's stage.
PATH_OPENING = {
    "foundation": "it gives the overview every later step assumes",
    "practice": "it puts the ideas into code from the start",
    "paper": "it is the work the later steps build on",
    "reference": "it is the reference the later steps keep coming back to",
}
KIND_NOUN = {"docs": "documentation", "website": "article", "code": "code base"}
# What it prepares, by the next item's stage (a reason never names an item after it).
PREPARES = {
    "foundation": "the explanations that follow",
    "practice": "the hands-on work that follows",
    "paper": "the papers that follow",
    "reference": "the benchmarks and references that follow",
}

@valueclass
class ItemView:
    """One plan item as every output shows it: the resource, its place and its state."""

    id: str
    title: str
    authors: str
    year: int | None
    kind: str
    stage: str
    level: str
    url: str
    arxiv: str | None
    hours: float
    free: bool
    resource_status: str
    status_note: str | None
    why: str          # why it comes here
    about: str        # why read it at all
    state: str
    notes: list[Note]     # the learner's dated notes, oldest first
    skip_reason: str | None
    spent_hours: float
    section: str
    position: int
    section_size: int
    added: bool = False  # in the topic now, not in the saved plan (see _with_additions)
    # A study unit (docs/catalog.md): its resource, that resource's short title, and its
    # place there ("lecture 8 of 19"); None for a whole resource.
    parent: str | None = None
    parent_title: str | None = None
    label: str | None = None
    unit_kind: str | None = None
    resource_title: str | None = None   # a unit's resource: its full title and link
    resource_url: str | None = None

    @property
    def heading(self) -> str:
        """'CS224N, lecture 8 of 19: Self-Attention and Transformers', or the title."""
        if self.parent is None:
            return self.title
        from studyguide.catalog.units import unit_heading

        return f"{self.parent_title}, {unit_heading(self.label, self.title)}"

    @property
    def hours_left(self) -> float:
        if self.state in _CLOSED:
            return 0.0
        return hours_left_of(self.hours, self.spent_hours)
    alternatives: list[str] = field(default_factory=list)   # "any one of these" (rule 8)
    section_index: int = 0        # which of the plan's sections (a topic may have two)


@valueclass
class SectionView:
    """One plan section with its figures; its details and items are built on first use."""

    id: str
    title: str
    kind: str                 # "path" or "topic"
    depth: str | None
    index: int = 0            # its place in the plan (a topic may have two sections)
    also: list[str] = field(default_factory=list)   # its items placed in earlier sections
    done: int = 0
    total: int = 0
    hours_done: float = 0.0
    hours_left: float = 0.0
    hours_spent: float = 0.0   # what the learner logged with `done --spent`, not the estimate
    # The figures above are counted from ids, states and hours; the ItemViews are built on
    # first use of `items` (`next` and `status` on a 10,000-item plan need a handful of them).
    _items: list[ItemView] | None = field(default=None, compare=False)
    _make: Callable[[], list[ItemView]] | None = field(default=None, compare=False)
    _states: list[str] = field(default_factory=list, compare=False)  # per item
    _unit_ids: frozenset = field(default=frozenset(), compare=False)
    _skipped: int = field(default=0, compare=False)
    # (covers, focus, pitfalls, checklists), or a function giving them: a topic is read from
    # the catalog only when something shows them (`status` lists 200 titles, nothing more).
    _details: tuple | Callable[[], tuple] | None = field(default=None, compare=False)

    def _detail(self, k: int):
        if self._details is None:
            self._details = ("", [], [], [])
        elif callable(self._details):
            self._details = self._details()
        return self._details[k]

    @property
    def covers(self) -> str:
        return self._detail(0)

    @property
    def focus(self) -> list[str]:
        return self._detail(1)

    @property
    def pitfalls(self) -> list[str]:
        return self._detail(2)

    @property
    def checklists(self) -> list[tuple[str, list[str]]]:
        return self._detail(3)

    @property
    def items(self) -> list[ItemView]:
        if self._items is None:
            self._items = self._make() if self._make is not None else []
            self._make = None
        return self._items

    @items.setter
    def items(self, value: list[ItemView]) -> None:
        self._items, self._make = value, None

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)

    def opens_at(self, position: int) -> bool:
        """Item `position` (1-based) is where the learner starts this topic: nothing before
        it was done or started (skipping the first items does not open a topic)."""
        return all(state in ("todo", "skipped") for state in self._states[:position - 1])


def _percent(done: int, total: int) -> int:
    """Rounded to the nearest whole number (1 of 6 is 17 %), halves up; but 100 only when all
    is done (and 0 only when nothing is), so that the figure never claims the end early."""
    if not total:
        return 100
    nearest = (200 * done + total) // (2 * total)
    return nearest if done in (0, total) else min(max(nearest, 1), 99)


@valueclass
class PlanView:
    """The whole plan as every output shows it, with the totals and finish date."""

    goal: str | None
    role: str | None
    title: str
    depth: str | None
    focus: str | None
    hours_per_week: float | None
    created: datetime
    sections: list[SectionView]
    unknown: list[str]
    done: int = 0
    total: int = 0
    skipped: int = 0
    total_hours: float = 0.0
    hours_done: float = 0.0
    hours_left: float = 0.0
    hours_spent: float = 0.0
    weeks_left: float | None = None
    finish: date | None = None
    # Hours per week actually studied over the last 4 weeks (pace_days of them), once the
    # study record spans two weeks (progress.record.real_pace); then the finish date uses
    # it instead of hours_per_week.
    pace: float | None = None
    pace_days: int = 0

    @property
    def rate(self) -> float | None:
        return self.pace or self.hours_per_week

    def rate_words(self) -> str:
        if self.pace:
            from studyguide.progress.record import pace_words

            return f"at your pace of {pace_words(self.pace, self.pace_days)}"
        return f"at {self.hours_per_week:g} h/week"

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)

    def items(self) -> list[ItemView]:
        return [i for s in self.sections for i in s.items]

    def focus_sections(self) -> list[SectionView]:
        return [s for s in self.sections if s.id == self.focus and s.kind == "topic"]

    def focus_finished(self) -> bool:
        """Every item of the focus topic is done or skipped (False without a focus topic)."""
        focus = self.focus_sections()
        return bool(focus) and all(st in _CLOSED for s in focus for st in s._states)

    def item_ids(self) -> set[str]:
        """Every id the plan shows, the catalog's later additions to its topics included."""
        return {i.id for i in self.items()}


# Stages a section's depth takes (as plan.select_items), for the learner's own additions.
DEPTH_STAGES = {"overview": ("foundation",), "practitioner": ("foundation", "practice", "paper"),
                "deep": STAGES}


def _with_additions(catalog: Catalog, topic_id: str, sequence: tuple[str, ...], depth: str,
                    known: list[str], planned: set[str], added: set[str], plan: Plan | None = None,
                    alternatives: dict[str, list[str]] | None = None) -> list[str]:
    """The section's items plus what the catalog now adds to the topic (issue 9: your own catalog).

    A saved plan lists item ids, so a resource added to a planned topic later (by
    `studyguide add`, an overlay, a catalog update, or an unhide) would never be
    reached. Taken in: what the recommender would pick for this topic and depth
    today, and the learner's own additions (origin "user") whose stage the depth
    takes, whatever the paper limit; minus anything already in the plan. Each is
    slotted in after the last item of its stage or an earlier one, so the saved
    order never changes. Nothing is saved: remove the overlay and it is gone again.
    """
    from studyguide.plan.recommend import select_items, wanted_now

    # Whatever is new is in the topic's sequence and not in the plan: most topics have no
    # such id, and their check ends here (set operations in C; this runs for every topic).
    candidates = set(sequence).difference(planned)
    if candidates and not catalog.parents.isdisjoint(candidates):
        # A resource named in the sequence stands for its units: a unit the catalog added
        # since (an overlay's extra chapter) is new, the planned ones are not.
        units = set(catalog.expand_units(candidates)).difference(planned)
        candidates = candidates.difference(catalog.parents) | units
    if not candidates:
        return known
    # Ids, stages and origins only (Catalog.resource_field): no Resource is built here.
    stage, origin = catalog.resource_field("stage"), catalog.resource_field("origin")
    # What the plan's own rules want (its role, first passes, chosen alternatives), so an
    # item they left out on purpose is not taken for a catalog addition.
    wanted = (wanted_now(catalog, plan, topic_id, depth, alternatives or {}) if plan is not None
              else select_items(catalog, topic_id, depth))
    new = [] if candidates.isdisjoint(wanted) else [rid for rid in wanted if rid not in planned]
    ids = catalog.resources.keys()
    # The learner's own resources (a unit split one by its units): the resource's origin
    # and stage decide, and what of it is not planned yet comes in.
    mine = [r for r in sequence
            if r in ids and r not in catalog.hidden  # = visible_sequence
            and origin(r).startswith("user:") and stage(r) in DEPTH_STAGES.get(depth, STAGES)]
    new += [u for u in catalog.expand_units(mine) if u in candidates and u not in wanted and u not in new]
    if new and catalog.twins:   # a page the plan has under another id stays out (as recommend)
        new = [r for r in new if planned.isdisjoint(catalog.twins.get(r, ()))]
    if not new:
        return known
    rank = {s: i for i, s in enumerate(STAGES)}
    out = list(known)
    parent = catalog.resource_field("parent")
    for rid in new:
        at_stage = rank[stage(rid)]
        at = 0
        siblings = [i for i, other in enumerate(out) if parent(rid) and parent(other) == parent(rid)]
        if siblings:    # a new unit goes after its resource's other units
            at = siblings[-1] + 1
        else:           # after the last item of its stage or an earlier one
            for i, other in enumerate(out):
                if rank[stage(other)] <= at_stage:
                    at = i + 1
        out.insert(at, rid)
        planned.add(rid)
        added.add(rid)
    return out


@valueclass
class Place:
    """Where an item sits in the plan: what comes just before and after it, and the
    topics already behind the learner (all of them in the plan, before it)."""

    section_id: str
    section_title: str
    n: int
    size: int
    before: str | None            # the item just before it in its section
    after: str | None             # the item just after it in its section (never named)
    topics_before: tuple[str, ...] = ()   # titles of prerequisite topics earlier in the plan
    resumes: bool = False         # its section takes up a topic an earlier section began


def _why_here(catalog: Catalog, plan: Plan, rid: str, place: Place, added: bool = False) -> str:
    """Why this item comes here, for this plan: what it builds on (naming only items in
    the plan before it) and what it prepares."""
    from studyguide.catalog.units import short_title
    from studyguide.plan.recommend import member_of

    r = catalog.resources[rid]

    def title(some_id: str) -> str:
        """An item named briefly: 'FlashAttention', or 'CS224N, lecture 8 of 19'."""
        other = catalog.resources[some_id]
        if other.parent and other.parent in catalog.resources:
            return f"{short_title(catalog.resources[other.parent].title)}, {other.label}"
        return short_title(other.title)

    if added:
        source = "your own catalog" if r.origin.startswith("user:") else (
            "the catalog" if r.origin == "bundled" else f"a catalog overlay ({r.origin.split(':')[0]})")
        return (f"Added to this topic by {source}, so your plan takes it in here; "
                + STAGE_PURPOSE[r.stage].format(topic=place.section_title.lower()) + ".")
    after = catalog.resources[place.after].stage if place.after else None
    prepares = f" It prepares {PREPARES[after]}." if after and after != r.stage else ""
    purpose = STAGE_PURPOSE[r.stage].format(topic=place.section_title.lower())
    if r.stage == "foundation" and place.after is None:   # no later steps to rely on it
        purpose = f"this gives you a working picture of {place.section_title.lower()}"
    if place.section_id == PATH_SECTION:
        goal = catalog.goals.get(plan.goal or "")
        if goal is not None and (r.parent or rid) in goal.path and place.before is not None:
            # The path's steps are its resources; a unit after one of the same resource
            # continues that step.
            if r.parent and place.before and member_of(catalog, place.before) == r.parent:
                return _next_unit(catalog, r, place.before)
            step = goal.path.index(r.parent or rid) + 1
            return (f"Step {step} of {len(goal.path)}: after {title(place.before)}, "
                    f"{purpose}.{prepares}")
        if place.before is None:
            aim = f"What this reading path is for: {goal.description} " if goal else ""
            noun = KIND_NOUN.get(r.kind, r.kind)
            return f"{aim}It opens with this {noun} because {PATH_OPENING[r.stage]}.{prepares}"
        return f"After {title(place.before)}, {purpose}.{prepares}"
    topic = catalog.topics.get(place.section_id)
    # A unit takes its resource's note only as the first of its units here; later ones follow on.
    if r.parent and place.before and member_of(catalog, place.before) == r.parent:
        return _next_unit(catalog, r, place.before)
    key = rid if topic is not None and rid in topic.placement else (r.parent or rid)
    authored = topic.placement.get(key) if topic is not None else None
    if authored and _reads_in_place(catalog, topic, key, place) and (
            place.before is not None or _stands_alone(authored)):
        return authored
    if authored and _stands_alone(authored):
        return _without_link_word(authored)
    if place.before is not None:
        return f"After {title(place.before)}, {purpose}.{prepares}"
    if place.resumes:
        return f"Back to {place.section_title}, past its first pass: {purpose}.{prepares}"
    if place.topics_before:
        behind = " and ".join(place.topics_before)
        return f"Your first step in {place.section_title}, with {behind} behind you: {purpose}.{prepares}"
    return f"Your first step in {place.section_title}: {purpose}.{prepares}"


# Link words a placement note opens with when it follows on from the item before it.
_FOLLOW_ON = ("Then, ", "Then ", "Next, ", "Next ", "Now ", "Finally, ")
# Words that point at a particular earlier item: such a note reads true only in place.
_POINTS_BACK = ("previous", "right after", "your version", "in place", "behind you", "just seen",
                "already", "same ", "the lecture", "the book's", "its harder", "the practice",
                "single lecture", "only now", "as an alternative", "you just", "the code you know",
                "later in this sequence", "above")


def _stands_alone(text: str) -> bool:
    lowered = text.lower()
    return not any(word in lowered for word in _POINTS_BACK)


def _without_link_word(text: str) -> str:
    for word in _FOLLOW_ON:
        if text.startswith(word):
            rest = text[len(word):]
            return rest[:1].upper() + rest[1:]
    return text


def _next_unit(catalog: Catalog, r, before: str) -> str:
    """A unit right after another unit (`before`) of the same resource: said as what it is
    in the source's order (the next one, a later one, or back to an earlier one)."""
    from studyguide.catalog.units import NOUN, short_title

    word = (r.label or "part").split(" ")[0]
    # "lecture", "chapter": the label's own word; "scientist 7 of 8" (a track's name) is a part.
    noun = word if word in {*NOUN.values(), "appendix", "lesson", "video"} else "part"
    source = short_title(catalog.resources[r.parent].title)
    units = catalog.units_of(r.parent)
    step = units.index(r.id) - units.index(before) if r.id in units and before in units else 1
    if step == 1:
        return f"The next {noun} of {source}, in the source's own order."
    if step > 1:
        return f"The next {noun} of {source} in this plan, in the source's order."
    previous = re.split(r" of | \(", catalog.resources[before].label or "", maxsplit=1)[0]
    if not re.fullmatch(r"[a-z]+ [\w.]+", previous):   # "chapter 1", "lecture 9", not a track's name
        previous = "the one before it"
    return f"An earlier {noun} of {source} than {previous}, which this plan takes first."


def _without_twins(catalog: Catalog, known: list[str], seen: set[str], states) -> list[str]:
    """A plan saved before pages were planned once may hold a page under two ids: the later
    one is left out of the view while untouched (its progress, if any, keeps it shown)."""
    out: list[str] = []
    for rid in known:
        twins = catalog.twins.get(rid, ())
        earlier = any(t in seen or t in out for t in twins)
        if earlier and (rid not in states or states[rid].is_blank()):
            continue
        out.append(rid)
    return out


def _reads_in_place(catalog: Catalog, topic, rid: str, place: Place) -> bool:
    """A placement note is written for the topic's full sequence ("Then ...", "right after
    the derivation", "as an alternative to the previous textbook"): it reads true only
    where this plan keeps that neighbourhood, the note's predecessor just before it."""
    seq = [x for x in topic.sequence if x in catalog.resources and x not in catalog.hidden]
    at = seq.index(rid) if rid in seq else -1
    predecessor = seq[at - 1] if at > 0 else None
    if predecessor is None or place.before is None:
        return predecessor == place.before
    from studyguide.plan.recommend import member_of

    return predecessor in (place.before, member_of(catalog, place.before))


def build_view(plan: Plan, progress: Progress, catalog: Catalog, today: date) -> PlanView:
    title = ""
    if plan.goal:
        g = catalog.goals.get(plan.goal)
        title = g.title if g else plan.goal
    elif plan.role:
        r = catalog.roles.get(plan.role)
        title = r.title if r else plan.role
    view = PlanView(goal=plan.goal, role=plan.role, title=title, depth=plan.depth, focus=plan.focus,
                    hours_per_week=plan.hours_per_week, created=plan.created, sections=[], unknown=[])
    seen: set[str] = set()   # ids placed in an earlier section
    states, hours, blank = progress.items, catalog.resource_field("hours"), ItemState()
    # Hot loops over every item of a big plan: C-level `in` on the id keys, no rename
    # lookups when the catalog declares none, and topics' titles and sequences read
    # without building the topics (docs/performance.md).
    ids = catalog.resources.keys()
    current = catalog.current_id if catalog.renames else str
    topic_title, topic_sequence = catalog.topic_field("title"), catalog.topic_field("sequence")
    planned = (set().union(*(s.items for s in plan.sections)) if current is str
               else set(map(current, plan.item_ids())))
    added: set[str] = set()
    # A topic split by the focus (rule 5) has two sections: its first pass, then the rest.
    counts: dict[str, int] = {}
    for sec in plan.sections:
        counts[sec.id] = counts.get(sec.id, 0) + 1
    earlier: list[str] = []   # topic ids of the sections so far
    for index, sec in enumerate(plan.sections):
        topic_id = catalog.current_id(sec.id) if sec.id != PATH_SECTION else None
        if topic_id is not None and topic_id not in catalog.topics:
            view.unknown.append(sec.id)
            topic_id = None
        items = sec.items if current is str else list(map(current, sec.items))
        distinct = set(items)
        if ids >= distinct and seen.isdisjoint(distinct):
            known = list(items)   # the usual case, tested at C speed
        else:
            known = []
            for raw, rid in zip(sec.items, items):
                if rid not in ids:
                    view.unknown.append(raw)
                elif rid not in seen:
                    known.append(rid)
        if catalog.twins and not catalog.twins.keys().isdisjoint(known):
            known = _without_twins(catalog, known, seen, states)
        if topic_id is not None and sec.depth:
            known = _with_additions(catalog, topic_id, topic_sequence(topic_id), sec.depth, known,
                                    planned, added, plan, sec.alternatives)
        if sec.id == PATH_SECTION:
            sv = SectionView(id=PATH_SECTION, title=f"Reading path: {title}", kind="path", depth=None,
                             _details=("The reading path recommended for this goal, in its own order.",
                                       [], [], []))
        elif topic_id is None:
            # Its topic came from a catalog not loaded now (a --catalog folder, say).
            sv = SectionView(id=sec.id, title=f"{sec.id} (not loaded)", kind="topic",
                             depth=sec.depth)
        else:
            name = topic_title(topic_id)
            if counts[sec.id] > 1:
                name += " (continued)" if sec.id in earlier else " (first pass)"
            sv = SectionView(id=topic_id, title=name, kind="topic", depth=sec.depth,
                             _details=partial(_topic_details, catalog, topic_id, sec.depth))
            sv.also = [r for r in topic_sequence(topic_id) if r in seen]
        sv.index = index
        sv._unit_ids = frozenset(r for r in known if "/" in r)
        rows = _count(sv, known, states, blank, hours,
                      _satisfied(catalog, known, states, sec.alternatives))
        added_here = frozenset(r for r in known if r in added) if added else frozenset()
        behind = ()
        if topic_id is not None and known:
            prereqs = catalog.topics[topic_id].prerequisites
            behind = tuple(topic_title(t) for t in prereqs if t in earlier)
        sv._make = partial(_make_items, catalog, plan, sv, known, rows, added_here,
                           sec.alternatives, behind)
        seen.update(known)
        earlier.append(sv.id)
        view.sections.append(sv)
    # Progress kept for ids the catalog dropped (off the plan too): listed so it is reported once.
    if current is str and progress.items.keys() <= ids:
        dropped = []   # the usual case, tested at C speed
    else:
        dropped = [rid for rid, now in zip(progress.items, map(current, progress.items)) if now not in ids]
    view.unknown += [rid for rid in dropped
                     if not progress.items[rid].is_blank() and rid not in view.unknown]
    _whole_resource_time(view, progress, catalog, seen)
    if progress.log:
        from studyguide.progress.record import real_pace

        view.pace, view.pace_days = real_pace(progress.log, today) or (None, 0)
    _totals(view, today)
    return view


def _whole_resource_time(view: PlanView, progress: Progress, catalog: Catalog, planned: set[str]) -> None:
    """Time logged on a whole resource whose units the plan lists (before it had units, or
    `done RESOURCE --spent`) counts in the section of its first planned unit."""
    if catalog.parents.isdisjoint(progress.items):
        return
    units_of = catalog.resource_field("units")
    ids = catalog.resources.keys()
    for rid in catalog.parents.intersection(progress.items):
        st = progress.items[rid]
        if not st.spent_hours or rid in planned or rid not in ids:
            continue
        units = units_of(rid)
        if not units:
            continue
        for sv in view.sections:
            if any(u in sv._unit_ids for u in units):
                sv.hours_spent = round(sv.hours_spent + st.spent_hours, 2)
                break


def _topic_details(catalog: Catalog, topic_id: str, depth: str | None = None) -> tuple:
    """Covers, focus tips, pitfalls, checklists; at overview, the tips written for it."""
    topic = catalog.topics[topic_id]
    light = depth == "overview"
    focus = topic.overview_focus if light and topic.overview_focus else topic.focus
    pitfalls = topic.overview_pitfalls if light and topic.overview_pitfalls else topic.pitfalls
    return (topic.covers, list(focus), list(pitfalls),
            [(c.title, list(c.items)) for c in topic.checklists])


def _satisfied(catalog: Catalog, known: list[str], states: dict,
               alternatives: dict[str, list[str]]) -> frozenset[str]:
    """Items whose step another member of its alternatives group satisfied (rule 8): that
    member is done, or every one of its study units is."""
    if not alternatives:
        return frozenset()
    from studyguide.plan.recommend import member_of

    def done(some_id: str) -> bool:
        st = states.get(some_id)
        if st is not None and st.status == "done":
            return True
        units = getattr(catalog.resources.get(some_id), "units", ())
        return bool(units) and all(getattr(states.get(u), "status", "") == "done" for u in units)

    out = set()
    for rid in known:
        member = member_of(catalog, rid)
        others = alternatives.get(rid) or alternatives.get(member)
        # Another member done, or this unit's own member marked done as a whole.
        if others and (any(done(o) for o in others) or (member != rid and done(member))):
            out.add(rid)
    return frozenset(out)


def _count(sv: SectionView, known: list[str], states: dict, blank: ItemState, hours,
           satisfied: frozenset[str] = frozenset()) -> list[tuple]:
    """The section's figures from ids, states and hours; returns each item's state snapshot.

    A tight loop on purpose: it runs for every item of the plan, 10,000 of them in a
    big one (docs/performance.md).
    """
    rows: list[tuple] = []
    statuses: list[str] = []
    done = skipped = 0
    hours_done = hours_left = spent = 0.0
    untouched = (blank.status, blank.notes, blank.skip_reason, blank.spent_hours)
    for rid in known:
        st = states.get(rid)
        if st is None:
            row = untouched
        else:
            row = (st.status, st.notes, st.skip_reason, st.spent_hours)
        if rid in satisfied and row[0] != "done":
            # Another member of the group is done: that satisfies this step (rule 8).
            row = ("done", row[1], None, row[3])
        rows.append(row)
        spent += row[3]
        state = row[0]
        statuses.append(state)
        if state == "done":
            done += 1
            hours_done += hours(rid)
        elif state == "skipped":
            skipped += 1
        elif row[3]:
            hours_left += hours_left_of(hours(rid), row[3])
        else:
            hours_left += hours(rid)
    sv.done, sv._skipped, sv.total, sv._states = done, skipped, len(known) - skipped, statuses
    sv.hours_done = round(hours_done, 1)
    sv.hours_left = round(hours_left, 2)   # logged time leaves quarter hours
    sv.hours_spent = round(spent, 2)
    return rows


def _make_items(catalog: Catalog, plan: Plan, sv: SectionView, known: list[str], rows: list[tuple],
                added: frozenset[str], alternatives: dict[str, list[str]],
                behind: tuple[str, ...]) -> list[ItemView]:
    """The section's ItemViews, from the states as they were when the view was built."""
    from studyguide.catalog.units import short_title

    out = []
    ids = catalog.resources.keys()
    # The topic's own title in reasons, without "(first pass)"/"(continued)".
    topic = catalog.topics.get(sv.id)
    name = topic.title if topic is not None else sv.title
    shown: set[str] = set()   # a group's alternatives show on the first item of its member
    for n, (rid, (state, notes, skip_reason, spent)) in enumerate(zip(known, rows), 1):
        r = catalog.resources[rid]
        parent = catalog.resources.get(r.parent) if r.parent else None
        member = rid if rid in alternatives else (getattr(r, "parent", None) or rid)
        others = [a for a in alternatives.get(member, ()) if a in ids and member not in shown]
        shown.add(member)
        place = Place(section_id=sv.id, section_title=name, n=n, size=len(known),
                      before=known[n - 2] if n > 1 else None,
                      after=known[n] if n < len(known) else None, topics_before=behind,
                      resumes=sv.title.endswith(" (continued)"))
        out.append(ItemView(
            id=rid, title=r.title, authors=r.authors, year=r.year, kind=r.kind, stage=r.stage,
            level=r.level, url=r.url, arxiv=r.arxiv, hours=r.hours, free=r.free,
            resource_status=r.status, status_note=r.status_note,
            why=_why_here(catalog, plan, rid, place, rid in added), about=r.why, state=state,
            notes=list(notes), skip_reason=skip_reason, spent_hours=spent,
            section=sv.id, position=n, section_size=len(known), added=rid in added,
            parent=r.parent, parent_title=short_title(parent.title) if parent else None,
            label=r.label, unit_kind=r.unit_kind,
            resource_title=parent.title if parent else None, resource_url=parent.url if parent else None,
            alternatives=others, section_index=sv.index))
    return out


def _totals(view: PlanView, today: date) -> None:
    for sv in view.sections:
        view.done += sv.done
        view.total += sv.total
        view.hours_done += sv.hours_done
        view.hours_left += sv.hours_left
        view.hours_spent += sv.hours_spent
        view.skipped += sv._skipped
    view.hours_done = round(view.hours_done, 1)
    view.hours_left = round(view.hours_left, 2)
    view.hours_spent = round(view.hours_spent, 2)
    view.total_hours = round(view.hours_done + view.hours_left, 2)
    rate = view.rate
    if rate and view.done < view.total:   # a finished plan has no finish date
        view.weeks_left = round(view.hours_left / rate, 1)
        try:
            view.finish = today + timedelta(days=math.ceil(view.hours_left / rate * 7))
        except (OverflowError, ValueError):   # a hand-edited tiny rate: past year 9999, no date
            view.weeks_left, view.finish = None, None


def next_items(view: PlanView, n: int = 1) -> list[ItemView]:
    """In-progress items first (finish what you started), then the plan's order."""
    started: list[tuple[SectionView, int]] = []
    todo: list[tuple[SectionView, int]] = []
    for s in view.sections:
        states = s._states
        if "in-progress" in states:
            started += [(s, k) for k, st in enumerate(states) if st == "in-progress"]
        if len(todo) < n:
            todo += [(s, k) for k, st in enumerate(states)
                     if st not in _CLOSED and st != "in-progress"][:n - len(todo)]
    return [s.items[k] for s, k in (started + todo)[:n]]


def per_resource(items: list[ItemView]) -> list[ItemView]:
    """Items with a resource's units folded into one entry for that resource (BibTeX cites
    a book, not its chapters), at the place of its first unit."""

    out: list[ItemView] = []
    seen: set[str] = set()
    for item in items:
        if item.parent is None:
            if item.id not in seen:
                seen.add(item.id)
                out.append(item)
        elif item.parent not in seen:
            seen.add(item.parent)
            out.append(replace(item, id=item.parent, title=item.resource_title or item.title,
                               url=item.resource_url or item.url, parent=None, label=None,
                               unit_kind=None))
    return out


def fitting_item(view: PlanView, hours: float) -> tuple[ItemView | None, bool]:
    """`next --time`: the next item if what is left of it fits in `hours`; else a later
    open item of the same section that fits (the same topic, so no prerequisite topic is
    jumped, and never a later part of a source with an earlier part still open); else the
    next item anyway, with False (it does not fit)."""
    first = next_items(view, 1)
    if not first:
        return None, False
    item = first[0]
    if item.hours_left <= hours + 1e-9:
        return item, True
    section = view.sections[item.section_index]
    # Not a later part of a source whose earlier part is still open before it: a book's
    # half-hour appendix does not jump ahead of its chapters.
    behind = {item.parent} if item.parent else set()
    for later in section.items[item.position:]:
        if later.state in _CLOSED:
            continue
        if later.parent and later.parent in behind:
            continue
        if later.hours_left <= hours + 1e-9:
            return later, True
        if later.parent:
            behind.add(later.parent)
    return item, False


def in_progress_items(view: PlanView) -> list[ItemView]:
    """The items you have started and not finished, in plan order (only their sections'
    items are built: `status` on a big plan stays fast)."""
    return [s.items[k] for s in view.sections if "in-progress" in s._states
            for k, st in enumerate(s._states) if st == "in-progress"]


def note_date(note: Note) -> str:
    """A note's day as the text outputs show it."""
    return note.day.isoformat() if note.day else "undated"

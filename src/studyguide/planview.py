"""Plan + progress + catalog -> one view that every output renders (text, JSON, exports).

Also the "why it comes here" sentences and the figures (done, totals, finish date).
Ids the catalog no longer knows are left out of the view and listed in `unknown`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Callable

from studyguide.catalog import STAGES, Catalog
from studyguide.model import PATH_SECTION, ItemState, Plan, Progress

STAGE_REASON = {
    "foundation": "Foundation first: it builds the mental model the rest of the topic assumes.",
    "practice": "Implementation source after the foundations: it makes the ideas concrete in code.",
    "paper": "Landmark paper after the foundations and code, once you know the problem it solves.",
    "reference": "Reference last: consult it to compare and look things up, not to learn from.",
}


@dataclass
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
    note: str | None
    skip_reason: str | None
    spent_hours: float
    section: str
    position: int
    section_size: int
    added: bool = False  # in the topic now, not in the saved plan (see _with_additions)


@dataclass
class SectionView:
    """One plan section with its figures; its items are built on first use."""

    id: str
    title: str
    kind: str                 # "path" or "topic"
    depth: str | None
    covers: str
    focus: list[str]
    pitfalls: list[str]
    checklists: list[tuple[str, list[str]]]
    also: list[str] = field(default_factory=list)   # its items placed in earlier sections
    done: int = 0
    total: int = 0
    hours_done: float = 0.0
    hours_left: float = 0.0
    # The figures above are counted from ids, states and hours; the ItemViews are built on
    # first use of `items` (`next` and `status` on a 10,000-item plan need a handful of them).
    _items: list[ItemView] | None = field(default=None, repr=False, compare=False)
    _make: Callable[[], list[ItemView]] | None = field(default=None, repr=False, compare=False)
    _open: list[tuple[int, str]] = field(default_factory=list, repr=False, compare=False)
    _skipped: int = field(default=0, repr=False, compare=False)

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
        return int(100 * self.done / self.total) if self.total else 100


@dataclass
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
    weeks_left: float | None = None
    finish: date | None = None

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100

    def items(self) -> list[ItemView]:
        return [i for s in self.sections for i in s.items]


# Stages a section's depth takes (as plan.select_items), for the learner's own additions.
DEPTH_STAGES = {"overview": ("foundation",), "practitioner": ("foundation", "practice", "paper"),
                "deep": STAGES}


def _with_additions(catalog: Catalog, topic, depth: str, known: list[str], planned: set[str],
                    added: set[str]) -> list[str]:
    """The section's items plus what the catalog now adds to the topic (issue 9: your own catalog).

    A saved plan lists item ids, so a resource added to a planned topic later (by
    `studyguide add`, an overlay, a catalog update, or an unhide) would never be
    reached. Taken in: what the recommender would pick for this topic and depth
    today, and the learner's own additions (origin "user") whose stage the depth
    takes, whatever the paper limit; minus anything already in the plan. Each is
    slotted in after the last item of its stage or an earlier one, so the saved
    order never changes. Nothing is saved: remove the overlay and it is gone again.
    """
    from studyguide.plan import select_items

    # Ids, stages and origins only (Catalog.resource_field): no Resource is built here.
    stage, origin = catalog.resource_field("stage"), catalog.resource_field("origin")
    wanted = select_items(catalog, topic.id, depth)
    ids = catalog.resources.keys()
    wanted += [r for r in topic.sequence
               if r not in planned  # (dropped from `new` below anyway; cheapest test first)
               and r in ids and r not in catalog.hidden  # = visible_sequence
               and origin(r).startswith("user:") and stage(r) in DEPTH_STAGES.get(depth, STAGES)
               and r not in wanted]
    new = [rid for rid in wanted if rid not in planned]
    if not new:
        return known
    rank = {s: i for i, s in enumerate(STAGES)}
    out = list(known)
    for rid in new:
        at_stage = rank[stage(rid)]
        at = 0
        for i, other in enumerate(out):
            if rank[stage(other)] <= at_stage:
                at = i + 1
        out.insert(at, rid)
        planned.add(rid)
        added.add(rid)
    return out


def _why_here(catalog: Catalog, plan: Plan, section_id: str, rid: str, n: int,
              added: bool = False) -> str:
    r = catalog.resources[rid]
    if added:
        source = "your own catalog" if r.origin.startswith("user:") else (
            "the catalog" if r.origin == "bundled" else f"a catalog overlay ({r.origin.split(':')[0]})")
        topic = catalog.topics.get(section_id)
        reason = (topic.placement.get(rid) if topic else None) or STAGE_REASON[r.stage]
        return f"Added to this topic by {source}, so your plan takes it in here. {reason}"
    if section_id == PATH_SECTION:
        goal = catalog.goals.get(plan.goal or "")
        name = goal.title if goal else "your goal"
        return f"Step {n} of the lesson's reading path for {name}: the path's order wins here."
    topic = catalog.topics.get(section_id)
    if topic is not None and topic.placement.get(rid):
        return topic.placement[rid]
    return STAGE_REASON[r.stage]


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
    seen: dict[str, str] = {}
    states, hours = progress.items, catalog.resource_field("hours")
    b = ItemState()
    blank = (b.status, b.note, b.skip_reason, b.spent_hours)
    # Hot loops over every item of a big plan: C-level `in` on the id keys, and no rename
    # lookups when the catalog declares none.
    ids = catalog.resources.keys()
    current = catalog.current_id if catalog.renames else str
    planned = set(map(current, plan.item_ids()))
    added: set[str] = set()
    for sec in plan.sections:
        topic = catalog.topics.get(catalog.current_id(sec.id)) if sec.id != PATH_SECTION else None
        if sec.id != PATH_SECTION and topic is None:
            view.unknown.append(sec.id)
        known = []
        for raw, rid in zip(sec.items, map(current, sec.items)):
            if rid not in ids:
                view.unknown.append(raw)
            elif rid not in seen:
                known.append(rid)
        if topic is not None and sec.depth:
            known = _with_additions(catalog, topic, sec.depth, known, planned, added)
        if sec.id == PATH_SECTION:
            sv = SectionView(id=PATH_SECTION, title=f"Reading path: {title}", kind="path", depth=None,
                             covers="The lesson's own reading path for this goal, in its order.",
                             focus=[], pitfalls=[], checklists=[])
        else:
            sv = SectionView(id=topic.id if topic else sec.id, title=topic.title if topic else sec.id,
                             kind="topic", depth=sec.depth, covers=topic.covers if topic else "",
                             focus=list(topic.focus) if topic else [],
                             pitfalls=list(topic.pitfalls) if topic else [],
                             checklists=[(c.title, list(c.items)) for c in topic.checklists] if topic else [])
            if topic:
                sv.also = [r for r in topic.sequence if r in seen]
        rows = _count(sv, known, states, blank, hours, added)
        sv._make = partial(_make_items, catalog, plan, sv.id, known, rows)
        seen.update(dict.fromkeys(known, sv.id))
        view.sections.append(sv)
    # Progress kept for ids the catalog dropped (off the plan too): listed so it is reported once.
    dropped = [rid for rid, now in zip(progress.items, map(current, progress.items)) if now not in ids]
    view.unknown += [rid for rid in dropped
                     if not progress.items[rid].is_blank() and rid not in view.unknown]
    _totals(view, today)
    return view


def _count(sv: SectionView, known: list[str], states: dict, blank: tuple, hours,
           added: set[str]) -> list[tuple]:
    """The section's figures from ids, states and hours; returns each item's state snapshot.

    A tight loop on purpose: it runs once per plan item (10,000 of them in a big plan).
    """
    rows: list[tuple] = []
    append, opened = rows.append, sv._open
    done = total = skipped = 0
    hours_done = hours_left = 0.0
    for k, rid in enumerate(known):
        st = states.get(rid)
        if st is None:
            state = blank[0]
            append(blank + (rid in added,))
        else:
            state = st.status
            append((state, st.note, st.skip_reason, st.spent_hours, rid in added))
        if state == "skipped":
            skipped += 1
            continue
        total += 1
        if state == "done":
            done += 1
            hours_done += hours(rid)
        else:
            hours_left += hours(rid)
            opened.append((k, state))
    sv.done, sv.total, sv._skipped = done, total, skipped
    sv.hours_done = round(hours_done, 1)
    sv.hours_left = round(hours_left, 1)
    return rows


def _make_items(catalog: Catalog, plan: Plan, section: str, known: list[str],
                rows: list[tuple]) -> list[ItemView]:
    """The section's ItemViews, from the states as they were when the view was built."""
    out = []
    for n, (rid, (state, note, skip_reason, spent, is_added)) in enumerate(zip(known, rows), 1):
        r = catalog.resources[rid]
        out.append(ItemView(
            id=rid, title=r.title, authors=r.authors, year=r.year, kind=r.kind, stage=r.stage,
            level=r.level, url=r.url, arxiv=r.arxiv, hours=r.hours, free=r.free,
            resource_status=r.status, status_note=r.status_note,
            why=_why_here(catalog, plan, section, rid, n, is_added), about=r.why, state=state,
            note=note, skip_reason=skip_reason, spent_hours=spent,
            section=section, position=n, section_size=len(known), added=is_added))
    return out


def _totals(view: PlanView, today: date) -> None:
    for sv in view.sections:
        view.done += sv.done
        view.total += sv.total
        view.hours_done += sv.hours_done
        view.hours_left += sv.hours_left
        view.skipped += sv._skipped
    view.hours_done = round(view.hours_done, 1)
    view.hours_left = round(view.hours_left, 1)
    view.total_hours = round(view.hours_done + view.hours_left, 1)
    if view.hours_per_week:
        view.weeks_left = round(view.hours_left / view.hours_per_week, 1)
        view.finish = today + timedelta(days=math.ceil(view.hours_left / view.hours_per_week * 7))


def next_items(view: PlanView, n: int = 1) -> list[ItemView]:
    """In-progress items first (finish what you started), then the plan's order."""
    started, todo = [], []
    for s in view.sections:
        for k, state in s._open:
            if state == "in-progress":
                started.append((s, k))
            elif len(todo) < n:
                todo.append((s, k))
    return [s.items[k] for s, k in (started + todo)[:n]]


def item_json(i: ItemView) -> dict:
    return {"id": i.id, "title": i.title, "kind": i.kind, "stage": i.stage, "url": i.url,
            "hours": i.hours, "free": i.free, "state": i.state, "resource_status": i.resource_status,
            "status_note": i.status_note, "why": i.why, "about": i.about, "note": i.note}


def plan_json(view: PlanView) -> dict:
    return {
        "goal": view.goal, "role": view.role, "depth": view.depth, "focus": view.focus,
        "hours_per_week": view.hours_per_week, "total_hours": view.total_hours,
        "hours_left": view.hours_left,
        "finish": view.finish.isoformat() if view.finish else None,
        "topics": [{"id": s.id, "title": s.title, "kind": s.kind, "depth": s.depth,
                    "items": [item_json(i) for i in s.items]} for s in view.sections],
        "unknown": view.unknown,
    }


def status_json(view: PlanView) -> dict:
    return {
        "overall": {"done": view.done, "total": view.total, "percent": view.percent,
                    "skipped": view.skipped, "hours_done": view.hours_done, "hours_left": view.hours_left},
        "hours_per_week": view.hours_per_week,
        "finish": view.finish.isoformat() if view.finish else None,
        "topics": [{"id": s.id, "title": s.title, "done": s.done, "total": s.total, "percent": s.percent,
                    "hours_done": s.hours_done, "hours_left": s.hours_left} for s in view.sections],
        "unknown": view.unknown,
    }

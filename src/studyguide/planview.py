"""Plan + progress + catalog -> one view that every output renders (text, JSON, exports).

Also the "why it comes here" sentences and the figures (done, totals, finish date).
Ids the catalog no longer knows are left out of the view and listed in `unknown`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from studyguide.catalog import STAGES, Catalog
from studyguide.model import PATH_SECTION, Plan, Progress

STAGE_REASON = {
    "foundation": "Foundation first: it builds the mental model the rest of the topic assumes.",
    "practice": "Implementation source after the foundations: it makes the ideas concrete in code.",
    "paper": "Landmark paper after the foundations and code, once you know the problem it solves.",
    "reference": "Reference last: consult it to compare and look things up, not to learn from.",
}


@dataclass
class ItemView:
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
    id: str
    title: str
    kind: str                 # "path" or "topic"
    depth: str | None
    covers: str
    focus: list[str]
    pitfalls: list[str]
    checklists: list[tuple[str, list[str]]]
    items: list[ItemView]
    also: list[str] = field(default_factory=list)   # its items placed in earlier sections
    done: int = 0
    total: int = 0
    hours_done: float = 0.0
    hours_left: float = 0.0

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


@dataclass
class PlanView:
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

    wanted = select_items(catalog, topic.id, depth)
    wanted += [r.id for r in catalog.visible_sequence(topic)
               if r.origin.startswith("user:") and r.stage in DEPTH_STAGES.get(depth, STAGES)
               and r.id not in wanted]
    new = [rid for rid in wanted if rid not in planned]
    if not new:
        return known
    rank = {s: i for i, s in enumerate(STAGES)}
    out = list(known)
    for rid in new:
        stage = rank[catalog.resources[rid].stage]
        at = 0
        for i, other in enumerate(out):
            if rank[catalog.resources[other].stage] <= stage:
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
    planned = {catalog.current_id(i) for i in plan.item_ids()}
    added: set[str] = set()
    for sec in plan.sections:
        topic = catalog.topics.get(catalog.current_id(sec.id)) if sec.id != PATH_SECTION else None
        if sec.id != PATH_SECTION and topic is None:
            view.unknown.append(sec.id)
        known = []
        for raw in sec.items:
            rid = catalog.current_id(raw)
            if rid not in catalog.resources:
                view.unknown.append(raw)
            elif rid not in seen:
                known.append(rid)
        if topic is not None and sec.depth:
            known = _with_additions(catalog, topic, sec.depth, known, planned, added)
        if sec.id == PATH_SECTION:
            sv = SectionView(id=PATH_SECTION, title=f"Reading path: {title}", kind="path", depth=None,
                             covers="The lesson's own reading path for this goal, in its order.",
                             focus=[], pitfalls=[], checklists=[], items=[])
        else:
            sv = SectionView(id=topic.id if topic else sec.id, title=topic.title if topic else sec.id,
                             kind="topic", depth=sec.depth, covers=topic.covers if topic else "",
                             focus=list(topic.focus) if topic else [],
                             pitfalls=list(topic.pitfalls) if topic else [],
                             checklists=[(c.title, list(c.items)) for c in topic.checklists] if topic else [],
                             items=[])
            if topic:
                sv.also = [r for r in topic.sequence if r in seen]
        for n, rid in enumerate(known, 1):
            r = catalog.resources[rid]
            st = progress.state(rid)
            sv.items.append(ItemView(
                id=rid, title=r.title, authors=r.authors, year=r.year, kind=r.kind, stage=r.stage,
                level=r.level, url=r.url, arxiv=r.arxiv, hours=r.hours, free=r.free,
                resource_status=r.status, status_note=r.status_note,
                why=_why_here(catalog, plan, sv.id, rid, n, rid in added), about=r.why, state=st.status,
                note=st.note, skip_reason=st.skip_reason, spent_hours=st.spent_hours,
                section=sv.id, position=n, section_size=len(known), added=rid in added))
            seen[rid] = sv.id
        _count(sv)
        view.sections.append(sv)
    _totals(view, today)
    return view


def _count(sv: SectionView) -> None:
    for item in sv.items:
        if item.state == "skipped":
            continue
        sv.total += 1
        if item.state == "done":
            sv.done += 1
            sv.hours_done += item.hours
        else:
            sv.hours_left += item.hours
    sv.hours_done = round(sv.hours_done, 1)
    sv.hours_left = round(sv.hours_left, 1)


def _totals(view: PlanView, today: date) -> None:
    for sv in view.sections:
        view.done += sv.done
        view.total += sv.total
        view.hours_done += sv.hours_done
        view.hours_left += sv.hours_left
        view.skipped += sum(1 for i in sv.items if i.state == "skipped")
    view.hours_done = round(view.hours_done, 1)
    view.hours_left = round(view.hours_left, 1)
    view.total_hours = round(view.hours_done + view.hours_left, 1)
    if view.hours_per_week:
        view.weeks_left = round(view.hours_left / view.hours_per_week, 1)
        view.finish = today + timedelta(days=math.ceil(view.hours_left / view.hours_per_week * 7))


def next_items(view: PlanView, n: int = 1) -> list[ItemView]:
    """In-progress items first (finish what you started), then the plan's order."""
    open_items = [i for i in view.items() if i.state not in ("done", "skipped")]
    open_items.sort(key=lambda i: i.state != "in-progress")
    return open_items[:n]


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

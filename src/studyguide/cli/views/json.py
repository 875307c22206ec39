"""Every `--json` output's shape, in one place: catalog objects, the plan, status,
`next`, questions. Plain JSON-ready dicts."""

from __future__ import annotations

from studyguide.catalog.model import Catalog, Question, Resource, Topic
from studyguide.plan.view import ItemView, PlanView
from studyguide.progress.model import Note


def resource_dict(r: Resource, catalog: Catalog, marks=None) -> dict:
    """With `marks` (progress.marks.Marks), also your `state` and dated `notes`."""
    out: dict[str, object] = {
        "id": r.id, "title": r.title, "authors": r.authors, "year": r.year, "kind": r.kind,
        "stage": r.stage, "level": r.level, "url": r.url, "arxiv": r.arxiv, "hours": r.hours,
        "free": r.free, "status": r.status, "status_note": r.status_note, "why": r.why,
        "topics": [t.id for t in catalog.topics_using(r.id)], "origin": r.origin,
        "changed_by": list(r.changed_by),
        "hidden": r.id in catalog.hidden,
        # Study units (issue 15): an empty list for a resource without units.
        "units": [unit_dict(catalog.resources[u]) for u in r.units],
        **({"unit_of": r.parent, "n": r.n, "label": r.label} if r.parent else {}),
    }
    if marks is not None:
        out["state"] = marks.state(r.id)
        out["notes"] = notes_json(marks.notes(r.id))
    return out


def unit_dict(u: Resource) -> dict:
    return {"id": u.id, "n": u.n, "title": u.title, "url": u.url, "hours": u.hours, "kind": u.unit_kind}


def topic_hours(topic: Topic, catalog: Catalog) -> float:
    """Every item's hours once: a unit the topic names and its whole resource overlap."""
    ids = catalog.expand_units(r.id for r in catalog.visible_sequence(topic))
    return round(sum(catalog.resources[i].hours for i in ids), 1)


def topic_summary(topic: Topic, catalog: Catalog, marks=None) -> dict:
    """With `marks`, also `yours`: how many of its resources are in each state, and notes."""
    owners = {r.parent or r.id for r in catalog.visible_sequence(topic)}
    out: dict[str, object] = {
        "id": topic.id, "title": topic.title, "discipline": topic.discipline,
        "resources": len(owners), "hours": topic_hours(topic, catalog),
        "prerequisites": list(topic.prerequisites),
    }
    if marks is not None:
        counts = marks.counts(r.id for r in catalog.visible_sequence(topic))
        out["yours"] = {k.replace("-", "_"): v for k, v in counts.items()}
    return out


def topic_dict(topic: Topic, catalog: Catalog, marks=None) -> dict:
    seq = []
    for r in catalog.visible_sequence(topic):
        d = resource_dict(r, catalog, marks)
        d["placement"] = topic.placement.get(r.id)
        seq.append(d)
    return {
        **topic_summary(topic, catalog, marks),
        "covers": topic.covers,
        "sequence": seq,
        "focus": list(topic.focus),
        "pitfalls": list(topic.pitfalls),
        "people": [{"name": p.name, "why": p.why} for p in topic.people],
        "checklists": [{"title": c.title, "items": list(c.items)} for c in topic.checklists],
        "alternatives": [list(g) for g in topic.alternatives],
        "origin": topic.origin, "changed_by": list(topic.changed_by),
    }


def item_json(i: ItemView) -> dict:
    return {"id": i.id, "title": i.title, "kind": i.kind, "stage": i.stage, "url": i.url,
            "hours": i.hours, "free": i.free, "state": i.state, "resource_status": i.resource_status,
            "status_note": i.status_note, "why": i.why, "about": i.about, "notes": notes_json(i.notes),
            "resource": i.parent or i.id, "unit": i.label and {"n": i.label, "kind": i.unit_kind},
            "hours_logged": i.spent_hours, "alternatives": list(i.alternatives)}


def notes_json(notes: list[Note]) -> list[dict]:
    """Notes as every JSON output shows them: [{date, text}], date null when unknown."""
    return [{"date": n.day.isoformat() if n.day else None, "text": n.text} for n in notes]


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
                    "skipped": view.skipped, "hours_done": view.hours_done, "hours_left": view.hours_left,
                    "hours_spent": view.hours_spent, "hours_logged": view.hours_spent},
        "hours_per_week": view.hours_per_week,
        "pace": view.pace,
        "finish": view.finish.isoformat() if view.finish else None,
        "topics": [{"id": s.id, "title": s.title, "done": s.done, "total": s.total, "percent": s.percent,
                    "hours_done": s.hours_done, "hours_left": s.hours_left, "hours_spent": s.hours_spent,
                    "hours_logged": s.hours_spent}
                   for s in view.sections],
        "unknown": view.unknown,
    }


def next_json(item: ItemView, view: PlanView) -> dict:
    """The stable shape of `next --json` (issue 15); `focus_finished`: your plan's focus topic
    is all done or skipped (the text says "You have finished your focus topic")."""
    return {"id": item.id, "resource": item.parent or item.id,
            "unit": None if item.parent is None else {"key": item.id.split("/", 1)[1], "label": item.label,
                                                      "kind": item.unit_kind},
            "title": item.title, "heading": item.heading, "topic": item.section,
            "position": item.position, "of": item.section_size, "url": item.url, "hours": item.hours,
            "hours_logged": item.spent_hours, "hours_left": item.hours_left, "kind": item.kind,
            "state": item.state, "why": item.why, "alternatives": list(item.alternatives),
            "focus_finished": view.focus_finished()}


def question_json(q: Question) -> dict:
    return {"id": q.id, "topic": q.topic, "question": q.question, "answer": q.answer,
            "resources": list(q.resources), "level": q.level}

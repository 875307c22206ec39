"""Catalog objects as plain JSON-ready dicts: the shape every `--json` output shares."""

from __future__ import annotations

from studyguide.catalog.model import Catalog, Resource, Topic


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
        from studyguide.plan.view import notes_json

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
        "origin": topic.origin, "changed_by": list(topic.changed_by),
    }

"""Catalog objects as plain JSON-ready dicts: the shape every `--json` output shares."""

from __future__ import annotations

from studyguide.catalog.model import Catalog, Resource, Topic


def resource_dict(r: Resource, catalog: Catalog) -> dict:
    return {
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


def unit_dict(u: Resource) -> dict:
    return {"id": u.id, "n": u.n, "title": u.title, "url": u.url, "hours": u.hours, "kind": u.unit_kind}


def topic_hours(topic: Topic, catalog: Catalog) -> float:
    """Every item's hours once: a unit the topic names and its whole resource overlap."""
    ids = catalog.expand_units(r.id for r in catalog.visible_sequence(topic))
    return round(sum(catalog.resources[i].hours for i in ids), 1)


def topic_summary(topic: Topic, catalog: Catalog) -> dict:
    owners = {r.parent or r.id for r in catalog.visible_sequence(topic)}
    return {
        "id": topic.id, "title": topic.title, "discipline": topic.discipline,
        "resources": len(owners), "hours": topic_hours(topic, catalog),
        "prerequisites": list(topic.prerequisites),
    }


def topic_dict(topic: Topic, catalog: Catalog) -> dict:
    seq = []
    for r in catalog.visible_sequence(topic):
        d = resource_dict(r, catalog)
        d["placement"] = topic.placement.get(r.id)
        seq.append(d)
    return {
        **topic_summary(topic, catalog),
        "covers": topic.covers,
        "sequence": seq,
        "focus": list(topic.focus),
        "pitfalls": list(topic.pitfalls),
        "people": [{"name": p.name, "why": p.why} for p in topic.people],
        "checklists": [{"title": c.title, "items": list(c.items)} for c in topic.checklists],
        "alternatives": [list(g) for g in topic.alternatives],
        "origin": topic.origin, "changed_by": list(topic.changed_by),
    }

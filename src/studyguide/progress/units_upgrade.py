"""Progress kept from before a resource had units, carried over to its units.

A plan saved by an earlier release (or before an overlay split a resource) lists a
whole course where the catalog now has units. Loading it replaces that item by its
units, once: a resource marked done becomes all its units done (its logged hours
stay on the resource, where `status` still counts them), a skipped one all units
skipped, one in progress has its first unit in progress (with the resource's
note). The resource's own entry stays as it was, so notes, history and undo steps
recorded under its id keep working. The store writes the result with a backup
first (progress.toml.bak). Pure: no I/O.
"""

from __future__ import annotations

import copy

from studyguide.progress.model import ItemState, Progress


def split_into_units(progress: Progress, catalog) -> bool:
    """Replace planned resources that have units by those units; True if anything changed."""
    plan = progress.plan
    if plan is None:
        return False
    if catalog.parents.isdisjoint(plan.item_ids()):   # the usual case, at C speed
        return False
    units_of = catalog.resource_field("units")
    known = catalog.resources.keys()
    planned = set(plan.item_ids())
    for section in plan.sections:
        items: list[str] = []
        for rid in section.items:
            units = units_of(rid) if rid in known else ()
            if not units:
                items.append(rid)
                continue
            new = [u for u in units if u not in planned and u not in catalog.hidden]
            planned.update(new)
            items += new
            _carry_state(progress, rid, new)
        section.items = items
    return True


def _carry_state(progress: Progress, rid: str, units: list[str]) -> None:
    whole = progress.items.get(rid)
    if whole is None or not units:
        return
    for k, uid in enumerate(units):
        if uid in progress.items:   # the learner already marked this unit: theirs wins
            continue
        if whole.status == "done":
            progress.items[uid] = ItemState(status="done", started=whole.started, finished=whole.finished)
        elif whole.status == "skipped":
            progress.items[uid] = ItemState(status="skipped", skip_reason=whole.skip_reason)
        elif whole.status == "in-progress" and k == 0:
            progress.items[uid] = ItemState(status="in-progress", started=whole.started,
                                            notes=copy.deepcopy(whole.notes))

"""Your state on any resource, for the catalog views (`show`, `search`, `topics`).

`next` and `status` see progress through the plan view; browsing the catalog needs the
other way round: for any resource, is it done, in progress, skipped, planned or none of
these, and what notes it has. Pure: a loaded Progress in, answers out.
"""

from __future__ import annotations

from typing import Callable

from studyguide.progress.model import Note, Progress

# The states a resource can be in, as JSON gives them and as the text views say them.
MARK_WORDS = {"done": "done", "in-progress": "in progress", "skipped": "skipped",
              "planned": "planned", "not-planned": "not in your plan"}
MARK_ICONS = {"done": "✓", "in-progress": "◐", "skipped": "↷", "planned": "○", "not-planned": ""}


class Marks:
    def __init__(self, progress: Progress, current_id: Callable[[str], str] = str,
                 units_of: Callable[[str], tuple] | None = None) -> None:
        self.items = progress.items
        plan = progress.plan
        self.planned = set(map(current_id, plan.item_ids())) if plan is not None else set()
        self.has_plan = plan is not None
        self.units_of = units_of   # a resource's study units (catalog), if it has any

    def state(self, rid: str) -> str:
        """done, in-progress, skipped, planned (in your plan, not started) or not-planned.

        A resource studied in units (a course's lectures) takes its state from its units:
        done once every unit is done or skipped (one lecture of nineteen done is not the
        course done, even if it was all your plan took), in progress once one is done or
        started, skipped when every unit you planned or marked is skipped."""
        st = self.items.get(rid)
        if st is not None and st.status != "todo":
            return st.status
        units = self._units(rid)
        if units:
            every = [self.state(u) for u in units]
            mine = [m for m in every if m != "not-planned"]
            if "done" in every and all(m in ("done", "skipped") for m in every):
                return "done"
            if mine and all(m == "skipped" for m in mine):
                return "skipped"
            if any(m in ("done", "in-progress") for m in mine):
                return "in-progress"
            if mine:
                return "planned"
        return "planned" if rid in self.planned else "not-planned"

    def notes(self, rid: str) -> list[Note]:
        """Its own notes, then its units' (a course's notes are mostly on its lectures)."""
        st = self.items.get(rid)
        own = st.notes if st is not None else []
        return own + [n for u in self._units(rid) for n in self.notes(u)]

    def _units(self, rid: str) -> tuple:
        if self.units_of is None:
            return ()
        try:
            return tuple(self.units_of(rid) or ())
        except KeyError:   # an id the catalog does not know
            return ()

    def counts(self, rids) -> dict[str, int]:
        """How many of `rids` are in each state, and their notes (key "notes")."""
        out = dict.fromkeys(MARK_WORDS, 0)
        out["notes"] = 0
        for rid in rids:
            out[self.state(rid)] += 1
            out["notes"] += len(self.notes(rid))
        return out

"""The learner's state: the saved plan and per-item progress, as plain value classes.

Kept free of pydantic and TOML so the everyday commands stay fast; `progress_file`
turns these into TOML and back, validating by hand with field paths in messages.
"""

from __future__ import annotations

from studyguide.valueclass import field, valueclass
from datetime import date, datetime

from studyguide.progress.record import LogEntry

STATES = ("todo", "in-progress", "done", "skipped")
MIN_HOURS_PER_WEEK = 0.25   # less puts a finish date centuries away; 0 means no date
PATH_SECTION = "reading-path"  # the id of a goal's reading-path section in a plan


@valueclass
class Section:
    """One part of a plan: a goal's reading path, or a topic at a depth."""

    id: str                 # a topic id, or PATH_SECTION
    items: list[str]
    depth: str | None = None
    # A planned item -> the other members of its alternatives group ("any one of these"):
    # done on any of them satisfies the step; `swap` exchanges the planned one.
    alternatives: dict[str, list[str]] = field(default_factory=dict)


@valueclass
class Plan:
    """A saved study plan: the answers it was made from and its sections in order."""

    created: datetime
    sections: list[Section]
    goal: str | None = None
    role: str | None = None
    depth: str | None = None
    focus: str | None = None
    hours_per_week: float | None = None
    topics: list[str] = field(default_factory=list)   # the --topic filter, if any
    start: date | None = None                          # for the finish estimate

    def item_ids(self) -> list[str]:
        return [i for s in self.sections for i in s.items]


@valueclass
class Note:
    """One dated note on a resource (`studyguide note ID TEXT`)."""

    text: str
    day: date | None = None   # None: a note from before notes were dated, its day unknown


@valueclass
class ItemState:
    """The learner's progress on one resource."""

    status: str = "todo"
    started: datetime | None = None
    finished: datetime | None = None
    spent_hours: float = 0.0
    notes: list[Note] = field(default_factory=list)   # oldest first
    skip_reason: str | None = None

    def is_blank(self) -> bool:
        return self == ItemState()


@valueclass
class Change:
    """One undoable step: what the touched items were before it, and for `recommend`,
    the plan it replaced (None: there was none)."""

    action: str
    at: datetime
    before: dict[str, ItemState | None]   # None: the item had no entry
    replaces_plan: bool = False
    plan_before: Plan | None = None
    logged: int = 0          # how many entries it added at the end of the study record
    # For `remove`: what undo puts back in the learner's overlay (mine.toml): the resource's
    # entry, the topics that listed it, whether it was hidden there (catalog.overlay.restore_in).
    restore: dict | None = None


@valueclass
class Progress:
    """Everything in the progress file."""

    plan: Plan | None = None
    items: dict[str, ItemState] = field(default_factory=dict)
    history: list[Change] = field(default_factory=list)
    # Ids the catalog no longer knows that we already told the learner about.
    reported_unknown: list[str] = field(default_factory=list)
    # Review cards (spaced repetition), by question id: fsrs card fields.
    cards: dict[str, dict] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    # The dated record of study, oldest first (see progress/record.py).
    log: list[LogEntry] = field(default_factory=list)

    def state(self, item_id: str) -> ItemState:
        return self.items.get(item_id) or ItemState()

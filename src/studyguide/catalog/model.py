"""The catalog as plain, read-only data, and the lookups every command needs.

These are value classes (studyguide.valueclass), not pydantic models, on purpose: validation lives in
`catalog_build` and runs only when the catalog files changed, so the commands a
learner runs many times a day never import pydantic (see docs/performance.md).
"""

from __future__ import annotations

from studyguide.valueclass import field, valueclass

KINDS = ("book", "course", "lecture", "video", "docs", "tutorial", "website",
         "paper", "code", "benchmark", "leaderboard")
LEVELS = ("intro", "intermediate", "advanced")
STAGES = ("foundation", "practice", "paper", "reference")
STATUSES = ("active", "archived", "deprecated", "moved")
DEPTHS = ("overview", "practitioner", "deep")
MAX_TEXT = 4000     # any text field of a catalog entry (schema.py and `studyguide add`)
MAX_HOURS = 1000    # a resource's hours
# How a resource's status reads. A "moved" resource's URL is already its new address: said
# so, rather than a "moved" that reads like a broken link.
STATUS_LABEL = {"moved": "new address"}


def status_label(status: str) -> str:
    return STATUS_LABEL.get(status, status)

STAGE_MEANING = {
    "foundation": "a textbook or course that builds the mental model",
    "practice": "an implementation-oriented source that makes the ideas concrete",
    "paper": "a landmark paper, read once you know the problem it solves",
    "reference": "a benchmark, leaderboard or reference doc to consult, not to learn from",
}
DEPTH_MEANING = {
    "overview": "a working mental model: the foundations of each topic",
    "practitioner": "enough to build: foundations, implementation sources and the key paper",
    "deep": "research-ready: everything, with the landmark papers and references",
}


@valueclass(frozen=True, slots=True)
class Resource:
    """One thing to study: a book, course, paper, video, code base or reference."""

    id: str
    title: str
    authors: str
    kind: str
    url: str
    level: str
    stage: str
    hours: float
    free: bool
    why: str
    year: int | None = None
    arxiv: str | None = None
    status: str = "active"
    status_note: str | None = None
    renamed_from: tuple[str, ...] = ()
    origin: str = "bundled"
    changed_by: tuple[str, ...] = ()   # the overlay overrides applied to it, in order
    # Study units (docs/catalog.md): a resource split into chapters or lectures lists
    # their ids in `units`; each unit is a Resource of its own with `parent` set, its
    # source's label `n`, `unit_kind` ("project" or None) and `label` ("lecture 8 of 19").
    units: tuple[str, ...] = ()
    parent: str | None = None
    n: str | None = None
    unit_kind: str | None = None
    label: str | None = None


@valueclass(frozen=True, slots=True)
class Person:
    """Someone worth following on a topic, and why."""

    name: str
    why: str


@valueclass(frozen=True, slots=True)
class Checklist:
    """A titled list of things to be able to do before moving on."""

    title: str
    items: tuple[str, ...]


@valueclass(frozen=True, slots=True)
class Topic:
    """A subject with its resources in study order, focus points and pitfalls."""

    id: str
    title: str
    discipline: str
    covers: str
    sequence: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    placement: dict[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()
    origin: str = "bundled"
    changed_by: tuple[str, ...] = ()   # the overlay overrides applied to it, in order
    # Groups of items that do the same job ("any one of these"): below `deep` a plan
    # takes one member of each group and shows the others as alternatives.
    alternatives: tuple[tuple[str, ...], ...] = ()
    # Focus tips and pitfalls for a section studied at overview depth (a working mental
    # model); empty: the topic's own `focus` and `pitfalls` serve every depth.
    overview_focus: tuple[str, ...] = ()
    overview_pitfalls: tuple[str, ...] = ()
    # What a plan focused on a later topic takes of this one before that focus: a short
    # first pass. Empty: its overview (the foundations).
    first_pass: tuple[str, ...] = ()

    def group_of(self, item_id: str) -> tuple[str, ...]:
        """The alternatives group an item belongs to, or () when it has none."""
        for group in self.alternatives:
            if item_id in group:
                return group
        return ()


@valueclass(frozen=True, slots=True)
class TopicDepth:
    """A topic and a depth: a cap for a goal, the depth itself for a role."""

    topic: str
    depth: str | None = None  # for goals: a cap; for roles: the depth
    light: bool = False       # roles: a light pass, the topic's first pass (Topic.first_pass)


@valueclass(frozen=True, slots=True)
class Goal:
    """A reading path (in its own order) and the topics it covers."""

    id: str
    title: str
    description: str
    main_topic: str
    path: tuple[str, ...]
    topics: tuple[TopicDepth, ...]
    origin: str = "bundled"


@valueclass(frozen=True, slots=True)
class Role:
    """A role and how deep each of its topics goes."""

    id: str
    title: str
    description: str
    main_topic: str
    topics: tuple[TopicDepth, ...]
    origin: str = "bundled"
    # False: no code or implementation sources below `deep` (a role that needs a mental
    # model, not the engineering detail).
    hands_on: bool = True
    # Topic or item ids the role leaves out: a topic's items are never planned, even
    # where another topic lists them.
    leave_out: tuple[str, ...] = ()


@valueclass(frozen=True, slots=True)
class Question:
    """A self-check question with its answer and the resources that teach it."""

    id: str
    topic: str
    level: str
    question: str
    answer: str
    resources: tuple[str, ...]
    origin: str = "bundled"


@valueclass(slots=True)
class Catalog:
    """Every resource, topic, goal, role and question by id, with hidden ids and renames."""

    resources: dict[str, Resource]
    topics: dict[str, Topic]
    goals: dict[str, Goal]
    roles: dict[str, Role]
    questions: dict[str, Question]
    hidden: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    # old id -> current id, from `renamed_from` on resources and topics
    renames: dict[str, str] = field(default_factory=dict)
    # Resources split into study units: plans and progress check this set first, so a
    # catalog (or a plan) without units costs one set operation (docs/performance.md).
    parents: frozenset[str] = frozenset()
    # The same page under two ids (a lecture listed alone and as a unit of its series):
    # id -> the other ids of that page. Plans take one of them (docs/plans.md, rule 6).
    twins: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def current_id(self, some_id: str) -> str:
        """Follow declared renames (several hops at most len(renames))."""
        seen = 0
        while some_id in self.renames and seen <= len(self.renames):
            some_id = self.renames[some_id]
            seen += 1
        return some_id

    def units_of(self, resource_id: str) -> tuple[str, ...]:
        """The ids of a resource's units, in reading order (empty for most resources)."""
        r = self.resources.get(resource_id)
        return r.units if r is not None else ()

    def expand_units(self, ids) -> list[str]:
        """Ids with each resource that has units replaced by its (visible) units, once each."""
        ids = list(ids)
        if self.parents.isdisjoint(ids):
            return list(dict.fromkeys(ids))
        units_of = self.resource_field("units")
        known = self.resources.keys()
        out: list[str] = []
        seen: set[str] = set()
        for rid in ids:
            units = units_of(rid) if rid in known else ()
            for u in (units or (rid,)):
                if u not in seen and (not units or u not in self.hidden):
                    seen.add(u)
                    out.append(u)
        return out

    def topics_using(self, resource_id: str) -> list[Topic]:
        return [t for t in self.topics.values() if resource_id in t.sequence]

    def all_ids(self) -> list[str]:
        return [*self.topics, *self.resources, *self.goals, *self.roles]

    def visible_sequence(self, topic: Topic) -> list[Resource]:
        return [self.resources[r] for r in topic.sequence
                if r in self.resources and r not in self.hidden]

    def resource_field(self, name: str):
        """id -> one field of a resource, e.g. `stage`. Unknown ids raise KeyError."""
        return lambda some_id: getattr(self.resources[some_id], name)

    def topic_field(self, name: str):
        """id -> one field of a topic (title, sequence); as resource_field."""
        return lambda some_id: getattr(self.topics[some_id], name)


def suggest(word: str, choices, limit: int = 3) -> list[str]:
    """Closest ids to a mistyped one, best first."""
    import difflib

    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=limit, cutoff=0.6)
    if not found:
        found = [c for c in choices if word and word in c][:limit]
    return found


def did_you_mean(word: str, choices) -> str:
    close = suggest(word, choices)
    if not close:
        return ""
    return " (did you mean " + " or ".join(close) + "?)"

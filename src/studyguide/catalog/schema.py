"""Pydantic models of the catalog's TOML files: strict, unknown keys rejected.

Imported only when catalog files must be validated (a cache miss, or
`catalog check`), never on the everyday path.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from studyguide.catalog.model import MAX_HOURS, MAX_TEXT
from studyguide.text import first_control


def _no_control(value: str) -> str:
    """A shared catalog must not be able to drive the learner's terminal (ESC, C1 CSI, BEL)."""
    bad = first_control(value, allowed="\t\n")
    if bad is not None:
        raise ValueError(f"contains a control character (U+{ord(bad):04X}); catalog text may hold "
                         "tabs and newlines but no other control characters")
    return value


Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# A plan item: a resource id, or a unit's id RESOURCE/KEY (docs/catalog.md).
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$", max_length=161)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_no_control)]
Kind = Literal["book", "course", "lecture", "video", "docs", "tutorial", "website",
               "paper", "code", "benchmark", "leaderboard"]
Level = Literal["intro", "intermediate", "advanced"]
Stage = Literal["foundation", "practice", "paper", "reference"]
Status = Literal["active", "archived", "deprecated", "moved"]
Depth = Literal["overview", "practitioner", "deep"]

# New-style (2307.08691) or old-style (hep-th/9901001) arXiv ids.
ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z]+(-[a-z]+)*/\d{7})$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


def _https(url: str) -> str:
    """An https URL with a host; no spaces or control characters (a URL is printed raw)."""
    from urllib.parse import urlsplit

    if not url.startswith("https://") or len(url) <= len("https://"):
        raise ValueError("must start with https://")
    bad = first_control(url)
    if bad is not None:
        raise ValueError(f"contains a control character (U+{ord(bad):04X})")
    if any(c.isspace() for c in url):
        raise ValueError("must not contain spaces")
    try:
        parts = urlsplit(url)
        parts.port   # a port must be a number from 0 to 65535
    except ValueError as exc:
        raise ValueError(f"is not a valid address ({exc})") from None
    if not parts.hostname:
        raise ValueError("has no host name")
    return url


def _arxiv(value: Optional[str]) -> Optional[str]:
    if value is not None and not ARXIV.match(value):
        raise ValueError("must look like 1706.03762 (or an old-style id like hep-th/9901001)")
    return value


class ResourceModel(Strict):
    id: Id
    title: Text
    authors: Text
    year: Optional[Annotated[int, Field(ge=1900, le=2100)]] = None
    kind: Kind
    url: str
    arxiv: Optional[str] = None
    level: Level
    stage: Stage
    hours: Annotated[float, Field(gt=0, le=MAX_HOURS)]
    free: bool
    status: Status = "active"
    status_note: Optional[Text] = None
    why: Text
    renamed_from: list[Id] = []

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _https(value)

    @field_validator("arxiv")
    @classmethod
    def _check_arxiv(cls, value: Optional[str]) -> Optional[str]:
        return _arxiv(value)

    @model_validator(mode="after")
    def _note_when_not_active(self):
        if self.status != "active" and not self.status_note:
            raise ValueError(f"status_note is required when status is {self.status!r}")
        return self


def _printable(value: Optional[str]) -> Optional[str]:
    """A one-line field: no control characters at all, tabs and newlines included."""
    if value is not None and first_control(value, allowed="") is not None:
        raise ValueError("must not contain control characters (tabs, newlines, escapes)")
    return value


Label = Annotated[str, Field(min_length=1, max_length=120)]


class UnitModel(Strict):
    """One study unit of a resource (docs/catalog.md): a chapter, lecture, section..."""

    resource: Id
    key: Id
    n: Label
    title: Annotated[str, Field(min_length=1, max_length=300)]
    url: Optional[str] = None
    form: Optional[Literal["lecture", "talk", "chapter", "section", "page", "notebook",
                           "module", "project"]] = None
    kind: Optional[Literal["project"]] = None
    video: Optional[Annotated[str, Field(pattern=r"^(\d{1,2}h)?(\d{1,3}m)?(\d{1,2}s)?$",
                                         min_length=2, max_length=12)]] = None
    pages: Optional[Annotated[int, Field(gt=0, le=5000)]] = None
    page_span: Optional[Label] = None
    hours: Optional[Annotated[float, Field(gt=0, le=MAX_HOURS)]] = None
    offering: Optional[Label] = None
    part: Optional[Label] = None
    evidence: Optional[Text] = None
    renamed_from: list[Id] = []   # a resource this unit replaces (progress follows it)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _https(_printable(value) or "")

    @field_validator("n", "title", "page_span", "offering", "part", "evidence")
    @classmethod
    def _no_controls(cls, value: Optional[str]) -> Optional[str]:
        return _printable(value)


class PersonModel(Strict):
    name: Text
    why: Text


class ChecklistModel(Strict):
    title: Text
    items: Annotated[list[Text], Field(min_length=1)]


class TopicModel(Strict):
    id: Id
    title: Text
    discipline: Text
    covers: Text
    sequence: Annotated[list[ItemId], Field(min_length=1)]
    prerequisites: list[Id] = []
    focus: list[Text] = []
    pitfalls: list[Text] = []
    people: list[PersonModel] = []
    checklists: list[ChecklistModel] = []
    placement: dict[ItemId, Text] = {}
    # Sequence items a plan takes only at `deep`: alternatives to an earlier
    # textbook or course, and background to dip into rather than read through.
    optional: list[ItemId] = []
    renamed_from: list[Id] = []
    # Items that do the same job, "any one of these" (each group in study-preference order).
    alternatives: list[Annotated[list[Id], Field(min_length=2)]] = []
    overview_focus: list[Text] = []
    overview_pitfalls: list[Text] = []
    # What a plan focused on a later topic takes of this one first (default: its overview).
    first_pass: list[Id] = []

    @field_validator("alternatives")
    @classmethod
    def _groups_apart(cls, value: list[list[str]]) -> list[list[str]]:
        seen: set[str] = set()
        for group in value:
            twice = {x for x in group if x in seen or group.count(x) > 1}
            if twice:
                raise ValueError("lists " + ", ".join(sorted(twice)) + " in more than one place")
            seen.update(group)
        return value

    @field_validator("sequence")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        seen = {x for x in value if value.count(x) > 1}
        if seen:
            raise ValueError("lists " + ", ".join(sorted(seen)) + " more than once")
        return value


class TopicDepthModel(Strict):
    topic: Id
    depth: Optional[Depth] = None


class GoalModel(Strict):
    id: Id
    title: Text
    description: Text
    main_topic: Id
    path: Annotated[list[ItemId], Field(min_length=1)]
    topics: Annotated[list[TopicDepthModel], Field(min_length=1)]


class RoleTopicModel(Strict):
    topic: Id
    depth: Depth
    # A light pass: the topic's first pass (its overview when it names none).
    light: bool = False


class RoleModel(Strict):
    id: Id
    title: Text
    description: Text
    main_topic: Id
    topics: Annotated[list[RoleTopicModel], Field(min_length=1)]
    # false: no code or implementation sources below `deep`.
    hands_on: bool = True
    # Topic or item ids never planned for this role (a topic: every item it lists).
    leave_out: list[Id] = []


class QuestionModel(Strict):
    id: Id
    topic: Id
    level: Level
    question: Text
    answer: Text
    resources: Annotated[list[ItemId], Field(min_length=1)]


class ResourceOverride(Strict):
    """Changes fields of a resource defined elsewhere (overlays)."""

    id: Id
    title: Optional[Text] = None
    authors: Optional[Text] = None
    year: Optional[int] = None
    kind: Optional[Kind] = None
    url: Optional[str] = None
    level: Optional[Level] = None
    stage: Optional[Stage] = None
    hours: Optional[Annotated[float, Field(gt=0, le=MAX_HOURS)]] = None
    free: Optional[bool] = None
    status: Optional[Status] = None
    status_note: Optional[Text] = None
    why: Optional[Text] = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _https(value)


class TopicOverride(Strict):
    id: Id
    title: Optional[Text] = None
    covers: Optional[Text] = None
    sequence: Optional[list[ItemId]] = None
    prerequisites: Optional[list[Id]] = None
    focus: Optional[list[Text]] = None
    pitfalls: Optional[list[Text]] = None
    placement: Optional[dict[ItemId, Text]] = None
    optional: Optional[list[ItemId]] = None
    # Resource ids added to the topic's sequence, each at the end of its stage.
    append: Optional[list[ItemId]] = None


class CatalogFile(Strict):
    """One TOML file of a catalog folder; every section is optional."""

    resources: list[ResourceModel] = []
    topics: list[TopicModel] = []
    goals: list[GoalModel] = []
    roles: list[RoleModel] = []
    questions: list[QuestionModel] = []
    units: list[UnitModel] = []
    resource_overrides: list[ResourceOverride] = []
    topic_overrides: list[TopicOverride] = []
    hide: list[Id] = []

"""Read catalog TOML files, validate them, merge overlays, check cross-references.

Every problem becomes one line `FILE: field.path: message`, collected so that a
teacher sees all of them at once. Imported only on a cache miss or by
`catalog check`, because it pulls in pydantic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from pydantic import ValidationError

from studyguide.catalog.model import (
    STAGES, Catalog, Checklist, Goal, Person, Question, Resource, Role, Topic, TopicDepth,
    did_you_mean,
)
from studyguide.errors import CatalogError
from studyguide.valueclass import replace
from studyguide.catalog.schema import CatalogFile

MAX_CATALOG_FILE = 8 * 1024 * 1024
# The sections whose entries define an id (the others change or hide one).
DEFINED = ("resources", "topics", "goals", "roles", "questions")


def catalog_files(path: Path) -> list[Path]:
    """The TOML files of a catalog source: the file itself, or a folder's *.toml (every
    entry: one that is not a readable regular file is reported, not skipped)."""
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if not p.is_dir())
    return [path]


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if part == "[key]":   # pydantic marks a bad table key this way: the key is already named
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


ID_RULE = "must be a lowercase id: letters, digits and hyphens, starting with a letter or digit"
UNKNOWN_KEY = "unknown key (check the spelling; see the catalog format in docs/catalog.md)"

# pydantic's wording for the usual mistakes, in plain words.
_PLAIN = {
    "list_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "string_type": "must be text in quotes",
    "missing": "missing (this key is required)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
}


def _message(err: dict) -> str:
    msg = err.get("msg", "invalid")
    kind = err.get("type")
    ctx = err.get("ctx") or {}
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "extra_forbidden":
        msg = UNKNOWN_KEY
    elif kind == "literal_error":
        msg = msg.replace("Input should be", "must be one of")
    elif kind in _PLAIN:
        msg = _PLAIN[kind]
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == "^[a-z0-9][a-z0-9-]*$":
        msg = ID_RULE
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        msg = "must not be empty"
    elif kind == "string_too_long":
        msg = f"must be at most {ctx.get('max_length')} characters long"
    elif kind == "too_short":
        n = ctx.get("min_length", 1)
        msg = "must list at least one item" if n == 1 else f"must list at least {n} items"
    return msg


@dataclass
class FailedEntry:
    """An entry that failed validation, kept raw: its id and references can still be checked."""

    section: str            # "resources", "topics", ...
    index: int
    data: object            # the entry as TOML gave it
    bad: tuple[tuple, ...]  # where its errors are, inside the entry

    def ident(self) -> str | None:
        return self.id_at(("id",))

    def id_at(self, path: tuple) -> str | None:
        """The id at `path` in the entry, if it is one and no error was reported on it."""
        value = self.data
        for part in path:
            if isinstance(part, int) and isinstance(value, list) and part < len(value):
                value = value[part]
            elif isinstance(part, str) and isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        if not isinstance(value, str) or not _valid_id(value) or len(value) > 80:
            return None
        if any(loc[:len(path)] == path for loc in self.bad):
            return None
        return value

    def refs(self, field: str) -> list[tuple[str, str]]:
        """(field path, id) of the ids in `field`: one id, a list of ids, or a list of
        {topic = ...} tables (a goal's or role's topics)."""
        value = self.data.get(field) if isinstance(self.data, dict) else None
        found: list[tuple[tuple, str | None]]
        if isinstance(value, str):
            found = [((field,), self.id_at((field,)))]
        elif isinstance(value, list):
            found = [((field, i, "topic") if isinstance(x, dict) else (field, i),
                      self.id_at((field, i, "topic") if isinstance(x, dict) else (field, i)))
                     for i, x in enumerate(value)]
        else:
            found = []
        return [(_loc(path), ident) for path, ident in found if ident is not None]


@dataclass
class ParsedFile:
    valid: CatalogFile
    failed: list[FailedEntry]


def parse_file(path: Path, shown: str, problems: list[str],
               failed_ids: set[str] | None = None, raw: bytes | None = None) -> ParsedFile | None:
    """Parse and validate one file; append problems and return None if it cannot be read.

    `raw` stands in for the file's bytes when they are not on disk yet (an
    overlay edit is validated before it is written).
    """
    from studyguide.storage.toml import Unreadable, parse_toml, read_capped

    try:
        if raw is None:
            raw = read_capped(path, MAX_CATALOG_FILE, "a catalog file")
            if raw is None:
                raise Unreadable("is a symlink to a missing file" if path.is_symlink()
                                 else "cannot be read: no such file")
        data = parse_toml(raw)
    except Unreadable as problem:
        problems.append(f"{shown}: {problem.reason}")
        return None
    except OSError as exc:   # a folder on the way is a file
        problems.append(f"{shown}: cannot be read: {exc.strerror or exc}")
        return None
    failed_ids = failed_ids if failed_ids is not None else set()
    return _validate_items(data, shown, problems, failed_ids)


def _validate_items(data: dict, shown: str, problems: list[str], failed_ids: set[str]) -> ParsedFile:
    """Validate item by item, so one bad entry does not hide the problems of the others.

    Ids of entries that failed are remembered, so references to them are not
    reported a second time as "unknown"; the failed entries themselves are
    returned too, so their ids and references are still checked.
    """
    fields = CatalogFile.model_fields
    clean: dict = {}
    failed: list[FailedEntry] = []
    for key, value in data.items():
        if key not in fields:
            problems.append(f"{shown}: {key}: {UNKNOWN_KEY}")
            continue
        if not isinstance(value, list):
            problems.append(f"{shown}: {key}: {_not_a_list(key, value)}")
            continue
        item_model = getattr(fields[key].annotation, "__args__")[0]   # list[Model] -> Model
        good = []
        for i, item in enumerate(value):
            try:
                good.append(item if isinstance(item, str) and key == "hide" and _valid_id(item)
                            else _validate_one(item_model, item))
            except ValidationError as exc:
                # Only a definition that failed stands for its id; an override does not.
                if key in DEFINED and isinstance(item, dict) and isinstance(item.get("id"), str):
                    failed_ids.add(item["id"])
                errors = exc.errors()
                failed.append(FailedEntry(key, i, item, tuple(tuple(e["loc"]) for e in errors)))
                for err in errors:
                    loc = _loc((key, i, *err["loc"]))
                    problems.append(f"{shown}: {loc}: {_item_message(key, item, err)}")
        clean[key] = good
    return ParsedFile(CatalogFile.model_construct(**clean), failed)


def _not_a_list(key: str, value) -> str:
    if key == "hide":
        example = value if isinstance(value, str) and _valid_id(value) else "resource-id"
        return f'must be a list of resource ids, like hide = ["{example}"]'
    return f"must be [[{key}]] tables (or a list of inline tables)"


def _item_message(key: str, item, err: Any) -> str:
    """The message for one error of one entry, with a hint for the usual TOML slips."""
    loc = tuple(err["loc"])
    if key == "hide" and not isinstance(item, str):
        table = " (not a [[hide]] table)" if isinstance(item, dict) else ""
        return f'must be a resource id in quotes: hide = ["resource-id", ...]{table}'
    if (err.get("type") == "extra_forbidden" and len(loc) == 1
            and loc[0] in CatalogFile.model_fields):
        # `hide = [...]` written after a [[table]] header lands inside that table.
        return (f"unknown key here: top-level keys like `{loc[0]}` must come before the first "
                "[[table]] (after one, TOML reads them as part of that table)")
    return _message(err)


def _valid_id(value: str) -> bool:
    """A resource, topic or unit id (units are RESOURCE/KEY)."""
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?", value) is not None


def _validate_one(model, item):
    from pydantic import TypeAdapter

    if isinstance(model, type):
        return model.model_validate(item)
    return TypeAdapter(model).validate_python(item)


class _Builder:
    """Merges validated files in order and remembers where each id came from."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.failed: set[str] = set()  # ids whose definition failed validation
        self.resources: dict[str, Resource] = {}
        self.topics: dict[str, Topic] = {}
        self.goals: dict[str, Goal] = {}
        self.roles: dict[str, Role] = {}
        self.questions: dict[str, Question] = {}
        self.hidden: set[str] = set()
        self.where: dict[tuple[str, str], str] = {}
        self.source_of: dict[tuple[str, str], str] = {}   # (section, id) -> source label
        self.pending: list[tuple[str, str, Any]] = []  # overrides, applied after all adds
        # (topic id, field) an override replaced -> that override's place: its problems
        # are reported at the override.
        self.overridden: dict[tuple[str, str], str] = {}
        self.failed_entries: list[tuple[str, FailedEntry]] = []  # (place, entry)
        self.units: list[tuple[str, Any, str]] = []   # (place, unit, origin), load order
        self.unit_ids: set[str] = set()
        # Resources with units whose hours an override set: the hours are spread over the units.
        self.hours_set: dict[str, float] = {}

    def _claim(self, section: str, ident: str, place: str, source: str) -> bool:
        key = (section, ident)
        if key in self.where:
            hint = ""
            if self.source_of[key] != source and section in ("resources", "topics"):
                # An overlay re-defining an id it meant to change: point at the override tables.
                hint = (f"; to change it, use [[{section[:-1]}_overrides]] with id = {ident!r}, "
                        "or pick another id")
            self.problems.append(f"{place}: id {ident!r} is already defined at {self.where[key]}{hint}")
            return False
        self.where[key] = place
        self.source_of[key] = source
        return True

    def add_file(self, parsed: CatalogFile, shown: str, source: str) -> None:
        # What `show` prints as "from": the label alone for the bundled catalog,
        # the label and the file for an overlay (which file to edit).
        origin = source if source == "bundled" else f"{source}: {shown}"
        for i, r in enumerate(parsed.resources):
            if self._claim("resources", r.id, f"{shown}: resources[{i}]", source):
                data = r.model_dump()
                data["renamed_from"] = tuple(data["renamed_from"])
                self.resources[r.id] = Resource(**data, origin=origin)
        for i, t in enumerate(parsed.topics):
            if self._claim("topics", t.id, f"{shown}: topics[{i}]", source):
                self.topics[t.id] = Topic(
                    id=t.id, title=t.title, discipline=t.discipline, covers=t.covers,
                    sequence=tuple(t.sequence), prerequisites=tuple(t.prerequisites),
                    focus=tuple(t.focus), pitfalls=tuple(t.pitfalls),
                    people=tuple(Person(p.name, p.why) for p in t.people),
                    checklists=tuple(Checklist(c.title, tuple(c.items)) for c in t.checklists),
                    placement=dict(t.placement), optional=tuple(t.optional),
                    renamed_from=tuple(t.renamed_from), origin=origin,
                    alternatives=tuple(tuple(g) for g in t.alternatives),
                    overview_focus=tuple(t.overview_focus),
                    overview_pitfalls=tuple(t.overview_pitfalls),
                    first_pass=tuple(t.first_pass))
        for i, g in enumerate(parsed.goals):
            if self._claim("goals", g.id, f"{shown}: goals[{i}]", source):
                self.goals[g.id] = Goal(
                    id=g.id, title=g.title, description=g.description, main_topic=g.main_topic,
                    path=tuple(g.path), topics=tuple(TopicDepth(x.topic, x.depth) for x in g.topics),
                    origin=origin)
        for i, ro in enumerate(parsed.roles):
            if self._claim("roles", ro.id, f"{shown}: roles[{i}]", source):
                self.roles[ro.id] = Role(
                    id=ro.id, title=ro.title, description=ro.description, main_topic=ro.main_topic,
                    topics=tuple(TopicDepth(x.topic, x.depth, x.light) for x in ro.topics), origin=origin,
                    hands_on=ro.hands_on, leave_out=tuple(ro.leave_out))
        for i, q in enumerate(parsed.questions):
            if self._claim("questions", q.id, f"{shown}: questions[{i}]", source):
                self.questions[q.id] = Question(
                    id=q.id, topic=q.topic, level=q.level, question=q.question, answer=q.answer,
                    resources=tuple(q.resources), origin=origin)
        for i, u in enumerate(parsed.units):
            self.units.append((f"{shown}: units[{i}]", u, origin))
        for i, o in enumerate(parsed.resource_overrides):
            self.pending.append(("resource", f"{shown}: resource_overrides[{i}]", o))
        for i, to in enumerate(parsed.topic_overrides):
            self.pending.append(("topic", f"{shown}: topic_overrides[{i}]", to))
        for i, h in enumerate(parsed.hide):
            self.pending.append(("hide", f"{shown}: hide[{i}]", h))

    def add_failed(self, entries: list[FailedEntry], shown: str, source: str) -> None:
        """Entries that failed validation still hold their id (a later entry reusing it is
        a duplicate) and their references (checked in check_references)."""
        for entry in entries:
            place = f"{shown}: {entry.section}[{entry.index}]"
            ident = entry.ident()
            if ident is not None and entry.section in DEFINED:
                self._claim(entry.section, ident, place, source)
            self.failed_entries.append((place, entry))

    def apply_overrides(self, renames: dict[str, str]) -> None:
        """Apply overrides and hides in load order (a later overlay wins a field).

        Ids follow declared renames, so an overlay written against an older
        catalog keeps working after a bundled resource or topic is renamed.
        """
        def current(ident: str) -> str:
            for _ in range(len(renames) + 1):
                if ident not in renames:
                    break
                ident = renames[ident]
            return ident

        for what, place, item in self.pending:
            if what == "hide":
                rid = current(item)
                if rid in self.resources:
                    self.hidden.add(rid)
                elif rid not in self.failed:
                    self.problems.append(f"{place}: no resource {item!r} to hide in any catalog in use"
                                         f"{did_you_mean(item, self.resources)}")
                continue
            changes = item.model_dump(exclude_none=True)
            ident = current(changes.pop("id"))
            table: dict[str, Any] = self.resources if what == "resource" else self.topics
            if ident not in table:
                if ident not in self.failed:
                    self.problems.append(f"{place}.id: no {what} {item.id!r} to change in any catalog "
                                         f"in use{did_you_mean(item.id, table)}")
                continue
            extra = changes.pop("append", None)
            for key in ("sequence", "prerequisites", "focus", "pitfalls", "optional"):
                if key in changes:
                    changes[key] = tuple(changes[key])
            if what == "topic":
                self._check_topic_override(place, table[ident], changes)
            updated = replace(table[ident], **changes)
            if extra:
                updated = replace(updated, sequence=self._append(
                    updated.sequence, [current(x) for x in extra], f"{place}.append"))
            if what == "resource" and "hours" in changes:
                self.hours_set[ident] = float(changes["hours"])
            if what == "resource" and updated.status != "active" and not updated.status_note:
                self.problems.append(f"{place}: status_note is required when status is {updated.status!r}")
            table[ident] = replace(updated, changed_by=(*updated.changed_by, place))

    def _check_topic_override(self, place: str, topic: Topic, changes: dict) -> None:
        """Check the lists an override replaces here, so problems name the override, not the topic."""
        if "sequence" in changes:
            self.overridden[(topic.id, "sequence")] = place
            for i, rid in enumerate(changes["sequence"]):
                if rid not in self.resources and rid not in self.failed:
                    self.problems.append(f"{place}.sequence[{i}]: unknown resource {rid!r}"
                                         f"{did_you_mean(rid, self.resources)}")
            # A new sequence may drop items: their placement notes and optional marks lapse.
            if "placement" not in changes:
                changes["placement"] = {k: v for k, v in topic.placement.items()
                                        if k in changes["sequence"]}
            if "optional" not in changes:
                changes["optional"] = tuple(x for x in topic.optional if x in changes["sequence"])
            listed = set(changes["sequence"]) | {x.split("/", 1)[0] for x in changes["sequence"]}
            kept = (tuple(x for x in g if x in listed) for g in topic.alternatives)
            changes["alternatives"] = tuple(g for g in kept if len(g) > 1)
            changes["first_pass"] = tuple(x for x in topic.first_pass if x in listed)
        if "prerequisites" in changes:
            self.overridden[(topic.id, "prerequisites")] = place
            for i, pre in enumerate(changes["prerequisites"]):
                if pre not in self.topics:
                    self.problems.append(f"{place}.prerequisites[{i}]: unknown topic {pre!r}"
                                         f"{did_you_mean(pre, self.topics)}")
                elif pre == topic.id:
                    self.problems.append(f"{place}.prerequisites[{i}]: a topic cannot require itself")
        sequence = changes.get("sequence", topic.sequence)
        if "placement" in changes:
            self.overridden[(topic.id, "placement")] = place
            for rid in changes["placement"]:
                if rid not in sequence:
                    self.problems.append(f"{place}.placement.{rid}: not in this topic's sequence")
        if "optional" in changes:
            self.overridden[(topic.id, "optional")] = place
            for i, rid in enumerate(changes["optional"]):
                if rid not in sequence:
                    self.problems.append(f"{place}.optional[{i}]: {rid!r} is not in this topic's sequence")

    def _append(self, sequence: tuple[str, ...], extra: list[str], place: str) -> tuple[str, ...]:
        """Insert each new id after the last item of its stage or an earlier one."""
        seq = [s for s in sequence]
        rank = {s: i for i, s in enumerate(STAGES)}
        for i, new in enumerate(extra):
            if new not in self.resources:
                if new not in self.failed:
                    self.problems.append(f"{place}[{i}]: unknown resource {new!r}"
                                         f"{did_you_mean(new, self.resources)}")
                continue
            if new in seq:
                continue
            r = rank[self.resources[new].stage]
            at = 0
            for i, s in enumerate(seq):
                if s in self.resources and rank[self.resources[s].stage] <= r:
                    at = i + 1
            seq.insert(at, new)
        return tuple(seq)

    def check_references(self, renames: dict[str, str]) -> None:
        p = self.problems
        for t in self.topics.values():
            place = self.where.get(("topics", t.id), f"topic {t.id}")
            # Lists an override replaced were checked where the override is (apply_overrides).
            replaced = {f for (tid, f) in self.overridden if tid == t.id}
            if "sequence" not in replaced:
                for i, rid in enumerate(t.sequence):
                    if rid not in self.resources:
                        p.append(f"{place}.sequence[{i}]: unknown resource {rid!r}")
            if "prerequisites" not in replaced:
                for i, pre in enumerate(t.prerequisites):
                    if pre not in self.topics:
                        p.append(f"{place}.prerequisites[{i}]: unknown topic {pre!r}")
                    elif pre == t.id:
                        p.append(f"{place}.prerequisites[{i}]: a topic cannot require itself")
            if not replaced & {"placement", "sequence"}:
                for rid in t.placement:
                    if rid not in t.sequence:
                        p.append(f"{place}.placement.{rid}: not in this topic's sequence")
            if not replaced & {"optional", "sequence"}:
                for i, rid in enumerate(t.optional):
                    if rid not in t.sequence:
                        p.append(f"{place}.optional[{i}]: {rid!r} is not in this topic's sequence")
            if "sequence" not in replaced:
                listed = set(t.sequence) | {x.split("/", 1)[0] for x in t.sequence}   # a resource via its units
                for i, rid in enumerate(t.first_pass):
                    if rid not in listed:
                        p.append(f"{place}.first_pass[{i}]: {rid!r} is not in this topic's sequence")
                for i, group in enumerate(t.alternatives):
                    for k, rid in enumerate(group):
                        if rid not in listed:
                            p.append(f"{place}.alternatives[{i}][{k}]: {rid!r} is not in this topic's sequence")
        # A topic requiring itself is reported above, not again as a cycle.
        graph = {t.id: tuple(x for x in t.prerequisites if x != t.id) for t in self.topics.values()}
        for cycle in find_cycles(graph):
            first = self.topics[cycle[0]]
            place = self.overridden.get((first.id, "prerequisites")) \
                or self.where.get(("topics", first.id), f"topic {first.id}")
            at = first.prerequisites.index(cycle[1])
            p.append(f"{place}.prerequisites[{at}]: prerequisite cycle: {' -> '.join(cycle)}")
        for section, table in (("goals", self.goals), ("roles", self.roles)):
            for entry in table.values():
                place = self.where.get((section, entry.id), f"{section[:-1]} {entry.id}")
                if entry.main_topic not in self.topics:
                    p.append(f"{place}.main_topic: unknown topic {entry.main_topic!r}")
                for i, rid in enumerate(getattr(entry, "path", ())):
                    if rid not in self.resources:
                        p.append(f"{place}.path[{i}]: unknown resource {rid!r}")
                for i, td in enumerate(entry.topics):
                    if td.topic not in self.topics:
                        p.append(f"{place}.topics[{i}].topic: unknown topic {td.topic!r}")
                for i, ident in enumerate(getattr(entry, "leave_out", ())):
                    if ident not in self.topics and ident not in self.resources:
                        p.append(f"{place}.leave_out[{i}]: unknown topic or resource {ident!r}")
        both = set(self.goals) & set(self.roles)
        for ident in sorted(both):
            p.append(f"{self.where[('roles', ident)]}: id {ident!r} is both a goal and a role")
        for q in self.questions.values():
            place = self.where.get(("questions", q.id), f"question {q.id}")
            if q.topic not in self.topics:
                p.append(f"{place}.topic: unknown topic {q.topic!r}")
            for i, rid in enumerate(q.resources):
                if rid not in self.resources:
                    p.append(f"{place}.resources[{i}]: unknown resource {rid!r}")
        self._check_failed_references(renames)
        # A reference to an entry that failed validation was already reported there.
        echoes = tuple(f"unknown {kind} {ident!r}" for ident in self.failed for kind in ("resource", "topic"))
        self.problems[:] = [line for line in p if not line.endswith(echoes)]

    # The references each kind of entry holds: (field, kind of id it names).
    _REFERENCES = {
        "topics": (("sequence", "resource"), ("prerequisites", "topic")),
        "goals": (("main_topic", "topic"), ("path", "resource"), ("topics", "topic")),
        "roles": (("main_topic", "topic"), ("topics", "topic")),
        "questions": (("topic", "topic"), ("resources", "resource")),
        "topic_overrides": (("sequence", "resource"), ("prerequisites", "topic"), ("append", "resource")),
    }

    def _check_failed_references(self, renames: dict[str, str]) -> None:
        """The unknown ids an entry that failed validation refers to, reported in the same
        run as its own errors (not only once those are fixed)."""
        def current(ident: str) -> str:
            for _ in range(len(renames) + 1):
                ident = renames.get(ident, ident)
            return ident

        tables: dict[str, dict[str, Any]] = {"resource": self.resources, "topic": self.topics}
        for place, entry in self.failed_entries:
            if entry.section in ("resource_overrides", "topic_overrides"):
                what = entry.section.split("_")[0]
                ident = entry.ident()
                if ident is not None and current(ident) not in tables[what] and ident not in self.failed:
                    self.problems.append(f"{place}.id: no {what} {ident!r} to change in any catalog "
                                         f"in use{did_you_mean(ident, tables[what])}")
            for field, kind in self._REFERENCES.get(entry.section, ()):
                for at, ref in entry.refs(field):
                    if entry.section == "topics" and field == "prerequisites" and ref == entry.ident():
                        self.problems.append(f"{place}.{at}: a topic cannot require itself")
                    elif not (ref in tables[kind] or current(ref) in tables[kind] or ref in self.failed):
                        self.problems.append(f"{place}.{at}: unknown {kind} {ref!r}")

    def attach_units(self, renames: dict[str, str], report: bool) -> None:
        """Add the units (again after overrides, so they inherit the changed resource)."""
        from studyguide.catalog.units import attach_units

        for uid in self.unit_ids:
            self.resources.pop(uid, None)
        for rid, r in list(self.resources.items()):
            if r.units:
                self.resources[rid] = replace(r, units=())
        problems: list[str] = []
        made = attach_units(self.resources, self.units, problems, self.hours_set)
        self.unit_ids = set(made)
        if report:
            self.problems.extend(problems)
        for uid, unit in made.items():
            for old in unit.renamed_from:
                if old in self.resources:
                    if report:
                        self.problems.append(f"{self.units_place(uid)}.renamed_from: {old!r} is still "
                                             "a current id")
                else:
                    renames[old] = uid
        # A hidden resource hides its units; a renamed one renames them.
        self.hidden.update(u for u in made if made[u].parent in self.hidden)
        for old, new in list(renames.items()):
            renamed = self.resources.get(new)
            for uid in (renamed.units if renamed is not None else ()):
                renames[f"{old}/{uid.split('/', 1)[1]}"] = uid

    def units_place(self, uid: str) -> str:
        parent, key = uid.split("/", 1)
        return next((place for place, u, _ in self.units if u.resource == parent and u.key == key), uid)

    def renames(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for table, section in ((self.resources, "resources"), (self.topics, "topics")):
            for item in table.values():
                for old in item.renamed_from:
                    if old in table:
                        self.problems.append(
                            f"{self.where[(section, item.id)]}.renamed_from: {old!r} is still a current id")
                    elif old in out and out[old] != item.id:
                        self.problems.append(
                            f"{self.where[(section, item.id)]}.renamed_from: {old!r} is claimed by {out[old]!r} too")
                    else:
                        out[old] = item.id
        return out


def find_cycles(graph: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Every prerequisite cycle the search meets, each as a list of ids (first == last).

    One per edge that closes a loop, so a catalog with two separate cycles shows both.
    """
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return cycles


def build_catalog(sources: list[tuple[str, Path]], shown_root: Path | None = None,
                  pending: dict[Path, bytes] | None = None) -> Catalog:
    """Validate and merge catalog sources in order; raise CatalogError listing every problem.

    `sources` is a list of (origin label, file or folder). Paths in messages are
    shown relative to `shown_root` when given (the bundled catalog as `data/...`).
    `pending` maps a file to bytes not written yet: the file is read from there
    (and counts as part of its folder even if it does not exist yet), so an
    overlay edit is validated before anything touches the disk.
    """
    pending = pending or {}
    builder = _Builder()
    listed: list[tuple[str, Path, list[Path]]] = []
    for origin, source in sources:
        new = [p for p in pending if p == source or p.parent == source]
        if not source.exists() and not new:
            builder.problems.append(f"{source}: no such file or folder")
            continue
        files = sorted(set(catalog_files(source) if source.exists() else []) | set(new))
        if source.is_dir() and not files and origin == "bundled":
            builder.problems.append(f"{source}: no .toml files in the bundled catalog")
        listed.append((origin, source, files))
    # A bundled file also given as another source (`catalog check data/resources.toml`)
    # is read once, as that source: read twice, every id would clash with itself.
    others = [path for origin, _, files in listed if origin != "bundled" for path in files]
    for origin, source, files in listed:
        for path in files:
            if origin == "bundled" and any(_same_file(path, other) for other in others):
                continue
            shown = _shown(path, shown_root)
            parsed = parse_file(path, shown, builder.problems, builder.failed, pending.get(path))
            if parsed is not None:
                builder.add_file(parsed.valid, shown, origin)
                builder.add_failed(parsed.failed, shown, origin)
    # Renames first: overrides and hides written against an old id follow them.
    renames = builder.renames()
    builder.attach_units(renames, report=True)    # unit ids exist for the overrides' checks
    builder.apply_overrides(renames)
    builder.attach_units(renames, report=False)   # units inherit what the overrides changed
    builder.check_references(renames)
    if builder.problems:
        raise CatalogError(builder.problems)
    return Catalog(resources=builder.resources, topics=builder.topics, goals=builder.goals,
                   roles=builder.roles, questions=builder.questions,
                   hidden=frozenset(builder.hidden), renames=renames,
                   sources=tuple(f"{o}: {s}" for o, s in sources),
                   parents=frozenset(r.id for r in builder.resources.values() if r.units),
                   twins=same_pages(builder.resources))


def same_pages(resources: dict[str, Resource]) -> dict[str, tuple[str, ...]]:
    """Ids whose own page another resource also has: id -> those other ids. A unit that
    only carries its resource's URL (a book's chapters) has no page of its own."""
    from studyguide.catalog.links import url_key

    by_page: dict[str, list[str]] = {}
    for rid, r in resources.items():
        parent = resources.get(r.parent) if r.parent else None
        if parent is None or r.url != parent.url:
            by_page.setdefault(url_key(r.url), []).append(rid)
    twins: dict[str, tuple[str, ...]] = {}
    for group in by_page.values():
        members = {rid: resources[rid].parent or rid for rid in group}
        for rid in group:
            others = tuple(o for o in group if members[o] != members[rid])
            if others:
                twins[rid] = others
    return twins


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:   # one of them does not exist (yet): not the same file
        return False


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return "data/" + str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)

"""The progress file's TOML form: Progress <-> plain dicts, validated by hand.

Hand-written rather than pydantic so `next` and `status` stay fast; every
problem names its field path (`items.lora.status: must be one of ...`). Unknown
keys are refused, as in the catalog, so a typo never silently loses a field.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import cast

from studyguide.progress.record import LogEntry, parse_line
from studyguide.progress.model import (MIN_HOURS_PER_WEEK, STATES, Change, ItemState, Note, Plan, Progress,
                                       Section)
from studyguide.clock import YEARS

SCHEMA_VERSION = 3  # 2: review cards have a format (see _card); 3: the study record (`log`), dated notes
HISTORY_LIMIT = 50


class FieldProblem(ValueError):
    """A wrong value at a field path; the store adds the file name."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


# ---------------------------------------------------------------- reading

def _table(value, path: str, allowed: set[str]) -> dict:
    if not isinstance(value, dict):
        raise FieldProblem(path or "(top level)", "must be a table")
    for key in value:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            raise FieldProblem(where, "unknown key (a typo? allowed here: " + ", ".join(sorted(allowed)) + ")")
    return value


def _str(d: dict, key: str, path: str, required: bool = False, choices=None) -> str | None:
    value = d.get(key)
    if value is None:
        if required:
            raise FieldProblem(f"{path}.{key}" if path else key, "is required")
        return None
    if not isinstance(value, str):
        raise FieldProblem(f"{path}.{key}" if path else key, "must be a string")
    if choices is not None and value not in choices:
        raise FieldProblem(f"{path}.{key}" if path else key, "must be one of " + ", ".join(choices))
    return value


def _num(d: dict, key: str, path: str, minimum: float = 0.0) -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise FieldProblem(f"{path}.{key}", "must be a number")
    if value < minimum or value > 1e6:
        raise FieldProblem(f"{path}.{key}", f"must be between {minimum:g} and 1000000")
    return float(value)


def _when(d: dict, key: str, path: str, required: bool = False) -> datetime | None:
    value = d.get(key)
    if value is None:
        if required:
            raise FieldProblem(f"{path}.{key}", "is required")
        return None
    if isinstance(value, date):
        _check_year(value, f"{path}.{key}")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    raise FieldProblem(f"{path}.{key}", "must be a date-time like 2026-11-23T10:00:00Z")


def _check_year(value: date, where: str) -> None:
    """A year the code can compute with in every time zone (0001-01-01 west of UTC is not)."""
    first, last = YEARS
    if not first <= value.year <= last:
        raise FieldProblem(where, f"must be a date between the years {first} and {last}")


def _ids(d: dict, key: str, path: str) -> list[str]:
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise FieldProblem(f"{path}.{key}", "must be a list of ids (strings)")
    return list(value)


ITEM_KEYS = {"status", "started", "finished", "spent_hours", "notes", "skip_reason"}


def _notes(d: dict, path: str) -> list[Note]:
    raw = d.get("notes", [])
    if not isinstance(raw, list):
        raise FieldProblem(f"{path}.notes", 'must be a list like [{date = 2026-11-23, text = "..."}]')
    notes = []
    for i, n in enumerate(raw):
        p = f"{path}.notes[{i}]"
        n = _table(n, p, {"date", "text"})
        day = n.get("date")
        if day is not None and (not isinstance(day, date) or isinstance(day, datetime)
                                or not YEARS[0] <= day.year <= YEARS[1]):
            raise FieldProblem(f"{p}.date", f"must be a date like 2026-11-23 (years {YEARS[0]} to {YEARS[1]})")
        notes.append(Note(text=_str(n, "text", p, required=True) or "", day=day))
    return notes


def _item(value, path: str) -> ItemState:
    d = _table(value, path, ITEM_KEYS)
    return ItemState(
        status=_str(d, "status", path, choices=STATES) or "todo",
        started=_when(d, "started", path),
        finished=_when(d, "finished", path),
        spent_hours=_num(d, "spent_hours", path) or 0.0,
        notes=_notes(d, path),
        skip_reason=_str(d, "skip_reason", path),
    )


def _plan(value, path: str = "plan") -> Plan:
    from studyguide.catalog.model import DEPTHS

    d = _table(value, path, {"created", "goal", "role", "depth", "focus", "hours_per_week",
                             "topics", "start", "sections"})
    raw_sections = d.get("sections", [])
    if not isinstance(raw_sections, list):
        raise FieldProblem(f"{path}.sections", f"must be an array of tables ([[{path}.sections]])")
    sections = []
    placed: dict[str, str] = {}
    for i, s in enumerate(raw_sections):
        p = f"{path}.sections[{i}]"
        s = _table(s, p, {"id", "items", "depth", "alternatives"})
        items = _ids(s, "items", p)
        for rid in items:   # an item counted twice would skew every figure
            if rid in placed:
                raise FieldProblem(f"{p}.items", f"lists {rid} again (already in {placed[rid]})")
            placed[rid] = p
        sections.append(Section(id=cast(str, _str(s, "id", p, required=True)), items=items,
                                depth=_str(s, "depth", p, choices=DEPTHS),
                                alternatives=_alternatives(s, p, items)))
    raw_hours = d.get("hours_per_week")
    if (isinstance(raw_hours, (int, float)) and not isinstance(raw_hours, bool)
            and not (raw_hours == 0 or MIN_HOURS_PER_WEEK <= raw_hours <= 168)):   # inf and nan too
        raise FieldProblem(f"{path}.hours_per_week",
                           f"must be 0 (no finish date) or from {MIN_HOURS_PER_WEEK:g} to 168")
    hours = _num(d, "hours_per_week", path, minimum=0.0)
    start = d.get("start")
    if start is not None and (not isinstance(start, date) or isinstance(start, datetime)):
        raise FieldProblem(f"{path}.start", "must be a date like 2026-11-23")
    if start is not None:
        _check_year(start, f"{path}.start")
    return Plan(
        created=cast(datetime, _when(d, "created", path, required=True)), sections=sections,
        goal=_str(d, "goal", path), role=_str(d, "role", path),
        depth=_str(d, "depth", path, choices=DEPTHS), focus=_str(d, "focus", path),
        hours_per_week=hours if hours else None, topics=_ids(d, "topics", path), start=start)


def _alternatives(s: dict, path: str, items: list[str]) -> dict[str, list[str]]:
    """A section's `alternatives` table: planned member (an item, or the resource whose units
    the section lists) -> the other members of its group."""
    raw = s.get("alternatives", {})
    if not isinstance(raw, dict):
        raise FieldProblem(f"{path}.alternatives", "must be a table (item id = [other ids])")
    out: dict[str, list[str]] = {}
    for rid in raw:
        if rid not in items and not any(i.startswith(rid + "/") for i in items):
            raise FieldProblem(f"{path}.alternatives.{rid}", "is not one of this section's items")
        others = _ids(raw, rid, f"{path}.alternatives")
        if rid in others:
            raise FieldProblem(f"{path}.alternatives.{rid}", "lists the item itself")
        out[rid] = others
    return out


def _change(value, path: str) -> Change:
    d = _table(value, path, {"action", "at", "before", "absent", "replaces_plan", "plan_before",
                             "logged", "restore"})
    before_raw = d.get("before", {})
    if not isinstance(before_raw, dict):
        raise FieldProblem(f"{path}.before", "must be a table")
    before: dict[str, ItemState | None] = {
        k: _item(v, f"{path}.before.{k}") for k, v in before_raw.items()}
    for k in _ids(d, "absent", path):
        before[k] = None
    replaces = d.get("replaces_plan", False)
    if not isinstance(replaces, bool):
        raise FieldProblem(f"{path}.replaces_plan", "must be true or false")
    if "plan_before" in d and not replaces:
        raise FieldProblem(f"{path}.plan_before", "only goes with replaces_plan = true")
    plan_before = _plan(d["plan_before"], f"{path}.plan_before") if "plan_before" in d else None
    restore = _restore(d.get("restore"), f"{path}.restore")
    return Change(action=cast(str, _str(d, "action", path, required=True)),
                  at=cast(datetime, _when(d, "at", path, required=True)),
                  before=before, replaces_plan=replaces, plan_before=plan_before,
                  logged=_int(d, "logged", path) or 0, restore=restore)


def _restore(value, path: str) -> dict | None:
    """What undo puts back in the overlay after `remove` (its entry is checked as a catalog
    entry when it is put back)."""
    if value is None:
        return None
    d = _table(value, path, {"resource", "topics", "hidden"})
    if not isinstance(d.get("resource"), dict) or not isinstance(d["resource"].get("id"), str):
        raise FieldProblem(f"{path}.resource", "must be a table with an id")
    topics = d.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise FieldProblem(f"{path}.topics", "must be an array of topic ids")
    if not isinstance(d.get("hidden", False), bool):
        raise FieldProblem(f"{path}.hidden", "must be true or false")
    return d


def _scalar_table(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise FieldProblem(path, "must be a table")
    for k, v in value.items():
        if isinstance(v, (dict, list)):
            raise FieldProblem(f"{path}.{k}", "must be a plain value")
    return dict(value)


def _int(d: dict, key: str, path: str, maximum: int = 1_000_000) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise FieldProblem(f"{path}.{key}", f"must be a whole number from 0 to {maximum}")
    return value


CARD_KEYS = {"due", "stability", "difficulty", "state", "step", "last_review", "reps", "lapses"}


def _card(value, path: str) -> dict:
    """One review card (FSRS fields, see review.py); None values are left out."""
    from studyguide.progress.review import CARD_STATES

    d = _table(value, path, CARD_KEYS)
    difficulty = _num(d, "difficulty", path)
    if difficulty is not None and not 1 <= difficulty <= 10:
        raise FieldProblem(f"{path}.difficulty", "must be between 1 and 10")
    stability = _num(d, "stability", path)
    if stability == 0:
        raise FieldProblem(f"{path}.stability", "must be more than 0")
    card = {"due": _when(d, "due", path, required=True), "stability": stability,
            "difficulty": difficulty, "state": _str(d, "state", path, choices=CARD_STATES),
            "step": _int(d, "step", path, 100), "last_review": _when(d, "last_review", path),
            "reps": _int(d, "reps", path), "lapses": _int(d, "lapses", path)}
    return {k: v for k, v in card.items() if v is not None}


def _settings(value) -> dict:
    from studyguide.progress.review import CAP_SETTING, MAX_CAP, NEW_CAP_SETTING

    settings = _scalar_table(value, "settings")
    for key, low in ((CAP_SETTING, 1), (NEW_CAP_SETTING, 0)):
        cap = settings.get(key)
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or not low <= cap <= MAX_CAP):
            raise FieldProblem(f"settings.{key}", f"must be a whole number from {low} to {MAX_CAP}")
    streak = settings.get("streak_minutes")   # progress/stats.py STREAK_SETTING
    if streak is not None and (isinstance(streak, bool) or not isinstance(streak, int) or not 1 <= streak <= 1440):
        raise FieldProblem("settings.streak_minutes", "must be a whole number of minutes from 1 to 1440")
    return settings


def migrate_1_to_2(data: dict) -> dict:
    """Version 2 gives `cards` a format. Version 1 only reserved the table (no release wrote
    cards), so anything found there is set aside; the store's pre-migration backup keeps it."""
    data = dict(data)
    data.pop("cards", None)
    return data


def migrate_2_to_3(data: dict) -> dict:
    """Version 3 adds the study record (`log`; an older file has none yet) and keeps notes as
    a dated log: an item's single `note` becomes its first note, dated by the undo history's
    last `note ID` step when it is still there (the day the text was written), else undated:
    its day was never recorded. Undo snapshots change alike."""
    data = dict(data)
    history: list = data["history"] if isinstance(data.get("history"), list) else []
    noted: dict[str, date] = {}
    for change in history:   # oldest first: the last step that set a note wins
        if isinstance(change, dict) and isinstance(change.get("action"), str):
            verb, _, rid = change["action"].partition(" ")
            at = change.get("at")
            if verb == "note" and isinstance(at, date):
                noted[rid] = at.date() if isinstance(at, datetime) else at

    def convert(rid, item, dated: bool):
        if not isinstance(item, dict) or "note" not in item:
            return item
        item = dict(item)
        text = item.pop("note")
        if isinstance(text, str) and text:
            note: dict[str, object] = {"text": text}
            if dated and rid in noted:
                note["date"] = noted[rid]
            item["notes"] = [note]
        elif text is not None and text != "":
            item["notes"] = text   # not a string: _notes names the field
        return item

    if isinstance(data.get("items"), dict):
        data["items"] = {k: convert(k, v, True) for k, v in data["items"].items()}
    if history:
        moved = []
        for change in history:
            if isinstance(change, dict) and isinstance(change.get("before"), dict):
                change = dict(change)   # an undo snapshot's note: its day is not known
                change["before"] = {k: convert(k, v, False) for k, v in change["before"].items()}
            moved.append(change)
        data["history"] = moved
    return data


def progress_from_dict(data: dict) -> Progress:
    d = _table(data, "", {"schema_version", "plan", "items", "history", "reported_unknown",
                          "cards", "settings", "log"})
    progress = Progress()
    if d.get("plan") is not None:
        progress.plan = _plan(d["plan"])
    items = d.get("items", {})
    if not isinstance(items, dict):
        raise FieldProblem("items", "must be a table of [items.ID] tables")
    progress.items = {k: _item(v, f"items.{k}") for k, v in items.items()}
    history = d.get("history", [])
    if not isinstance(history, list):
        raise FieldProblem("history", "must be an array of tables")
    progress.history = [_change(h, f"history[{i}]") for i, h in enumerate(history)]
    progress.reported_unknown = _ids(d, "reported_unknown", "")
    cards = d.get("cards", {})
    if not isinstance(cards, dict):
        raise FieldProblem("cards", "must be a table")
    progress.cards = {k: _card(v, f"cards.{k}") for k, v in cards.items()}
    progress.settings = _settings(d.get("settings", {}))
    progress.log = _log(d.get("log", []))
    for i, change in enumerate(progress.history):   # undo must not remove more than there is
        if change.logged > len(progress.log):
            raise FieldProblem(f"history[{i}].logged", f"is {change.logged}, more than the "
                               f"{len(progress.log)} entries in log")
    return progress


def _log(value) -> list[LogEntry]:
    if not isinstance(value, list):
        raise FieldProblem("log", 'must be a list of lines like "2026-12-06 log 45 lora"')
    entries = []
    for i, line in enumerate(value):
        try:
            entries.append(parse_line(line))
        except ValueError as e:
            raise FieldProblem(f"log[{i}]", str(e)) from None
    return entries


def check_version(data) -> int:
    """The file's schema version; refuses one from a newer release."""
    if not isinstance(data, dict):
        raise FieldProblem("(top level)", "must be a table")
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FieldProblem("schema_version", "must be a whole number (1 or more)")
    if version > SCHEMA_VERSION:
        raise FieldProblem("schema_version",
                           f"is {version}, written by a newer studyguide (this one reads up to "
                           f"{SCHEMA_VERSION}); upgrade studyguide")
    return version


# ---------------------------------------------------------------- writing

def _clean(d: dict) -> dict:
    """TOML has no null: drop None values."""
    return {k: v for k, v in d.items() if v is not None}


def _item_dict(s: ItemState) -> dict:
    notes = [_clean({"date": n.day, "text": n.text}) for n in s.notes]
    return _clean({"status": s.status, "started": s.started, "finished": s.finished,
                   "spent_hours": s.spent_hours or None, "notes": notes or None,
                   "skip_reason": s.skip_reason})


def _plan_dict(plan: Plan) -> dict:
    return _clean({
        "created": plan.created, "goal": plan.goal, "role": plan.role, "depth": plan.depth,
        "focus": plan.focus, "hours_per_week": plan.hours_per_week,
        "topics": plan.topics or None, "start": plan.start,
        "sections": [_clean({"id": s.id, "depth": s.depth, "items": list(s.items),
                             "alternatives": {k: list(v) for k, v in s.alternatives.items()} or None})
                     for s in plan.sections],
    })


def progress_to_dict(progress: Progress) -> dict:
    out: dict = {"schema_version": SCHEMA_VERSION}
    if progress.plan is not None:
        out["plan"] = _plan_dict(progress.plan)
    if progress.reported_unknown:
        out["reported_unknown"] = list(progress.reported_unknown)
    if progress.settings:
        out["settings"] = dict(progress.settings)
    out["items"] = {k: _item_dict(v) for k, v in progress.items.items()}
    if progress.cards:
        out["cards"] = {k: _clean(dict(v)) for k, v in progress.cards.items()}
    if progress.history:
        out["history"] = [
            _clean({"action": c.action, "at": c.at,
                    "before": {k: _item_dict(v) for k, v in c.before.items() if v is not None},
                    "absent": [k for k, v in c.before.items() if v is None] or None,
                    "replaces_plan": c.replaces_plan or None,
                    "plan_before": _plan_dict(c.plan_before) if c.plan_before is not None else None,
                    "logged": c.logged or None, "restore": c.restore})
            for c in progress.history[-HISTORY_LIMIT:]]
    if progress.log:
        out["log"] = [entry.to_line() for entry in progress.log]
    return out


HEADER = (
    "# studyguide progress file. You may edit it by hand: keep the keys, change the values.\n"
    "# status is one of todo, in-progress, done, skipped. A bad edit is refused, never lost:\n"
    "# studyguide will name the line to fix. The last good copy is progress.toml.bak.\n\n"
)


def dump(progress: Progress) -> bytes:
    import tomli_w

    return (HEADER + tomli_w.dumps(progress_to_dict(progress))).encode("utf-8")

"""Study units: the hours rule and the unit records a catalog build adds.

The rule is written down in docs/catalog.md ("Study units and hours"); this is
the only place it is computed. Imported by the catalog build (a cache miss) and, for
how a unit is named (short_title, unit_heading), by the plan view; it imports only
the catalog model.
"""

from __future__ import annotations

from typing import Any

import math
import re
from studyguide.valueclass import replace

from studyguide.catalog.model import Resource

FORMS = ("lecture", "talk", "chapter", "section", "page", "notebook", "module", "project")
# A video's study time: watching it, plus its notes and exercises.
VIDEO_FACTOR = {"lecture": 2.0, "talk": 1.5}
# Printed pages read per hour, by the book's level.
PAGES_PER_HOUR = {"intro": 12, "intermediate": 9, "advanced": 6}
# Hours for a unit whose source gives no length, by its form.
DEFAULT_HOURS = {"lecture": 2.5, "talk": 1.5, "chapter": 3.0, "section": 1.5, "page": 1.0,
                 "notebook": 2.5, "module": 2.5, "project": 6.0}
# Back matter with no length of its own is not a sitting of study: a list of references,
# the exercise solutions (checked as you do the exercises), a conclusion, setting up.
BACK_MATTER = (("references", 0.5), ("further reading", 0.5), ("exercise solutions", 0.5),
               ("conclusion", 0.5), ("setup", 1.0))
# What a bare number is called when a unit is shown ("chapter 3 of 20").
NOUN = {"lecture": "lecture", "talk": "talk", "chapter": "chapter", "section": "section",
        "page": "page", "notebook": "notebook", "module": "chapter", "project": "part"}

# A pattern, compiled (and cached by `re`) on first use: not on every command's start-up.
_VIDEO = r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,2})s)?"


def video_minutes(text: str) -> float | None:
    """'1h17m04s' -> 77.07; None when it is not such a length."""
    m = re.fullmatch(_VIDEO, text.strip())
    if not m or not any(m.groups()):
        return None
    h, mins, s = (int(x or 0) for x in m.groups())
    return h * 60 + mins + s / 60


def unit_hours(form: str, level: str, *, video: str | None = None, pages: int | None = None,
               hours: float | None = None, title: str = "") -> float:
    """Study hours of one unit, by the rule; rounded to the half hour, at least 0.5."""
    if hours is not None:      # an overlay's own estimate
        return float(hours)
    minutes = video_minutes(video) if video else None
    if minutes is not None:
        raw = minutes / 60 * VIDEO_FACTOR.get(form, VIDEO_FACTOR["lecture"])
    elif pages:
        raw = pages / PAGES_PER_HOUR.get(level, PAGES_PER_HOUR["intermediate"])
    else:
        # What the title opens with, after a "Chapter 2:" or "Appendix B:" of its own.
        opening = re.sub(r"^(chapter|appendix)\s+\w+\s*:\s*", "", title.strip().lower())
        back = [h for word, h in BACK_MATTER if opening.startswith(word)]
        raw = min(back) if back else DEFAULT_HOURS.get(form, DEFAULT_HOURS["section"])
    return max(0.5, math.floor(raw * 2 + 0.5) / 2)


def short_title(title: str) -> str:
    """'CS224N: Natural Language ...' -> 'CS224N'; 'X (formerly Y)' -> 'X'."""
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title).strip() or title
    head = title.split(":", 1)[0].strip()
    return head if head and len(head) < len(title) else title


def unit_label(n: str, title: str, form: str, position: int, count: int) -> str:
    """How `next` names a unit's place: 'lecture 8 of 19', 'appendix A (9 of 12)'."""
    n = n.strip()
    if n.startswith("pos ") and n[4:].isdigit():
        n = n[4:]
    m = re.fullmatch(r"ch(\d+)|appendix-([A-Z])", n)
    if m:   # the code repository's folder names: ch01, appendix-A
        return (f"chapter {int(m.group(1))} ({position} of {count})" if m.group(1)
                else f"appendix {m.group(2)} ({position} of {count})")
    if re.fullmatch(r"\d+(?:\.\d+)*[a-z]?", n):
        return f"{NOUN.get(form, 'part')} {n} of {count}"
    m = re.fullmatch(r"([A-Za-z][A-Za-z ]*?) (\d+)", n)
    if m and not re.search(r"\d", m.group(1)):
        word = m.group(1)
        return f"{word[:1].lower() + word[1:]} {m.group(2)} of {count}"
    if re.fullmatch(r"[A-Z]\d?", n):
        return f"appendix {n} ({position} of {count})"
    if n.lower() == title.lower():
        return f"{NOUN.get(form, 'part')} {position} of {count}"
    return f"{n} ({position} of {count})"


def unit_title(label: str | None, title: str) -> str:
    """A unit's title shown after its place ('chapter 2 (3 of 13)'): a title that starts
    with the same chapter or appendix ('Chapter 2: Working with Text Data') loses that
    start, so the place is not said twice."""
    m = re.match(r"(chapter \d+|appendix [a-z]\d?)(?=[ (]|$)", label or "", re.IGNORECASE)
    if m is None:
        return title
    return re.sub(rf"^{re.escape(m.group(1))}\s*:\s*", "", title, flags=re.IGNORECASE) or title


def unit_heading(label: str | None, title: str) -> str:
    """'chapter 2 (3 of 13): Working with Text Data'; the title alone without a label."""
    return f"{label}: {unit_title(label, title)}" if label else title


def spread_hours(hours: list[float], total: float) -> list[float]:
    """Unit hours scaled in proportion to add up to `total` (an override's hours for the whole
    resource), in half hours, each at least 0.5: the half hours left after rounding down go
    to the units that lost most (so the sum is `total` to the half hour, unless that is
    under 0.5 a unit)."""
    halves = max(round(total * 2), len(hours))
    exact = [h * halves / sum(hours) for h in hours]
    given = [max(1, math.floor(x)) for x in exact]
    by_loss = sorted(range(len(hours)), key=lambda i: given[i] - exact[i])
    for i in by_loss[:max(0, halves - sum(given))]:
        given[i] += 1
    return [g / 2 for g in given]


def attach_units(resources: dict[str, Resource], units: list[tuple[str, Any, str]],
                 problems: list[str], hours_set: dict[str, float] | None = None) -> dict[str, Resource]:
    """Add each unit as a Resource `PARENT/KEY` and set its parent's units and hours.

    `units` holds (place, validated unit model, origin) in load order. A unit for an
    unknown resource, or a key its resource already has, is a problem at its place.
    A resource in `hours_set` (an override gave its hours) has them spread over its
    units in proportion to the rule's hours. Returns the unit records by id (also added
    to `resources`).
    """
    by_parent: dict[str, list[tuple[str, Any, str]]] = {}
    seen: dict[str, str] = {}
    for place, unit, origin in units:
        if unit.resource not in resources or resources[unit.resource].parent is not None:
            problems.append(f"{place}.resource: unknown resource {unit.resource!r}")
            continue
        uid = f"{unit.resource}/{unit.key}"
        if uid in seen:
            problems.append(f"{place}.key: {unit.key!r} is already a unit of {unit.resource} "
                            f"(at {seen[uid]})")
            continue
        seen[uid] = place
        by_parent.setdefault(unit.resource, []).append((place, unit, origin))
    made: dict[str, Resource] = {}
    for rid, entries in by_parent.items():
        parent = resources[rid]
        ids = tuple(f"{rid}/{u.key}" for _, u, _ in entries)
        forms = ["project" if (u.kind == "project" and u.form is None) else (u.form or "section")
                 for _, u, _ in entries]
        hours_of = [unit_hours(form, parent.level, video=u.video, pages=u.pages, hours=u.hours, title=u.title)
                    for form, (_, u, _) in zip(forms, entries)]
        if rid in (hours_set or {}):
            hours_of = spread_hours(hours_of, (hours_set or {})[rid])
        for k, (place, u, origin) in enumerate(entries, 1):
            form, hours = forms[k - 1], hours_of[k - 1]
            record = Resource(
                id=ids[k - 1], title=u.title, authors=parent.authors, kind=parent.kind,
                url=u.url or parent.url, level=parent.level, stage=parent.stage, hours=hours,
                free=parent.free, why=parent.why, year=parent.year, status=parent.status,
                status_note=parent.status_note, origin=origin,
                parent=rid, n=u.n, unit_kind=u.kind, renamed_from=tuple(u.renamed_from),
                label=unit_label(u.n, u.title, form, k, len(entries)))
            made[record.id] = record
        resources[rid] = replace(parent, units=ids, hours=round(sum(hours_of), 2))
    resources.update(made)
    return made

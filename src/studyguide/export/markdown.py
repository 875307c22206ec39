"""The plan as a markdown checklist for Obsidian, a GitHub repository or any notes app.

Pure: PlanView + the export time -> text. Items are GitHub/Obsidian task-list
entries (`- [x]` done, `- [ ]` to do or in progress, skipped ones struck through
with the reason). All catalog and learner text goes through `escape`, so a title
or note containing markdown, HTML or newlines renders as the text it is.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote

from studyguide.catalog.model import status_label
from studyguide.catalog.units import unit_heading
from studyguide.plan.view import ItemView, PlanView, SectionView, note_date
from studyguide.progress.record import hours_text
from studyguide.text import printable

# CommonMark lets any ASCII punctuation be backslash-escaped. These are the ones
# that can start or end markup inside a line in CommonMark, GFM (`|`, `~`),
# GitHub/Obsidian math (`$`) or Obsidian (`%%` comments, `==` highlights); `&` so
# an entity like `&lt;` shows as typed.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$&!%]|=(?==))")
# At the start of a line these open a list, a heading underline or a rule.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_SPACE = re.compile(r"\s+")
# Control characters (a NUL from a hand-edited file, a terminal escape) become spaces.


def escape(text: str | None) -> str:
    """Catalog or learner text -> one line of markdown that renders as exactly that text."""
    if not text:
        return ""
    text = _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", printable(text)).strip())
    m = _LINE_START.match(text)
    if m and m.group(1)[0].isdigit():
        return m.group(1) + "\\" + text[m.end():]   # "1. x" -> "1\. x"
    return "\\" + text if m else text


def safe_url(url: str) -> str | None:
    """A URL fit for a link destination, or None when it is not http(s).

    Percent-encodes what could end the destination or break the line (spaces,
    `<`, `>`, parentheses, controls, backslashes); leaves other URL syntax alone.
    """
    url = url.strip()
    if not re.match(r"https?://", url, re.IGNORECASE):
        return None
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~")


def link(title: str, url: str) -> str:
    target = safe_url(url)
    text = escape(title)
    return f"[{text}](<{target}>)" if target else f"{text} ({escape(url)})"


def code(some_id: str) -> str:
    """An id as inline code when it is a plain slug or a unit's RESOURCE/KEY (ids from a user
    catalog may not be)."""
    return f"`{some_id}`" if re.fullmatch(r"[\w.-]+(/[\w.-]+)?", some_id, re.ASCII) else escape(some_id)


def _hours(h: float) -> str:
    return f"{h:g} h"


def _item(item: ItemView, in_group: bool = False) -> list[str]:
    """One task; a unit inside its resource's group says less (the group says the rest)."""
    facts = [] if in_group else [escape(item.kind)]
    facts.append(_hours(item.hours))
    if item.spent_hours and item.state != "done":
        facts.append(f"{hours_text(item.spent_hours)} logged")
    if item.state == "in-progress":
        facts.append("in progress")
    if item.resource_status != "active" and not in_group:
        facts.append(escape(status_label(item.resource_status)))
    if item.unit_kind == "project":
        facts.append("project")
    title = unit_heading(item.label, item.title) if in_group and item.label else item.heading
    head = link(title, item.url)
    if item.state == "skipped":
        reason = f"skipped: {escape(item.skip_reason)}" if item.skip_reason else "skipped"
        line = f"- [ ] ~~{head}~~ ({reason})"
    else:
        line = f"- [{'x' if item.state == 'done' else ' '}] {head}"
    lines = [line + " · " + " · ".join(facts)]
    lines.append(f"  - Why here: {escape(item.why)}")
    if item.about and not in_group:
        lines.append(f"  - Why read it: {escape(item.about)}")
    if item.status_note and not in_group:
        lines.append(f"  - Status note ({escape(status_label(item.resource_status))}): {escape(item.status_note)}")
    for n in item.notes:
        lines.append(f"  - My note, {note_date(n)}: {escape(n.text)}")
    return lines


def _groups(items: list[ItemView]) -> list[list[ItemView]]:
    """Consecutive units of one resource together; every other item alone."""
    out: list[list[ItemView]] = []
    for item in items:
        if item.parent is not None and out and out[-1][0].parent == item.parent:
            out[-1].append(item)
        else:
            out.append([item])
    return out


def _group_head(units: list[ItemView]) -> list[str]:
    """The resource line over its units: a task done once all of them are."""
    first = units[0]
    done = sum(1 for u in units if u.state == "done")
    open_units = [u for u in units if u.state != "skipped"]
    mark = "x" if open_units and all(u.state == "done" for u in open_units) else " "
    facts = [escape(first.kind), f"{done}/{len(units)} planned units done",
             _hours(round(sum(u.hours for u in units), 1))]
    if first.resource_status != "active":
        facts.append(escape(status_label(first.resource_status)))
    head = f"**{escape(first.parent_title)}** ({code(first.parent or '')})"
    lines = [f"- [{mark}] {head} · " + " · ".join(facts)]
    if first.about:
        lines.append(f"  - Why read it: {escape(first.about)}")
    if first.status_note:
        lines.append(f"  - Status note ({escape(status_label(first.resource_status))}): {escape(first.status_note)}")
    return lines


def _section(n: int, sec: SectionView) -> list[str]:
    out = [f"## {n}. {escape(sec.title)}", ""]
    facts = []
    if sec.depth:
        facts.append(f"depth {escape(sec.depth)}")
    facts.append(f"{sec.done}/{sec.total} done")
    facts.append(f"{sec.hours_left:g} h left")
    out += ["*" + " · ".join(facts) + "*", ""]
    if sec.covers:
        out += [escape(sec.covers), ""]
    if sec.focus:
        out += ["**Focus first on:**", ""] + [f"- {escape(t)}" for t in sec.focus] + [""]
    if sec.pitfalls:
        out += ["**Pitfalls:**", ""] + [f"- {escape(t)}" for t in sec.pitfalls] + [""]
    if sec.items:
        out += ["**Reading list:**", ""]
        for group in _groups(sec.items):
            if group[0].parent is None:
                out += _item(group[0])
                continue
            out += _group_head(group)
            for item in group:   # units as sub-tasks of their resource
                out += ["  " + line for line in _item(item, in_group=True)]
        out.append("")
    else:
        out += ["Everything here is already in an earlier section.", ""]
    if sec.also:
        out += ["Also part of this topic, earlier in your plan: " + ", ".join(code(a) for a in sec.also), ""]
    for title, checks in sec.checklists:
        # Plain bullets, not tasks: the task list is the reading list only.
        # A checklist titled "Check your understanding..." is not prefixed with "Check yourself:".
        head = title if title.lower().startswith("check") else f"Check yourself: {title}"
        out += [f"**{escape(head)}**", ""] + [f"- {escape(c)}" for c in checks] + [""]
    return out


def render_markdown(view: PlanView, generated: datetime) -> str:
    out = [f"# Study plan: {escape(view.title)}", "",
           f"Exported from studyguide on {generated.date().isoformat()}.", ""]
    if view.goal:
        out.append(f"- **Goal:** {escape(view.title)} ({code(view.goal)})")
    if view.role:
        out.append(f"- **Role:** {escape(view.title)} ({code(view.role)})")
    out.append(f"- **Depth:** {escape(view.depth)}" if view.depth else "- **Depth:** the role's own depth per topic")
    if view.focus:
        out.append(f"- **Focus:** {code(view.focus)}")
    out.append(f"- **Hours per week:** {view.hours_per_week:g}" if view.hours_per_week
               else "- **Hours per week:** not set")
    out.append("")
    for n, sec in enumerate(view.sections, 1):
        out += _section(n, sec)
    out += ["## Totals", ""]
    out.append(f"- Done: {view.done} of {view.total} items ({view.percent}%), "
               f"{view.hours_done:g} h of {view.total_hours:g} h")
    out.append(f"- Left: {view.hours_left:g} h")
    if view.skipped:
        out.append(f"- Skipped: {view.skipped} (counted in neither figure)")
    if view.done == view.total:   # nothing left: `total` leaves skipped items out
        out.append("- Finish: the plan is complete, every item done"
                   + (" or skipped" if view.skipped else ""))
    elif view.rate and view.finish:
        out.append(f"- Finish: about {view.weeks_left:g} weeks {view.rate_words()}, "
                   f"around {view.finish.isoformat()}")
    else:
        out.append("- Finish: set hours per week (`studyguide recommend --hours-per-week N`) for a date")
    if view.unknown:
        out.append("- No longer in the catalog (progress kept): " + ", ".join(escape(u) for u in view.unknown))
    return "\n".join(out) + "\n"

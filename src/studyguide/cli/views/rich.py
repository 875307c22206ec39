"""Rich views of catalog objects. All catalog and user text goes in as Text, never markup."""

from __future__ import annotations

import re
import sys
from typing import TextIO, cast

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from studyguide.catalog.model import STAGE_MEANING, Catalog, Resource, Topic
from studyguide.cli.views.rich_indent import Indented

_TRAILING_SPACES = re.compile(r" +\n")


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = _usable_width()
    if not _is_terminal(stream):
        # Piped or redirected: Rich pads table cells and wrapped lines with spaces up to the
        # width; a file or a pipe gets the lines without them.
        return Console(file=cast(TextIO, _TrimmedLines(stream)), highlight=False, emoji=False, width=width)
    return Console(stderr=stderr, highlight=False, emoji=False, width=width)


def _usable_width() -> int | None:
    """None (Rich decides) unless COLUMNS is set to something Rich would print nothing at
    (`COLUMNS=0`, `COLUMNS=abc`, a sliver): then 80."""
    import os

    text = os.environ.get("COLUMNS")
    if text is None:
        return None
    try:
        return None if int(text) >= 20 else 80
    except ValueError:
        return 80


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _TrimmedLines:
    """A text stream that drops the spaces before each newline (Rich writes whole lines)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_TRAILING_SPACES.sub("\n", text))

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name):   # flush, encoding, fileno: the real stream's
        return getattr(self._stream, name)


def _hours(h: float) -> str:
    return f"{h:g} h"


def resource_facts(r: Resource) -> str:
    bits = [r.kind, r.level, _hours(r.hours), "free" if r.free else "paid"]
    if r.status != "active":
        bits.append(r.status.upper())
    return " · ".join(bits)


def topics_table(catalog: Catalog) -> Table:
    from studyguide.cli.views.json import topic_summary

    table = Table(title="Topics", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("items", justify="right", no_wrap=True)
    table.add_column("hours", justify="right", no_wrap=True)
    table.add_column("study first", style="dim", ratio=2)
    for topic in catalog.topics.values():
        s = topic_summary(topic, catalog)
        table.add_row(Text(topic.id), Text(topic.title), str(s["resources"]), f"{s['hours']:g}",
                      Text(", ".join(topic.prerequisites) or "-"))
    return table



def _section(title: str) -> Text:
    return Text("\n" + title, style="bold")


def _bullets(items) -> list:
    return [Indented(Text("• ") + Text(item), 2, hang=2) for item in items]


def topic_view(topic: Topic, catalog: Catalog) -> Group:
    parts: list = [Text(topic.title, style="bold underline"),
                   Text(f"{topic.id} · {topic.discipline}", style="dim"),
                   Indented(Text(topic.covers), 0)]
    if topic.prerequisites:
        parts.append(Text("Study first: ", style="dim") + Text(", ".join(topic.prerequisites)))
    if topic.origin != "bundled":
        parts.append(Text(f"From: {topic.origin}", style="dim"))
    for place in topic.changed_by:
        parts.append(Text(f"Changed by: {place}", style="dim"))
    parts.append(_section("Learning sequence"))
    stage = None
    for n, r in enumerate(catalog.visible_sequence(topic), 1):
        if r.stage != stage:
            stage = r.stage
            parts.append(Text(f"  {stage}: {STAGE_MEANING[stage]}", style="italic magenta"))
        line = Text(f"{n:>2}. ") + Text(r.title, style="bold") + Text(f"  [{r.id}]", style="cyan")
        parts.append(Indented(line, 2, hang=4))
        facts = resource_facts(r)
        if r.id in topic.optional:
            facts += " · optional: planned only at deep depth"
        parts.append(Indented(Text(facts, style="dim")))
        parts.append(Indented(Text(topic.placement.get(r.id) or r.why)))
        if r.status_note:
            parts.append(Indented(Text("note: ", style="yellow") + Text(r.status_note)))
        parts.append(Indented(Text(r.url, style="blue")))
    if topic.focus:
        parts.append(_section("Focus on first"))
        parts.extend(_bullets(topic.focus))
    if topic.pitfalls:
        parts.append(_section("Pitfalls"))
        parts.extend(_bullets(topic.pitfalls))
    for checklist in topic.checklists:
        parts.append(_section(checklist.title))
        parts.extend(Indented(Text("[ ] ") + Text(item), 2, hang=4) for item in checklist.items)
    if topic.people:
        parts.append(_section("People to follow"))
        parts.extend(Indented(Text("• ") + Text(p.name, style="bold") + Text(": " + p.why), 2, hang=2)
                     for p in topic.people)
    return Group(*parts)


def resource_view(r: Resource, catalog: Catalog) -> Group:
    parts: list = [Text(r.title, style="bold underline"), Text(r.id, style="cyan")]
    facts = [("by", r.authors), ("year", str(r.year) if r.year else "-"),
             ("kind", r.kind), ("stage", f"{r.stage} ({STAGE_MEANING[r.stage]})"),
             ("level", r.level), ("hours", _hours(r.hours)), ("free", "yes" if r.free else "no"),
             ("status", r.status), ("url", r.url)]
    if r.arxiv:
        facts.append(("arXiv", r.arxiv))
    if r.status_note:
        facts.append(("note", r.status_note))
    using = catalog.topics_using(r.id)
    facts.append(("topics", ", ".join(t.id for t in using) or "-"))
    facts.append(("from", r.origin))
    for place in r.changed_by:
        facts.append(("changed by", place))
    if r.id in catalog.hidden:
        facts.append(("hidden", "yes (studyguide unhide " + r.id + ")"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for key, value in facts:
        grid.add_row(key, Text(value))
    parts.append(grid)
    parts.append(_section("Why read it"))
    parts.append(Indented(Text(r.why), 2))
    return Group(*parts)


def resource_list(resources: list[Resource]) -> Group:
    """Search results, best first: a numbered title with its id, then its facts underneath
    (a table squeezed titles into a narrow column at 80 columns)."""
    parts: list = []
    for n, r in enumerate(resources, 1):
        line = Text(f"{n:>2}. ") + Text(r.title, style="bold") + Text(f"  [{r.id}]", style="cyan")
        parts.append(Indented(line, 1, hang=4))
        kind, *rest = resource_facts(r).split(" · ")
        parts.append(Indented(Text(" · ".join([kind, r.stage, *rest]), style="dim"), 5))
    return Group(*parts)

"""Rich views of catalog objects. All catalog and user text goes in as Text, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from studyguide.catalog import STAGE_MEANING, Catalog, Resource, Topic


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, emoji=False)


def _hours(h: float) -> str:
    return f"{h:g} h"


def resource_facts(r: Resource) -> str:
    bits = [r.kind, r.level, _hours(r.hours), "free" if r.free else "paid"]
    if r.status != "active":
        bits.append(r.status.upper())
    return " · ".join(bits)


def topics_table(catalog: Catalog) -> Table:
    from studyguide.views import topic_summary

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


def _indent(text: Text, left: int = 6) -> Padding:
    """Indented so that wrapped lines stay under their item."""
    return Padding(text, (0, 0, 0, left))


def _section(title: str) -> Text:
    return Text("\n" + title, style="bold")


def _bullets(items) -> list:
    return [_indent(Text("• ") + Text(item), 2) for item in items]


def topic_view(topic: Topic, catalog: Catalog) -> Group:
    parts: list = [Text(topic.title, style="bold underline"),
                   Text(f"{topic.id} · {topic.discipline}", style="dim"),
                   Text(topic.covers)]
    if topic.prerequisites:
        parts.append(Text("Study first: ", style="dim") + Text(", ".join(topic.prerequisites)))
    if topic.origin != "bundled":
        parts.append(Text(f"From: {topic.origin}", style="dim"))
    parts.append(_section("Learning sequence"))
    stage = None
    for n, r in enumerate(catalog.visible_sequence(topic), 1):
        if r.stage != stage:
            stage = r.stage
            parts.append(Text(f"  {stage}: {STAGE_MEANING[stage]}", style="italic magenta"))
        line = Text(f"  {n:>2}. ") + Text(r.title, style="bold") + Text(f"  [{r.id}]", style="cyan")
        parts.append(line)
        facts = resource_facts(r)
        if r.id in topic.optional:
            facts += " · optional: planned only at deep depth"
        parts.append(_indent(Text(facts, style="dim")))
        parts.append(_indent(Text(topic.placement.get(r.id) or r.why)))
        if r.status_note:
            parts.append(_indent(Text("note: ", style="yellow") + Text(r.status_note)))
        parts.append(_indent(Text(r.url, style="blue")))
    if topic.focus:
        parts.append(_section("Focus on first"))
        parts.extend(_bullets(topic.focus))
    if topic.pitfalls:
        parts.append(_section("Pitfalls"))
        parts.extend(_bullets(topic.pitfalls))
    for checklist in topic.checklists:
        parts.append(_section(checklist.title))
        parts.extend(_indent(Text("[ ] ") + Text(item), 2) for item in checklist.items)
    if topic.people:
        parts.append(_section("People to follow"))
        parts.extend(_indent(Text("• ") + Text(p.name, style="bold") + Text(": " + p.why), 2)
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
    if r.id in catalog.hidden:
        facts.append(("hidden", "yes (studyguide unhide " + r.id + ")"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for key, value in facts:
        grid.add_row(key, Text(value))
    parts.append(grid)
    parts.append(_section("Why read it"))
    parts.append(Text("  ") + Text(r.why))
    return Group(*parts)


def resource_list(resources: list[Resource]) -> Table:
    table = Table(show_edge=False, pad_edge=False, show_header=True)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("kind")
    table.add_column("stage", style="dim")
    table.add_column("hours", justify="right")
    for r in resources:
        title = Text(r.title)
        if r.status != "active":
            title.append(f" ({r.status})", style="yellow")
        table.add_row(Text(r.id), title, r.kind, r.stage, f"{r.hours:g}")
    return table

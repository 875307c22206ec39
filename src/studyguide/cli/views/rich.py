"""Rich views of catalog objects. All catalog and user text goes in as Text, never markup."""

from __future__ import annotations

import re
import sys
from typing import TextIO, cast

from rich.console import Console, Group, RenderHook
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from studyguide.catalog.model import STAGE_MEANING, Catalog, Resource, Topic
from studyguide.catalog.units import unit_title
from studyguide.cli.views.plain import status_label
from studyguide.cli.views.rich_indent import Indented, UrlLine
from studyguide.text import printable

_TRAILING_SPACES = re.compile(r" +\n")


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = _usable_width()
    if not _is_terminal(stream):
        # Piped or redirected: Rich pads table cells and wrapped lines with spaces up to the
        # width; a file or a pipe gets the lines without them.
        return printable_only(_UncroppedConsole(file=cast(TextIO, _TrimmedLines(stream)), highlight=False,
                                                 emoji=False, width=width))
    return printable_only(_UncroppedConsole(stderr=stderr, highlight=False, emoji=False, width=width))


class _UncroppedConsole(Console):
    """Prints without cutting lines at the width: our views wrap their own text, and the one
    line longer than the terminal is a URL (UrlLine), which must stay whole."""

    def print(self, *objects, **kwargs):
        kwargs.setdefault("crop", False)
        super().print(*objects, **kwargs)


def printable_only(out: Console) -> Console:
    """`out`, from now on printing text with its control characters replaced (studyguide.text):
    the text of every renderable, after layout and before Rich adds its own styles."""
    out.push_render_hook(_PrintableHook())
    return out


class _PrintableHook(RenderHook):
    def process_renderables(self, renderables):
        return [_Printable(r) for r in renderables]


class _Printable:
    def __init__(self, renderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options):
        for seg in console.render(self.renderable, options):
            yield seg if seg.control else Segment(printable(seg.text, keep="\n"), seg.style)


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
        bits.append(status_label(r.status, loud=True))
    return " · ".join(bits)


_MARK_STYLE = {"done": "green", "in-progress": "yellow", "skipped": "dim", "planned": "cyan",
               "not-planned": "dim"}


def mark(state: str, notes: int = 0) -> Text:
    """'  ✓ done · 2 notes': your state on a resource, after its title."""
    from studyguide.progress.marks import MARK_ICONS, MARK_WORDS

    out = Text()
    if state != "not-planned":
        out.append(f"  {MARK_ICONS[state]} {MARK_WORDS[state]}", style=_MARK_STYLE[state])
    if notes:
        out.append(("  " if not out else " · ") + f"{notes} note{'s' if notes != 1 else ''}", style="dim")
    return out


_YOURS_ORDER = ("done", "in-progress", "planned", "skipped")
YOURS_LEGEND = "yours: ✓ done  ◐ in progress  ○ planned  ↷ skipped  ✎ notes"


def _yours(counts: dict[str, int]) -> Text:
    """A topic's cell in `topics`: '✓2 ◐1 ○4 ✎3' (YOURS_LEGEND under the table says it)."""
    from studyguide.progress.marks import MARK_ICONS

    out = Text()
    for key in _YOURS_ORDER:
        if counts[key]:
            out.append((" " if out else "") + f"{MARK_ICONS[key]}{counts[key]}", style=_MARK_STYLE[key])
    if counts["notes"]:
        out.append((" " if out else "") + f"✎{counts['notes']}", style="dim")
    return out if out else Text("-", style="dim")


def shows_yours(marks) -> bool:
    """Your column only once there is something to say: a new learner sees the catalog alone."""
    return marks is not None and (marks.has_plan or bool(marks.items))


def topics_table(catalog: Catalog, marks=None):
    """Every topic: id, title, items and hours on one line (with your marks once you have
    any), what to study first under it."""
    from studyguide.cli.views.json import topic_summary

    rows = [(t, topic_summary(t, catalog)) for t in catalog.topics.values()]
    yours = ([_yours(marks.counts(r.id for r in catalog.visible_sequence(t))) for t, _ in rows]
             if shows_yours(marks) else None)
    return TopicList(rows, yours)


class TopicList:
    """The topics as rows sized to the width: never a wrapped row, never a cut id.

    Wide enough, a table (id, title, items, hours, study first); narrower, the prerequisites
    go on a line under their row; narrower still, the title on its own line, the figures under it.
    """

    def __init__(self, rows, yours: list[Text] | None = None):
        self.rows = rows
        self.yours = yours   # per row: your marks for the topic (None: no column)

    def __rich_console__(self, console, options):
        size = options.max_width
        ids = max(len(t.id) for t, _ in self.rows)
        titles = max(len(t.title) for t, _ in self.rows)
        items = max(len("items"), *(len(str(s["resources"])) for _, s in self.rows))
        hours = max(len("hours"), *(len(f"{s['hours']:g}") for _, s in self.rows))
        firsts = max(len("study first"), *(len(", ".join(t.prerequisites) or "-") for t, _ in self.rows))
        yours = self.yours or [Text("")] * len(self.rows)
        marks = max(len("yours"), *(len(y) for y in yours)) if self.yours else 0
        row = ids + 2 + titles + 2 + items + 2 + hours + (2 + marks if marks else 0)
        yield Text("Topics", style="bold")
        if row + 2 + firsts <= size or row <= size:
            wide = row + 2 + firsts <= size
            head = f"{'id':<{ids}}  {'title':<{titles}}  {'items':>{items}}  {'hours':>{hours}}"
            head += f"  {'yours':<{marks}}" if marks else ""
            yield Text(head + ("  study first" if wide else ""), style="dim")
            for (t, s), mine in zip(self.rows, yours):
                line = (Text(f"{t.id:<{ids}}", style="bold cyan") + Text(f"  {t.title:<{titles}}")
                        + Text(f"  {s['resources']:>{items}}  {s['hours']:>{hours}g}"))
                if marks:
                    line += Text("  ") + mine + Text(" " * (marks - len(mine)))
                first = ", ".join(t.prerequisites)
                if wide:
                    line.append("  " + (first or "-"), style="dim")
                    yield line
                else:
                    yield line
                    if first:
                        yield Indented(Text("study first: " + first, style="dim"), 2, hang=2)
            return
        for (t, s), mine in zip(self.rows, yours):
            head = Text(t.title, style="bold") + Text(f"  [{t.id}]", style="cyan")
            if self.yours:
                head += Text("  ") + mine
            yield Indented(head, 0, hang=2)
            facts = f"{s['resources']} items · {s['hours']:g} h"
            if t.prerequisites:
                facts += " · study first: " + ", ".join(t.prerequisites)
            yield Indented(Text(facts, style="dim"), 2, hang=2)


def _section(title: str) -> Text:
    return Text("\n" + title, style="bold")


def _bullets(items) -> list:
    return [Indented(Text("• ") + Text(item), 2, hang=2) for item in items]


def topic_view(topic: Topic, catalog: Catalog, marks=None) -> Group:
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
            parts.append(Indented(Text(f"{stage}: {STAGE_MEANING[stage]}", style="italic magenta"), 2, hang=2))
        line = Text(f"{n:>2}. ") + Text(r.title, style="bold") + Text(f"  [{r.id}]", style="cyan")
        if marks is not None:
            line += mark(marks.state(r.id), len(marks.notes(r.id)))
        parts.append(Indented(line, 2, hang=4))
        facts = resource_facts(r)
        if r.id in topic.optional:
            facts += " · optional: planned only at deep depth"
        parts.append(Indented(Text(facts, style="dim")))
        parts.append(Indented(Text(topic.placement.get(r.id) or r.why)))
        if r.status_note:
            parts.append(Indented(Text("note: ", style="yellow") + Text(r.status_note)))
        parts.append(UrlLine(r.url))
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


def resource_view(r: Resource, catalog: Catalog, marks=None) -> Group:
    parts: list = [Text(r.title, style="bold underline"), Text(r.id, style="cyan")]
    facts = [("by", r.authors), ("year", str(r.year) if r.year else "-"),
             ("kind", r.kind), ("stage", f"{r.stage} ({STAGE_MEANING[r.stage]})"),
             ("level", r.level), ("hours", _hours(r.hours)), ("free", "yes" if r.free else "no"),
             ("status", status_label(r.status))]
    after: list = []
    if r.arxiv:
        after.append(("arXiv", r.arxiv))
    if r.status_note:
        after.append(("note", r.status_note))
    using = catalog.topics_using(r.id)
    after.append(("topics", ", ".join(t.id for t in using) or "-"))
    after.append(("from", r.origin))
    for place in r.changed_by:
        after.append(("changed by", place))
    if r.id in catalog.hidden:
        after.append(("hidden", "yes (studyguide unhide " + r.id + ")"))
    if marks is not None:
        from studyguide.progress.marks import MARK_WORDS

        after.append(("yours", MARK_WORDS[marks.state(r.id)]))
    # The URL is no grid cell (a cell cuts or breaks it): a line of its own between two grids
    # whose key columns share one width.
    key_width = max(len(k) for k, _ in facts + after)
    parts.append(_facts_grid(facts, key_width))
    parts.append(UrlLine(r.url, key_width + 2, label="url"))
    parts.append(_facts_grid(after, key_width))
    parts.append(_section("Why read it"))
    parts.append(Indented(Text(r.why), 2))
    if r.units:
        parts.append(_section(f"Study units ({len(r.units)}, {_hours(r.hours)} in all)"))
        for uid in r.units:
            u = catalog.resources[uid]
            extra = " · a project" if u.unit_kind == "project" else ""
            parts.append(Indented(Text(f"{u.label}: ") + Text(unit_title(u.label, u.title), style="bold")
                                  + Text(f"  [{u.id}]", style="cyan")
                                  + Text(f"  {_hours(u.hours)}{extra}", style="dim")
                                  + (mark(marks.state(u.id), len(marks.notes(u.id))) if marks else Text()),
                                  2, hang=4))
    notes = marks.notes(r.id) if marks is not None else []
    if notes:
        from studyguide.plan.view import note_date
        from studyguide.text import printable

        parts.append(_section("Your notes"))
        # Rich passes escape sequences through: a note is the learner's (or a hand edit's) text.
        parts.extend(Indented(Text(f"{note_date(n)}  ", style="dim") + Text(printable(n.text)), 2, hang=12)
                     for n in notes)
    return Group(*parts)


def _facts_grid(facts: list[tuple[str, str]], key_width: int) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True, min_width=key_width)
    grid.add_column()
    for key, value in facts:
        grid.add_row(key, Text(value))
    return grid


def resource_list(resources: list[Resource], marks=None) -> Group:
    """Search results, best first: a numbered title with its id, then its facts underneath
    (a table squeezed titles into a narrow column at 80 columns)."""
    parts: list = []
    for n, r in enumerate(resources, 1):
        line = Text(f"{n:>2}. ") + Text(r.title, style="bold") + Text(f"  [{r.id}]", style="cyan")
        if marks is not None:
            line += mark(marks.state(r.id), len(marks.notes(r.id)))
        parts.append(Indented(line, 1, hang=4))
        kind, *rest = resource_facts(r).split(" · ")
        parts.append(Indented(Text(" · ".join([kind, r.stage, *rest]), style="dim"), 5))
    return Group(*parts)

"""Rich view of a plan: per section a numbered sequence with why each item comes there."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from studyguide.plan.view import PlanView
from studyguide.cli.views.plain import status_label
from studyguide.cli.views.rich_indent import Indented

STATE_MARK = {"done": ("✔ done", "green"), "in-progress": ("▶ in progress", "yellow"),
              "skipped": ("⤼ skipped", "dim"), "todo": ("", "")}


def plan_view(view: PlanView) -> Group:
    parts: list = []
    head = Text("Your study plan: ", style="bold") + Text(view.title, style="bold cyan")
    parts.append(head)
    answers = []
    if view.depth:
        answers.append(f"depth {view.depth}")
    elif view.role:
        answers.append("the role's own depths")
    if view.focus:
        answers.append(f"focus {view.focus}")
    if view.hours_per_week:
        answers.append(f"{view.hours_per_week:g} h/week")
    parts.append(Text(" · ".join(answers), style="dim"))
    for sec in view.sections:
        title = Text("\n" + sec.title, style="bold underline")
        if sec.depth:
            title.append(f"  ({sec.depth})", style="dim")
        parts.append(title)
        if sec.kind == "topic" and sec.covers:
            parts.append(Indented(Text(sec.covers, style="italic"), 0))
        if not sec.items:
            parts.append(Text("  Everything here is already in an earlier section.", style="dim"))
        for item in sec.items:
            mark, colour = STATE_MARK[item.state]
            line = Text(f"{item.position:>2}. ") + Text(item.heading, style="bold") + Text(f"  [{item.id}]", style="cyan")
            if mark:
                line.append("  " + mark, style=colour)
            parts.append(Indented(line, 2, hang=4))
            facts = f"{item.kind} · {item.stage} · {item.hours:g} h · {'free' if item.free else 'paid'}"
            if item.resource_status != "active":
                facts += f" · {status_label(item.resource_status, loud=True)}"
            parts.append(Indented(Text(facts, style="dim")))
            parts.append(Indented(Text(item.why)))
            if item.alternatives:
                parts.append(Indented(Text("or instead (counted once): ", style="dim")
                                      + Text(", ".join(item.alternatives), style="cyan")
                                      + Text(f"; `studyguide swap {item.alternatives[0]}` plans it instead",
                                             style="dim")))
            if item.status_note:
                parts.append(Indented(Text("note: ", style="yellow") + Text(item.status_note)))
            if item.skip_reason and item.state == "skipped":
                parts.append(Indented(Text("skipped: ", style="dim") + Text(item.skip_reason)))
        if sec.also:
            parts.append(Indented(Text("Also part of this topic, earlier in your plan: " + ", ".join(sec.also),
                                       style="dim"), 2, hang=2))
    total = Text(f"\nTotal: {view.total} items, {view.total_hours:g} h", style="bold")
    if view.done:
        total.append(f" ({view.done} done, {view.hours_left:g} h left)")
    parts.append(total)
    if view.hours_per_week and view.finish and view.done < view.total:
        parts.append(Text(f"At {view.hours_per_week:g} h/week: about {view.weeks_left:g} weeks, "
                          f"finishing around {view.finish.isoformat()}."))
    if view.unknown:
        parts.append(Indented(Text("Not in the catalog any more (progress kept): " + ", ".join(view.unknown),
                                   style="yellow"), 0))
    return Group(*parts)

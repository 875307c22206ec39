"""The plain view of the next step (`next`, `next --time` and `studyguide` alone): what
to study, why it comes now, where it is, and where the plan stands. No Rich."""

from __future__ import annotations

NOTES_SHOWN = 3     # `next` shows an item's latest notes; `note ID` lists them all


def finish_line(view) -> str:
    """Where the plan stands, wrapped between its phrases to the terminal's width."""
    from studyguide.cli.views.layout import join_parts

    parts = [f"{view.done}/{view.total} done ({view.percent}%)", f"{round(view.hours_left, 1):g} h left"]
    if view.rate and view.finish and view.done < view.total:
        parts.append(f"~{view.weeks_left:g} weeks {view.rate_words()} (finish {view.finish.isoformat()})")
    return join_parts(parts)


def render_next(view, catalog, n: int, only=None, after: str | None = None, spend: str = "45m") -> None:
    """`only`: show that item (`next --time`'s pick); `after`: a line said right after it."""
    from studyguide.cli.views.layout import fill, join_parts, url_line, wrap_spans
    from studyguide.cli.views.plain import status_label
    from studyguide.plan.view import next_items, note_date

    items = [only] if only is not None else next_items(view, n)
    if not items:
        print(fill(f"Your plan is complete. {view.done} items done, {view.hours_done:g} h of study"
                   + (f", {view.skipped} skipped" if view.skipped else "") + "."))
        print(fill("Make a new plan with `studyguide recommend`, or review with `studyguide review`."))
        return
    introduced: set[int] = set()   # a topic's "This opens ..." block is said once, not per item
    moved = moved_on_from_focus(view, items[0])
    if moved is not None:
        print(fill(f"You have finished your focus topic, {moved[0]}. "
                   f"Your plan moves on to {moved[1]}.", "", None, "green"))
        print()
    for k, item in enumerate(items):
        sec = view.sections[item.section_index]
        label = "Next" if k == 0 else "Then"
        head = [(f"{label}: ", ("bold",)), (item.heading, ("bold",))]
        if item.state == "in-progress":
            head.append((" (in progress)", ("yellow",)))
        head.append((f"  [{item.id}]", ("cyan",)))
        print("\n".join(wrap_spans(head, "", "      ")))
        facts = [sec.title, f"{item.position} of {item.section_size}", item.kind, hours_fact(item),
                 "free" if item.free else "paid"] + (["a project"] if item.unit_kind == "project" else [])
        print(join_parts(facts, "  ", " · ", "dim"))
        print(fill("Why here: " + item.why, "  "))
        print(fill("Why read it: " + item.about, "  "))
        if item.status_note:
            print(fill(f"Note ({status_label(item.resource_status)}): {item.status_note}", "  ", None,
                       "yellow"))
        for mine in item.notes[-NOTES_SHOWN:]:   # the latest: the whole log is `note ID`
            print(fill(f"Your note ({note_date(mine)}): {mine.text}", "  "))
        if len(item.notes) > NOTES_SHOWN:
            print(fill(f"({len(item.notes) - NOTES_SHOWN} earlier note(s): studyguide note {item.id})",
                       "  ", None, "dim"))
        print(url_line(item.url))
        if item.alternatives:
            print(fill("Or instead (any one of these does the job): " + ", ".join(item.alternatives)
                       + f"; `studyguide swap {item.alternatives[0]}` plans it instead", "  "))
        if (sec.kind == "topic" and sec.focus and item.state == "todo" and sec.opens_at(item.position)
                and sec.index not in introduced):
            introduced.add(sec.index)
            print(fill(f"This opens {sec.title}. Focus first on:", "  ", None, "magenta"))
            for tip in sec.focus:
                print(fill("• " + tip, "    ", "      "))
        print()
    if after:
        print(after)
    first = items[0]
    hints = [f"studyguide log {first.id} {spend}", f"studyguide done {first.id}", f"studyguide skip {first.id}"]
    print(join_parts(hints, "", "  ·  ", "dim"))
    print(finish_line(view))


def moved_on_from_focus(view, item):
    """(focus title, next section title) when the learner has just finished the focus topic
    and `item` opens a later section; None otherwise."""
    if not view.focus_finished():
        return None
    focus = view.focus_sections()
    sec = view.sections[item.section_index]
    if sec.index < focus[-1].index or not sec.opens_at(item.position):
        return None
    topic_name = focus[-1].title.split(" (")[0]
    return topic_name, sec.title


def hours_fact(item) -> str:
    """'2.5 h', or with time logged on it, '45 min of 4 h logged' (time as you typed it)."""
    if not item.spent_hours:
        return f"{item.hours:g} h"
    from studyguide.progress.record import hours_text

    return f"{hours_text(item.spent_hours)} of {item.hours:g} h logged"

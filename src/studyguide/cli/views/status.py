"""`studyguide status` as text: one row per plan section, sized to the terminal.

A row is never wrapped by the terminal: the progress bar shrinks, then goes; a name too long
for its row stands on lines of its own, its figures under the column.
"""

from __future__ import annotations

from studyguide.cli.views.layout import fill, join_parts, wrap_spans
from studyguide.cli.views.next import hours_fact
from studyguide.cli.views.plain import bar, clean, style, width
from studyguide.progress.record import hours_text

MAX_BAR = 20
MIN_BAR = 8
NAME_MAX = 34   # a longer name (an overlay's topic, say) gets lines of its own: the bars stay


def _in_progress(sec, size: int) -> list[str]:
    """Under a section: each item in progress, with the time logged against its estimate."""
    out = []
    for item in sec.items:
        if item.state != "in-progress":
            continue
        fact = " · " + hours_fact(item)
        # The name wrapped between words with a hanging indent, never cut (issue 19); the
        # figures kept together, after it when they fit, else on a line of their own.
        lines = wrap_spans([(f"in progress: {clean(item.heading)}", ())], "    ", "      ", size)
        if len(lines[-1]) + len(fact) <= size:
            lines[-1] += fact
        else:
            lines.append("      " + fact.removeprefix(" · "))
        out += [style(line, "dim") for line in lines]
    return out


def status_text(view) -> str:
    size = width()
    # From the progress file, which anyone may edit: cleaned like every other text (studyguide.text).
    # (a role's plan has no depth: the f-string must not be built for a None)
    answers = [f"{name} {clean(value)}" for name, value in (("depth", view.depth), ("focus", view.focus))
               if value]
    head = f"Plan: {clean(view.title)}"
    if len(" · ".join([head, *answers])) <= size:
        lines = [style(head, "bold") + "".join(" · " + a for a in answers)]
    else:   # the answers on a line of their own rather than broken up
        lines = wrap_spans([(head, ("bold",))], "", "  ") + ([join_parts(answers, "  ")] if answers else [])
    # The plan's title is on the line above: the path's section is just "Reading path".
    rows: list[tuple[str, int, int, float, float, tuple[str, ...]]] = [
        ("Reading path" if s.kind == "path" else clean(s.title), s.done, s.total, s.hours_done,
         s.hours_left, ()) for s in view.sections]
    rows.append(("overall", view.done, view.total, view.hours_done, view.hours_left, ("bold",)))
    counts = [f"{d}/{t}" for _, d, t, *_ in rows]
    # One decimal at most: "177.75 h left" says nothing more and takes the bars' room.
    done_h = [f"{round(r[3], 1):g} h done" for r in rows]
    left_h = [f"{round(r[4], 1):g} h left" for r in rows]
    cw, dw, lw = (max(map(len, col)) for col in (counts, done_h, left_h))
    figures_width = cw + 2 + dw + 2 + lw
    # The name column takes the longest name that leaves the figures room; a longer name goes
    # on lines of its own, its figures under the column.
    name_width = min(max(len(r[0]) for r in rows), NAME_MAX, size - 4 - figures_width)
    room = size - 2 - name_width - 2 - figures_width   # what a bar and its spaces may take
    bar_size = min(MAX_BAR, room - 2) if room - 2 >= MIN_BAR else 0
    sections = [*view.sections, None]
    for (name, done, total, _, _, styles), count, dh, lh, sec in zip(rows, counts, done_h, left_h, sections):
        figures = f"{count:>{cw}}  {dh:>{dw}}  {lh:>{lw}}"
        if bar_size:
            figures = bar(done, total, bar_size) + "  " + figures
        if len(name) <= name_width:
            lines.append(style(f"  {name:<{name_width}}  {figures}", *styles))
        else:
            lines.extend(wrap_spans([(name, styles)], "  ", "    "))
            lines.append(style(" " * max(2 + name_width + 2, 4) + figures, *styles))
        if sec is not None and "in-progress" in sec._states:
            lines += _in_progress(sec, size)
    if view.hours_spent:
        lines.append(fill(f"Hours done are the catalog's estimates; you logged "
                          f"{hours_text(view.hours_spent)} "
                          "(`log`, `done --spent`).", "  ", None, "dim"))
    if view.skipped:
        lines.append(fill(f"{view.skipped} skipped item{'s' if view.skipped != 1 else ''} count"
                          f"{'s' if view.skipped == 1 else ''} in neither figure.", "  ", None, "dim"))
    if view.total and view.done == view.total:
        lines.append(fill("Plan complete: make a new one with `studyguide recommend`.", "", None, "green"))
    elif view.rate and view.finish:
        words = view.rate_words()   # your real pace once the study record spans two weeks
        lines.append(fill(f"{words[0].upper()}{words[1:]}: ~{view.weeks_left:g} weeks, "
                          f"finish around {view.finish.isoformat()}."))
    else:
        lines.append(fill("Set hours per week (studyguide recommend --hours-per-week N) for a finish date.",
                          "", None, "dim"))
    return "\n".join(lines)

"""`studyguide` with no command: the next step and a one-line status with a plan,
a short welcome without one."""

from __future__ import annotations

WELCOME = """studyguide: an ordered study plan for going deep into modern AI
(transformer internals, attention math, fine-tuning, GPU optimization,
evaluation, and the research topics around them).

It asks what you want (a goal or a role, how deep, hours per week), builds a
plan from a curated catalog (textbook or course first, then one implementation
source, then the landmark papers, leaderboards as references), and tracks your
progress so that `studyguide next` always knows what comes next.

Start:   studyguide recommend        answer four questions, get a plan
Browse:  studyguide topics           the catalog's topics
Help:    studyguide --help"""


def home() -> None:
    from studyguide.cli.context import load_view

    catalog, store, progress, view = load_view(require_plan=False)
    if view is None:
        print(WELCOME)
        return
    from studyguide.cli.commands.progress import render_next

    render_next(view, catalog, 1)

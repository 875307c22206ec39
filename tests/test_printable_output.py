"""Issue 14, item 2: whatever text comes from a file reaches no output with a control character.

Hypothesis puts arbitrary text (control characters favoured) into every text field a catalog,
a progress file or a backup can fill, and renders it through every renderer: the Rich views
(show, topics, search, recommend's plan), the plain views (next, status), markdown, HTML,
ICS, BibTeX and JSON. No output may hold a C0 character other than tab, newline and
carriage return (ICS ends its lines with CRLF), DEL, a C1 character or a bidi control
(an embedding, override or isolate, which would reorder the text on screen).
"""

from __future__ import annotations

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_fixtures import NOW, fixed_progress
from studyguide.progress.model import ItemState, Note, Section
from studyguide.valueclass import replace

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)] + BIDI
hostile = st.text(st.one_of(st.sampled_from(CONTROLS), st.characters(blacklist_categories=("Cs",))),
                  min_size=1, max_size=30)


def controls_in(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 or c in BIDI]


def hostile_catalog(catalog, t: list[str]):
    from studyguide.catalog.model import Checklist, Person

    resources = {rid: replace(r, title=t[0] + r.title, authors=t[1], why=t[2],
                              url="https://example.org/" + t[3], status="archived", status_note=t[4])
                 for rid, r in catalog.resources.items()}
    topics = {tid: replace(tp, title=t[5] + tp.title, covers=t[6], discipline=t[7], focus=(t[8],),
                           pitfalls=(t[9],), people=(Person(name=t[10], why=t[11]),),
                           checklists=(Checklist(title=t[12], items=(t[13],)),),
                           placement={i: t[14] for i in tp.sequence})
              for tid, tp in catalog.topics.items()}
    goals = {gid: replace(g, title=t[15] + g.title, description=t[16]) for gid, g in catalog.goals.items()}
    return replace(catalog, resources=resources, topics=topics, goals=goals)


def hostile_progress(catalog, t: list[str]):
    progress = fixed_progress(catalog)
    plan = progress.plan
    plan.focus = t[17]
    plan.sections.append(Section(id=t[18], items=[t[19]]))   # a topic and an item no catalog has
    ids = plan.item_ids()
    progress.items[ids[0]] = ItemState(status="skipped", skip_reason=t[20])
    progress.items[ids[1]] = ItemState(notes=[Note(t[21], NOW.date())])
    return progress


def rich_text(render) -> str:
    import sys

    from studyguide.cli.views import rich

    out, saved = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        rich.console().print(render())
    finally:
        sys.stdout = saved
    return out.getvalue()


def plain_text(render) -> str:
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        render()
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(hostile, min_size=22, max_size=22))
def test_no_renderer_lets_a_control_character_through(mini_catalog, texts):
    from studyguide.cli.views.next import render_next
    from studyguide.cli.views.status import status_text
    from studyguide.cli.views.rich import resource_view, topic_view, topics_table
    from studyguide.cli.views.rich_plan import plan_view
    from studyguide.export.bibtex import render_bibtex
    from studyguide.export.html.page import render_html
    from studyguide.export.ics import plan_sessions, render_ics
    from studyguide.export.json import render_json
    from studyguide.export.markdown import render_markdown
    from studyguide.cli.views.json import status_json
    from studyguide.plan.view import build_view

    catalog = hostile_catalog(mini_catalog, texts)
    progress = hostile_progress(catalog, texts)
    view = build_view(progress.plan, progress, catalog, NOW.date())
    rid, tid = next(iter(catalog.resources)), next(iter(catalog.topics))
    outputs = {
        "rich show resource": rich_text(lambda: resource_view(catalog.resources[rid], catalog)),
        "rich show topic": rich_text(lambda: topic_view(catalog.topics[tid], catalog)),
        "rich topics": rich_text(lambda: topics_table(catalog)),
        "rich plan": rich_text(lambda: plan_view(view)),
        "plain next": plain_text(lambda: render_next(view, catalog, 5)),
        "plain status": status_text(view),
        "markdown": render_markdown(view, NOW),
        "html": render_html(view, catalog, generated=NOW),
        "ics": render_ics(view, plan_sessions(view, date(2026, 11, 30), (0, 2, 4)), NOW),
        "bibtex": render_bibtex(view, NOW),
        "json backup": render_json(progress, NOW),
        "json status": plain_text(lambda: __import__("studyguide.cli.app", fromlist=["x"]).print_json(
            status_json(view))),
    }
    for name, text in outputs.items():
        assert not controls_in(text), (name, sorted({f"U+{ord(c):04X}" for c in controls_in(text)}))
    # JSON escapes rather than replaces: the backup still holds the exact text.
    assert json.loads(outputs["json backup"])["progress"]["plan"]["focus"] == texts[17]


def test_the_function_replaces_every_control_character_and_nothing_else():
    from studyguide.text import printable

    text = "".join(chr(c) for c in (*range(0x00, 0x250), *range(0x2000, 0x2070)))
    out = printable(text)
    assert not controls_in(out) and len(out) == len(text)
    assert [c for c, o in zip(text, out) if c != o] == [c for c in text if c in CONTROLS]
    assert printable("a\nb\tc", keep="\n") == "a\nb c"


def test_json_escapes_del_c1_and_bidi_and_decodes_to_the_same_text():
    from studyguide.text import json_printable

    for text in ("a\x7fb", "a\u202eb\u2066c", "caf\u00e9\x85"):
        raw = json.dumps({"t": text}, ensure_ascii=False)
        out = json_printable(raw)
        assert not controls_in(out) and json.loads(out) == {"t": text}
    assert json_printable('{"t": "plain"}') == '{"t": "plain"}'


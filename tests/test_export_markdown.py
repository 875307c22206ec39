"""The markdown export: golden file, read back by a CommonMark parser with the task-list plugin."""

from __future__ import annotations

from datetime import date

import pytest
from export_fixtures import (
    NOW, check_golden, fixed_progress, fixed_view, hostile_catalog, hostile_progress, one_line, parse_html,
)
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from studyguide.export.markdown import escape, render_markdown
from studyguide.progress.model import ItemState, Note


def _render_html(text: str) -> str:
    # CommonMark with raw HTML enabled (as GitHub and Obsidian allow it), plus GFM
    # strikethrough and task lists: anything our escaping misses would show up here.
    md = MarkdownIt("commonmark").enable("strikethrough").use(tasklists_plugin)
    return md.render(text)


def _tasks(text: str) -> list[tuple[str, str | None, bool, bool]]:
    """(link text, href, checked, struck through) for every task-list item, in order."""
    root = parse_html(_render_html(text))
    out = []
    for li in root.find_all("li"):
        if "task-list-item" not in li.attrs.get("class", ""):
            continue
        box = next(e for e in li.elements() if e.tag == "input")
        struck = [e for e in li.elements() if e.tag == "s"]
        holder = struck[0] if struck else li
        link = next(e for e in holder.elements() if e.tag == "a")
        out.append((link.text(), link.attrs.get("href"), "checked" in box.attrs, bool(struck)))
    return out


def test_markdown_golden(mini_catalog):
    check_golden("mini.md", render_markdown(fixed_view(mini_catalog), NOW))


def test_task_list_holds_exactly_the_plan_items_with_their_states(mini_catalog):
    view = fixed_view(mini_catalog)
    states = {i.state for i in view.items()}
    assert states == {"done", "in-progress", "todo", "skipped"}  # the fixture covers every state
    got = _tasks(render_markdown(view, NOW))
    expected = [(i.title, i.url, i.state == "done", i.state == "skipped") for i in view.items()]
    assert got == expected


def test_sections_answers_and_totals_are_there(mini_catalog):
    view = fixed_view(mini_catalog)
    text = render_markdown(view, NOW)
    root = parse_html(_render_html(text))
    headings = [h.text() for h in root.find_all("h2")]
    assert headings == [f"{n}. {s.title}" for n, s in enumerate(view.sections, 1)] + ["Totals"]
    assert root.find_all("h1")[0].text() == f"Study plan: {view.title}"
    assert "Exported from studyguide on 2026-11-23." in text
    assert "- **Hours per week:** 5" in text
    assert f"- Done: {view.done} of {view.total} items" in text
    assert f"around {view.finish.isoformat()}" in text
    assert "(skipped: archived; the paper covers it)" in text
    # Every note, oldest first, with its day; one from before notes were dated says so.
    assert "  - My note, 2026-11-18: Chapter 3 twice.\n  - My note, 2026-11-21: Re-read the appendix." in text
    assert "  - My note, undated: Pair it with the code." in text
    for sec in view.sections:
        for tip in sec.focus + sec.pitfalls:
            assert f"- {escape(tip)}" in text


def test_no_hours_per_week_says_how_to_get_a_date(mini_catalog):
    view = fixed_view(mini_catalog, fixed_progress(mini_catalog, hours=None))
    text = render_markdown(view, NOW)
    assert "- **Hours per week:** not set" in text
    assert "--hours-per-week" in text and "around" not in text


def test_hostile_titles_and_notes_render_as_their_own_text(mini_catalog):
    catalog = hostile_catalog(mini_catalog)
    progress = hostile_progress(catalog)
    view = fixed_view(catalog, progress)
    text = render_markdown(view, NOW)
    html = _render_html(text)
    root = parse_html(html)

    # Exactly the plan's items are tasks: a note saying "- [x] fake task" adds none.
    got = _tasks(text)
    assert [(t, c, s) for t, _, c, s in got] == [
        (one_line(i.title), i.state == "done", i.state == "skipped") for i in view.items()]
    # No markup came from catalog or learner text: no script, image, quote, rule or extra heading;
    # inline code only for the ids we print as code.
    for tag in ("script", "img", "blockquote", "hr", "h3", "ol", "table"):
        assert root.find_all(tag) == [], tag
    ids = {*catalog.resources, *catalog.topics, *catalog.goals}
    assert {c.text() for c in root.find_all("code")} <= ids
    assert len(root.find_all("h1")) == 1 and len(root.find_all("h2")) == len(view.sections) + 1
    assert all(a.attrs["href"].startswith("https://") for a in root.find_all("a"))
    # Every note shows as exactly its text, in a list item with no markup inside.
    notes = [li for li in root.find_all("li") if li.text().startswith("My note, ")]
    assert [li.text() for li in notes] == [f"My note, {i.notes[0].day.isoformat()}: " + one_line(i.notes[0].text)
                                           for i in view.items()]
    assert all(li.elements() == [] for li in notes)
    assert "<script" not in html


@pytest.mark.parametrize("raw", [
    "*a* _b_ `c` [d](e) <f> | # ~~g~~ $h$ & \\ i",
    "- list", "+ list", "1. one", "12) twelve", "== mark ==", "%%hidden%%", "a\nb\r\nc\x00d",
    "&lt; &amp; &#60;",
])
def test_escape_renders_exactly_the_text(raw):
    root = parse_html(_render_html(f"x {escape(raw)}\n\n{escape(raw)}\n"))
    paragraphs = root.find_all("p")
    assert [p.text() for p in paragraphs] == ["x " + one_line(raw), one_line(raw)]
    assert all(p.elements() == [] for p in paragraphs)


@pytest.mark.parametrize("raw", [
    "NUL\x00here", "ESC\x1b[31mred\x1b[0m", "vertical\x0btab", "form\x0cfeed\x7fdel\x85nel",
])
def test_escape_turns_every_control_character_into_a_space(raw):
    out = escape(raw)
    assert not [c for c in out if ord(c) < 32 or 127 <= ord(c) < 160]
    root = parse_html(_render_html(f"{out}\n"))
    assert [p.text() for p in root.find_all("p")] == [one_line(raw)]


def test_control_characters_in_notes_and_reasons_never_reach_the_file(mini_catalog):
    progress = fixed_progress(mini_catalog)
    for n, rid in enumerate(progress.plan.item_ids()):
        progress.items[rid] = ItemState(status="skipped" if n % 2 else "todo", notes=[Note(f"a\x00b\x1bc\x0bd {n}", date(2026, 11, 2))],
                                        skip_reason=f"r\x1b[2Js\x0b{n}" if n % 2 else None)
    text = render_markdown(fixed_view(mini_catalog, progress), NOW)
    assert not [c for c in text if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160]
    assert "  - My note, 2026-11-02: a b c d 0" in text and "(skipped: r \\[2Js 1)" in text


def test_a_finished_plan_says_it_is_complete(mini_catalog):
    progress = fixed_progress(mini_catalog)
    view = fixed_view(mini_catalog, progress)
    for item in view.items():
        if item.state != "skipped":
            progress.items[item.id] = ItemState(status="done")
    view = fixed_view(mini_catalog, progress)
    assert view.done == view.total and view.skipped == 1 and view.hours_per_week
    text = render_markdown(view, NOW)
    assert text.endswith("- Finish: the plan is complete, every item done or skipped\n")
    assert "weeks" not in text and "around" not in text
    # Without the skipped one: every item done.
    progress.items["board"] = ItemState(status="done")
    text = render_markdown(fixed_view(mini_catalog, progress), NOW)
    assert text.endswith("- Finish: the plan is complete, every item done\n")

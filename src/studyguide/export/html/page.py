"""The plan as one self-contained HTML page: a roadmap graph, then every topic's items.

Pure: `render_html` returns the whole document and touches nothing. The page needs no
network (inline CSS, SVG and a few lines of optional JS, locked down by a CSP) and is
complete without JS. Every catalog or learner string goes through `_e` (html.escape
with quotes), and only http(s) URLs become links, so a hostile note or title is text.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import urlsplit

from studyguide import __version__
from studyguide.catalog.model import STATUS_LABEL, Catalog
from studyguide.export.html.assets import CSS, JS
from studyguide.plan.view import ItemView, PlanView, SectionView, next_items, note_date
from studyguide.text import printable
from studyguide.export.html.graph import NODE_LABEL, layout, render_svg, section_state

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

STATE_LABEL = {"done": "Done", "in-progress": "In progress", "todo": "To do", "skipped": "Skipped"}
STATE_ICON = {"done": "✓", "in-progress": "◐", "todo": "○", "skipped": "↷"}
# Control characters other than tab and newline (a NUL or terminal escape in a note, a
# vertical tab in a title) are parse errors in HTML and print as junk: they become spaces.


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address, else None (never linked)."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _anchor(prefix: str, some_id: str) -> str:
    """An id safe in attributes and URL fragments; injective ('_' is escaped too)."""
    safe = "".join(c if (c.isascii() and (c.isalnum() or c == "-")) else f"_{ord(c):x}_" for c in some_id)
    return f"{prefix}-{safe}"


def _hours(h: float) -> str:
    return f"{h:g} h"


def _long_date(d) -> str:
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def _short_date(d) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _bar(done: int, total: int, percent: int, label: str, big: bool = False) -> str:
    return (f'<div class="progress"><div class="bar{" big" if big else ""}" role="progressbar" '
            f'aria-label="{_e(label)}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}" '
            f'aria-valuetext="{percent}% ({done} of {total} done)">'
            f'<span style="width:{percent}%"></span></div>'
            f'<span class="pct" aria-hidden="true">{percent}%</span></div>')


def _answers(view: PlanView) -> list[str]:
    out = []
    if view.goal:
        out.append("goal " + view.goal)
    elif view.role:
        out.append("role " + view.role)
    if view.depth:
        out.append("depth " + view.depth)
    elif view.role:
        out.append("the role's own depths")
    if view.focus:
        out.append("focus " + view.focus)
    if view.hours_per_week:
        out.append(f"{view.hours_per_week:g} h a week")
    return out


def _next_up(view: PlanView) -> str:
    upcoming = next_items(view, 1)
    if not upcoming:
        return '<p class="next">Nothing left to study in this plan.</p>'
    item = upcoming[0]
    started = " (in progress)" if item.state == "in-progress" else ""
    return (f'<p class="next"><strong>Next up:</strong> <a href="#{_anchor("item", item.id)}">'
            f'{_e(item.heading)}</a>{started}</p>')


def _complete(view: PlanView) -> str | None:
    """What to say when nothing is left to study (`total` leaves skipped items out)."""
    if view.done != view.total:
        return None
    return "every item done or skipped" if view.skipped else "every item done"


def _header(view: PlanView, generated: datetime) -> str:
    title = view.title or "Study plan"
    answers = "".join(f"<span>{_e(a)}</span>" for a in _answers(view))
    if _complete(view):
        finish = f"Finished<small>{_complete(view)}</small>"
    elif view.finish and view.hours_per_week:
        finish = (f'<time datetime="{view.finish.isoformat()}">{_e(_short_date(view.finish))}</time>'
                  f'<small>about {view.weeks_left:g} weeks at {view.hours_per_week:g} h a week</small>')
    else:
        finish = "Not set<small>plan with <code>--hours-per-week</code> to get one</small>"
    skipped = f", {view.skipped} skipped" if view.skipped else ""
    return f"""<header class="page">
<div class="wrap">
<p class="eyebrow">studyguide · study roadmap</p>
<h1>{_e(title)}</h1>
<p class="answers">{answers}</p>
<div class="overall">
{_bar(view.done, view.total, view.percent, "Overall progress", big=True)}
<p class="progress-text">{view.done} of {view.total} items done{skipped}</p>
<dl class="stats">
<div class="stat"><dt>Progress</dt><dd>{view.percent}%<small>{view.done} of {view.total} items</small></dd></div>
<div class="stat"><dt>Hours done</dt><dd>{_e(_hours(view.hours_done))}<small>of {_e(_hours(view.total_hours))} in total</small></dd></div>
<div class="stat"><dt>Hours left</dt><dd>{_e(_hours(view.hours_left))}<small>{view.total - view.done} items to go</small></dd></div>
<div class="stat"><dt>Finish estimate</dt><dd>{finish}</dd></div>
</dl>
</div>
<div class="toolbar">
{_next_up(view)}
<button type="button" id="hide-done" aria-pressed="false" hidden>Hide done items</button>
</div>
<p class="progress-text">Generated <time datetime="{_e(generated.isoformat())}">{_e(generated.strftime("%Y-%m-%d %H:%M %Z").strip())}</time></p>
</div>
</header>"""


def _nav(view: PlanView, anchors: list[str]) -> str:
    links = "".join(f'<li><a href="#{a}">{_e("Reading path" if s.kind == "path" else s.title)} '
                    f'<span class="pct">{s.percent}%</span></a></li>'
                    for a, s in zip(anchors, view.sections))
    return (f'<nav class="topics" aria-label="Sections of the plan"><div class="wrap"><ol>'
            f'<li><a href="#roadmap">Roadmap</a></li>{links}</ol></div></nav>')


def _roadmap(view: PlanView, catalog: Catalog, anchors: list[str]):
    lay = layout(view, catalog, anchors)
    legend = "".join(f'<li><span class="swatch {cls}"></span>{label}</li>' for cls, label in
                     (("done", NODE_LABEL["done"]), ("in-progress", NODE_LABEL["in-progress"]),
                      ("todo", NODE_LABEL["todo"]), ("skipped", "Skipped or covered earlier")))
    legend += '<li><span class="line"></span>needs first (arrow points onward)</li>'
    if any(s.kind == "path" for s in view.sections):
        legend += '<li><span class="line dashed"></span>the reading path comes first</li>'
    graph = (f'<div class="graph-scroll">{render_svg(lay, "roadmap-title")}</div>' if lay.nodes
             else '<p class="empty">This plan has no sections.</p>')
    html = f"""<section class="card" id="roadmap" aria-labelledby="roadmap-title">
<h2 id="roadmap-title">Roadmap</h2>
<p class="lede">Your topics in prerequisite order, left to right. Select a topic to jump to its reading list.</p>
{graph}
<ul class="legend" aria-label="Legend">{legend}</ul>
</section>"""
    return html, lay.prerequisites


def _item(item: ItemView) -> str:
    state = item.state if item.state in STATE_LABEL else "todo"
    url = _safe_url(item.url)
    title = f'<span class="title">{_e(item.heading)}</span>'
    if url:
        title = f'<a href="{_e(url)}" rel="noreferrer">{title}</a>'
    meta = []
    if item.authors:
        meta.append(_e(item.authors))
    if item.year:
        meta.append(_e(item.year))
    meta += [_e(item.kind), _e(_hours(item.hours)), "free" if item.free else "paid"]
    if item.spent_hours:
        meta.append(f"{_e(_hours(item.spent_hours))} logged")
    if item.unit_kind == "project":
        meta.append("project")
    meta.append(f"<code>{_e(item.id)}</code>")
    badges = (f'<span class="badge {state}"><span aria-hidden="true">{STATE_ICON[state]}</span> '
              f'{STATE_LABEL[state]}</span>')
    if item.resource_status != "active":
        label = "New address" if item.resource_status in STATUS_LABEL else f"Link {item.resource_status}"
        badges += f' <span class="badge warn">{_e(label)}</span>'
    parts = [f'<li class="item" id="{_anchor("item", item.id)}" data-state="{state}">',
             f'<div class="item-head"><h3><span class="pos">{item.position}.</span> {title}</h3>{badges}</div>',
             f'<p class="meta">{"".join(f"<span>{m}</span>" for m in meta)}</p>']
    if not url:
        parts.append('<p class="why">No link: only http and https addresses are linked.</p>')
    if item.about:
        parts.append(f'<p class="about">{_e(item.about)}</p>')
    if item.why:
        parts.append(f'<p class="why"><strong>Why here:</strong> {_e(item.why)}</p>')
    if item.status_note:
        parts.append(f'<div class="callout status"><p><strong>About the link:</strong> {_e(item.status_note)}</p></div>')
    if item.state == "skipped" and item.skip_reason:
        parts.append(f'<div class="callout skip-reason"><p><strong>Skipped because:</strong> {_e(item.skip_reason)}</p></div>')
    if item.notes:
        label = "Your note" if len(item.notes) == 1 else "Your notes"
        notes = "".join(f'<li><time>{_e(note_date(n))}</time> {_e(n.text)}</li>' for n in item.notes)
        parts.append(f'<div class="callout note"><p><strong>{label}:</strong></p><ul class="notes">{notes}</ul></div>')
    parts.append("</li>")
    return "\n".join(parts)


def _unit_progress(sec: SectionView) -> str:
    """Per resource studied unit by unit here: how many of its planned units are done."""
    groups: dict[str, list[ItemView]] = {}
    for item in sec.items:
        if item.parent is not None:
            groups.setdefault(item.parent, []).append(item)
    rows = []
    for parent, units in groups.items():
        counted = [u for u in units if u.state != "skipped"]
        done = sum(1 for u in counted if u.state == "done")
        name = units[0].parent_title or parent
        percent = int(100 * done / len(counted)) if counted else 100
        rows.append(f'<li>{_bar(done, len(counted), percent, "Units of " + name)}'
                    f'<span>{_e(name)}: {done} of {len(counted)} planned units done</span></li>')
    return f'<ul class="unit-progress">{"".join(rows)}</ul>' if rows else ""


def _tips(sec: SectionView) -> str:
    blocks = []
    for heading, lines in (("Focus on", sec.focus), ("Pitfalls", sec.pitfalls), *sec.checklists):
        if lines:
            blocks.append(f"<h3>{_e(heading)}</h3><ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
    if not blocks:
        return ""
    return "<details><summary>Study tips: focus, pitfalls and checklists</summary>" + "".join(blocks) + "</details>"


def _section(sec: SectionView, anchor: str, needs: list[tuple[str, str]], in_page: set[str]) -> str:
    state = section_state(sec)
    depth = f'<span class="pill">{_e(sec.depth)}</span>' if sec.depth else ""
    head = f'<div class="topic-head"><h2 id="{anchor}_title">{_e(sec.title)}</h2>{depth}</div>'
    out = [f'<section class="card topic" id="{anchor}" aria-labelledby="{anchor}_title" data-state="{state}">', head]
    if sec.covers:
        out.append(f'<p class="lede">{_e(sec.covers)}</p>')
    if needs:
        links = ", ".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in needs)
        out.append(f'<p class="needs">Needs first: {links}</p>')
    if sec.items:
        text = f"{sec.done} of {sec.total} done · {_e(_hours(sec.hours_left))} left"
        skipped = sum(1 for i in sec.items if i.state == "skipped")
        if skipped:
            text += f" · {skipped} skipped"
        out.append(f'<div class="topic-progress">{_bar(sec.done, sec.total, sec.percent, "Progress in " + sec.title)}'
                   f'<p class="progress-text">{NODE_LABEL[state]}: {text}</p></div>')
        out.append(_unit_progress(sec))
        out.append('<ol class="items">' + "\n".join(_item(i) for i in sec.items) + "</ol>")
    else:
        out.append('<p class="empty">Everything here is already in an earlier section.</p>')
    if sec.also:
        links = ", ".join(f'<a href="#{_anchor("item", r)}">{_e(r)}</a>' if r in in_page else _e(r)
                          for r in sec.also)
        out.append(f'<p class="needs">Also part of this topic, earlier in your plan: {links}</p>')
    out.append(_tips(sec))
    out.append("</section>")
    return "\n".join(out)


def _section_anchors(view: PlanView) -> list[str]:
    anchors: list[str] = []
    for sec in view.sections:
        base = _anchor("topic", sec.id)
        anchor, n = base, 2
        while anchor in anchors:
            anchor, n = f"{base}_{n}", n + 1  # "_" never ends an _anchor: no clash
        anchors.append(anchor)
    return anchors


def _footer(view: PlanView, generated: datetime) -> str:
    lines = [f"{view.total} items ({view.skipped} skipped), {_e(_hours(view.total_hours))} in total: "
             f"{_e(_hours(view.hours_done))} done, {_e(_hours(view.hours_left))} left."]
    if _complete(view):
        lines.append(f"The plan is complete: {_complete(view)}.")
    elif view.finish and view.hours_per_week:
        lines.append(f"At {view.hours_per_week:g} h a week: about {view.weeks_left:g} weeks, finishing "
                     f'around <time datetime="{view.finish.isoformat()}">{_e(_long_date(view.finish))}</time>.')
    if view.unknown:
        lines.append("Not in the catalog any more (progress kept): " + ", ".join(_e(u) for u in view.unknown))
    lines.append(f"Made by studyguide {_e(__version__)} on {_e(generated.date().isoformat())}. "
                 "Update it with <code>studyguide export --format html</code>.")
    return ('<footer class="page"><div class="wrap">' + "".join(f"<p>{x}</p>" for x in lines)
            + "</div></footer>")


def render_html(view: PlanView, catalog: Catalog, *, generated: datetime, record: dict | None = None) -> str:
    """The whole document for `view`; `generated` is shown as the export time; `record`
    (the `stats --json` figures) adds the study record's heatmap and weekly chart."""
    from studyguide.export.html import record_svg

    record_html = record_svg.record_section(record) if record else ""
    anchors = _section_anchors(view)
    roadmap, prereqs = _roadmap(view, catalog, anchors)
    titles = {a: s.title for a, s in zip(anchors, view.sections)}
    in_page = {i.id for i in view.items()}
    sections = "\n".join(_section(s, a, [(p, titles[p]) for p in prereqs.get(a, [])], in_page)
                         for a, s in zip(anchors, view.sections))
    title = view.title or "Study plan"
    # One pass over the finished page: text reaches it through `_e` here and through the
    # roadmap graph's own escaping, and neither removes control characters.
    return printable(f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="studyguide {_e(__version__)}">
<title>Study roadmap: {_e(title)}</title>
<style>{CSS}{record_svg.CSS if record_html else ""}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the plan</a>
{_header(view, generated)}
{_nav(view, anchors)}
<main id="main" tabindex="-1">
<div class="wrap">
{roadmap}
{record_html}
{sections}
</div>
</main>
{_footer(view, generated)}
<script>{JS}</script>
</body>
</html>
""", keep="\n\t")

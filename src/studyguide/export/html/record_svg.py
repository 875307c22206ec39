"""The study record in the HTML roadmap: a 26-week heatmap and a 12-week bar chart as
inline SVG (no script, nothing from the network), each with a text equivalent.

Pure: the `stats --json` dict in, markup out. Every value shown is a number or a date
we formatted, so nothing from a file reaches the markup unescaped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from studyguide.progress.record import minutes_text, pace_words
from studyguide.progress.stats import finished_words, heat_level

CELL, GAP = 11, 3
LEFT, TOP = 30, 16

CSS = """
.record .charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.record svg{max-width:100%;height:auto;font:11px system-ui,sans-serif}
.record svg text{fill:var(--muted)}
.record .h0{fill:var(--surface-2)}.record .h1{fill:#c6e48b}.record .h2{fill:#7bc96f}
.record .h3{fill:#239a3b}.record .h4{fill:#196127}.record .wk{fill:var(--accent)}
.record .facts{margin:8px 0 0;color:var(--muted)}
"""


def heatmap_svg(days: list[dict], min_minutes: int) -> str:
    first = date.fromisoformat(days[0]["date"])
    n_weeks = (date.fromisoformat(days[-1]["date"]) - first).days // 7 + 1
    width = LEFT + n_weeks * (CELL + GAP)
    height = TOP + 7 * (CELL + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="Minutes studied per day, last {n_weeks} weeks">']
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(f'<text x="0" y="{TOP + row * (CELL + GAP) + CELL - 1}">{name}</text>')
    month = None
    for k, d in enumerate(days):
        day = date.fromisoformat(d["date"])
        col, row = (day - first).days // 7, day.weekday()
        if row == 0 and day.month != month:
            month = day.month
            parts.append(f'<text x="{LEFT + col * (CELL + GAP)}" y="{TOP - 5}">{day.strftime("%b")}</text>')
        level = heat_level(d["minutes"], min_minutes)
        parts.append(f'<rect class="h{level}" x="{LEFT + col * (CELL + GAP)}" y="{TOP + row * (CELL + GAP)}" '
                     f'width="{CELL}" height="{CELL}" rx="2"><title>{escape(d["date"])}: '
                     f'{minutes_text(d["minutes"])}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def weeks_svg(weeks: list[dict]) -> str:
    bar, gap, chart_h, base = 22, 8, 90, 110
    width = len(weeks) * (bar + gap) + 10
    top = max((w["minutes"] for w in weeks), default=0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {base + 16}" width="{width}" '
             f'height="{base + 16}" role="img" aria-label="Hours studied per week, last {len(weeks)} weeks">']
    for k, w in enumerate(weeks):
        h = round(chart_h * w["minutes"] / top) if top else 0
        x = 5 + k * (bar + gap)
        start = date.fromisoformat(w["start"])
        parts.append(f'<rect class="wk" x="{x}" y="{base - h}" width="{bar}" height="{max(h, 0)}" rx="2">'
                     f'<title>week of {start.isoformat()}: {w["minutes"] / 60:.1f} h</title></rect>')
        if k % 2 == 0 or k == len(weeks) - 1:
            parts.append(f'<text x="{x}" y="{base + 13}">{start.day} {start.strftime("%b")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def record_section(data: dict) -> str:
    """The roadmap's "Your study record" section, or "" when nothing is recorded yet."""
    if not data["total_minutes"] and not data["reviews"]["done"]:
        return ""
    streak, pace = data["streak"], data["pace"]
    def days(n: int) -> str:
        return f"{n} day{'s' if n != 1 else ''}"

    facts = [f"Streak: {days(streak['current'])}, longest {days(streak['longest'])} "
             f"(a day counts from {streak['min_minutes']} min)"]
    if pace["hours_per_week"] is not None:
        facts.append(f"pace {pace_words(pace['hours_per_week'], pace['days'])}"
                     + (f", plan {pace['plan_hours_per_week']:g} h/week" if pace["plan_hours_per_week"] else ""))
    facts.append(f"finished: {finished_words(data['finished'])}")
    return ('<section class="record" aria-labelledby="record-title"><h2 id="record-title">Your study record</h2>'
            '<div class="charts"><figure><figcaption>Hours per week</figcaption>'
            f'{weeks_svg(data["weeks"])}</figure><figure><figcaption>Every day, last 26 weeks</figcaption>'
            f'{heatmap_svg(data["days"], streak["min_minutes"])}</figure></div>'
            f'<p class="facts">{escape(" · ".join(facts))}</p></section>')

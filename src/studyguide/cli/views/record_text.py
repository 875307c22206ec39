"""The study record as text: `history` day by day, `stats` charts. Plain lines (no Rich),
coloured only on a terminal without NO_COLOR, and readable at 80 columns."""

from __future__ import annotations

from datetime import date, timedelta

from studyguide.cli.views.plain import clean, color_on, style, width
from studyguide.progress.record import minutes_text, pace_words
from studyguide.progress.stats import Day, finished_words, heat_level

# Heatmap cells: none, under the streak threshold, then at least it, 1 h, 2 h.
HEAT_GLYPHS = ("·", "░", "▒", "▓", "█")
HEAT_COLOURS = (None, 194, 114, 70, 28)   # ANSI 256 greens, light to dark
ACTION_WORDS = {"done": "finished", "log": "logged", "start": "started", "skip": "skipped",
                "review": "reviewed"}


def _cell(level: int) -> str:
    glyph = HEAT_GLYPHS[level]
    if level and color_on():
        return f"\x1b[38;5;{HEAT_COLOURS[level]}m{glyph}\x1b[0m"
    return glyph


# ---------------------------------------------------------------- history

def _entry_line(entry, titles: dict[str, str]) -> str:
    if entry.action == "summary":
        from studyguide.progress.record import summary_parts

        _, counts = summary_parts(entry.id)
        bits = [f"{n} {ACTION_WORDS.get(a, a)}" for a, n in sorted(counts.items())]
        from studyguide.cli.views.layout import fill

        return fill("week summarised (older detail): " + ", ".join(bits), "    ", "      ", "dim")
    word = ACTION_WORDS.get(entry.action, entry.action)
    time = f"  {minutes_text(entry.minutes)}" if entry.minutes else ""
    late = f"  (written {entry.written.isoformat()})" if entry.written else ""
    rid = f"  [{clean(entry.id)}]"
    title = clean(titles.get(entry.id, ""))
    room = width() - 14 - len(rid) - len(time) - len(late)   # the title gives way, never the id
    if title and room < 12:   # a long unit id: the title on its own line, the id and time below
        room = width() - 14
        title = title if len(title) <= room else title[:room - 1] + "…"
        return (f"    {word:<9} {title}\n" + " " * 14 + style(rid.lstrip(), "cyan") + time
                + style(late, "dim"))
    if len(title) > room:
        title = title[:room - 1] + "…"
    line = f"    {word:<9} {title}" + style(rid if title else rid.lstrip(), "cyan") + time
    return line + style(late, "dim")


def _reviews_line(entries) -> str:
    minutes = sum(e.minutes for e in entries)
    return f"    {'reviewed':<9} {len(entries)} question{'s' if len(entries) != 1 else ''}" + (
        f"  {minutes_text(minutes)}" if minutes else "")


def render_history(days: list[Day], since: date, today: date, titles: dict[str, str]) -> list[str]:
    if not days:
        from studyguide.cli.views.layout import wrap_spans

        return wrap_spans([(f"Nothing recorded from {since.isoformat()} to {today.isoformat()}. "
                            "`studyguide done ID --spent 1h` records what you study.", ())], "", "")
    lines: list[str] = []
    week_total, week_days, week = 0, 0, None

    def close_week():
        if week is not None:
            lines.append(style(f"  week of {week.isoformat()}: {minutes_text(week_total)} "
                               f"on {week_days} day{'s' if week_days != 1 else ''}", "dim"))
            lines.append("")

    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        if monday != week:
            close_week()
            week, week_total, week_days = monday, 0, 0
        week_total += d.minutes
        week_days += 1 if d.minutes else 0
        lines.append(style(f"{d.day.strftime('%a')} {d.day.isoformat()}", "bold")
                     + (f"  {minutes_text(d.minutes)}" if d.minutes else ""))
        reviews = [e for e in d.entries if e.action == "review"]
        for e in d.entries:
            if e.action != "review":
                lines.append(_entry_line(e, titles))
        if reviews:
            lines.append(_reviews_line(reviews))
    close_week()
    total = sum(d.minutes for d in days)
    studied = sum(1 for d in days if d.minutes)
    lines.append(style(f"Total since {since.isoformat()}: {minutes_text(total)} on "
                       f"{studied} day{'s' if studied != 1 else ''}", "bold"))
    return lines


# ---------------------------------------------------------------- stats

def weekly_chart(weeks: list[dict], bar_width: int = 40) -> list[str]:
    top = max((w["minutes"] for w in weeks), default=0)
    lines = []
    for k, w in enumerate(weeks):
        start = date.fromisoformat(w["start"])
        label = "this week" if k == len(weeks) - 1 else f"{start:%b} {start.day:>2}"
        size = round(bar_width * w["minutes"] / top) if top else 0
        if w["minutes"] and not size:
            size = 1   # a little study still shows
        lines.append(f"  {label:<9} " + style("█" * size, "green") + " " * (bar_width - size)
                     + f" {w['minutes'] / 60:5.1f} h")
    return lines


def heatmap(days: list[dict], min_minutes: int) -> list[str]:
    """Seven rows (Monday first), one column a week, month names above."""
    first = date.fromisoformat(days[0]["date"])
    minutes = {date.fromisoformat(d["date"]): d["minutes"] for d in days}
    last = date.fromisoformat(days[-1]["date"])
    n_weeks = (last - first).days // 7 + 1
    header = [" "] * (n_weeks * 2 + 1)   # the last column's name may reach past its cell
    previous = None
    for k in range(n_weeks):
        # A month is named over the week it begins in (this week's column is December's
        # once December 1st has come, even on a Monday in November).
        sunday = min(first + timedelta(weeks=k, days=6), last)
        if sunday.month != previous:
            if all(c == " " for c in header[max(0, 2 * k - 1):2 * k + 3]):
                header[2 * k:2 * k + 3] = list(sunday.strftime("%b"))
            previous = sunday.month
    lines = ["      " + "".join(header).rstrip()]
    for row in range(7):
        cells = []
        for k in range(n_weeks):
            day = first + timedelta(weeks=k, days=row)
            cells.append(" " if day > last else _cell(heat_level(minutes.get(day, 0), min_minutes)))
        name = (first + timedelta(days=row)).strftime("%a")
        lines.append((f"  {name} " + " ".join(cells)).rstrip())
    legend = (f"  {HEAT_GLYPHS[0]} none  {_cell(1)} under {min_minutes} min  {_cell(2)} {min_minutes} min+  "
              f"{_cell(3)} 1 h+  {_cell(4)} 2 h+")
    lines.append(legend)
    return lines


def render_stats(data: dict) -> list[str]:
    streak, pace, rev, fin = data["streak"], data["pace"], data["reviews"], data["finished"]
    lines = [style("Hours per week (last 12 weeks)", "bold")]
    lines += weekly_chart(data["weeks"])
    lines += ["", style("Last 26 weeks, one cell a day", "bold")]
    lines += heatmap(data["days"], streak["min_minutes"])
    from studyguide.cli.views.layout import wrap_spans

    lines.append("")
    day_word = lambda n: f"{n} day{'s' if n != 1 else ''}"  # noqa: E731
    lines += wrap_spans([("Streak: ", ("bold",)),
                         (f"{day_word(streak['current'])} (longest {day_word(streak['longest'])})", ()),
                         (f" · a day counts from {streak['min_minutes']} min logged", ("dim",))], "", "  ")
    if pace["hours_per_week"] is not None:
        text = pace_words(pace["hours_per_week"], pace["days"])
    elif data["total_minutes"]:
        text = f"{minutes_text(data['total_minutes'])} logged; a weekly pace once your record spans two weeks"
    else:
        text = "no time logged yet"
    if pace["plan_hours_per_week"]:
        text += f" · your plan says {pace['plan_hours_per_week']:g} h/week"
    lines += wrap_spans([("Pace: ", ("bold",)), (text, ())], "", "  ")
    lines += wrap_spans([("Finished: ", ("bold",)), (finished_words(fin), ())], "", "  ")
    recalled = f", {round(rev['retention'] * 100)}% recalled" if rev["retention"] is not None else ""
    lines += wrap_spans([("Reviews: ", ("bold",)), (f"{rev['done']} graded{recalled}", ())], "", "  ")
    if not data["total_minutes"]:
        lines += [""] + wrap_spans([("Nothing logged yet: `studyguide done ID --spent 1h` records your time.",
                                     ("dim",))])
    return lines

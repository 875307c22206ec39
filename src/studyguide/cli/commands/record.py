"""Your study record: `history` (what you did, day by day) and `stats` (weeks, streak, pace)."""

from __future__ import annotations

from typing import Optional

import typer

from studyguide.cli.app import app, print_json, session


def _since(text: str, today):
    """'7d', '4w', 'today', 'yesterday' or a date (clock.parse_day, the one date parser) ->
    the first day shown."""
    import re
    from datetime import timedelta

    from studyguide.clock import day_word, parse_day
    from studyguide.errors import UsageError

    t = text.strip().lower()
    m = re.fullmatch(r"(\d{1,4})([dw])", t)
    if m:
        n = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        if n < 1:
            raise UsageError(f"--since {text!r}: at least 1d")
        return today - timedelta(days=n - 1)
    named = day_word(t, today)
    if named is not None:
        return named
    if not re.match(r"\d{4}-", t):
        raise UsageError(f"--since {text!r}: use a number of days or weeks like 7d or 4w, or a date "
                         f"like {today.isoformat()}")
    return parse_day(text.strip(), "--since", not_after=today)


@app.command()
def history(
    ctx: typer.Context,
    since: str = typer.Option("7d", "--since", metavar="7d|4w|DATE",
                              help="From how far back: days (7d), weeks (4w) or a date."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON: a list of days."),
) -> None:
    """What you did, day by day: items finished, time logged per item, reviews, day and week totals.

    Example: studyguide history --since 4w
    """
    from studyguide.clock import today
    from studyguide.progress.stats import history_days

    catalog = session(ctx).catalog()
    progress = session(ctx).store().load()
    day = today()
    first = _since(since, day)
    days = history_days(progress.log, first, day)
    if json_out:
        print_json([{"date": d.day.isoformat(), "minutes": d.minutes,
                     "entries": [_entry_json(e, d.minutes) for e in d.entries]} for d in days])
        return
    from studyguide.cli.views.record_text import render_history

    title = catalog.resource_field("title")
    ids = catalog.resources.keys()
    titles = {e.id: title(e.id) for d in days for e in d.entries if e.id in ids}
    print("\n".join(render_history(days, first, day, titles)))


def _entry_json(entry, day_minutes: int) -> dict:
    if entry.action == "summary":
        from studyguide.progress.record import summary_parts

        _, counts = summary_parts(entry.id)
        return {"id": None, "action": "summary", "minutes": day_minutes, "counts": counts}
    out = {"id": entry.id, "action": entry.action, "minutes": entry.minutes}
    if entry.written:
        out["written"] = entry.written.isoformat()
    return out


@app.command()
def stats(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    set_min: Optional[int] = typer.Option(None, "--set-streak-minutes", min=1, max=1440, metavar="N",
                                          help="Save N: the minutes a day needs to count for your streak "
                                               "(15 until you set one)."),
) -> None:
    """Hours per week, a 26-week calendar, your streak and pace, what you finished, reviews.

    Example: studyguide stats
    """
    import sys

    from studyguide.clock import today
    from studyguide.progress.stats import STREAK_SETTING, stats_json

    catalog = session(ctx).catalog()
    store = session(ctx).store()
    if set_min is not None:
        store.update(lambda p: p.settings.__setitem__(STREAK_SETTING, set_min))
        (sys.stderr if json_out else sys.stdout).write(
            f"a day now counts for your streak from {set_min} min logged (saved)\n")
    data = stats_json(store.load(), catalog, today())
    if json_out:
        print_json(data)
        return
    from studyguide.cli.views.record_text import render_stats

    print("\n".join(render_stats(data)))

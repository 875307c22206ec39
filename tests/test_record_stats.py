"""history and stats over a simulated two months with a fixed clock (STUDYGUIDE_NOW):
streaks across midnight and time zones, a missed day, a day under the threshold,
backdated entries, and the weekly summary of old detail."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from studyguide.progress import actions
from studyguide.progress.compact import compact
from studyguide.progress.model import Progress
from studyguide.progress.record import LogEntry, minutes_by_day, pace_words, parse_line, real_pace
from studyguide.progress.stats import days, finished_counts, history_days, streaks, weeks
from studyguide.progress.store import Store

IDS = ["lora", "qlora", "hf-peft-docs", "pytorch-tutorials", "d2l", "hf-llm-course"]


def at(text: str) -> dict:
    return {"STUDYGUIDE_NOW": text}


@pytest.fixture
def sg(run_cli):
    def run(when: str, *args: str):
        res = run_cli(*args, env=at(when))
        assert res.returncode == 0, (args, res.stderr)
        return res
    return run


def stats(run_cli, when: str) -> dict:
    res = run_cli("stats", "--json", env=at(when))
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


# ---------------------------------------------------------------- through the CLI

def test_a_streak_counts_the_learners_own_days_across_midnight_and_time_zones(sg, run_cli):
    # 23:50 and 00:20 in Berlin are two days there (one day in UTC): two streak days.
    sg("2026-11-10T23:50:00+01:00", "done", "lora", "--spent", "20m")
    sg("2026-11-11T00:20:00+01:00", "done", "qlora", "--spent", "20m")
    # Flown to New York: 08:00 there is 13:00 UTC; the day is the 11th's next one, the 12th.
    sg("2026-11-12T08:00:00-05:00", "done", "hf-peft-docs", "--spent", "30m")
    data = stats(run_cli, "2026-11-12T21:00:00-05:00")
    assert data["streak"] == {"current": 3, "longest": 3, "min_minutes": 15}
    assert {d["date"]: d["minutes"] for d in data["days"] if d["minutes"]} == {
        "2026-11-10": 20, "2026-11-11": 20, "2026-11-12": 30}
    # Today not studied yet does not break the streak; a whole missed day does.
    assert stats(run_cli, "2026-11-13T09:00:00-05:00")["streak"]["current"] == 3
    assert stats(run_cli, "2026-11-14T09:00:00-05:00")["streak"] == {"current": 0, "longest": 3,
                                                                      "min_minutes": 15}


def test_two_simulated_months_missed_and_short_days_backdating_and_history(sg, run_cli):
    start = date(2026, 10, 1)
    expected: dict[date, int] = {}
    for k in range(60):
        day = start + timedelta(days=k)
        if k in (20, 41):
            continue                                     # missed days
        minutes = 10 if k == 30 else 20 + (k % 3) * 20   # day 30 is under the threshold
        rid = IDS[k % len(IDS)]
        sg(f"{day.isoformat()}T19:30:00+00:00", "done", rid, "--spent", f"{minutes}m")
        expected[day] = minutes
    now = "2026-11-29T22:00:00+00:00"                    # day 59
    data = stats(run_cli, now)
    # Day 30 (10 min) breaks the run of days 21..29; day 41 is missed: 42..59 is 18 days.
    assert data["streak"]["current"] == 18 and data["streak"]["longest"] == 20   # days 0..19
    assert sum(w["minutes"] for w in data["weeks"]) == sum(expected.values())
    assert data["weeks"][-1]["start"] == "2026-11-23" and len(data["weeks"]) == 12
    assert data["days"][0]["date"] == "2026-06-01" and data["days"][-1]["date"] == "2026-11-29"
    assert {date.fromisoformat(d["date"]): d["minutes"] for d in data["days"] if d["minutes"]} == expected

    # Catching up on day 41 from the offline week: the streak heals, the record says when.
    sg(now, "done", "cs224n", "--spent", "25m", "--date", "2026-11-11")
    healed = stats(run_cli, now)["streak"]
    assert healed["current"] == 29 and healed["longest"] == 29                 # days 31..59
    hist = json.loads(run_cli("history", "--since", "2026-11-11", "--json", env=at(now)).stdout)
    assert hist[0]["date"] == "2026-11-11" and hist[0]["minutes"] == 25
    assert hist[0]["entries"] == [{"id": "cs224n", "action": "done", "minutes": 25, "written": "2026-11-29"}]
    assert [d["date"] for d in hist] == [f"2026-11-{n}" for n in range(11, 30)]
    text = run_cli("history", "--since", "2026-11-11", env={**at(now), "COLUMNS": "80"}).stdout
    assert "(written 2026-11-29)" in text and max(len(line) for line in text.splitlines()) <= 80
    assert "week of 2026-11-23: " in text

    # Undo takes the backdated entry back, and the streak with it.
    sg(now, "undo")
    assert stats(run_cli, now)["streak"]["current"] == 18

    # A higher threshold is a setting: days of 20 min stop counting.
    res = run_cli("stats", "--set-streak-minutes", "30", "--json", env=at(now))
    assert json.loads(res.stdout)["streak"]["min_minutes"] == 30
    assert json.loads(res.stdout)["streak"]["current"] < 18


def test_backdating_is_refused_in_the_future_and_beyond_60_days_and_nothing_is_written(sg, run_cli, sandbox_home):
    sg("2026-11-20T10:00:00+00:00", "done", "lora", "--spent", "1h")
    before = (sandbox_home / "progress.toml").read_bytes()
    for when, message in (("2026-11-21", "that day has not come yet"), ("2026-09-20", "at most 60 days back"),
                          ("last week", "use a day like 2026-11-20")):
        res = run_cli("done", "qlora", "--spent", "1h", "--date", when, env=at("2026-11-20T10:00:00+00:00"))
        assert res.returncode == 1 and message in res.stderr and res.stderr.count("\n") == 1, res.stderr
    assert (sandbox_home / "progress.toml").read_bytes() == before
    ok = run_cli("done", "qlora", "--spent", "1h", "--date", "2026-09-21", env=at("2026-11-20T10:00:00+00:00"))
    assert ok.returncode == 0 and "on 2026-09-21" in ok.stdout


def test_stats_read_at_80_columns_with_and_without_colour(sg, run_cli):
    for k in range(5):
        sg(f"2026-11-{10 + k}T10:00:00+00:00", "done", IDS[k], "--spent", f"{30 * (k + 1)}m")
    plain = run_cli("stats", env={**at("2026-11-15T10:00:00+00:00"), "COLUMNS": "80"}).stdout
    assert "\x1b[" not in plain and max(map(len, plain.splitlines())) <= 80
    assert "Streak: 5 days (longest 5 days)" in plain and "Finished: 5 resources, 0 topics of your plan" in plain
    heat = [line for line in plain.splitlines() if line.startswith("  Tue ") or line.startswith("  Sat ")]
    # Tue 10 Nov: 30 min (▒); Sat 14 Nov: 150 min (█), both in the last column.
    assert heat[0].endswith("▒") and heat[1].endswith("█")
    coloured = run_cli("stats", env={**at("2026-11-15T10:00:00+00:00"), "COLUMNS": "80",
                                     "NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm"}).stdout
    assert "\x1b[38;5;" in coloured


def test_the_html_roadmap_has_the_heatmap_and_weekly_chart_inline(sg, run_cli, tmp_path):
    sg("2026-11-01T10:00:00+00:00", "recommend", "--goal", "build", "--yes")
    sg("2026-11-10T10:00:00+00:00", "done", "lora", "--spent", "45m")
    out = tmp_path / "plan.html"
    sg("2026-11-15T10:00:00+00:00", "export", "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "Your study record" in page
    assert page.count('<rect class="h') == 26 * 7 - 0 and '<title>2026-11-10: 45 min</title>' in page
    assert page.count('<rect class="wk"') == 12 and "week of 2026-11-09: 0.8 h" in page
    assert "http://www.w3.org/2000/svg" in page and "<script src" not in page and "<link" not in page


# ---------------------------------------------------------------- the weekly summary of old detail

def _year(progress: Progress, first: date, n_days: int) -> None:
    for k in range(n_days):
        day = first + timedelta(days=k)
        if k % 7 == 3:
            continue
        progress.log.append(LogEntry(day, "done", 10 + k % 40, IDS[k % len(IDS)]))
        progress.log.append(LogEntry(day, "review", 1, f"q{k}"))


def test_old_weeks_are_summarised_without_changing_any_figure():
    p = Progress()
    _year(p, date(2025, 1, 1), 420)
    today = date(2026, 2, 24)
    before_days, before_len = minutes_by_day(p.log), len(p.log)
    folded = compact(p, today)
    assert folded > 0 and len(p.log) < before_len - folded / 2
    assert minutes_by_day(p.log) == before_days                        # every day's minutes kept
    assert streaks(minutes_by_day(p.log), today, 15) == streaks(before_days, today, 15)
    summaries = [e for e in p.log if e.action == "summary"]
    assert all(e.day.weekday() == 0 for e in summaries)
    cutoff = today - timedelta(days=today.weekday(), weeks=52)
    assert all(e.day < cutoff for e in summaries) and all(e.day >= cutoff for e in p.log if e.action != "summary")
    for e in summaries:                                                  # each line reads back
        assert parse_line(e.to_line()) == e
    # history still says what happened in a summarised week
    old = history_days(p.log, date(2025, 1, 6), date(2025, 1, 12))
    assert sum(d.minutes for d in old) == sum(m for d, m in before_days.items()
                                              if date(2025, 1, 6) <= d <= date(2025, 1, 12))
    assert compact(p, today) == 0                                        # nothing more to do


def test_undo_after_a_summary_still_removes_exactly_its_own_entries(sandbox_home):
    store = Store()
    store.update(lambda p: _year(p, date(2025, 1, 1), 400))
    now = datetime(2026, 2, 24, 18, 0, tzinfo=timezone.utc)
    store.update(lambda p: actions.done(p, ["lora", "qlora"], now, 1.0, today=now.date()))
    saved = store.load()
    assert any(e.action == "summary" for e in saved.log)                 # the save summarised
    assert [e.to_line() for e in saved.log[-2:]] == ["2026-02-24 done 30 lora", "2026-02-24 done 30 qlora"]
    text = (sandbox_home / "progress.toml").read_text(encoding="utf-8")
    assert len(text.encode()) < 60_000
    store.update(actions.undo)
    assert all(e.day < date(2026, 2, 24) for e in store.load().log)


def test_pace_waits_for_two_weeks_then_takes_the_last_four():
    def log(*day_minutes):
        return [LogEntry(d, "log", m, "lora") for d, m in day_minutes]

    today = date(2026, 11, 18)
    assert real_pace(log((date(2026, 11, 6), 600)), today) is None          # 13 days: too early
    assert real_pace(log((date(2026, 11, 5), 120)), today) == (round(2 / 2, 1), 14)
    # Over four weeks ago does not count; the window is then 28 days.
    entries = log((date(2026, 10, 1), 6000), (date(2026, 10, 22), 240), (date(2026, 11, 18), 240))
    assert real_pace(entries, today) == (round(8 / 4, 1), 28)
    assert pace_words(2.0, 28) == "2 h/week over the last 4 weeks"
    assert pace_words(1.5, 22) == "1.5 h/week over the last 22 days"


def test_pace_weeks_and_days_from_plain_data():
    per_day = {date(2026, 11, 2): 60, date(2026, 11, 3): 120, date(2026, 11, 16): 180}
    today = date(2026, 11, 18)
    assert weeks(per_day, today, 3) == [(date(2026, 11, 2), 180), (date(2026, 11, 9), 0),
                                        (date(2026, 11, 16), 180)]
    cells = days(per_day, today, 2)
    assert cells[0] == (date(2026, 11, 9), 0) and cells[-1] == (today, 0) and len(cells) == 10


def test_a_bad_streak_setting_in_the_file_is_refused_with_its_field(sandbox_home, run_cli):
    sandbox_home.mkdir(parents=True, exist_ok=True)
    (sandbox_home / "progress.toml").write_text("schema_version = 3\n[settings]\nstreak_minutes = 0\n")
    res = run_cli("stats")
    assert res.returncode != 0 and "settings.streak_minutes" in res.stderr


# ---------------------------------------------------------------- your state everywhere

def test_show_search_topics_and_status_mark_your_state(sg, run_cli):
    sg("2026-11-01T10:00:00+00:00", "recommend", "--goal", "build", "--yes")
    plan = json.loads(run_cli("next", "-n", "3", "--json", env=at("2026-11-01T10:00:00+00:00")).stdout)
    first, second, third = (i["id"] for i in plan)
    sg("2026-11-02T10:00:00+00:00", "done", first, "--spent", "1h")
    sg("2026-11-03T10:00:00+00:00", "start", second)
    sg("2026-11-03T10:00:00+00:00", "note", second, "halfway")
    sg("2026-11-03T10:00:00+00:00", "skip", third)
    shown = {rid: json.loads(run_cli("show", rid, "--json").stdout) for rid in (first, second, third)}
    assert [shown[r]["state"] for r in (first, second, third)] == ["done", "in-progress", "skipped"]
    assert shown[second]["notes"] == [{"date": "2026-11-03", "text": "halfway"}]
    # Search lists whole resources: one studied in units is in progress once a unit is done.
    book = first.split("/")[0]
    outside = json.loads(run_cli("search", "--json").stdout)
    states = {r["id"]: r["state"] for r in outside}
    assert states[book] == "in-progress" and "planned" in states.values() and "not-planned" in states.values()
    listed = " ".join(run_cli("search", book).stdout.split())
    assert f"[{book}] ◐ in progress · 1 note" in listed
    topics = json.loads(run_cli("topics", "--json").stdout)
    assert sum(t["yours"]["done"] for t in topics) >= 1 and sum(t["yours"]["notes"] for t in topics) >= 1
    status = json.loads(run_cli("status", "--json", env=at("2026-11-04T10:00:00+00:00")).stdout)
    assert status["in_progress"] == [{"id": second, "title": shown[second]["title"], "topic": plan[1]["topic"],
                                      "started": "2026-11-03", "logged_minutes": 0}]
    text = run_cli("status", env=at("2026-11-04T10:00:00+00:00")).stdout
    assert "in progress: " in text          # under its section, with its hours (issue 15's layout)


def test_a_review_adds_to_the_record():
    from studyguide.progress.review import record

    p = Progress()
    now = datetime(2026, 11, 10, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    record(p, "q1", "good", now, minutes=3)
    record(p, "q2", "again", now, minutes=45)                 # left open: capped
    assert [e.to_line() for e in p.log] == ["2026-11-10 review 3 q1", "2026-11-10 review 10 q2"]


def test_undo_after_a_review_takes_back_its_own_step_and_keeps_the_review():
    from studyguide.progress.review import record

    p = Progress()
    now = datetime(2026, 11, 10, 20, 0, tzinfo=timezone.utc)
    actions.done(p, ["lora"], now, 1.0, today=now.date())
    record(p, "q1", "good", now, minutes=2)            # no undo step of its own
    actions.start(p, "qlora", now, today=now.date())
    actions.undo(p)
    actions.undo(p)
    assert [e.to_line() for e in p.log] == ["2026-11-10 review 2 q1"]


@pytest.mark.parametrize("since,first", [
    ("7d", "2026-11-23"), ("2w", "2026-11-16"), ("today", "2026-11-29"), ("yesterday", "2026-11-28"),
    ("2026-11-01", "2026-11-01"), (" 2026-11-01 ", "2026-11-01"),
])
def test_history_since_takes_days_weeks_words_and_dates(run_cli, since, first):
    assert run_cli("done", "lora", "--spent", "30m", env=at("2026-11-29T09:00:00+00:00")).returncode == 0
    res = run_cli("history", "--since", since, env=at("2026-11-29T22:00:00+00:00"))
    assert res.returncode == 0, res.stderr
    assert res.stdout.rstrip().splitlines()[-1].startswith(f"Total since {first}:")


@pytest.mark.parametrize("since,error", [
    ("2026-11-30", "that day has not come yet"),
    ("0001-01-01", "choose a year between 1900 and 9000"),   # clock.parse_day, as every date typed
    ("2026-1-5", "use a date like"),
    ("lately", "use a number of days or weeks like 7d or 4w"),
    ("0d", "at least 1d"),
])
def test_history_since_refuses_with_one_line(run_cli, since, error):
    res = run_cli("history", "--since", since, env=at("2026-11-29T22:00:00+00:00"))
    assert res.returncode == 1 and error in res.stderr and len(res.stderr.splitlines()) == 1


def test_stats_and_status_say_the_same_pace(sg, run_cli):
    sg("2026-11-10T19:00:00+00:00", "recommend", "--goal", "concepts", "--hours-per-week", "5", "--yes")
    for day in ("2026-11-10", "2026-11-17", "2026-11-24"):
        sg(f"{day}T19:00:00+00:00", "log", "hf-llm-course/chapter-01", "1h")
    now = "2026-11-24T21:00:00+00:00"
    status = json.loads(run_cli("status", "--json", env=at(now)).stdout)
    data = stats(run_cli, now)
    assert data["pace"]["hours_per_week"] == status["pace"] == round(3 / (15 / 7), 1)
    assert data["pace"]["days"] == 15
    words = f"{status['pace']:g} h/week over the last 15 days"
    assert words in run_cli("status", env=at(now)).stdout
    assert words in " ".join(run_cli("stats", env={**at(now), "COLUMNS": "80"}).stdout.split())


def test_finished_counts_resources_and_units_apart(mini_catalog):
    from studyguide.progress.model import ItemState
    from studyguide.valueclass import replace

    resources = dict(mini_catalog.resources)
    parent = resources["found-a"]
    units = ("found-a/one", "found-a/two")
    for n, uid in enumerate(units, 1):
        resources[uid] = replace(parent, id=uid, parent="found-a", n=str(n), units=())
    resources["found-a"] = replace(parent, units=units)
    catalog = replace(mini_catalog, resources=resources, parents=frozenset({"found-a"}))
    p = Progress(items={"found-a/one": ItemState(status="done"), "found-b": ItemState(status="done")})
    assert finished_counts(p, catalog) == {"resources": 1, "units": 1}    # found-b; half of found-a
    p.items["found-a/two"] = ItemState(status="done")
    assert finished_counts(p, catalog) == {"resources": 2, "units": 2}



def test_a_course_is_done_only_when_every_unit_is(cli):
    """One CS224N lecture done (all a plan took of it) is the course in progress, not done;
    every lecture done or skipped, with one done, is the course done."""
    assert cli("recommend", "--goal", "concepts", "--depth", "overview", "--yes").returncode == 0
    planned = [i["id"] for i in json.loads(cli("next", "-n", "300", "--json").stdout)]
    lectures = json.loads(cli("show", "cs224n", "--json").stdout)["units"]
    mine = [u["id"] for u in lectures if u["id"] in planned]
    assert 0 < len(mine) < len(lectures)          # the plan takes some lectures, not all
    assert cli("done", *mine).returncode == 0
    assert json.loads(cli("show", "cs224n", "--json").stdout)["state"] == "in-progress"
    rest = [u["id"] for u in lectures if u["id"] not in mine]
    for uid in rest[:-1]:
        assert cli("skip", uid).returncode == 0
    assert json.loads(cli("show", "cs224n", "--json").stdout)["state"] == "in-progress"
    assert cli("done", rest[-1]).returncode == 0
    assert json.loads(cli("show", "cs224n", "--json").stdout)["state"] == "done"


def test_the_calendar_names_every_month_over_the_week_it_begins(sg, run_cli):
    """Monday 7 December: December is named over the week of Monday 30 November, the one
    it begins in (named by Mondays, it had no name at all); every month is named once."""
    sg("2026-12-07T10:00:00+00:00", "done", "lora", "--spent", "30m")
    text = run_cli("stats", env={**at("2026-12-07T10:00:00+00:00"), "COLUMNS": "80"}).stdout
    header = next(line for line in text.splitlines() if line.startswith("      ") and "Jun" in line)
    assert header.split() == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [line for line in text.splitlines() if line.startswith("  Mon ")]
    assert header.index("Dec") == len(rows[0]) - 3   # the column before this week's

"""Spaced review core (review.py) with a fixed clock: unlocking, FSRS intervals, the daily cap."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from studyguide.progress import review as rv
from studyguide.catalog.model import Question
from studyguide.progress.model import ItemState, Plan, Progress, Section
from studyguide.valueclass import replace

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def _q(qid: str, topic: str, *resources: str) -> Question:
    return Question(id=qid, topic=topic, level="intro", question=f"What is {qid}?",
                    answer=f"{qid} is a thing.", resources=tuple(resources))


@pytest.fixture
def catalog(mini_catalog):
    questions = [
        _q("base-one", "base", "found-a"),
        _q("base-two", "base", "found-a", "code-a"),
        _q("side-one", "side", "board"),
        _q("middle-one", "middle", "found-c", "code-c"),
    ]
    return replace(mini_catalog, questions={q.id: q for q in questions})


def _done(progress: Progress, *ids: str, status: str = "done") -> Progress:
    for i in ids:
        progress.items[i] = ItemState(status=status, finished=NOW if status == "done" else None)
    return progress


# ---------------------------------------------------------------- unlocking

def test_nothing_studied_means_no_cards(catalog):
    progress = Progress()
    assert rv.unlocked(progress, catalog) == set()
    q = rv.queue(progress, catalog, NOW)
    assert q.today == [] and q.later == 0 and q.next_due is None
    assert rv.due_count(progress, catalog, NOW) == 0


def test_a_question_unlocks_only_when_all_its_resources_are_done(catalog):
    progress = _done(Progress(), "found-a")
    assert rv.unlocked(progress, catalog) == {"base-one"}
    assert rv.queue(progress, catalog, NOW).today == ["base-one"]
    _done(progress, "code-a")
    assert rv.unlocked(progress, catalog) == {"base-one", "base-two"}
    assert rv.due_count(progress, catalog, NOW) == 2
    # in progress is not done
    progress.items["code-a"] = ItemState(status="in-progress")
    assert rv.unlocked(progress, catalog) == {"base-one"}


def test_finishing_a_topic_unlocks_its_questions(catalog):
    # board is skipped, so side-one's resources are not all done; the topic is finished.
    plan = Plan(created=NOW, sections=[Section(id="side", items=["found-b", "board"])])
    progress = _done(Progress(plan=plan), "found-b")
    _done(progress, "board", status="skipped")
    assert "side-one" in rv.unlocked(progress, catalog)
    assert rv.finished_topics(progress, catalog) == {"side"}
    # without the plan the topic cannot be finished, and the resource route fails
    assert "side-one" not in rv.unlocked(Progress(items=progress.items), catalog)


def test_a_topic_with_an_open_item_or_only_skips_is_not_finished(catalog):
    plan = Plan(created=NOW, sections=[Section(id="side", items=["found-b", "board"])])
    progress = _done(Progress(plan=plan), "found-b")
    assert rv.finished_topics(progress, catalog) == set()
    skipped = _done(Progress(plan=plan), "found-b", "board", status="skipped")
    assert rv.finished_topics(skipped, catalog) == set()


def test_a_topic_counts_its_items_placed_in_an_earlier_section(catalog):
    # paper-1 is in base's section; middle's own section only has found-c and code-c.
    plan = Plan(created=NOW, sections=[Section(id="base", items=["paper-1"]),
                                       Section(id="middle", items=["found-c", "code-c"])])
    progress = _done(Progress(plan=plan), "found-c", "code-c")
    assert "middle" not in rv.finished_topics(progress, catalog)
    _done(progress, "paper-1")
    assert "middle" in rv.finished_topics(progress, catalog)


# ---------------------------------------------------------------- scheduling

def _interval(card: dict) -> float:
    return (card["due"] - card["last_review"]).total_seconds() / 86400


def test_first_grades_order_the_first_interval_and_are_whole_days():
    firsts = {g: _interval(rv.grade(None, g, NOW)) for g in rv.GRADES}
    assert all(v >= 1 and v == int(v) for v in firsts.values()), firsts
    assert firsts["again"] <= firsts["hard"] <= firsts["good"] < firsts["easy"], firsts
    assert firsts["again"] < firsts["easy"]


def test_good_grades_lengthen_intervals_and_again_shortens_them():
    card = rv.grade(None, "good", NOW)
    intervals = [_interval(card)]
    for _ in range(4):
        card = rv.grade(card, "good", card["due"])       # reviewed on the day it is due
        intervals.append(_interval(card))
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0] * 4, intervals
    assert card["reps"] == 5 and card["lapses"] == 0 and card["state"] == "review"

    forgot = rv.grade(card, "again", card["due"])
    assert _interval(forgot) < intervals[-1] / 2, (_interval(forgot), intervals)
    assert forgot["stability"] < card["stability"]
    assert forgot["lapses"] == 1 and forgot["reps"] == 6


def test_grading_uses_the_stored_card():
    """A long-known card graded good moves further than a new card graded good."""
    card = rv.grade(None, "good", NOW)
    for _ in range(3):
        card = rv.grade(card, "good", card["due"])
    later = card["due"]
    assert _interval(rv.grade(card, "good", later)) > _interval(rv.grade(None, "good", later))


def test_record_saves_the_card_in_progress():
    progress = Progress()
    card = rv.record(progress, "q1", "good", NOW)
    assert progress.cards["q1"] is card and card["last_review"] == NOW


@pytest.mark.parametrize("text,grade", [("1", "again"), ("2", "hard"), ("3", "good"), ("4", "easy"),
                                         ("Good", "good"), (" e ", "easy"), ("ag", "again"),
                                         ("5", None), ("", None), ("x", None), ("goodish", None)])
def test_parse_grade(text, grade):
    assert rv.parse_grade(text) == grade


# ---------------------------------------------------------------- the daily queue

def test_due_cards_come_oldest_first_before_new_ones(catalog):
    progress = _done(Progress(), "found-a", "code-a", "found-c", "code-c")
    progress.cards["base-two"] = rv.grade(None, "good", NOW - timedelta(days=10))
    progress.cards["middle-one"] = rv.grade(None, "good", NOW - timedelta(days=20))
    q = rv.queue(progress, catalog, NOW)
    assert q.today == ["middle-one", "base-two", "base-one"]
    assert q.new == {"base-one"}


def test_a_card_is_due_all_day_on_its_due_date(catalog):
    progress = _done(Progress(), "found-a")
    progress.cards["base-one"] = rv.grade(None, "good", NOW)          # due 2 days later at 09:00
    due_day = progress.cards["base-one"]["due"].date()
    early_that_day = datetime.combine(due_day, datetime.min.time(), timezone.utc) + timedelta(hours=1)
    assert rv.queue(progress, catalog, early_that_day).today == ["base-one"]
    q = rv.queue(progress, catalog, early_that_day - timedelta(days=1))
    assert q.today == [] and q.next_due == progress.cards["base-one"]["due"]


def test_cards_of_questions_the_catalog_dropped_are_kept_but_not_asked(catalog):
    progress = Progress()
    progress.cards["gone"] = rv.grade(None, "good", NOW - timedelta(days=30))
    assert rv.queue(progress, catalog, NOW).today == []
    assert "gone" in progress.cards


def test_grades_given_today_count_against_the_cap(catalog):
    many = {f"q{i:02d}": _q(f"q{i:02d}", "base", "found-a") for i in range(30)}
    cat = replace(catalog, questions=many)
    progress = _done(Progress(), "found-a")
    for qid in list(many)[:5]:
        rv.record(progress, qid, "good", NOW)
    q = rv.queue(progress, cat, NOW, cap=10, new_limit=10)
    assert q.done_today == 5 and len(q.today) == 5 and q.later == 20
    progress.settings[rv.NEW_CAP_SETTING] = 7
    assert len(rv.queue(progress, cat, NOW).today) == 2
    assert rv.daily_cap(Progress()) == rv.DEFAULT_CAP == 20
    assert rv.new_cap(Progress()) == rv.DEFAULT_NEW_CAP == 5


def test_a_month_away_is_spread_over_days_under_the_cap(catalog):
    """60 cards learned, then 30 days away: no day asks more than the cap, the oldest come
    first, and every card is reviewed within ceil(overdue / cap) days of coming back."""
    cap = 20
    many = {f"q{i:02d}": _q(f"q{i:02d}", "base", "found-a") for i in range(60)}
    cat = replace(catalog, questions=many)
    progress = _done(Progress(), "found-a")
    day0 = NOW

    def study(day: datetime, grade: str = "good") -> list[str]:
        q = rv.queue(progress, cat, day, cap=cap, new_limit=cap)
        assert len(set(q.today) - q.new) <= cap and len(q.new) <= cap
        dues = [progress.cards[i]["due"] for i in q.today if i in progress.cards]
        assert dues == sorted(dues), "overdue cards must come oldest first"
        for qid in q.today:
            rv.record(progress, qid, grade, day)
        again = rv.queue(progress, cat, day, cap=cap, new_limit=cap)
        assert again.today == [], "the cap holds for the rest of the day"
        return q.today

    d = 0
    while len(progress.cards) < len(many):               # learn them all, 20 a day at most
        study(day0 + timedelta(days=d))
        d += 1
    assert d <= 6

    back = day0 + timedelta(days=d + 30)                 # then a month away
    overdue = rv.queue(progress, cat, back, cap=1000).today
    assert len(overdue) == 60 > cap                      # the wall that must not happen
    first = rv.queue(progress, cat, back, cap=cap)
    assert len(first.today) == cap and first.later == 60 - cap

    seen: dict[str, int] = {}
    per_day = []
    for d in range(30):
        asked = study(back + timedelta(days=d))
        per_day.append(len(asked))
        for qid in asked:
            seen.setdefault(qid, d)
    assert max(per_day) <= cap
    assert set(seen) == set(overdue), "every card is reviewed after the break"
    assert max(seen.values()) < math.ceil(len(overdue) / cap), seen


def test_due_count_does_not_import_fsrs(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from studyguide.catalog.model import Question, Catalog\n"
        "from studyguide.progress.model import Progress, ItemState\n"
        "from studyguide.progress import review\n"
        "q = Question(id='q', topic='t', level='intro', question='?', answer='!', resources=('r',))\n"
        "cat = Catalog(resources={}, topics={}, goals={}, roles={}, questions={'q': q})\n"
        "p = Progress(items={'r': ItemState(status='done')})\n"
        "n = review.due_count(p, cat, datetime(2026, 11, 23, tzinfo=timezone.utc))\n"
        "print(n, 'fsrs' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "False"]


@pytest.mark.parametrize("state,step", [("learning", 0), ("relearning", 0), ("review", None)])
def test_hand_edited_card_states_grade_into_whole_day_reviews(state, step):
    card = {"due": NOW, "stability": 3.0, "difficulty": 5.0, "state": state,
            "last_review": NOW - timedelta(days=3), "reps": 2, "lapses": 0}
    if step is not None:
        card["step"] = step
    after = rv.grade(card, "good", NOW)
    assert after["state"] == "review" and "step" not in after
    assert after["stability"] > 3.0 and _interval(after) >= 3 and after["reps"] == 3


def test_a_card_without_stability_starts_afresh():
    assert rv.grade({"due": NOW}, "good", NOW) == rv.grade(None, "good", NOW)


# ---------------------------------------------------------------- issue 19: a gentler review

def test_a_resource_outside_the_plan_does_not_keep_a_question_locked(catalog):
    # base-two cites found-a and code-a; the plan has found-a only (its depth left code-a out).
    plan = Plan(created=NOW, sections=[Section(id="base", items=["found-a", "paper-1"])])
    progress = Progress(plan=plan)
    assert "base-two" not in rv.unlocked(progress, catalog)
    assert rv.missing_resources(catalog.questions["base-two"], progress, catalog) == ["found-a"]
    _done(progress, "found-a")
    assert {"base-one", "base-two"} <= rv.unlocked(progress, catalog)
    assert rv.missing_resources(catalog.questions["base-two"], progress, catalog) == []
    # Without a plan every cited resource counts.
    assert "base-two" not in rv.unlocked(Progress(items=progress.items), catalog)


def test_a_planned_resource_still_to_do_keeps_it_locked(catalog):
    plan = Plan(created=NOW, sections=[Section(id="base", items=["found-a", "code-a"])])
    progress = _done(Progress(plan=plan), "found-a")
    assert "base-two" not in rv.unlocked(progress, catalog)
    assert rv.missing_resources(catalog.questions["base-two"], progress, catalog) == ["code-a"]


def test_new_cards_have_their_own_daily_cap_apart_from_reviews(catalog):
    many = {f"q{i:02d}": _q(f"q{i:02d}", "base", "found-a") for i in range(12)}
    cat = replace(catalog, questions=many)
    progress = _done(Progress(), "found-a")
    for qid in list(many)[:3]:                       # three cards learned ten days ago, due now
        rv.record(progress, qid, "good", NOW - timedelta(days=10))
    q = rv.queue(progress, cat, NOW)
    assert q.today == ["q00", "q01", "q02", "q03", "q04", "q05", "q06", "q07"]   # 3 reviews + 5 new
    assert q.new == {"q03", "q04", "q05", "q06", "q07"} and q.new_later == 4 and q.later == 4
    for qid in q.today:
        rv.record(progress, qid, "good", NOW)
    after = rv.queue(progress, cat, NOW)
    assert after.today == [] and after.new_later == 4       # tomorrow's new cards
    assert rv.queue(progress, cat, NOW, new_limit=6).today == ["q08"]
    tomorrow = rv.queue(progress, cat, NOW + timedelta(days=1))
    assert set(tomorrow.today) >= {"q08", "q09", "q10", "q11"}
    # the review cap no longer limits new cards, and new cards no longer use up the review cap
    fresh = _done(Progress(), "found-a")
    assert len(rv.queue(fresh, cat, NOW, cap=2).today) == 5
    assert rv.queue(fresh, cat, NOW, new_limit=0).today == []

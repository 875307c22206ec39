"""Spaced review of the self-check questions: unlocking, FSRS scheduling, the daily queue.

Pure given a clock: every function takes `now`, an aware datetime in the learner's
time zone (`studyguide.clock.local_now`). A card is due on the calendar day of its `due` in that
zone, so a card scheduled "in 2 days" at 21:00 is due all day long two days later.

Rules (docs/review.md):
- A question is unlocked once the resources that teach it are done, or once its topic
  is finished (every non-skipped plan item of the topic done, at least one). With a
  plan, only its resources that the plan has count: one outside the plan (a paper the
  plan's depth left out) would otherwise keep the question locked for good.
- Only unlocked questions become review cards. An unlocked question without a card
  is new and due at once; grading it creates the card. Quizzing a locked question
  is practice and is not scheduled.
- FSRS (the `fsrs` package) schedules cards in whole days: no minute-long learning
  steps (a study guide is a daily habit, not a drill), no fuzz (same input, same
  date). It is imported only by `grade`, never by `due_count`, so `next` and
  `status` stay fast.
- The daily cap (default 20, settings.review_cap) bounds the reviews one day asks:
  reviews graded today count against it, the oldest due cards come first, and what
  is over the cap stays due for the following days, so a break never turns into a wall.
- New cards have a cap of their own (default 5, settings.review_new_cap), as in Anki:
  finishing a topic unlocks its ten questions, which then arrive a few a day.
"""

from __future__ import annotations

from studyguide.valueclass import field, valueclass
from datetime import date, datetime, timezone

from studyguide.catalog.model import Catalog, Question
from studyguide.progress.model import PATH_SECTION, Progress

DEFAULT_CAP = 20
DEFAULT_NEW_CAP = 5
MAX_CAP = 1000
CAP_SETTING = "review_cap"
NEW_CAP_SETTING = "review_new_cap"
GRADES = ("again", "hard", "good", "easy")             # FSRS ratings 1 to 4, in this order
CARD_STATES = ("learning", "review", "relearning")     # FSRS states 1 to 3, in this order


def day_of(moment: datetime, now: datetime) -> date:
    return moment.astimezone(now.tzinfo).date()


# ---------------------------------------------------------------- unlocking

def _done_ids(progress: Progress, catalog: Catalog) -> tuple[set[str], set[str]]:
    """(done, skipped) resource ids, following renames."""
    done, skipped = set(), set()
    current = catalog.current_id if catalog.renames else str  # no renames: ids are current
    for rid, st in progress.items.items():
        if st.status == "done":
            done.add(current(rid))
        elif st.status == "skipped":
            skipped.add(current(rid))
    return done, skipped


def finished_topics(progress: Progress, catalog: Catalog,
                    done_skipped: tuple[set[str], set[str]] | None = None) -> set[str]:
    """Topics whose plan items (its section, plus its items placed in earlier sections)
    are all done or skipped, with at least one done."""
    plan = progress.plan
    if plan is None:
        return set()
    done, skipped = done_skipped or _done_ids(progress, catalog)
    in_plan: set[str] = set()
    finished = set()
    # Runs for `next` and `status` over every plan item: C-level `in` on the id keys, and
    # no rename lookups when the catalog declares none (docs/performance.md).
    current = catalog.current_id if catalog.renames else str
    ids, sequence = catalog.resources.keys(), catalog.topic_field("sequence")
    for sec in plan.sections:
        items = list(map(current, sec.items))
        topic_id = current(sec.id)
        if (sec.id != PATH_SECTION and topic_id in catalog.topics
                # an open item of its own already says no (most topics, found early)
                and not any(r not in done and r not in skipped and r in ids for r in items)):
            placed_earlier = [r for r in sequence(topic_id) if r in in_plan]
            mine = [r for r in dict.fromkeys(items + placed_earlier) if r in ids]
            studied = [r for r in mine if r not in skipped]
            if studied and all(r in done for r in studied):
                finished.add(topic_id)
        in_plan.update(items)
    return finished


def _planned(progress: Progress, catalog: Catalog) -> set[str]:
    if progress.plan is None:
        return set()
    return {catalog.current_id(r) for r in progress.plan.item_ids()}


def _teaching(question: Question, planned: set[str], catalog: Catalog) -> list[str]:
    """The resources whose being done unlocks the question: those the plan has, when it has
    any of them; all of them otherwise (no plan, or none of them planned)."""
    cited = [catalog.current_id(r) for r in question.resources]
    in_plan = [r for r in cited if r in planned]
    return in_plan or cited


def unlocked(progress: Progress, catalog: Catalog) -> set[str]:
    """Ids of the questions the learner has studied the material for."""
    done, skipped = _done_ids(progress, catalog)
    topics = finished_topics(progress, catalog, (done, skipped))  # one pass over the items
    planned = _planned(progress, catalog)
    return {q.id for q in catalog.questions.values()
            if q.topic in topics or all(r in done for r in _teaching(q, planned, catalog))}


def missing_resources(question: Question, progress: Progress, catalog: Catalog) -> list[str]:
    """The resources still to do that unlock the question (besides finishing its topic)."""
    done, _ = _done_ids(progress, catalog)
    return [r for r in _teaching(question, _planned(progress, catalog), catalog) if r not in done]


# ---------------------------------------------------------------- the daily queue

def daily_cap(progress: Progress, override: int | None = None) -> int:
    if override is not None:
        return override
    value = progress.settings.get(CAP_SETTING)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else DEFAULT_CAP


def new_cap(progress: Progress, override: int | None = None) -> int:
    if override is not None:
        return override
    value = progress.settings.get(NEW_CAP_SETTING)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else DEFAULT_NEW_CAP


def _graded_today(progress: Progress, now: datetime) -> list[dict]:
    today = now.date()
    return [c for c in progress.cards.values()
            if isinstance(c.get("last_review"), datetime) and day_of(c["last_review"], now) == today]


def reviewed_today(progress: Progress, now: datetime) -> int:
    return len(_graded_today(progress, now))


def introduced_today(progress: Progress, now: datetime) -> int:
    """Cards graded for the first time today: they count against the new-card cap."""
    return sum(1 for c in _graded_today(progress, now) if c.get("reps", 1) <= 1)


@valueclass
class Queue:
    today: list[str]            # question ids to review now, in order
    later: int                  # due today too, but over the cap: they come on the next days
    cap: int
    done_today: int             # cards graded today (reviews count against the cap, new ones the new cap)
    next_due: datetime | None   # the earliest card due after today, when nothing is left today
    new: set[str] = field(default_factory=set)   # the ids in `today` that have no card yet
    new_cap: int = DEFAULT_NEW_CAP
    new_later: int = 0          # unlocked questions over today's new-card cap (part of `later`)


def queue(progress: Progress, catalog: Catalog, now: datetime, cap: int | None = None,
          new_limit: int | None = None) -> Queue:
    """Today's reviews: due cards oldest first, at most the cap minus the reviews graded
    today; then new unlocked questions in catalog order, at most the new-card cap minus the
    cards introduced today."""
    limit = daily_cap(progress, cap)
    fresh_limit = new_cap(progress, new_limit)
    today = now.date()
    due: list[tuple[datetime, str]] = []
    future: list[tuple[datetime, str]] = []
    for qid, card in progress.cards.items():
        if qid not in catalog.questions or not isinstance(card.get("due"), datetime):
            continue  # a question the catalog dropped: the card is kept, not asked
        (due if day_of(card["due"], now) <= today else future).append((card["due"], qid))
    due.sort()
    open_ = unlocked(progress, catalog)
    fresh = [qid for qid in catalog.questions if qid not in progress.cards and qid in open_]
    done = reviewed_today(progress, now)
    introduced = introduced_today(progress, now)
    room = max(0, limit - (done - introduced))
    new_room = max(0, fresh_limit - introduced)
    reviews, new = [qid for _, qid in due][:room], fresh[:new_room]
    new_later = len(fresh) - len(new)
    return Queue(today=reviews + new, later=len(due) - len(reviews) + new_later, cap=limit,
                 done_today=done, next_due=min(future)[0] if future else None, new=set(new),
                 new_cap=fresh_limit, new_later=new_later)


def due_count(progress: Progress, catalog: Catalog, now: datetime) -> int:
    """How many reviews `studyguide review` would ask today (cap applied). No fsrs import."""
    return len(queue(progress, catalog, now).today)


# ---------------------------------------------------------------- quiz selection

def quiz_questions(progress: Progress, catalog: Catalog, topic: str | None, n: int) -> list[Question]:
    """Questions to quiz: unlocked first (never graded, then the longest unseen), then the
    rest in catalog order. Deterministic, so a quiz can be repeated."""
    open_ = unlocked(progress, catalog)
    pool = [q for q in catalog.questions.values() if topic is None or q.topic == topic]
    order = {q.id: k for k, q in enumerate(pool)}
    epoch = datetime.min.replace(tzinfo=timezone.utc)

    def key(q: Question):
        card = progress.cards.get(q.id)
        seen = card.get("last_review") if card else None
        return (q.id not in open_, card is not None, seen if isinstance(seen, datetime) else epoch,
                order[q.id])

    return sorted(pool, key=key)[:n]


# ---------------------------------------------------------------- grading (FSRS)

def parse_grade(text: str) -> str | None:
    """'3', 'good', 'g' -> 'good'; None when it is not a grade."""
    t = text.strip().lower()
    if t in ("1", "2", "3", "4"):
        return GRADES[int(t) - 1]
    for g in GRADES:
        if t and g.startswith(t):
            return g
    return None


def _scheduler():
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def grade(card: dict | None, rating: str, now: datetime) -> dict:
    """The card's fields after a review graded `rating` at `now` (a new card if None)."""
    from fsrs import Card, Rating, State

    at = now.astimezone(timezone.utc)
    old = card or {}
    if old.get("stability") and old.get("difficulty") and isinstance(old.get("due"), datetime):
        state = State(CARD_STATES.index(old.get("state", "review")) + 1)
        before = Card(card_id=1, state=state, step=old.get("step") if state != State.Review else None,
                      stability=old["stability"], difficulty=old["difficulty"],
                      due=old["due"].astimezone(timezone.utc),
                      last_review=old["last_review"].astimezone(timezone.utc)
                      if isinstance(old.get("last_review"), datetime) else None)
        if before.state != State.Review and before.step is None:
            before.step = 0
    else:
        before = Card(card_id=1, due=at)   # new (or hand-emptied): FSRS starts it afresh
    after, _ = _scheduler().review_card(before, Rating(GRADES.index(rating) + 1), review_datetime=at)
    lapsed = rating == "again" and old.get("state") == "review"
    out = {"due": after.due.replace(microsecond=0), "stability": round(after.stability, 4),
           "difficulty": round(after.difficulty, 4), "state": CARD_STATES[int(after.state) - 1],
           "last_review": at.replace(microsecond=0),
           "reps": int(old.get("reps", 0)) + 1, "lapses": int(old.get("lapses", 0)) + int(lapsed)}
    if after.step is not None:
        out["step"] = after.step
    return out


MAX_REVIEW_MINUTES = 10   # per question: a review left open over lunch is not study


def record(progress: Progress, qid: str, rating: str, now: datetime, minutes: int = 0) -> dict:
    """Grade question `qid` into `progress.cards`, add the review to the study record (on
    `now`'s day, in the learner's zone) and return the new card fields."""
    from studyguide.progress.record import LogEntry, add_outside_undo

    card = grade(progress.cards.get(qid), rating, now)
    progress.cards[qid] = card
    add_outside_undo(progress, [LogEntry(day=now.date(), action="review",
                                         minutes=max(0, min(minutes, MAX_REVIEW_MINUTES)), id=qid)])
    return card

"""Self-check questions: `quiz` (any question, any time) and `review` (the cards due today).

Both ask in the terminal: the question, a pause to think (typing an answer is optional),
the answer with where to read more, then a self-grade. Each grade is saved at once, so
Ctrl-C or Ctrl-D keeps every grade already given. Printing is plain (no Rich).
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Optional

import typer

from studyguide.cli.app import app, print_json, session
from studyguide.cli.completion import complete_topics




@app.command()
def quiz(
    ctx: typer.Context,
    topic: Optional[str] = typer.Argument(None, metavar="[TOPIC]", help="Only this topic's questions.",
                                          autocompletion=complete_topics),
    n: int = typer.Option(5, "-n", "--count", metavar="N", min=1, max=1000, help="How many questions."),
    json_out: bool = typer.Option(False, "--json", help="Print the questions (with answers) as JSON instead of asking."),
) -> None:
    """Quiz yourself: a question, time to think, the answer and where to read more, your grade.

    Questions you have studied for (their resources done, or their topic finished) come first,
    and your grade schedules them for review. Others are practice: graded, not scheduled.
    Ctrl-C stops and keeps the grades already given.

    Example: studyguide quiz attention-math -n 3
    """
    from studyguide.cli.views.json import question_json
    from studyguide.progress import review as rv
    from studyguide.cli.app import stdin_is_terminal
    from studyguide.cli.commands.browse import require_topic
    from studyguide.errors import UsageError
    from studyguide.clock import local_now

    catalog = session(ctx).catalog()
    topic_id = require_topic(catalog, topic).id if topic else None
    progress = session(ctx).store().load()
    questions = rv.quiz_questions(progress, catalog, topic_id, n)
    if json_out:
        print_json([question_json(q) for q in questions])
        return
    if not questions:
        where = f"topic {topic_id!r} has" if topic_id else "the catalog has"
        raise UsageError(f"{where} no self-check questions yet; see `studyguide topics`")
    if not stdin_is_terminal():
        raise UsageError("quiz asks you questions and needs a terminal; "
                         "`studyguide quiz --json` prints the questions and answers instead")
    open_ = rv.unlocked(progress, catalog) | set(progress.cards)
    graded = _session(ctx, catalog, questions, scheduled={q.id for q in questions if q.id in open_})
    _summary(graded)
    due = rv.due_count(session(ctx).store().load(), catalog, local_now())
    if due:
        from studyguide.cli.views.plain import style

        print(style(f"{due} review{'s' if due != 1 else ''} due: studyguide review", "magenta"))


@app.command()
def review(
    ctx: typer.Context,
    cap: Optional[int] = typer.Option(None, "--cap", min=1, max=1000, metavar="N",
                                      help="At most N reviews today, for this run (default: your daily cap)."),
    set_cap: Optional[int] = typer.Option(None, "--set-cap", min=1, max=1000, metavar="N",
                                          help="Save N as your daily cap (20 until you set one)."),
    new_cap: Optional[int] = typer.Option(None, "--new-cap", min=0, max=1000, metavar="N",
                                          help="At most N new cards today, for this run (default: your new-card cap)."),
    set_new_cap: Optional[int] = typer.Option(None, "--set-new-cap", min=0, max=1000, metavar="N",
                                              help="Save N as your daily new-card cap (5 until you set one)."),
    json_out: bool = typer.Option(False, "--json", help="Print today's reviews as JSON instead of asking."),
) -> None:
    """Review the questions due today, spaced by FSRS: at most your daily cap of reviews and
    your daily cap of new cards (5 unless you set it).

    A question becomes a new card once you have done the resources of your plan that teach
    it (or finished its topic). After a break, overdue cards are spread over the following
    days, oldest first, instead of arriving all at once. q, quit or Ctrl-D at a prompt stops
    (the grades given are kept).

    Example: studyguide review --new-cap 10
    """
    from studyguide.cli.views.json import question_json
    from studyguide.progress import review as rv
    from studyguide.cli.app import stdin_is_terminal
    from studyguide.errors import UsageError
    from studyguide.cli.views.layout import say, wrap_spans
    from studyguide.clock import local_now

    catalog = session(ctx).catalog()
    store = session(ctx).store()
    for value, key, what in ((set_cap, rv.CAP_SETTING, "daily review cap"),
                             (set_new_cap, rv.NEW_CAP_SETTING, "daily new-card cap")):
        if value is not None:
            store.update(_setting(key, value))
            (sys.stderr if json_out else sys.stdout).write(f"{what} set to {value} (saved)\n")
    now = local_now()
    progress = store.load()
    q = rv.queue(progress, catalog, now, cap, new_cap)
    if json_out:
        print_json({
            "cap": q.cap, "new_cap": q.new_cap, "done_today": q.done_today, "later": q.later,
            "new_later": q.new_later,
            "next_due": q.next_due.isoformat() if q.next_due else None,
            "due": [{**question_json(catalog.questions[i]), "new": i in q.new,
                     "due": None if i in q.new else progress.cards[i]["due"].isoformat()} for i in q.today],
        })
        return
    if not q.today:
        say(_nothing_due(q, now))
        return
    if not stdin_is_terminal():
        if set_cap is not None or set_new_cap is not None:
            return  # only saving the setting, from a script
        raise UsageError(f"review asks you questions and needs a terminal; {len(q.today)} due today "
                         "(`studyguide review --json` lists them)")
    head = [(f"{len(q.today)} review{'s' if len(q.today) != 1 else ''} today", ("bold",)),
            ((f" ({len(q.new)} new)" if q.new else "") + (f" · {_later(q)}" if q.later else ""), ())]
    print("\n".join(wrap_spans(head, "", "")))
    print()
    graded = _session(ctx, catalog, [catalog.questions[i] for i in q.today], scheduled=set(q.today))
    _summary(graded)
    after = rv.queue(store.load(), catalog, now, cap, new_cap)
    if after.today:
        say(f"{len(after.today)} left for today: studyguide review")
    elif after.later:
        say(f"Done for today. {_later(after)}.")
    elif after.next_due:
        say(f"Done for today. Next review: {rv.day_of(after.next_due, now).isoformat()}.")


def _setting(key: str, value: int):
    """A store change that saves one setting."""
    def change(p) -> None:
        p.settings[key] = value
    return change


def _later(q) -> str:
    """What waits for the next days, and which cap holds it back."""
    reviews = q.later - q.new_later
    parts = []
    if reviews:
        parts.append(f"{reviews} more due later (daily cap {q.cap})")
    if q.new_later:
        parts.append(f"{q.new_later} new card{'s' if q.new_later != 1 else ''} on the next days "
                     f"(new-card cap {q.new_cap})")
    return " · ".join(parts)


def _nothing_due(q, now) -> str:
    from studyguide.progress import review as rv

    if q.later:
        more = " ".join(flag for flag, held in (("--cap N", q.later - q.new_later), ("--new-cap N", q.new_later))
                        if held)
        return (f"Nothing more today ({q.done_today} graded): {_later(q)}; "
                f"`studyguide review {more}` for more now.")
    if q.next_due:
        day = rv.day_of(q.next_due, now)
        days = (day - now.date()).days
        return f"No reviews due today. Next: {day.isoformat()} (in {days} day{'s' if days != 1 else ''})."
    return ("No review cards yet: a question becomes one when you have done the resources of your plan "
            "that teach it, or finished its topic. Practise any topic now: studyguide quiz TOPIC")


STOP_WORDS = ("q", "quit")   # at any prompt, like Ctrl-D: the session ends, its grades kept


class _Stop(Exception):
    """The learner ended the session (q, or end of input)."""


def _ask(prompt: str) -> str:
    from studyguide.cli.terminal_input import read_line

    try:
        return read_line(prompt)
    except EOFError:
        print()
        raise _Stop() from None


@contextmanager
def _hold_interrupts():
    """Let a save finish before Ctrl-C acts, so a grade is either saved and said, or not given."""
    import signal

    pending: list = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(frame))
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pending and callable(previous):
            previous(signal.SIGINT, pending[0])


def _session(ctx: typer.Context, catalog, questions, *, scheduled: set[str]) -> list[tuple[str, str, dict | None]]:
    """Ask each question; returns (id, grade, card or None for practice) per graded question."""
    from studyguide.clock import local_now
    from studyguide.progress import review as rv
    from studyguide.cli.views.layout import wrap_spans
    from studyguide.cli.views.plain import style

    graded: list[tuple[str, str, dict | None]] = []
    try:
        for k, q in enumerate(questions, 1):
            topic = catalog.topics.get(q.topic)
            head = [(f"[{k}/{len(questions)}] ", ("dim",)), (topic.title if topic else q.topic, ("bold",)),
                    (f" · {q.level}", ("dim",)), (f"  [{q.id}]", ("cyan",))]
            print("\n".join(wrap_spans(head, "", "  ")))
            print(_wrap(q.question, "  "))
            asked = time.monotonic()
            thought = _ask(style("Your answer (optional; Enter shows the answer; q stops): ", "dim"))
            if thought.strip().lower() in STOP_WORDS:
                raise _Stop()
            print(style("Answer:", "bold", "green"))
            print(_wrap(q.answer, "  "))
            reads = [f"{catalog.resources[r].title} [{r}]" if r in catalog.resources else r for r in q.resources]
            print(_wrap("Read more: " + "; ".join(reads), "  "))
            rating = _ask_grade()
            if q.id in scheduled:
                now = local_now()
                card = _save(ctx, q.id, rating, now, round((time.monotonic() - asked) / 60))
                day = rv.day_of(card["due"], now)
                days = (day - now.date()).days
                print(style(f"saved: {rating} · next review {day.isoformat()} "
                            f"(in {days} day{'s' if days != 1 else ''})", "dim"))
            else:
                card = None
                missing = ", ".join(rv.missing_resources(q, _load(ctx), catalog))
                print(_wrap(f"practice: not scheduled; it becomes a review card once you have done "
                           f"{missing} (or finished the {q.topic} topic)", "  "))
            graded.append((q.id, rating, card))
            print()
    except _Stop:
        pass
    except BaseException as exc:
        from studyguide.errors import StudyguideError

        saved = sum(1 for *_, card in graded if card is not None)
        if saved and not isinstance(exc, (SystemExit, StudyguideError)):
            sys.stderr.write(f"\nkept the {saved} grade{'s' if saved != 1 else ''} already saved\n")
        raise
    return graded


def _wrap(text: str, indent: str) -> str:
    """A paragraph wrapped to the terminal: never splitting a word, an id or a URL."""
    from studyguide.cli.views.layout import fill

    return fill(text, indent)


def _ask_grade() -> str:
    from studyguide.progress import review as rv

    while True:
        text = _ask("Grade: 1 again · 2 hard · 3 good · 4 easy (q to stop): ")
        if text.strip().lower() in STOP_WORDS:
            raise _Stop()
        rating = rv.parse_grade(text)
        if rating:
            return rating
        print("  please answer 1, 2, 3 or 4 (or again, hard, good, easy; q stops)")


def _load(ctx: typer.Context):
    return session(ctx).store().load()


def _save(ctx: typer.Context, qid: str, rating: str, now, minutes: int = 0) -> dict:
    from studyguide.progress import review as rv

    with _hold_interrupts():
        return session(ctx).store().update(lambda p: rv.record(p, qid, rating, now, minutes))


def _summary(graded) -> None:
    from collections import Counter

    if not graded:
        print("No grades given.")
        return
    counts = Counter(r for _, r, _ in graded)
    saved = sum(1 for *_, card in graded if card is not None)
    parts = [f"{counts[g]} {g}" for g in ("again", "hard", "good", "easy") if counts[g]]
    print(f"Graded {len(graded)}: " + ", ".join(parts)
          + (f" · {saved} saved for review" if saved else "")
          + (f" · {len(graded) - saved} practice" if saved < len(graded) else ""))

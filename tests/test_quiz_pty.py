"""`quiz` and `review` in a real terminal (a pty): answer end to end, and Ctrl-C mid-quiz."""

from __future__ import annotations

import os
import re
import select
import sys
import time
import tomllib

import pytest

from studyguide import paths
from studyguide.catalog.build import build_catalog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

CLOCK = "2026-11-23T09:00:00+00:00"
GRADE_PROMPT = "Grade: 1 again"
ANSWER_PROMPT = "Enter shows the answer"


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([("bundled", paths.bundled_catalog_dir())])


class Terminal:
    """`python -m studyguide ARGS` on a pty; read until some text appears, type keys."""

    def __init__(self, *args: str):
        import pty

        env = {**os.environ, "STUDYGUIDE_NOW": CLOCK}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.execve(sys.executable, [sys.executable, "-m", "studyguide", *args], env)
            finally:
                os._exit(127)
        self.seen = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str, after: int = 0, timeout: float = 30) -> int:
        """Wait for `text` past position `after`; returns the position just after it."""
        end = time.monotonic() + timeout
        while (at := self.seen.find(text, after)) < 0:
            if time.monotonic() > end or not self._read(0.2):
                raise AssertionError(f"never saw {text!r}; the screen:\n{self.seen}")
        return at + len(text)

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait(self, timeout: float = 30) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self._read(0.2):
                break
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _cards(home) -> dict:
    path = home / "progress.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")).get("cards", {}) if path.exists() else {}


def _study_topic(run_cli, catalog, topic: str) -> list[str]:
    resources = sorted({r for q in catalog.questions.values() if q.topic == topic for r in q.resources})
    out = run_cli("done", *resources, env={"STUDYGUIDE_NOW": CLOCK})
    assert out.returncode == 0, out.stderr
    return [q.id for q in catalog.questions.values() if q.topic == topic]


def test_a_quiz_end_to_end_in_a_terminal(run_cli, catalog, sandbox_home):
    order = _study_topic(run_cli, catalog, "attention-math")
    term = Terminal("quiz", "attention-math", "-n", "2")
    shown = []
    pos = 0
    for keys, grade in (("queries pick keys\r", "3\r"), ("\r", "again\r")):
        pos = term.expect(ANSWER_PROMPT, pos)
        qid = re.findall(r"\[([a-z0-9-]+)\]\n", term.seen[:pos])[-1]
        shown.append(qid)
        term.type(keys)
        pos = term.expect(GRADE_PROMPT, pos)
        revealed = _flat(term.seen[:pos])
        assert _flat(catalog.questions[qid].answer) in revealed
        for rid in catalog.questions[qid].resources:
            assert f"[{rid}]" in revealed                      # where to read more
        term.type(grade)
    assert term.wait() == 0, term.seen
    assert shown == order[:2]
    assert "Graded 2: 1 again, 1 good · 2 saved for review" in term.seen

    cards = _cards(sandbox_home)
    assert set(cards) == set(shown)
    good, again = cards[shown[0]], cards[shown[1]]
    assert good["reps"] == again["reps"] == 1
    assert again["due"] < good["due"]
    assert f"saved: good · next review {good['due'].date().isoformat()}" in term.seen


def test_a_bad_grade_is_asked_again_and_q_stops(run_cli, catalog, sandbox_home):
    _study_topic(run_cli, catalog, "attention-math")
    term = Terminal("quiz", "attention-math", "-n", "3")
    pos = term.expect(ANSWER_PROMPT)
    term.type("\r")
    pos = term.expect(GRADE_PROMPT, pos)
    term.type("7\r")
    pos = term.expect("please answer 1, 2, 3 or 4", pos)
    pos = term.expect(GRADE_PROMPT, pos)
    term.type("easy\r")
    pos = term.expect(ANSWER_PROMPT, pos)
    term.type("\r")
    term.expect(GRADE_PROMPT, pos)
    term.type("q\r")
    assert term.wait() == 0, term.seen
    cards = _cards(sandbox_home)
    assert len(cards) == 1 and "Graded 1: 1 easy" in term.seen


def test_ctrl_c_keeps_the_grades_given_and_exits_130(run_cli, catalog, sandbox_home):
    _study_topic(run_cli, catalog, "attention-math")
    term = Terminal("quiz", "attention-math", "-n", "3")
    pos = term.expect(ANSWER_PROMPT)
    first = re.findall(r"\[([a-z0-9-]+)\]\n", term.seen[:pos])[-1]
    term.type("\r")
    pos = term.expect(GRADE_PROMPT, pos)
    term.type("good\r")
    pos = term.expect("saved: good", pos)
    pos = term.expect(ANSWER_PROMPT, pos)
    term.type("\x03")                                          # Ctrl-C while thinking
    assert term.wait() == 130, term.seen
    assert "kept the 1 grade already saved" in term.seen
    assert "Traceback" not in term.seen
    assert list(_cards(sandbox_home)) == [first]
    leftovers = [p.name for p in sandbox_home.iterdir() if p.name.startswith(".studyguide-tmp-")]
    assert leftovers == []


def test_practice_on_a_locked_question_is_not_scheduled(catalog, sandbox_home):
    term = Terminal("quiz", "attention-math", "-n", "1")
    pos = term.expect(ANSWER_PROMPT)
    term.type("\r")
    pos = term.expect(GRADE_PROMPT, pos)
    term.type("4\r")
    term.expect("practice: not scheduled", pos)
    assert term.wait() == 0, term.seen
    assert _cards(sandbox_home) == {}
    assert "Graded 1: 1 easy · 1 practice" in term.seen


def test_review_in_a_terminal_runs_the_due_cards_within_the_cap(run_cli, catalog, sandbox_home):
    _study_topic(run_cli, catalog, "attention-math")
    done = {r for q in catalog.questions.values() if q.topic == "attention-math" for r in q.resources}
    order = [q.id for q in catalog.questions.values() if set(q.resources) <= done]   # new: catalog order
    assert len(order) > 2
    term = Terminal("review", "--new-cap", "2")
    pos = term.expect("2 reviews today (2 new)")
    for _ in range(2):
        pos = term.expect(ANSWER_PROMPT, pos)
        term.type("\r")
        pos = term.expect(GRADE_PROMPT, pos)
        term.type("good\r")
    pos = term.expect("Done for today.", pos)
    assert term.wait() == 0, term.seen
    assert f"{len(order) - 2} new cards on the next days (new-card cap 2)" in " ".join(term.seen.split())
    assert set(_cards(sandbox_home)) == set(order[:2])


@pytest.mark.parametrize("stop", ["q", "quit", "\x04"], ids=["q", "quit", "ctrl-d"])
def test_q_quit_or_ctrl_d_at_the_answer_prompt_stops_and_keeps_the_grades(run_cli, catalog, sandbox_home, stop):
    _study_topic(run_cli, catalog, "attention-math")
    term = Terminal("review", "--new-cap", "3")
    pos = term.expect(ANSWER_PROMPT)
    term.type("\r")
    pos = term.expect(GRADE_PROMPT, pos)
    term.type("good\r")
    pos = term.expect("saved: good", pos)
    pos = term.expect(ANSWER_PROMPT, pos)
    term.type(stop if stop == "\x04" else stop + "\r")       # not taken as an answer
    assert term.wait() == 0, term.seen
    assert "Answer:" not in term.seen[pos:] and "Graded 1: 1 good" in term.seen
    assert len(_cards(sandbox_home)) == 1

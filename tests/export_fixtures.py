"""Shared by tests/test_export_*.py: a fixed plan and progress, hostile text, golden files.

Golden files live in tests/golden/. After an intended change of an export format,
regenerate them with `UPDATE_GOLDEN=1 python -m pytest -q tests/test_export_*.py`
and read the diff before committing it; without UPDATE_GOLDEN the tests compare.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from studyguide.progress.model import Change, ItemState, Note, Progress
from studyguide.valueclass import replace

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
NOW_ENV = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str) -> None:
    """`text` must equal tests/golden/NAME byte for byte (CRLF included)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}: create it with UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{name}", "now", n=2))
        raise AssertionError(f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n{diff[:4000]}")


def fixed_progress(catalog, hours: float | None = 5.0) -> Progress:
    """The mini catalog's `learn` plan with one item in each state and a few notes."""
    from studyguide.plan.recommend import Answers, recommend

    plan = recommend(catalog, Answers(goal="learn", hours_per_week=hours), now=NOW)
    progress = Progress(plan=plan)
    progress.items = {
        "found-a": ItemState(status="done", started=NOW - timedelta(days=9), finished=NOW - timedelta(days=2),
                             spent_hours=9.5,
                             notes=[Note("Chapter 3 twice.", (NOW - timedelta(days=5)).date()),
                                    Note("Re-read the appendix.", (NOW - timedelta(days=2)).date())]),
        "paper-2": ItemState(status="in-progress", started=NOW - timedelta(days=1)),
        "board": ItemState(status="skipped", skip_reason="archived; the paper covers it"),
        "found-c": ItemState(notes=[Note("Pair it with the code.")]),   # undated: from before dates
    }
    progress.history = [Change(action="done found-a", at=NOW - timedelta(days=2),
                               before={"found-a": ItemState(status="in-progress", started=NOW - timedelta(days=9))})]
    return progress


def fixed_view(catalog, progress: Progress | None = None):
    from studyguide.plan.view import build_view

    progress = progress or fixed_progress(catalog)
    return build_view(progress.plan, progress, catalog, NOW.date())


def sg(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`studyguide ARGS` with its own STUDYGUIDE_HOME and the fixed clock (for module-scoped set-ups,
    which run before conftest's per-test sandbox)."""
    full = {k: v for k, v in os.environ.items() if k not in ("STUDYGUIDE_CATALOG", "STUDYGUIDE_NOW")}
    full.update(NOW_ENV, STUDYGUIDE_HOME=str(home), NO_COLOR="1", COLUMNS="100", TERM="dumb")
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "studyguide", *args], capture_output=True, text=True,
                          env=full, stdin=subprocess.DEVNULL, timeout=60)


def make_planned_home(home: Path) -> list[str]:
    """A saved plan from the real catalog with progress in every state; returns the plan's ids.

    Items are picked by position, so the set-up holds whatever the catalog's content."""
    result = sg(home, "recommend", "--goal", "concepts", "--topic", "transformer-internals",
                "--hours-per-week", "4", "--json")
    assert result.returncode == 0, result.stderr
    ids = [i["id"] for t in json.loads(result.stdout)["topics"] for i in t["items"]]
    for args in (("done", ids[0], "--spent", "3h"), ("start", ids[1]), ("skip", ids[2], "--reason", "seen it"),
                 ("note", ids[3], "*twice* <b>x</b> & {y} 100%\nline two")):
        result = sg(home, *args)
        assert result.returncode == 0, result.stderr
    return ids


# ---------------------------------------------------------------- hostile text

HOSTILE = [
    "Stars *x* and _under_ [link](javascript:alert(1)) | pipe | # hash `tick` ![img](x.png)",
    '<script>alert("t")</script> & %20 $math$ {open ~tilde^ back\\slash \\\\ two }} {{',
    "Multi\nline\r\ntitle\twith tab \x00 NUL \u2028 sep, comma; semi",
    "Ünïcödé Łukasz 日本語 🙂 — “quotes” @misc{evil, title={x}}",
    "- [x] fake task\n1. list\n> quote\n---\n== hi ==  %%hidden%% \\",
]
HOSTILE_AUTHORS = [
    "Évil {Au}thor, B. O'Neil & C_d, et al. (Org & Co)",
    "Org%$#_ {x}",
    "Łukasz Kaiser, Christopher Ré",
    "one\nline\\break, two",
    "}{",
]


def one_line(text: str | None) -> str:
    """What a one-line rendering of `text` must show: controls as spaces, runs of space collapsed."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text or "")
    return " ".join(text.split())


def hostile_catalog(catalog):
    """The same catalog with hostile titles, authors, notes and topic texts everywhere."""
    resources = {}
    for n, (rid, r) in enumerate(sorted(catalog.resources.items())):
        resources[rid] = replace(r, title=f"{HOSTILE[n % len(HOSTILE)]} {n}",
                                 authors=HOSTILE_AUTHORS[n % len(HOSTILE_AUTHORS)],
                                 why=HOSTILE[(n + 1) % len(HOSTILE)],
                                 status_note=HOSTILE[(n + 2) % len(HOSTILE)] if r.status_note else None)
    topics = {tid: replace(t, title=HOSTILE[n % len(HOSTILE)], covers=HOSTILE[(n + 1) % len(HOSTILE)],
                           focus=tuple(HOSTILE[:2]), pitfalls=(HOSTILE[4],),
                           placement={k: HOSTILE[2] for k in t.placement})
              for n, (tid, t) in enumerate(catalog.topics.items())}
    goals = {gid: replace(g, title=HOSTILE[1]) for gid, g in catalog.goals.items()}
    return replace(catalog, resources=resources, topics=topics, goals=goals)


def hostile_progress(catalog) -> Progress:
    progress = fixed_progress(catalog)
    for n, rid in enumerate(progress.plan.item_ids()):
        state = progress.items.get(rid) or ItemState()
        reason = HOSTILE[(n + 1) % len(HOSTILE)] if state.status == "skipped" else None
        progress.items[rid] = replace(state, notes=[Note(HOSTILE[n % len(HOSTILE)], NOW.date())],
                                      skip_reason=reason)
    return progress


# ---------------------------------------------------------------- a tiny DOM for rendered markdown

class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node)]

    def find_all(self, tag: str) -> list["Node"]:
        found = []
        for c in self.elements():
            if c.tag == tag:
                found.append(c)
            found += c.find_all(tag)
        return found


class _Builder(HTMLParser):
    VOID = {"input", "br", "hr", "img", "meta", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in self.VOID:
            self.at = node

    def handle_endtag(self, tag):
        node = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.at = node.parent

    def handle_data(self, data):
        self.at.children.append(data)


def parse_html(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture(scope="module")
def planned_home(tmp_path_factory):
    """A home with the fixed plan and progress, made once per test module."""
    home = tmp_path_factory.mktemp("planned") / "home"
    return home, make_planned_home(home)


@pytest.fixture
def planned(planned_home, sandbox_home):
    """The module's planned home, copied into this test's own STUDYGUIDE_HOME."""
    shutil.copytree(planned_home[0], sandbox_home)
    return planned_home[1]

"""Every command fits the terminal at 60, 80 and 120 columns (issue 19).

Each output is compared with the same command rendered at a width where nothing wraps:
- no line is longer than the width, except a line that is a URL alone (never cut);
- words are never split or cut: every word printed at a narrow width is a word of the
  wide rendering (a fold like `stu` / `dyguide`, or `transformer-intern…`, is not);
- every URL of the wide rendering appears whole;
- table rows (status, topics) stay one line each.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from studyguide.cli.views import plain

NOW = "2026-11-23T09:00:00+00:00"
WIDTHS = (60, 80, 120)
URL = re.compile(r"https?://\S+")
BAR = set("█░")


@pytest.fixture
def home(cli, monkeypatch):
    """A plan with something started, done, skipped and noted, so every line kind shows."""
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW)
    assert cli("recommend", "--goal", "concepts", "--hours-per-week", "5", "--yes").returncode == 0
    items = json.loads(cli("next", "-n", "4", "--json").stdout)
    assert cli("start", items[0]["id"]).returncode == 0
    assert cli("done", items[1]["id"], "--spent", "2h").returncode == 0
    assert cli("skip", items[2]["id"], "--reason", "read it already, twice over, last year").returncode == 0
    assert cli("note", items[3]["id"], "re-derive the scaling argument by hand before the lecture").returncode == 0
    return items


def render(cli, monkeypatch, columns: int | None, *args: str) -> str:
    """The command's stdout and stderr at `columns` (None: wide enough for nothing to wrap)."""
    if columns is None:
        monkeypatch.setattr(plain, "MAX_WIDTH", 10_000, raising=False)
        monkeypatch.setenv("COLUMNS", "10000")
    else:
        monkeypatch.setattr(plain, "MAX_WIDTH", 120, raising=False)
        monkeypatch.setenv("COLUMNS", str(columns))
    res = cli(*args)
    assert res.returncode == 0, res
    return res.stdout + res.stderr


def words(text: str) -> set[str]:
    """The words, without the brackets and punctuation a layout may put around them (never `…`)."""
    found = {w.strip("[](),:;`") for w in text.split()}
    return {w for w in found if len(w) > 1 and not set(w) <= BAR}


def check_fits(cli, monkeypatch, *args: str) -> dict[int, str]:
    wide = render(cli, monkeypatch, None, *args)
    assert "\x1b" not in wide   # piped and NO_COLOR: plain text, no hyperlink escapes
    out = {}
    for columns in WIDTHS:
        text = render(cli, monkeypatch, columns, *args)
        for line in text.splitlines():
            if len(line) > columns:
                assert URL.fullmatch(line.strip()), f"{args} at {columns}: too long: {line!r}"
        split = words(text) - words(wide)
        assert not split, f"{args} at {columns}: words split or cut: {sorted(split)[:10]}"
        assert set(URL.findall(text)) == set(URL.findall(wide)), f"{args} at {columns}: a URL is not whole"
        out[columns] = text
    return out


def catalog_ids(cli):
    topics = [t["id"] for t in json.loads(cli("topics", "--json").stdout)]
    resources = json.loads(cli("search", "--json").stdout)
    return topics, resources


EVERYDAY = [("next",), ("next", "-n", "4"), ("status",), ("topics",), ("search",), ("search", "attention"),
            ("recommend", "--goal", "systems", "--dry-run"),
            ("recommend", "--role", "research-engineer", "--dry-run", "--hours-per-week", "3"),
            ("show", "concepts"), ("show", "research-engineer"),
            ("review", "--new-cap", "0"), ("undo",), ("catalog", "check", "src/studyguide/data")]


def test_the_welcome_fits(cli, monkeypatch):
    out = check_fits(cli, monkeypatch)   # `studyguide` with no plan yet
    assert "studyguide recommend" in out[60] and "answer four questions, get a plan" in out[60]


@pytest.mark.parametrize("args", EVERYDAY, ids=" ".join)
def test_every_command_fits_60_80_120(cli, monkeypatch, home, args):
    if args[0] == "undo":   # something to undo at each width
        for _ in range(4):
            cli("start", home[3]["id"])
    if args[0] == "catalog":
        from studyguide import paths

        args = ("catalog", "check", str(paths.bundled_catalog_dir()))
    check_fits(cli, monkeypatch, *args)


def test_progress_messages_fit(cli, monkeypatch, home):
    rid = home[0]["id"]
    for args in (("start", rid), ("done", rid, "--spent", "1h"), ("reset", rid), ("skip", rid), ("undo",)):
        for columns in WIDTHS:
            text = render(cli, monkeypatch, columns, *args)
            assert all(len(line) <= columns for line in text.splitlines()), (args, columns, text)


def test_every_topic_and_long_url_resource_fits(cli, monkeypatch, home):
    topics, resources = catalog_ids(cli)
    longest = sorted(resources, key=lambda r: -len(r["url"]))[:12]
    for ident in topics + [r["id"] for r in longest]:
        out = check_fits(cli, monkeypatch, "show", ident)
        if ident in {r["id"] for r in longest}:
            url = next(r["url"] for r in longest if r["id"] == ident)
            for text in out.values():
                assert url in text.split(), (ident, url)


def test_status_rows_are_one_line_each(cli, monkeypatch, home):
    status = json.loads(cli("status", "--json").stdout)
    for columns, text in check_fits(cli, monkeypatch, "status").items():
        lines = text.splitlines()
        for topic in status["topics"]:
            name = "Reading path" if topic["id"] == "reading-path" else topic["title"]
            row = [line for line in lines if line.startswith("  " + name + " ")]
            assert len(row) == 1, (columns, name, text)
            assert f"{topic['done']}/{topic['total']}" in row[0] and row[0].endswith(" h left"), (columns, row)


def test_status_hours_have_one_decimal_and_keep_their_bars(cli, monkeypatch, home):
    """20 minutes logged makes hours like 21.67 left: shown 21.7, so the bars keep their room."""
    assert cli("log", home[0]["id"], "20m").returncode == 0
    status = json.loads(cli("status", "--json").stdout)
    assert any(round(t["hours_left"], 1) != t["hours_left"] for t in status["topics"])   # the case
    text = render(cli, monkeypatch, 80, "status")
    rows = [line for line in text.splitlines() if line.endswith(" h left")]
    assert rows and all(set(line) & BAR for line in rows), text
    assert not re.search(r"\d\.\d\d h", text), text


def test_topics_rows_are_one_line_each_and_prerequisites_whole(cli, monkeypatch):
    topics = json.loads(cli("topics", "--json").stdout)
    for columns, text in check_fits(cli, monkeypatch, "topics").items():
        for t in topics:
            row = [line for line in text.splitlines() if re.search(rf"(^|\[){re.escape(t['id'])}(\s|\])", line)]
            assert len(row) == 1, (columns, t["id"], text)
            for prerequisite in t["prerequisites"]:   # whole, never `transformer-intern…`
                assert re.search(rf"\b{re.escape(prerequisite)}\b(?!-)", text), (columns, prerequisite)
        if columns >= 80:   # a table: id, title, items and hours on the one line
            for t in topics:
                row = next(line for line in text.splitlines() if line.startswith(t["id"] + " "))
                assert t["title"] in row and f" {t['resources']} " in row and row.split()[-1] != t["id"]


def test_next_n_says_a_topics_focus_once(cli, monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW)
    assert cli("recommend", "--role", "research-engineer", "--depth", "deep", "--yes").returncode == 0
    text = cli("next", "-n", "3").stdout
    assert text.count("Focus first on:") == 1, text
    assert text.count("This opens ") == 1


# ---------------------------------------------------------------- hyperlinks

SLIDES = "https://web.stanford.edu/class/archive/cs/cs224n/cs224n.1234/slides/cs224n-2023-lecture08-transformers.pdf"


def _osc8(screen: str, url: str) -> bool:
    """An OSC 8 hyperlink to `url` (Rich writes `ESC]8;id=N;URL ESC\\`, plain `ESC]8;;URL ESC\\`)."""
    return re.search(r"\x1b\]8;[^;\x1b]*;" + re.escape(url) + r"\x1b\\", screen) is not None


@pytest.mark.parametrize("args", [("show", "cs224n-transformers-slides"), ("show", "attention-math"), ("next",)])
def test_urls_are_hyperlinks_in_a_colour_terminal(args, tmp_path, monkeypatch):
    from ptydriver import Terminal

    env = {"STUDYGUIDE_HOME": str(tmp_path / "home"), "STUDYGUIDE_NOW": NOW, "NO_COLOR": "",
           "TERM": "xterm-256color", "COLUMNS": "80"}
    if args[0] == "next":
        import subprocess
        import sys

        subprocess.run([sys.executable, "-m", "studyguide", "recommend", "--goal", "concepts", "--yes"],
                       env={**__import__("os").environ, **env}, capture_output=True, check=True,
                       stdin=subprocess.DEVNULL)
    term = Terminal(*args, env=env)
    assert term.wait() == 0
    urls = URL.findall(re.sub(r"\x1b\]8;[^\x1b]*\x1b\\", "", term.screen))
    assert urls
    for url in urls:
        assert _osc8(term.screen, url), (url, term.screen[-2000:])
    if args[1:] == ("cs224n-transformers-slides",):
        assert _osc8(term.screen, SLIDES)


@pytest.mark.parametrize("args", [("show", "cs224n-transformers-slides"), ("show", "attention-math")])
def test_no_hyperlink_escapes_with_no_color(args, tmp_path):
    from ptydriver import Terminal

    term = Terminal(*args, env={"STUDYGUIDE_HOME": str(tmp_path / "home"), "NO_COLOR": "1",
                                "TERM": "xterm-256color", "COLUMNS": "80"})
    assert term.wait() == 0
    assert "\x1b]8" not in term.screen
    assert "https://" in term.screen   # the URLs are there, as plain text


def test_a_quiz_fits_60_columns_in_a_terminal(tmp_path):
    """quiz asks in a terminal only: driven on a pty at 60 columns."""
    from ptydriver import Terminal

    env = {"STUDYGUIDE_HOME": str(tmp_path / "home"), "STUDYGUIDE_NOW": NOW, "COLUMNS": "60"}
    term = Terminal("quiz", "efficient-inference", "-n", "3", env=env)

    def wait_for(text: str, count: int) -> None:
        deadline = time.monotonic() + 20
        while term.screen.count(text) < count:
            assert time.monotonic() < deadline, term.screen
            term._pump(0.1)

    for n in range(1, 4):
        wait_for("Enter shows the answer", n)
        term.send("\r")
        wait_for("Grade: 1 again", n)
        term.send("3\r")
    assert term.wait() == 0, term.screen
    lines = term.screen.splitlines()
    assert sum(line.startswith("Answer:") for line in lines) == 3
    for line in lines:
        if "Enter shows the answer" in line or "Grade: 1 again" in line:
            continue   # a prompt and the keys typed after it
        assert len(line) <= 60 or URL.fullmatch(line.strip()), line


def test_a_status_name_too_long_for_its_row_puts_the_figures_below(monkeypatch):
    """A topic title of an overlay can be long: its row becomes two lines, never a wrapped one."""
    from datetime import datetime, timezone

    from studyguide.cli.views.status import status_text
    from studyguide.plan.view import PlanView, SectionView

    long = "Retrieval-augmented generation for our class, with evaluation of the retrievers"
    sections = [SectionView(id="a", title="Attention math", kind="topic", depth="deep", done=1, total=3,
                            hours_done=2, hours_left=7.5),
                SectionView(id="b", title=long, kind="topic", depth="deep", done=0, total=12,
                            hours_done=0, hours_left=140.5)]
    view = PlanView(goal="g", role=None, title="A goal", depth="deep", focus=None, hours_per_week=None,
                    created=datetime(2026, 11, 23, tzinfo=timezone.utc), sections=sections, unknown=[],
                    done=1, total=15, hours_done=2, hours_left=148)
    for columns in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = status_text(view).splitlines()
        assert all(len(line) <= columns for line in lines), (columns, lines)
        row = next(i for i, line in enumerate(lines) if line.startswith("  Attention math "))
        assert "1/3" in lines[row] and lines[row].endswith("7.5 h left")
        named = [i for i, line in enumerate(lines) if "Retrieval-augmented" in line]
        assert len(named) == 1
        figures = next(line for line in lines[named[0]:] if line.endswith(" h left"))
        assert "0/12" in figures and figures.endswith("140.5 h left"), (columns, lines)
        assert figures.index("0/12") > 20 if columns >= 80 else True   # under the figures column


def test_with_stdout_piped_the_width_is_stderrs_terminal(monkeypatch):
    """`studyguide done X > log`: the notes on stderr still fit the terminal they appear on."""
    import os
    import shutil
    import sys

    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size(fallback))

    def size(fd):
        if fd != sys.stderr.fileno():
            raise OSError("not a terminal")
        return os.terminal_size((72, 20))

    monkeypatch.setattr(os, "get_terminal_size", size)
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    assert plain.width() == 72

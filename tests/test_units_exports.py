"""The exports with study units (issue 15): markdown nests units under their resource as
sub-tasks, the calendar's sessions name the unit, the HTML roadmap shows each resource's
unit progress, BibTeX stays one entry per resource, the JSON backup round-trips units
and logged time."""

from __future__ import annotations

import re

import pytest
from export_fixtures import parse_html
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin


@pytest.fixture
def planned(cli, monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", "2026-11-23T09:00:00+00:00")
    assert cli("recommend", "--goal", "concepts", "--depth", "overview", "--hours-per-week", "4",
               "--yes").returncode == 0
    assert cli("done", "cs224n/lecture-08").returncode == 0
    assert cli("log", "cs224n/lecture-09", "1h").returncode == 0
    return cli


def export(cli, fmt: str) -> str:
    res = cli("export", "--format", fmt, "-o", "-")
    assert res.returncode == 0, res
    return res.stdout


def test_markdown_nests_units_as_sub_tasks_of_their_resource(planned):
    text = export(planned, "markdown")
    html = MarkdownIt("commonmark").enable("strikethrough").use(tasklists_plugin).render(text)
    root = parse_html(html)
    groups = [li for li in root.find_all("li") if "task-list-item" in li.attrs.get("class", "")
              and "CS224N" in li.text() and li.find_all("ul")]
    head = groups[0]
    subtasks = [li for li in head.find_all("li") if "task-list-item" in li.attrs.get("class", "")]
    links = [next(e for e in li.elements() if e.tag == "a") for li in subtasks]
    assert [a.text() for a in links] == ["lecture 8 of 19: Self-Attention and Transformers",
                                         "lecture 9 of 19: Pretraining"]
    boxes = [next(e for e in li.elements() if e.tag == "input") for li in subtasks]
    assert ["checked" in b.attrs for b in boxes] == [True, False]
    assert "1/2 planned units done" in text and "1 h logged" in text
    # The resource's own box is ticked only once every planned unit is.
    assert "- [ ] **CS224N** (`cs224n`)" in text


def test_calendar_sessions_name_the_unit(planned):
    text = export(planned, "ics")
    summaries = re.findall(r"^SUMMARY:(.*(?:\r?\n .*)*)", text, flags=re.M)
    unfolded = [re.sub(r"\r?\n ", "", s) for s in summaries]
    assert any("CS224N\\, lecture 9 of 19: Pretraining" in s for s in unfolded), unfolded[:3]
    assert not any("Self-Attention" in s for s in unfolded)   # done: no session for it


def test_html_shows_each_resources_unit_progress(planned):
    text = export(planned, "html")
    assert "CS224N: 1 of 2 planned units done" in text
    assert 'aria-label="Units of CS224N"' in text


def test_bibtex_cites_resources_not_their_units(planned):
    text = export(planned, "bibtex")
    assert text.count("CS224N: Natural Language Processing with Deep Learning") == 1
    assert "Self-Attention and Transformers" not in text
    assert "https://web.stanford.edu/class/cs224n/" in text


def test_json_backup_round_trips_units_and_logged_time(planned, sandbox_home):
    backup = sandbox_home.parent / "backup.json"
    assert planned("export", "--format", "json", "-o", str(backup)).returncode == 0
    before = (sandbox_home / "progress.toml").read_bytes()
    (sandbox_home / "progress.toml").unlink()
    res = planned("import", str(backup))
    assert res.returncode == 0, res
    status = planned("status", "--json")
    import json

    data = json.loads(status.stdout)
    assert data["overall"]["done"] == 1 and data["overall"]["hours_logged"] == 1.0
    nxt = json.loads(planned("next", "--json").stdout)
    assert nxt["id"] == "cs224n/lecture-09" and nxt["hours_logged"] == 1.0
    assert "log 60 cs224n/lecture-09" in (sandbox_home / "progress.toml").read_text()
    assert before.count(b"cs224n/lecture-0") == (sandbox_home / "progress.toml").read_bytes().count(b"cs224n/lecture-0")

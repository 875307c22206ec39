"""`studyguide export` as a learner runs it: real catalog goldens, files, exit codes and messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from export_fixtures import NOW_ENV, check_golden, sg

NO_PLAN = "error: no plan yet: run `studyguide recommend` to make one\n"
EXT = {"markdown": "md", "json": "json", "bibtex": "bib", "ics": "ics"}




@pytest.fixture
def no_plan_home(planned_home, sandbox_home):
    """An empty home that already has the catalog cache (saves a catalog build per test)."""
    shutil.copytree(planned_home[0] / "cache", sandbox_home / "cache")


@pytest.mark.parametrize("fmt", ["markdown", "json", "bibtex", "ics"])
def test_export_golden_with_the_real_catalog(planned_home, fmt):
    """If the bundled catalog's content changes, regenerate with UPDATE_GOLDEN=1 and read the diff."""
    from studyguide import __version__

    result = sg(planned_home[0], "export", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = result.stdout
    if fmt == "json":
        text = text.replace(f'"studyguide": "{__version__}"', '"studyguide": "VERSION"')
    check_golden(f"cli.{EXT[fmt]}", text)


def test_default_is_markdown_on_stdout(planned, run_cli):
    plain = run_cli("export", env=NOW_ENV)
    assert plain.returncode == 0
    assert plain.stdout.startswith("# Study plan: ")
    assert plain.stdout == run_cli("export", "--format", "markdown", env=NOW_ENV).stdout


def test_the_json_backup_is_made_even_when_an_overlay_is_broken(planned, run_cli, sandbox_home):
    """The backup is what a learner takes before fixing things: a broken catalog must not stop it."""
    good = json.loads(run_cli("export", "--format", "json", env=NOW_ENV).stdout)
    (sandbox_home / "catalog").mkdir(exist_ok=True)
    (sandbox_home / "catalog" / "bad.toml").write_text("broken = [\n", encoding="utf-8")
    assert run_cli("next", env=NOW_ENV).returncode != 0            # the catalog is broken...
    backup = run_cli("export", "--format", "json", env=NOW_ENV)
    assert backup.returncode == 0, backup.stderr                  # ...the backup is still made
    assert json.loads(backup.stdout)["progress"] == good["progress"]


def test_ics_defaults_next_monday_and_days_spread_by_hours(planned, run_cli):
    result = run_cli("export", "-f", "ics", env=NOW_ENV)       # 4 h/week -> mon, wed, fri from 2026-11-30
    starts = [line for line in result.stdout.splitlines() if line.startswith("DTSTART")]
    assert starts[:4] == ["DTSTART:20261130T190000", "DTSTART:20261202T190000", "DTSTART:20261204T190000",
                          "DTSTART:20261207T190000"]
    chosen = run_cli("export", "-f", "ics", "--start", "2027-01-05", "--days", "sat,tue", env=NOW_ENV)
    starts = [line for line in chosen.stdout.splitlines() if line.startswith("DTSTART")]
    assert starts[:3] == ["DTSTART:20270105T190000", "DTSTART:20270109T190000", "DTSTART:20270112T190000"]
    assert "DTEND:20270105T210000" in chosen.stdout        # 4 h over two days: 2 h sessions


def test_output_file_is_written_and_never_replaced_without_force(planned, run_cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.md"
    result = run_cli("export", "-o", str(target), env=NOW_ENV)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", f"wrote markdown to {target}\n")
    expected = run_cli("export", env=NOW_ENV).stdout
    assert target.read_text() == expected
    target.write_text("my own edits")
    again = run_cli("export", "-o", str(target), env=NOW_ENV)
    assert again.returncode == 1
    assert again.stderr == f"error: {target} already exists; add --force to replace it\n"
    assert target.read_text() == "my own edits"
    forced = run_cli("export", "-o", str(target), "--force", env=NOW_ENV)
    assert forced.returncode == 0 and target.read_text() == expected
    assert [p.name for p in out.iterdir()] == ["plan.md"]      # no temp file left behind


def test_format_follows_the_output_extension(planned, run_cli, tmp_path):
    for name, first in (("refs.bib", "% studyguide reading list"), ("cal.ics", "BEGIN:VCALENDAR"),
                        ("backup.json", "{")):
        result = run_cli("export", "-o", str(tmp_path / name), env=NOW_ENV)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_text().startswith(first)
    data = json.loads((tmp_path / "backup.json").read_text())
    assert data["format"] == "studyguide-backup"


def test_write_errors_exit_3(planned, run_cli, tmp_path):
    target = tmp_path / "no-such-folder" / "plan.md"
    result = run_cli("export", "-o", str(target), env=NOW_ENV)
    assert result.returncode == 3
    assert result.stderr == f"error: cannot write {target}: the folder {target.parent} does not exist\n"
    folder = run_cli("export", "-o", str(tmp_path), env=NOW_ENV)
    assert folder.returncode == 1
    assert folder.stderr.startswith(f"error: {tmp_path} is a folder; give a file name")


@pytest.mark.parametrize("args, message", [
    (("--format", "pdf"), "unknown format 'pdf'; choose from markdown, json, bibtex, ics, html"),
    (("--format", "bibtx"),
     "unknown format 'bibtx' (did you mean bibtex?); choose from markdown, json, bibtex, ics, html"),
    (("-f", "ics", "--days", "mon,funday"),
     "--days 'mon,funday': 'funday' is not a weekday; use a comma-separated list of mon, tue, wed, thu, fri, "
     "sat, sun (e.g. --days mon,wed,sat)"),
    (("-f", "ics", "--start", "next week"), "--start 'next week': use a date like 2026-11-30"),
    (("-f", "ics", "--start", "0001-01-01"), "--start '0001-01-01': choose a year between 1900 and 9000"),
    (("--days", "mon"), "--start and --days apply to --format ics only"),
    (("--open",), "--open needs -o FILE: there is nothing to open on standard output"),
])
def test_bad_options_are_usage_errors(planned, run_cli, args, message):
    result = run_cli("export", *args, env=NOW_ENV)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"error: {message}\n")


def test_ics_without_hours_per_week_says_how_to_set_them(no_plan_home, run_cli):
    assert run_cli("recommend", "--goal", "concepts", env=NOW_ENV).returncode == 0
    result = run_cli("export", "--format", "ics", env=NOW_ENV)
    assert result.returncode == 1
    assert result.stderr == ("error: a calendar needs your hours per week: set them with "
                             "`studyguide recommend --hours-per-week N` (your progress is kept)\n")


@pytest.mark.parametrize("fmt", ["markdown", "json", "bibtex", "ics"])
def test_no_plan(no_plan_home, run_cli, fmt):
    result = run_cli("export", "--format", fmt, env=NOW_ENV)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_PLAN)


def test_open_hands_the_written_file_to_the_browser(planned, run_cli, tmp_path):
    seen = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open({str(seen)!r}, 'w').write(sys.argv[1])\" %s"
    target = tmp_path / "plan.md"
    result = run_cli("export", "-o", str(target), "--open", env={**NOW_ENV, "BROWSER": browser})
    assert result.returncode == 0, result.stderr
    assert seen.read_text() == target.resolve().as_uri()


def test_html_is_wired_to_the_roadmap_writer(planned, run_cli, tmp_path):
    pytest.importorskip("studyguide.export.html.page")
    target = tmp_path / "roadmap.html"
    result = run_cli("export", "--format", "html", "-o", str(target), env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    page = target.read_text()
    assert page.lstrip().lower().startswith("<!doctype html")
    assert all(rid in page for rid in planned)


def test_writers_are_not_imported_by_other_commands():
    code = ("import sys, studyguide.cli.main; "
            "print(sorted(m for m in sys.modules if m.startswith(('icalendar', 'studyguide.export'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ics_with_nothing_left_to_study(planned, run_cli):
    assert run_cli("done", *planned, env=NOW_ENV).returncode == 0
    result = run_cli("export", "--format", "ics", env=NOW_ENV)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: nothing left to schedule: every item in your plan is done or skipped\n"


def test_a_checklist_that_says_check_is_not_prefixed_again(planned, run_cli):
    text = run_cli("export", "-f", "markdown").stdout
    assert "**Check your understanding before moving on**" in text and "Check yourself: Check" not in text

"""Issue 14, "Safe to share": what a hostile catalog, backup or progress file can no longer do.

One test (or table of cases) per failure found by the adversarial run; each failed on the
code before the fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
CONTROL_BYTES = [bytes([b]) for b in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]


def no_control(text: str) -> bool:
    """No C0 other than tab, newline and carriage return, no DEL, no C1."""
    return not any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in text)


def one_error(res, code: int, text: str) -> None:
    assert res.returncode == code, res.stderr
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert text in res.stderr, res.stderr


EVIL = r'''
[[resources]]
id = "rag-primer"
title = "RAG Primer\u001b]52;c;ZWNobyBwd25lZA==\u001b\\\u001b[2J"
authors = "Dr. Teacher"
kind = "website"
url = "https://class.example.edu/x\u001b]0;owned\u0007"
level = "intro"
stage = "foundation"
hours = 2
free = true
why = "Intro."
[[topic_overrides]]
id = "attention-math"
append = ["rag-primer"]
'''

GOOD = EVIL.replace(r"\u001b]52;c;ZWNobyBwd25lZA==\u001b\\\u001b[2J", "").replace(
    r"\u001b]0;owned\u0007", "")


# ---------------------------------------------------------------- 1. catalog text and URLs

@pytest.mark.parametrize("field, value, shown", [
    ("title", r"RAG Primer\u001b]52;c;ZWNobyBwd25lZA==\u001b\\", "U+001B"),
    ("authors", r"Dr. \u009b2J Teacher", "U+009B"),
    ("why", r"Intro.\u007f", "U+007F"),
    ("why", r"Intro.\u0007", "U+0007"),
    ("url", r"https://class.example.edu/x\u001b]0;owned\u0007", "U+001B"),
    ("url", r"https://class.example.edu/x\u0085", "U+0085"),
])
def test_catalog_text_with_a_control_character_is_an_error_naming_file_and_field(
        run_cli, tmp_path, field, value, shown):
    folder = tmp_path / "class"
    folder.mkdir()
    good_value = {"title": "RAG Primer", "authors": "Dr. Teacher", "why": "Intro.",
                  "url": "https://class.example.edu/x"}[field]
    (folder / "evil.toml").write_text(GOOD.replace(f'{field} = "{good_value}"', f'{field} = "{value}"'))
    check = run_cli("catalog", "check", str(folder))
    assert check.returncode == 1
    assert f"evil.toml: resources[0].{field}: contains a control character ({shown})" in check.stderr
    shown_res = run_cli("--catalog", str(folder), "show", "rag-primer")
    one_error(shown_res, 2, f"evil.toml: resources[0].{field}: contains a control character")
    assert no_control(shown_res.stdout + shown_res.stderr)


def test_tabs_and_newlines_stay_allowed_in_catalog_prose(run_cli, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ok.toml").write_text(GOOD.replace('why = "Intro."', 'why = "Intro.\\n\\tSecond line."'))
    assert run_cli("catalog", "check", str(folder)).returncode == 0


@pytest.mark.parametrize("url, why", [
    ("https://", "must start with https://"),
    ("https:///path-only", "has no host name"),
    ("https://exa mple.edu/", "must not contain spaces"),
    ("https://example.edu:99999/", "is not a valid address"),
    ("https://[::1/", "is not a valid address"),
])
def test_a_catalog_url_must_parse_as_https_with_a_host(run_cli, tmp_path, url, why):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "u.toml").write_text(GOOD.replace('url = "https://class.example.edu/x"', f'url = "{url}"'))
    check = run_cli("catalog", "check", str(folder))
    assert check.returncode == 1 and f"u.toml: resources[0].url: {why}" in check.stderr, check.stderr


# ---------------------------------------------------------------- 3. costly shapes, every file read

DOTTED = ("k." * 45_000 + "k = 1\n").encode()          # 90 KB: 34 s and 7.9 GB before the guard
MANY_TABLES = b"[" + b"{}," * (5 * 1024 * 1024) + b"{}]"   # 15 MiB of JSON: 5 million dicts


# Runs `studyguide` from a small fresh Python, not from pytest: a forked child's peak RSS
# (ru_maxrss) counts the memory of the process it was forked from, and pytest's grows over
# the full suite (it measured 145 MiB for a command that takes 30).
_MEASURE = """
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
proc = subprocess.Popen([sys.executable, "-m", "studyguide", *sys.argv[1:]],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = 0   # reaped by wait4
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run_measured(args: list[str], env: dict) -> tuple[int, str, float, float]:
    """(exit code, stderr, seconds, peak MiB) of `studyguide ARGS` in a fresh process, its
    address space capped at 1 GiB so a regression fails instead of swapping the machine."""
    full_env = {**os.environ, **env}
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=full_env, stdin=subprocess.DEVNULL,
                         capture_output=True, timeout=120)
    seconds = time.monotonic() - start
    code, maxrss = map(int, res.stdout.split())
    return code, res.stderr[: 1 << 20].decode("utf-8", "replace"), seconds, maxrss / 1024


@pytest.mark.parametrize("where", ["overlay", "catalog", "progress"])
def test_a_huge_dotted_key_is_refused_fast_in_every_toml_file(tmp_path, sandbox_home, where):
    target = {"overlay": sandbox_home / "catalog" / "team.toml", "catalog": tmp_path / "c" / "a.toml",
              "progress": sandbox_home / "progress.toml"}[where]
    target.parent.mkdir(parents=True)
    target.write_bytes(DOTTED)
    args = ["--catalog", str(target.parent), "topics"] if where == "catalog" else (
        ["status"] if where == "progress" else ["topics"])
    code, err, seconds, mib = run_measured(args, {})
    assert code == 2, err
    assert f"{target.name}: line 1, column 1: a key with more than 32 dotted parts" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert mib < 100 and seconds < 10, (mib, seconds)


def test_the_guards_themselves_take_well_under_a_second():
    from studyguide.storage.file_limits import too_many_values
    from studyguide.storage.toml import Unreadable, parse_toml

    start = time.monotonic()
    with pytest.raises(Unreadable, match="a key with more than 32 dotted parts"):
        parse_toml(DOTTED)
    assert "holds over 250,000 values" in too_many_values(MANY_TABLES.decode())
    big = Path(__file__).parents[1] / "data" / "resources.toml"
    assert too_many_values(big.read_text()) is None and parse_toml(big.read_bytes())
    assert time.monotonic() - start < 1


def test_add_refuses_an_overlay_with_a_huge_dotted_key(run_cli, sandbox_home):
    (sandbox_home / "catalog").mkdir(parents=True)
    (sandbox_home / "catalog" / "mine.toml").write_bytes(DOTTED)
    res = run_cli("add", "https://example.com/notes", "--title", "Notes", "--topic", "attention-math")
    assert res.returncode == 2 and "mine.toml: line 1, column 1: a key with more than 32" in res.stderr


def test_a_backup_of_millions_of_values_is_refused_without_the_memory(tmp_path):
    backup = tmp_path / "b.json"
    backup.write_bytes(MANY_TABLES)
    code, err, seconds, mib = run_measured(["import", str(backup), "--yes"], {})
    assert code == 2 and "b.json: holds over 250,000 values" in err, err
    assert mib < 100 and seconds < 10, (mib, seconds)


# ---------------------------------------------------------------- 2. file text through the CLI

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x9b31m"


def test_a_shared_backup_cannot_write_to_the_terminal(run_cli, tmp_path):
    assert run_cli("recommend", "--goal", "build", "--hours-per-week", "5", env=NOW).returncode == 0
    backup = tmp_path / "shared-backup.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    data = json.loads(backup.read_text())
    plan = data["progress"]["plan"]
    plan["focus"] = "lora" + OSC52
    plan["sections"][-1]["items"].append("ghost" + OSC52)          # an id no catalog has
    first = plan["sections"][0]["items"][0]
    data["progress"]["items"][first] = {"status": "skipped", "skip_reason": "meh" + OSC52}
    data["progress"]["history"] = [{"action": "done x" + OSC52, "at": "2026-11-22T09:00:00+00:00",
                                    "before": {}}]
    backup.write_text(json.dumps(data))
    assert run_cli("import", str(backup), "--yes", env=NOW).returncode == 0
    for args in (["status"], ["next", "-n", "3"], ["status", "--json"], ["export"], ["export", "-f", "html"],
                 ["export", "-f", "ics"], ["export", "-f", "bibtex"], ["export", "-f", "json"], ["undo"]):
        res = run_cli(*args, env=NOW)
        assert res.returncode == 0, (args, res.stderr)
        assert no_control(res.stdout) and no_control(res.stderr), (args, res.stdout[-300:], res.stderr)
        if args == ["status"]:
            assert "focus lora ]52;c;ZWNobyBwd25lZA==" in res.stdout
        if args == ["undo"]:
            assert "undid: done x ]52;c;" in res.stdout


def test_an_error_line_quoting_a_file_cannot_write_to_the_terminal(run_cli, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "k.toml").write_text(f'"evil{OSC52.encode("unicode_escape").decode()}" = 1\n'.replace("\\x", "\\u00"))
    res = run_cli("--catalog", str(folder), "topics")
    assert res.returncode == 2 and "k.toml: evil ]52;c;" in res.stderr, res.stderr
    assert no_control(res.stderr)
    check = run_cli("catalog", "check", str(folder))
    assert check.returncode == 1 and "evil ]52" in check.stderr and no_control(check.stderr)


# ---------------------------------------------------------------- 5. a read-only progress file

def test_a_read_only_progress_file_is_refused_with_exit_3(run_cli, sandbox_home):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    progress = sandbox_home / "progress.toml"
    before = progress.read_bytes()
    progress.chmod(0o444)
    res = run_cli("done", "lora", env=NOW)
    one_error(res, 3, f"{progress} is read-only (mode 0444); nothing was saved: make it writable (chmod u+w")
    assert progress.read_bytes() == before and (progress.stat().st_mode & 0o777) == 0o444
    progress.chmod(0o644)   # a writable file keeps its mode when saved
    assert run_cli("done", "lora", env=NOW).returncode == 0
    assert progress.read_bytes() != before and (progress.stat().st_mode & 0o777) == 0o644


# ---------------------------------------------------------------- 6. dates at the edge of the calendar

CARD = "attention-math-sqrt-dk"


@pytest.mark.parametrize("tz", ["America/New_York", "Asia/Tokyo", "UTC"])
@pytest.mark.parametrize("where, value", [
    ("due", "0001-01-01"), ("due", "9999-12-31T23:59:59"), ("last_review", "0001-01-01T00:00:00-05:00"),
    ("started", "0001-01-01T00:00:00Z"), ("finished", "9999-12-31"), ("created", "0001-01-01"),
    ("start", "9999-12-31"),
])
def test_a_date_out_of_range_in_the_progress_file_is_a_data_error(run_cli, sandbox_home, tz, where, value):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    progress = sandbox_home / "progress.toml"
    text = progress.read_text()
    if where in ("due", "last_review"):
        text += f"\n[cards.{CARD}]\ndue = 2026-11-20T00:00:00Z\n"
        text = text.replace("due = 2026-11-20T00:00:00Z", f"{where} = {value}" + (
            "\ndue = 2026-11-20T00:00:00Z" if where != "due" else ""))
        field = f"cards.{CARD}.{where}"
    elif where in ("started", "finished"):
        text += f"\n[items.lora]\nstatus = \"done\"\n{where} = {value}\n"
        field = f"items.lora.{where}"
    else:
        lines = text.splitlines()
        at = lines.index("[plan]") + 1
        lines = [ln for ln in lines if not ln.startswith(f"{where} =")]
        lines.insert(at, f"{where} = {value}")
        text = "\n".join(lines) + "\n"
        field = f"plan.{where}"
    progress.write_text(text)
    for args in (["next"], ["status"], ["review", "--json"], ["export", "-f", "ics"]):
        res = run_cli(*args, env={**NOW, "TZ": tz})
        one_error(res, 2, f"{field}: must be a date between the years 1900 and 9000")


def test_a_backup_with_a_date_out_of_range_is_refused(run_cli, tmp_path):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    backup = tmp_path / "b.json"
    assert run_cli("export", "-f", "json", "-o", str(backup), env=NOW).returncode == 0
    data = json.loads(backup.read_text())
    data["progress"]["cards"] = {CARD: {"due": {"$datetime": "0001-01-01T00:00:00+00:00"}}}
    backup.write_text(json.dumps(data))
    one_error(run_cli("import", str(backup), "--yes", env={**NOW, "TZ": "America/New_York"}), 2,
              f"progress.cards.{CARD}.due: must be a date between the years 1900 and 9000")


@pytest.mark.parametrize("value", ["9998-12-31T23:59:59", "1899-12-31T23:59:59", "9001-01-01T00:00:00"])
def test_studyguide_now_is_held_to_the_same_years(run_cli, value):
    assert run_cli("recommend", "--goal", "build", "--hours-per-week", "5", env=NOW).returncode == 0
    for args in (["export", "--format", "ics"], ["status"]):
        one_error(run_cli(*args, env={"STUDYGUIDE_NOW": value, "TZ": "America/New_York"}), 1,
                  f"STUDYGUIDE_NOW={value!r}: use an ISO date-time")
    ok = run_cli("export", "--format", "ics", env={"STUDYGUIDE_NOW": "9000-12-31T23:59:59",
                                                    "TZ": "America/New_York"})
    assert ok.returncode == 0 and "BEGIN:VCALENDAR" in ok.stdout, ok.stderr


# ---------------------------------------------------------------- 7. a FIFO among the cache files

@pytest.mark.parametrize("which", ["progress.bin", "catalog-*.bin"])
def test_a_fifo_in_the_cache_folder_is_ignored(run_cli, sandbox_home, which):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    expected = run_cli("status", env=NOW)
    assert expected.returncode == 0
    cache = sandbox_home / "cache"
    targets = sorted(cache.glob(which))
    assert targets, list(cache.iterdir())
    for target in targets:
        target.unlink()
        os.mkfifo(target)
    for args in (["status"], ["next"], ["topics"], ["done", "lora"]):
        res = run_cli(*args, env=NOW, timeout=20)   # before the fix: open() waits for a writer forever
        assert res.returncode == 0, (args, res.stderr)
    assert run_cli("status", env=NOW).stdout != expected.stdout   # lora is done, from a fresh parse


# ---------------------------------------------------------------- 8. a name over 255 bytes

LONG = "é" * 130   # 260 bytes in UTF-8


@pytest.mark.parametrize("how", ["STUDYGUIDE_HOME", "STUDYGUIDE_CATALOG", "--catalog"])
@pytest.mark.parametrize("command", [["paths"], ["next"], ["topics"], ["status", "--json"]])
def test_a_name_over_255_bytes_is_a_clean_error(run_cli, tmp_path, how, command):
    path = str(tmp_path / LONG / "x")
    args = ["--catalog", path, *command] if how == "--catalog" else command
    res = run_cli(*args, env={how: path} if how != "--catalog" else {})
    one_error(res, 1, f"{how}: a name in ")
    assert "is 260 bytes long; a file or folder name can be at most 255 bytes" in res.stderr


def test_catalog_check_and_export_of_a_name_over_255_bytes_are_clean_errors(run_cli, tmp_path):
    one_error(run_cli("catalog", "check", str(tmp_path / LONG)), 1, "is 260 bytes long")
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    one_error(run_cli("export", "-o", str(tmp_path / LONG), env=NOW), 3, "could not write")


# ---------------------------------------------------------------- 9. add with bytes that are not UTF-8

@pytest.mark.parametrize("flag", ["--title", "--why", "--authors", "URL"])
def test_add_with_bytes_that_are_not_utf8_is_a_clean_error(sandbox_home, flag):
    args = {"URL": b"https://example.com/notes", "--title": b"Notes", "--why": b"Good.", "--authors": b"Me"}
    args[flag] = args[flag] + b"/caf\xe9" if flag == "URL" else b"caf\xe9"
    argv = [b"add", args["URL"], b"--topic", b"attention-math"]
    for name in ("--title", "--why", "--authors"):
        argv += [name.encode(), args[name]]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    res = subprocess.run([sys.executable.encode(), b"-m", b"studyguide", *argv], capture_output=True, env=env,
                         stdin=subprocess.DEVNULL, timeout=60)
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 1, err
    assert err == f"error: {flag}: holds bytes that are not UTF-8 text (is the terminal set to another " \
                  "encoding?); nothing was saved\n"
    assert not (sandbox_home / "catalog" / "mine.toml").exists()


# ---------------------------------------------------------------- 10. a closed pipe

# Every command, with arguments that make it print (its normal notices on stderr, if any).
PIPED = {
    "topics": [], "show": ["attention-math"], "search": [], "paths": [], "export": ["-f", "html"],
    "import": ["BACKUP", "--yes"], "add": ["https://example.com/piped", "--title", "Piped", "--topic",
                                           "attention-math"],
    "hide": ["deep-learning-book"], "unhide": ["deep-learning-book"], "remove": ["gone"],
    "recommend": ["--goal", "build", "--yes"], "next": ["-n", "50"], "status": [], "start": ["lora"],
    "log": ["lora", "30m"], "done": ["lora"], "skip": ["d2l"], "note": ["lora", "piped"], "reset": ["lora"], "swap": ["fastai-course"], "undo": [],
    "quiz": ["--json", "-n", "50"], "review": ["--json"], "catalog": ["check", "data"],
    "history": ["--since", "4w"], "stats": [],
}
NOTICES = {"add": "added piped to attention-math"}


def test_every_command_is_listed_for_the_closed_pipe_test():
    from studyguide.cli import main  # noqa: F401 (registers the commands)
    from typer.main import get_command_name

    from studyguide.cli.app import app

    names = {c.name or get_command_name(c.callback.__name__) for c in app.registered_commands}
    names |= {g.name for g in app.registered_groups}
    assert names == set(PIPED)


@pytest.mark.parametrize("name", sorted(PIPED))
def test_a_closed_pipe_exits_0_with_nothing_on_stderr(run_cli, tmp_path, name):
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    backup = tmp_path / "b.json"
    assert run_cli("export", "-f", "json", "-o", str(backup), env=NOW).returncode == 0
    args = [str(backup) if a == "BACKUP" else a for a in PIPED[name]]
    if name == "unhide":
        assert run_cli("hide", *args).returncode == 0
    if name == "swap":   # a plan that shows an alternative: Raschka's book or fast.ai's course
        assert run_cli("recommend", "--role", "research-engineer", "--depth", "practitioner",
                       "--focus", "fine-tuning", "--yes", env=NOW).returncode == 0
    if name == "remove":
        assert run_cli("add", "https://example.com/gone", "--title", "Gone", "--topic", "attention-math",
                       env=NOW).returncode == 0
    read, write = os.pipe()
    os.close(read)   # the reader left before the first line (`| head -0`)
    try:
        res = subprocess.run([sys.executable, "-m", "studyguide", name, *args], stdout=write,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env={**os.environ, **NOW},
                             timeout=60)
    finally:
        os.close(write)
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert err == "" or err.startswith(NOTICES[name]), err


# ---------------------------------------------------------------- 11. Ctrl-C during start-up

OUR_FRAME = r'File "[^"]*[/\\]studyguide[/\\][^"]*\.py"'


def test_ctrl_c_during_start_up_never_prints_a_traceback_from_studyguide(run_cli, sandbox_home):
    """Signals spread over a whole `status` run, most of them while modules load. A traceback
    may only come from before studyguide's first line runs (Python's own start-up: finding
    the package; docs/security.md), never from a frame of ours."""
    import re
    import signal

    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    started = time.monotonic()
    assert run_cli("status", env=NOW).returncode == 0
    runtime = time.monotonic() - started
    quiet, ours = 0, []
    for n in range(80):
        proc = subprocess.Popen([sys.executable, "-m", "studyguide", "status"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                env={**os.environ, **NOW})
        time.sleep(runtime * n / 80)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
        if re.search(OUR_FRAME, err) or "Exception ignored" in err:
            ours.append(err)
        if proc.returncode == 130:
            assert err.startswith("\ninterrupted") and err.count("\n") == 2, err
            quiet += 1
    assert not ours, ours[0]
    assert quiet >= 10   # the signals did land while studyguide was starting or running


# ---------------------------------------------------------------- 4. the backup carries your overlay

def _with_own_catalog(run_cli) -> None:
    assert run_cli("recommend", "--goal", "build", env=NOW).returncode == 0
    assert run_cli("add", "https://example.com/team/notes", "--title", "Team notes", "--topic",
                   "attention-math", "--kind", "tutorial", env=NOW).returncode == 0
    assert run_cli("hide", "deep-learning-book", env=NOW).returncode == 0
    assert run_cli("done", "team-notes", env=NOW).returncode == 0


def _views(run_cli) -> list[str]:
    out = [run_cli(*args, env=NOW) for args in (["status", "--json"], ["search", "--json"],
                                                 ["show", "team-notes", "--json"])]
    assert all(r.returncode == 0 for r in out), [r.stderr for r in out]
    return [r.stdout for r in out]


def test_a_backup_round_trip_keeps_your_own_catalog(run_cli, sandbox_home, tmp_path):
    import shutil

    _with_own_catalog(run_cli)
    (sandbox_home / "catalog" / "team.toml").write_text(
        '[[resource_overrides]]\nid = "cs224n"\nwhy = "Our team watches lectures 1-9 only."\n')
    before = _views(run_cli)
    backup = tmp_path / "backup.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    assert set(json.loads(backup.read_text())["overlay"]) == {"mine.toml", "team.toml"}
    shutil.rmtree(sandbox_home)   # a fresh machine
    res = run_cli("import", str(backup), env=NOW)
    assert res.returncode == 0, res.stderr
    assert res.stdout == f"imported {backup}: a plan and progress on 1 item(s), with 2 overlay file(s)\n"
    assert _views(run_cli) == before
    assert '"done": 1' in before[0]
    assert "Our team watches lectures 1-9 only." in run_cli("show", "cs224n", "--json").stdout


def test_import_replaces_your_overlays_after_asking_and_keeps_them_in_catalog_bak(run_cli, sandbox_home,
                                                                                   tmp_path):
    _with_own_catalog(run_cli)
    backup = tmp_path / "backup.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    mine = sandbox_home / "catalog" / "mine.toml"
    assert run_cli("add", "https://example.com/other", "--title", "Other", "--topic", "attention-math",
                   env=NOW).returncode == 0
    changed = mine.read_bytes()
    asked = run_cli("import", str(backup), env=NOW)
    one_error(asked, 1, "you already have a plan, progress or overlays; add --yes")
    assert mine.read_bytes() == changed
    assert run_cli("import", str(backup), "--yes", env=NOW).returncode == 0
    assert (sandbox_home / "catalog.bak" / "mine.toml").read_bytes() == changed
    assert run_cli("show", "other", env=NOW).returncode == 1
    assert run_cli("show", "team-notes", env=NOW).returncode == 0


def test_an_overlay_in_a_backup_that_does_not_validate_is_refused_before_anything_changes(
        run_cli, sandbox_home, tmp_path):
    _with_own_catalog(run_cli)
    backup = tmp_path / "backup.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    data = json.loads(backup.read_text())
    data["overlay"]["mine.toml"] = data["overlay"]["mine.toml"].replace("Team notes", "Team\\u001b[2J notes")
    data["progress"]["items"] = {}
    backup.write_text(json.dumps(data))
    state = {p: p.read_bytes() for p in sandbox_home.rglob("*.toml")}
    res = run_cli("import", str(backup), "--yes", env=NOW)
    one_error(res, 2, f"{backup}:overlay/mine.toml: resources[0].title: contains a control character")
    assert {p: p.read_bytes() for p in sandbox_home.rglob("*.toml")} == state
    data["overlay"] = {"../escape.toml": ""}
    backup.write_text(json.dumps(data))
    one_error(run_cli("import", str(backup), "--yes", env=NOW), 2, "'../escape.toml' is not a plain .toml")


def test_when_the_progress_cannot_be_saved_the_overlays_are_put_back(run_cli, sandbox_home, tmp_path):
    _with_own_catalog(run_cli)
    backup = tmp_path / "backup.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    assert run_cli("add", "https://example.com/other", "--title", "Other", "--topic", "attention-math",
                   env=NOW).returncode == 0
    assert run_cli("done", "lora", env=NOW).returncode == 0
    mine = sandbox_home / "catalog" / "mine.toml"
    changed = mine.read_bytes()
    (sandbox_home / "progress.toml").chmod(0o444)
    one_error(run_cli("import", str(backup), "--yes", env=NOW), 3, "is read-only")
    assert mine.read_bytes() == changed   # all or nothing


def test_a_backup_from_the_previous_release_leaves_your_overlays_alone(run_cli, sandbox_home, tmp_path):
    _with_own_catalog(run_cli)
    backup = tmp_path / "v1.json"
    assert run_cli("export", "--format", "json", "-o", str(backup), env=NOW).returncode == 0
    data = json.loads(backup.read_text())
    data["format_version"] = 1   # as the previous release wrote it: no overlay
    del data["overlay"]
    backup.write_text(json.dumps(data))
    mine = (sandbox_home / "catalog" / "mine.toml").read_bytes()
    res = run_cli("import", str(backup), "--yes", env=NOW)
    assert res.returncode == 0 and "overlay" not in res.stdout, res.stderr
    assert (sandbox_home / "catalog" / "mine.toml").read_bytes() == mine
    assert not (sandbox_home / "catalog.bak").exists()

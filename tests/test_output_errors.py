"""Output that cannot be written (a full disk, a closed stdout) is one line and exit 3, never a
traceback, and what the command saved stays saved."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from studyguide.progress.store import Store

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
FULL = "/dev/full"
pytestmark = pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full (Linux)")


def run(*args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyguide", *args], stdout=stdout, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, env={**os.environ, **NOW}, timeout=60)


@pytest.fixture
def planned(run_cli):
    assert run_cli("recommend", "--goal", "build", "--yes", env=NOW).returncode == 0


@pytest.mark.parametrize("args", [("topics",), ("show", "lora", "--json"), ("search", "attention"), ("--version",),
                                  ("-h",), ("next",), ("status", "--json"), ("export",),
                                  ("export", "--format", "json"), ("export", "--format", "bibtex")])
def test_a_full_disk_on_stdout_is_one_line_and_exit_3(planned, args):
    with open(FULL, "w") as full:
        res = run(*args, stdout=full)
    assert res.returncode == 3, res.stderr
    assert res.stderr == "error: could not write the output: No space left on device\n"


def test_a_change_is_saved_even_when_its_output_is_lost(planned):
    with open(FULL, "w") as full:
        res = run("done", "lora", stdout=full)
    assert res.returncode == 3 and "Traceback" not in res.stderr
    assert Store().load().items["lora"].status == "done"


def _closed_stdout(*args: str) -> subprocess.CompletedProcess:
    # As the shell does for `studyguide ... >&-`: the program starts with fd 1 closed.
    return subprocess.run(["sh", "-c", 'exec "$0" -m studyguide "$@" >&-', sys.executable, *args],
                          stderr=subprocess.PIPE, text=True, env={**os.environ, **NOW}, timeout=60)


def test_a_closed_stdout_is_lost_output_but_the_change_is_saved(planned):
    res = _closed_stdout("done", "lora")
    assert res.returncode == 3, res.stderr
    assert res.stderr == "error: could not write the output: standard output is closed\n"
    assert Store().load().items["lora"].status == "done"
    res = _closed_stdout("export", "--format", "json")      # a backup must not vanish with exit 0
    assert res.returncode == 3 and res.stderr == "error: could not write the output: standard output is closed\n"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_narrow_output_encoding_gets_replacements_not_a_crash(planned, encoding):
    env = {**os.environ, **NOW, "PYTHONIOENCODING": encoding}
    for args in (["status"], ["next"], ["show", "attention-math"], ["topics"], ["done", "flashattention"]):
        res = subprocess.run([sys.executable, "-m", "studyguide", *args], capture_output=True, env=env,
                             timeout=60)
        assert res.returncode == 0, (args, res.stderr.decode(encoding, "replace"))
        res.stdout.decode(encoding)                           # the output is in that encoding
    assert Store().load().items["flashattention"].status == "done"


def test_an_export_file_name_too_long_is_a_write_error(planned, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    res = run("export", "-o", str(out / ("a" * 300 + ".md")), stdout=subprocess.PIPE)
    assert res.returncode == 3
    assert res.stderr.startswith("error: could not write ") and "File name too long" in res.stderr
    assert res.stderr.count("\n") == 1 and os.listdir(out) == []

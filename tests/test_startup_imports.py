"""`next` and `status` import only what they need (docs/performance.md).

Each command runs in a fresh interpreter that prints, after the command, which
modules it loaded. The forbidden ones are what only other commands need: Rich
(rendering), pydantic and the validator (the catalog cache is fresh), the TOML
parser and writer (the progress cache is fresh and nothing is saved), the
prompts, the export writers and their libraries, and fsrs; and two standard modules
that cost start-up time for nothing: `dataclasses` (studyguide.valueclass makes the
classes) and `hashlib` (it loads OpenSSL; the catalog key uses the built-in BLAKE2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CLOCK = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
# By top-level package (and our export layer), so a renamed module cannot slip past.
FORBIDDEN = {"rich", "pydantic", "pydantic_core", "tomllib", "tomli_w", "fsrs", "icalendar",
             "bibtexparser", "markdown_it", "dataclasses", "hashlib", "_hashlib"}
FORBIDDEN_OURS = ("studyguide.export",)

# Runs the command as the console script would (main() is __main__'s `main`, so the
# start-up path is the real one), then prints the modules it loaded.
PROBE = """import json, sys
from studyguide.cli.main import main
sys.argv = ["studyguide", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("MODULES=" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded_by(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    res = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                         timeout=60, env={**os.environ, **CLOCK}, stdin=subprocess.DEVNULL)
    line = next(x for x in res.stderr.splitlines() if x.startswith("MODULES="))
    return res, set(json.loads(line[len("MODULES="):]))


def unwanted(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in FORBIDDEN
                  or any(m == p or m.startswith(p + ".") for p in FORBIDDEN_OURS))


@pytest.fixture
def planned(run_cli):
    """A saved plan with progress; the first `next` after it warms both caches."""
    assert run_cli("recommend", "--goal", "systems", "--depth", "deep", "--yes", env=CLOCK).returncode == 0
    first = json.loads(run_cli("next", "-n", "2", "--json", env=CLOCK).stdout)
    assert run_cli("done", first[0]["id"], "--spent", "2h", env=CLOCK).returncode == 0
    assert run_cli("start", first[1]["id"], env=CLOCK).returncode == 0
    assert run_cli("next", env=CLOCK).returncode == 0   # parses the new file once, caches it
    return first


@pytest.mark.parametrize("command", [["next"], ["next", "-n", "3"], ["status"], ["status", "--json"]])
def test_everyday_commands_import_only_what_they_need(planned, command):
    res, modules = loaded_by(*command)
    assert res.returncode == 0, res.stderr
    assert planned[1]["id"] in res.stdout or command[0] == "status"
    assert "studyguide.plan.view" in modules and "typer" in modules   # the probe saw the real run
    assert unwanted(modules) == []


def test_a_stale_catalog_cache_is_the_one_time_validator_is_loaded(planned, sandbox_home):
    """The same probe sees pydantic when the cache is gone: it would see a regression too."""
    for old in (sandbox_home / "cache").glob("catalog-*"):
        old.unlink()
    res, modules = loaded_by("next")
    assert res.returncode == 0, res.stderr
    assert "pydantic" in modules
    res, modules = loaded_by("next")   # rebuilt once, fresh again
    assert unwanted(modules) == []


def test_a_changed_progress_file_is_parsed_then_cached(planned, run_cli, sandbox_home):
    progress = sandbox_home / "progress.toml"
    progress.write_text(progress.read_text(encoding="utf-8").replace(
        'status = "in-progress"', 'status = "skipped"'), encoding="utf-8")
    res, modules = loaded_by("status", "--json")
    assert "tomllib" in modules                    # a hand edit is read afresh...
    assert json.loads(res.stdout)["overall"]["skipped"] == 1
    res, modules = loaded_by("status", "--json")
    assert "tomllib" not in modules                # ...then served from the cache
    assert json.loads(res.stdout)["overall"]["skipped"] == 1

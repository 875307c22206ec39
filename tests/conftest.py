"""Shared test set-up: every test gets its own STUDYGUIDE_HOME and a fixed, colourless terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Fixtures shared by the export tests (planned_home, planned) live beside their helpers.
pytest_plugins = ["export_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def sandbox_home(tmp_path, monkeypatch):
    """No test may touch the real home directory."""
    home = tmp_path / "sg-home"
    monkeypatch.setenv("STUDYGUIDE_HOME", str(home))
    monkeypatch.delenv("STUDYGUIDE_CATALOG", raising=False)
    monkeypatch.delenv("STUDYGUIDE_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    return home


@pytest.fixture
def run_cli(monkeypatch):
    """Run `studyguide ARGS` in a subprocess, like a user would. Returns CompletedProcess."""
    import subprocess

    def run(*args: str, input: str | None = None, env: dict | None = None, timeout: float = 60):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "studyguide", *args], capture_output=True,
                              text=True, input=input, env=full_env, timeout=timeout,
                              stdin=None if input is not None else subprocess.DEVNULL)

    return run


@pytest.fixture
def mini_catalog():
    """The hand-made catalog of tests/fixtures/mini, validated."""
    from studyguide.catalog.build import build_catalog

    return build_catalog([("bundled", FIXTURES / "mini")])


class Result:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = code, stdout, stderr

    def __repr__(self) -> str:
        return f"Result(code={self.returncode}, stdout={self.stdout[:300]!r}, stderr={self.stderr[:300]!r})"


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `studyguide ARGS` in this process (fast); stdin is not a terminal."""
    import io
    import signal

    from studyguide.cli import main as cli_module

    def run(*args: str) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["studyguide", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        old = signal.getsignal(signal.SIGINT)
        code = 0
        try:
            cli_module.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            signal.signal(signal.SIGINT, old)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run

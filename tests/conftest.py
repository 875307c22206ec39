"""Shared test set-up: every test gets its own STUDYGUIDE_HOME and a fixed, colourless terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

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
    from studyguide.catalog_build import build_catalog

    return build_catalog([("bundled", FIXTURES / "mini")])

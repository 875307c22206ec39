"""Hostile progress files through the real CLI: each gives its documented message and exit
code within a short time, never a traceback, and the file is left byte-for-byte as it was.

All cases run at once (each in its own STUDYGUIDE_HOME, sharing a warmed catalog cache)
in a module fixture; each case is then checked by its own parametrized test.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

NOW = "2026-11-23T09:00:00+00:00"
TIMEOUT = 20          # a hang (a FIFO read, a pathological parse) fails the case
ITEM = "lora"         # the item `done` marks; it is in the `build` plan
NOTED = "qlora"       # has a note and a done state in the good file


def env_for(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDYGUIDE_")}
    env.update(STUDYGUIDE_HOME=str(home), STUDYGUIDE_NOW=NOW, NO_COLOR="1", COLUMNS="100", TERM="dumb")
    return env


def sg(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyguide", *args], capture_output=True, text=True,
                          env=env_for(home), timeout=TIMEOUT, stdin=subprocess.DEVNULL)


def digest(path: Path) -> str:
    """What a path is, for 'unchanged' checks: a symlink's target, a file's hash, a kind."""
    if path.is_symlink():
        return "link->" + os.readlink(path)
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    if path.is_dir():
        return "dir:" + ",".join(sorted(os.listdir(path)))
    if path.exists():
        return "special"
    return "absent"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[bytes, Path]:
    """A real progress file (a plan, a done item with a note) and a warmed catalog cache."""
    home = tmp_path_factory.mktemp("good-home")
    for args in (("recommend", "--goal", "build", "--yes"), ("done", NOTED),
                 ("note", NOTED, "re-read section 3")):
        res = sg(home, *args)
        assert res.returncode == 0, res.stderr
    return (home / "progress.toml").read_bytes(), home / "cache"


def line_of(text: bytes, needle: bytes) -> int:
    return text[: text.index(needle)].count(b"\n") + 1


DONE = b'status = "done'


def column_of(text: bytes, needle: bytes) -> int:
    at = text.index(needle)
    return at - text.rfind(b"\n", 0, at)


def lines(text: bytes) -> int:
    return text.count(b"\n")


def replace_once(text: bytes, old: bytes, new: bytes) -> bytes:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


@dataclass
class Case:
    name: str
    setup: Callable[[Path, bytes], None]          # (home, good bytes) -> writes the hostile state
    status_code: int = 2
    done_code: int = 2
    where: str | Callable[[bytes], str] = ""      # regex for the place: line/column or field path
    advice: str = "fix it by hand"
    unchanged: tuple[str, ...] = ("progress.toml",)
    with_backup: bool = False
    results: dict = field(default_factory=dict)


def write(content: bytes | Callable[[bytes], bytes]):
    def setup(home: Path, good: bytes) -> None:
        (home / "progress.toml").write_bytes(content(good) if callable(content) else content)
    return setup


def fifo(home: Path, good: bytes) -> None:
    os.mkfifo(home / "progress.toml")


def directory(home: Path, good: bytes) -> None:
    (home / "progress.toml").mkdir()


def symlink_to_missing(home: Path, good: bytes) -> None:
    (home / "progress.toml").symlink_to(home / "nowhere" / "progress.toml")


def symlink_to_fifo(home: Path, good: bytes) -> None:
    os.mkfifo(home / "pipe")
    (home / "progress.toml").symlink_to(home / "pipe")


def lock_symlink(home: Path, good: bytes) -> None:
    (home / "progress.toml").write_bytes(good)
    (home / "victim.txt").write_text("not yours\n")
    (home / "progress.toml.lock").symlink_to(home / "victim.txt")


def huge(home: Path, good: bytes) -> None:
    with open(home / "progress.toml", "wb") as f:
        f.write(good)
        f.truncate(20 * 1024 * 1024)   # sparse: 20 MiB on paper, instant to make


GARBAGE = random.Random(6).randbytes(4096)
SYNTAX = lambda g: replace_once(g, b'status = "done"', b'status = "done')           # noqa: E731
DUPLICATE = lambda g: replace_once(g, b'status = "done"\n', b'status = "done"\nstatus = "todo"\n')  # noqa: E731
NUL = lambda g: replace_once(g, b"re-read section", b"re-read\x00section")         # noqa: E731
BAD_UTF8 = lambda g: replace_once(g, b"re-read section", b"re-read \xff\xfe section")  # noqa: E731

CASES = [
    Case("syntax error", write(SYNTAX),
         where=lambda g: rf"line {line_of(g, DONE)}, column \d+: not valid TOML: "),
    Case("duplicate key", write(DUPLICATE), with_backup=True, advice="restore the last good copy: cp ",
         where=lambda g: rf"line {line_of(g, DONE) + 1}, column \d+: not valid TOML: this key is already set above"),
    Case("BOM twice", write(lambda g: b"\xef\xbb\xbf\xef\xbb\xbf" + g), where=r"line 1, column 1: "),
    Case("NUL byte", write(NUL), where=lambda g: rf"line {line_of(g, b're-read')}, column \d+: "),
    Case("invalid UTF-8", write(BAD_UTF8),
         where=lambda g: rf"line {line_of(g, b're-read')}, column {column_of(g, b're-read') + 8}: "
                         "not UTF-8 text"),
    Case("binary garbage", write(GARBAGE), where=r"line \d+, column \d+: "),
    Case("wrong type", write(lambda g: replace_once(g, b'status = "done"', b"status = 5")),
         where=rf"items\.{NOTED}\.status: must be a string"),
    Case("wrong value", write(lambda g: replace_once(g, b'status = "done"', b'status = "finished"')),
         where=rf"items\.{NOTED}\.status: must be one of todo, in-progress, done, skipped"),
    Case("misspelt table", write(lambda g: g.replace(b"[items.", b"[itemz.")), where=r"itemz: unknown key"),
    Case("wrong table type", write(b"schema_version = 3\nitems = 5\n"),
         where=r"items: must be a table of \[items\.ID\] tables"),
    Case("unknown key", write(lambda g: replace_once(g, b'status = "done"', b'stauts = "done"')),
         where=rf"items\.{NOTED}\.stauts: unknown key \(a typo\?"),
    Case("future schema", write(lambda g: replace_once(g, b"schema_version = 3", b"schema_version = 99")),
         where=r"schema_version: is 99, written by a newer studyguide", advice="upgrade studyguide",
         with_backup=True),
    Case("schema version not a number", write(lambda g: replace_once(g, b"schema_version = 3",
                                                                      b'schema_version = "2"')),
         where=r"schema_version: must be a whole number"),
    Case("huge file", huge, where=r"is 20\.0 MiB, more than the 4 MiB"),
    Case("deeply nested arrays", write(lambda g: g + b"\ndeep = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
         where=lambda g: rf"line {lines(g) + 2}: arrays or tables nested too deeply"),
    Case("absurdly dotted key", write(lambda g: g + b"\n" + b"a" + b".a" * 100_000 + b" = 1\n"),
         where=lambda g: rf"line {lines(g) + 2}, column 1: a key with more than 32 dotted parts"),
    Case("a directory", directory, where=r"is a directory, not a progress file", advice="move it aside (mv "),
    Case("a FIFO", fifo, where=r"is a named pipe \(FIFO\), not a progress file", advice="move it aside (mv "),
    Case("a symlink to a FIFO", symlink_to_fifo, where=r"is a named pipe \(FIFO\)", advice="move it aside",
         unchanged=("progress.toml", "pipe")),
    Case("a dangling symlink", symlink_to_missing, where=r"is a symlink to a missing file"),
    # The lock is only taken to write: reading commands work, changes are refused, the
    # symlink's target is never created or written (CVE-2025-68146's attack).
    Case("a symlinked lock file", lock_symlink, status_code=0,
         where=r"the lock file is a symlink, which studyguide will not follow", advice="remove it (rm ",
         unchanged=("progress.toml", "progress.toml.lock", "victim.txt")),
]


@pytest.fixture(scope="module")
def outcomes(good, tmp_path_factory):
    """Run `status` then `done ITEM` for every case, several cases at a time."""
    good_bytes, cache = good

    def run(case: Case) -> Case:
        home = tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name))
        shutil.copytree(cache, home / "cache")
        if case.with_backup:
            (home / "progress.toml.bak").write_bytes(good_bytes)
        case.setup(home, good_bytes)
        names = case.unchanged + (("progress.toml.bak",) if case.with_backup else ())
        case.results["home"] = home
        case.results["before"] = {n: digest(home / n) for n in names}
        started = time.monotonic()
        case.results["status"] = sg(home, "status")
        case.results["done"] = sg(home, "done", ITEM)
        case.results["seconds"] = time.monotonic() - started
        case.results["after"] = {n: digest(home / n) for n in names}
        case.results["files"] = sorted(os.listdir(home))
        return case

    with ThreadPoolExecutor(max_workers=4) as pool:
        return {c.name: c for c in pool.map(run, CASES)}


def check_error(case: Case, res: subprocess.CompletedProcess, good_bytes: bytes) -> None:
    home = case.results["home"]
    path = home / "progress.toml"
    where = case.where(good_bytes) if callable(case.where) else case.where
    assert "Traceback" not in res.stderr, res.stderr
    assert res.stdout == ""
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr   # one line
    assert str(path) in res.stderr
    assert re.search(where, res.stderr), (where, res.stderr)
    assert case.advice in res.stderr, res.stderr
    if case.with_backup and "cp " in case.advice:
        assert f"cp {home / 'progress.toml.bak'} {path}\n" in res.stderr


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_hostile_file_is_refused_and_left_as_it_was(outcomes, good, name):
    case = outcomes[name]
    status, done = case.results["status"], case.results["done"]
    assert status.returncode == case.status_code, status.stderr
    assert done.returncode == case.done_code, done.stderr
    if case.status_code == 2:
        check_error(case, status, good[0])
    else:
        assert "Traceback" not in status.stderr and status.stderr == "", status.stderr
        assert "Plan: Build and fine-tune models yourself" in status.stdout
    check_error(case, done, good[0])
    assert case.results["seconds"] < TIMEOUT / 2      # no hang, no slow pathological parse
    assert case.results["after"] == case.results["before"]          # byte-identical, same kind
    leftovers = [f for f in case.results["files"] if f.startswith(".studyguide-tmp")]
    assert leftovers == []
    if not case.with_backup:
        assert "progress.toml.bak" not in case.results["files"]      # nothing rotated either


# ---------------------------------------------------------------- readable edge cases

def test_an_empty_file_is_a_fresh_start_and_is_never_backed_up(good, tmp_path):
    good_bytes, cache = good
    home = tmp_path / "home"
    shutil.copytree(cache, home / "cache")
    path = home / "progress.toml"
    path.write_bytes(b"")
    (home / "progress.toml.bak").write_bytes(good_bytes)          # an older good copy
    status = sg(home, "status")
    assert (status.returncode, status.stderr) == (1, "error: no plan yet: run `studyguide recommend` to make one\n")
    assert path.read_bytes() == b""                                 # reading never writes
    done = sg(home, "done", ITEM)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"done: {ITEM}")
    assert f'[items.{ITEM}]\nstatus = "done"' in path.read_text()   # nothing was lost by writing
    path.write_bytes(b"  \n# only a comment\n")
    plan = sg(home, "recommend", "--goal", "build", "--yes")        # a replacing save asks for a backup
    assert plan.returncode == 0, plan.stderr
    assert (home / "progress.toml.bak").read_bytes() == good_bytes  # the empty file did not replace it


def test_one_bom_is_tolerated(good, tmp_path):
    good_bytes, cache = good
    home = tmp_path / "home"
    shutil.copytree(cache, home / "cache")
    path = home / "progress.toml"
    path.write_bytes(b"\xef\xbb\xbf" + good_bytes)
    status = sg(home, "status")
    assert status.returncode == 0, status.stderr
    assert "1/" in status.stdout and path.read_bytes() == b"\xef\xbb\xbf" + good_bytes
    done = sg(home, "done", ITEM)
    assert done.returncode == 0, done.stderr
    saved = path.read_bytes()
    assert not saved.startswith(b"\xef\xbb\xbf") and f"[items.{ITEM}]".encode() in saved
    assert f"[items.{NOTED}]".encode() in saved


def test_a_symlinked_progress_file_is_followed(good, tmp_path):
    """Dotfile managers: the link stays a link, its target gets the change, the lock and
    backup stay next to the link, and no temp file is left in either folder."""
    good_bytes, cache = good
    home = tmp_path / "home"
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    shutil.copytree(cache, home / "cache")
    target = dotfiles / "studyguide-progress.toml"
    target.write_bytes(good_bytes)
    link = home / "progress.toml"
    link.symlink_to(os.path.relpath(target, home))
    status = sg(home, "status")
    assert status.returncode == 0 and "1/" in status.stdout, status.stderr
    done = sg(home, "done", ITEM)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, home)
    assert f"[items.{ITEM}]".encode() in target.read_bytes()
    assert f"[items.{NOTED}]".encode() in target.read_bytes()
    replan = sg(home, "recommend", "--goal", "concepts", "--yes")   # backup=True
    assert replan.returncode == 0, replan.stderr
    assert link.is_symlink() and b'goal = "concepts"' in target.read_bytes()
    assert (home / "progress.toml.bak").is_file() and not (home / "progress.toml.bak").is_symlink()
    assert b'goal = "build"' in (home / "progress.toml.bak").read_bytes()
    assert sorted(os.listdir(dotfiles)) == ["studyguide-progress.toml"]
    assert not [f for f in os.listdir(home) if f.startswith(".studyguide-tmp")]


def test_commands_that_do_not_need_progress_work_with_a_broken_file(good, tmp_path):
    good_bytes, cache = good
    home = tmp_path / "home"
    shutil.copytree(cache, home / "cache")
    path = home / "progress.toml"
    path.write_bytes(SYNTAX(good_bytes))
    before = digest(path)
    runs = [("topics",), ("show", "attention-math"), ("search", "lora"), ("paths",), ("--help",)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda a: sg(home, *a), runs))
    for args, res in zip(runs, results):
        assert res.returncode == 0, (args, res.stderr)
        # The catalog views would mark your state: they say in one line why they cannot.
        if args[0] in ("topics", "show", "search"):
            assert res.stderr.startswith("note: shown without your progress, which could not be read: "
                                         f"{path}: line ") and res.stderr.count("\n") == 1, (args, res.stderr)
        else:
            assert res.stderr == "", (args, res.stderr)
    assert "attention-math" in results[0].stdout
    assert "Attention math" in results[1].stdout
    assert "lora" in results[2].stdout
    assert str(path) in results[3].stdout
    assert digest(path) == before

"""Crashes and crowds: kill -9 at random moments of a save loop, many commands saving at
once, and readers that never see a half-written file while that happens."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from studyguide.storage import atomic
from studyguide.progress.store import Store

NOW_ENV = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}

# Each save adds item-N (N = how many there were + 1), so a file that parses and holds
# exactly item-1..item-K is a whole state: the K-th save, never a mix of two.
SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from studyguide.progress.model import ItemState, Note
    from studyguide.progress.store import Store

    store = Store(Path(sys.argv[1]))
    prefix = sys.argv[2]
    limit = int(sys.argv[3])

    def add(p):
        n = sum(1 for k in p.items if k.startswith(prefix)) + 1
        p.items[f"{prefix}{n}"] = ItemState(status="done", notes=[Note("a note to make the file longer " * 8)])
        return n

    for _ in range(limit):
        print(store.update(add), flush=True)
""")


def python(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], env={**os.environ, **kwargs.pop("env", {})}, **kwargs)


def counted(path: Path, prefix: str) -> int:
    """How many saves the file holds; asserts the items are exactly prefix1..prefixK."""
    items = Store(path).load().items
    keys = sorted(int(k[len(prefix):]) for k in items if k.startswith(prefix))
    assert keys == list(range(1, len(keys) + 1)), keys
    return len(keys)


def test_kill_9_at_random_moments_leaves_the_old_or_the_new_file(tmp_path):
    path = tmp_path / "progress.toml"
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    rng = random.Random(9)
    for _ in range(36):
        before = counted(path, "item-") if path.exists() else 0
        proc = python(str(script), str(path), "item-", "100000", stdout=subprocess.PIPE, text=True)
        first = proc.stdout.readline()                    # it is saving now
        time.sleep(rng.uniform(0, 0.04))
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        printed = [int(x) for x in (first + rest).split()]
        last = printed[-1] if printed else before
        assert printed == list(range(before + 1, last + 1))
        now = counted(path, "item-")                      # it parses, and it is a whole state
        assert now in (last, last + 1), (now, last)       # the last reported save, or one more
    # Whatever the kills left, the next save works and sweeps the stray temp files away.
    done = python(str(script), str(path), "item-", "1", stdout=subprocess.PIPE, text=True)
    assert done.communicate(timeout=60)[0].strip() == str(now + 1) and done.returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(atomic.TEMP_PREFIX)] == []
    assert counted(path, "item-") == now + 1


def test_many_savers_at_once_lose_nothing_and_readers_never_see_a_torn_file(tmp_path):
    path = tmp_path / "progress.toml"
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    stop = tmp_path / "stop"
    reader = tmp_path / "reader.py"
    reader.write_text(textwrap.dedent("""
        import sys
        from pathlib import Path
        from studyguide.progress.store import Store
        path, stop = Path(sys.argv[1]), Path(sys.argv[2])
        reads = errors = 0
        while not stop.exists():
            try:
                Store(path).load()
                reads += 1
            except Exception as exc:
                errors += 1
                print("ERROR", type(exc).__name__, exc, flush=True)
        print("reads", reads, "errors", errors, flush=True)
    """))
    read = python(str(reader), str(path), str(stop), stdout=subprocess.PIPE, text=True)
    env = {"STUDYGUIDE_LOCK_TIMEOUT": "120"}
    savers = [python(str(script), str(path), f"w{i}-", "20", stdout=subprocess.PIPE, text=True, env=env)
              for i in range(6)]
    outputs = [s.communicate(timeout=120)[0] for s in savers]
    stop.touch()
    report = read.communicate(timeout=60)[0]
    assert all(s.returncode == 0 for s in savers)
    for i, out in enumerate(outputs):
        assert [int(x) for x in out.split()] == list(range(1, 21))   # each saw its own earlier saves
        assert counted(path, f"w{i}-") == 20                          # and every one of them landed
    assert "ERROR" not in report, report
    assert report.startswith("reads ") and int(report.split()[1]) > 0, report


def test_cli_commands_at_once_all_land_and_status_never_breaks(run_cli, sandbox_home):
    assert run_cli("recommend", "--goal", "build", "--yes", env=NOW_ENV).returncode == 0
    plan = json.loads(run_cli("status", "--json", env=NOW_ENV).stdout)
    assert plan["overall"]["done"] == 0
    ids = Store().load().plan.item_ids()[:10]
    seen: list[int] = []
    failures: list[str] = []
    storm_over = threading.Event()

    def watch():
        while not storm_over.is_set():
            res = run_cli("status", "--json", env=NOW_ENV)
            if res.returncode != 0:
                failures.append(res.stderr)
                continue
            seen.append(json.loads(res.stdout)["overall"]["done"])

    watcher = threading.Thread(target=watch)
    watcher.start()
    env = {**NOW_ENV, "STUDYGUIDE_LOCK_TIMEOUT": "120"}
    procs = [python("-m", "studyguide", "done", rid, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True, env=env) for rid in ids]
    results = [p.communicate(timeout=120) for p in procs]
    storm_over.set()
    watcher.join(timeout=120)
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
    items = Store().load().items
    assert sorted(rid for rid, st in items.items() if st.status == "done") == sorted(ids)
    assert len(Store().load().history) == len(ids) + 1                # one undo step each, after recommend's
    assert failures == []
    assert seen and seen == sorted(seen)                              # figures only ever go up
    final = json.loads(run_cli("status", "--json", env=NOW_ENV).stdout)
    assert final["overall"]["done"] == len(ids)

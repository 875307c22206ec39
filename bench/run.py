"""Start-up and scale benchmark for studyguide (docs/performance.md).

    python bench/run.py [--runs 21] [--json] [--keep]

Run it with the interpreter of the environment studyguide is installed in. It
makes its own temporary STUDYGUIDE_HOME folders (your real progress is never
read or written), a hello-world Typer app, a generated overlay of 1,000 resources
and a generated catalog of 10,000 resources in 200 topics with a 5,000-entry
progress file (bench/make_catalog.py); both progress files hold a year of daily
study in their record.

Every time is the median wall time of --runs runs (default 21). The runs are
interleaved: each round runs every command once, in an order rotated from round
to round, so that a noisy neighbour on a 2-core machine slows all of them alike
instead of one. Each ratio is the median of the per-round ratios (paired runs,
seconds apart), which cancels load that comes and goes during the benchmark.
Peak memory is the largest maximum resident set size (wait4) of three further
runs of each command, started from a small wrapper process.
Exits 1 when a target is missed, 2 when a command fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELLO = '''import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("Hello World")


app()
'''
BUNDLED_GOAL = ["--goal", "systems", "--depth", "deep"]
TARGET_HELLO = 1.25      # next, status (bundled): at most this times the hello-world Typer app
TARGET_BARE = 8.0        # ... and at most this times `python -c pass`
OVERLAY_RESOURCES = 1000  # a teacher's or a learner's big overlay
TARGET_OVERLAY = 1.25    # next, status with that overlay: at most this times the bundled figure
TARGET_RECOMMEND_S = 1.0  # recommend at 10k resources
TARGET_SCALE = 3.0       # next, status at 10k: at most this times the bundled figure
TARGET_MIB = 100.0       # peak memory at 10k
MEMORY_RUNS = 3          # extra rounds for peak memory (kept apart from the timed runs)


def studyguide_cmd() -> list[str]:
    """The console script next to this interpreter (what a user runs), else `python -m`."""
    folder = Path(sys.executable).parent
    for name in ("studyguide", "studyguide.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    return [sys.executable, "-m", "studyguide"]


def child_env(home: Path, catalog: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["STUDYGUIDE_HOME"] = str(home)
    env.pop("STUDYGUIDE_CATALOG", None)
    env.pop("STUDYGUIDE_NOW", None)
    # An installed package has .pyc files; a developer shell that turns bytecode
    # writing off would make every run recompile our modules and measure that.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_COLOR="1", COLUMNS="100")
    if catalog is not None:
        env["STUDYGUIDE_CATALOG"] = str(catalog)
    return env


def run_checked(argv: list[str], env: dict[str, str]) -> str:
    res = subprocess.run(argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if res.returncode != 0:
        sys.stderr.write(f"bench: `{' '.join(argv)}` exited {res.returncode}:\n{res.stderr}")
        sys.exit(2)
    return res.stdout


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(f"bench: `{' '.join(argv)}` exited {proc.returncode}:\n"
                         f"{err.decode(errors='replace')}")
        sys.exit(2)
    return wall


# A forked child's peak RSS starts at its parent's, so the measured command is
# started from this small interpreter (python -S, a few MiB, below any Python
# program) rather than from the benchmark, which holds more.
RSS_WRAPPER = """import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run in MiB (NaN where fork/wait4 do not exist)."""
    if not hasattr(os, "wait4") or not hasattr(os, "fork"):
        return float("nan")
    res = subprocess.run([sys.executable, "-S", "-c", RSS_WRAPPER, *argv], env=env,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    try:
        rss, code = (int(x) for x in res.stdout.split())
    except ValueError:
        rss, code = 0, res.returncode or 1
    if code != 0:
        sys.stderr.write(f"bench: `{' '.join(argv)}` exited {code}:\n{res.stderr}")
        sys.exit(2)
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # macOS: bytes; Linux: KiB


def prepare(work: Path, sizes: argparse.Namespace) -> tuple[list[dict], dict]:
    """Make the homes, the hello world and the big catalog; return the command table."""
    sys.path.insert(0, str(HERE))
    from make_catalog import GOAL_ID

    sg = studyguide_cmd()
    hello = work / "hello.py"
    hello.write_text(HELLO, encoding="utf-8")

    small = work / "home-bundled"
    env_small = child_env(small)
    run_checked(sg + ["recommend", *BUNDLED_GOAL, "--yes"], env_small)
    first = json.loads(run_checked(sg + ["next", "-n", "4", "--json"], env_small))
    run_checked(sg + ["done", *[i["id"] for i in first[:3]], "--spent", "5h"], env_small)
    run_checked(sg + ["start", first[3]["id"]], env_small)
    # A year of daily records in the file (issue 18): next and status must not feel it.
    run_checked([sys.executable, str(HERE / "make_catalog.py"), "--records-into", str(small / "progress.toml")],
                dict(os.environ))

    # In a child process: this process stays small (see RSS_WRAPPER).
    out = work / "generated"
    run_checked([sys.executable, str(HERE / "make_catalog.py"), str(out), "--resources",
                 str(sizes.resources), "--topics", str(sizes.topics), "--progress", str(sizes.progress)],
                dict(os.environ))
    summary = {"catalog": str(out / "catalog"), "progress": str(out / "progress.toml"),
               "resources": sizes.resources, "topics": sizes.topics, "progress_entries": sizes.progress}
    big = work / "home-10k"
    big.mkdir()
    shutil.copyfile(summary["progress"], big / "progress.toml")
    env_big = child_env(big, Path(summary["catalog"]))
    run_checked(sg + ["recommend", "--goal", GOAL_ID, "--depth", "deep", "--yes"], env_big)

    # A 1,000-resource overlay (what a class or a keen learner might add), with a plan over it.
    mid_out = work / "generated-1k"
    run_checked([sys.executable, str(HERE / "make_catalog.py"), str(mid_out), "--resources",
                 str(OVERLAY_RESOURCES), "--topics", str(max(1, OVERLAY_RESOURCES // 50)), "--progress",
                 str(OVERLAY_RESOURCES // 2)], dict(os.environ))
    mid = work / "home-1k"
    mid.mkdir()
    shutil.copyfile(mid_out / "progress.toml", mid / "progress.toml")
    env_mid = child_env(mid, mid_out / "catalog")
    run_checked(sg + ["recommend", "--goal", GOAL_ID, "--depth", "deep", "--yes"], env_mid)

    bare_env = child_env(work / "home-unused")
    scale = f"{summary['resources'] // 1000}k" if summary["resources"] >= 1000 else str(summary["resources"])
    cmds = [
        {"name": "python -c pass", "argv": [sys.executable, "-c", "pass"], "env": bare_env},
        {"name": "typer hello world", "argv": [sys.executable, str(hello)], "env": bare_env},
    ]
    for label, env, goal in (("bundled", env_small, BUNDLED_GOAL),
                             ("1k overlay", env_mid, None),
                             (scale, env_big, ["--goal", GOAL_ID, "--depth", "deep"])):
        for args in (["next"], ["status"], ["show", "attention-math"],
                     ["recommend", *(goal or []), "--dry-run", "--json"]):
            if goal is None and args[0] not in ("next", "status"):
                continue
            cmds.append({"name": f"studyguide {' '.join(args)} [{label}]", "argv": sg + args, "env": env,
                         "command": args[0], "catalog": label})
    # Warm-up: writes .pyc files and the catalog caches, and proves every command works.
    for c in cmds:
        run_checked(c["argv"], c["env"])
    summary["scale_label"] = scale
    return cmds, summary


def measure(cmds: list[dict], runs: int, memory_runs: int, progress: bool) -> None:
    for c in cmds:
        c["times"], c["rss"] = [], []
    total = runs + memory_runs
    for r in range(total):
        k = r % len(cmds)
        for c in cmds[k:] + cmds[:k]:
            if r < runs:
                c["times"].append(timed_run(c["argv"], c["env"]))
            else:
                c["rss"].append(peak_mib(c["argv"], c["env"]))
        if progress:
            sys.stderr.write(f"\rround {r + 1}/{total}")
            sys.stderr.flush()
    if progress:
        sys.stderr.write("\n")


def paired_ratio(times: list[float], base: list[float]) -> float:
    """Median of the per-round ratios: each round runs both commands within a second or so,
    so a neighbour's load that comes and goes during the benchmark cancels out."""
    return statistics.median(t / b for t, b in zip(times, base))


def judge(cmds: list[dict], scale: str) -> None:
    by = {c["name"]: c for c in cmds}
    bare = by["python -c pass"]["times"]
    hello = by["typer hello world"]["times"]
    bundled = {c["command"]: c["times"] for c in cmds if c.get("catalog") == "bundled"}
    for c in cmds:
        med = statistics.median(c["times"])
        c.update(median=med, min=min(c["times"]), x_hello=paired_ratio(c["times"], hello),
                 x_bare=paired_ratio(c["times"], bare), peak_mib=max(c["rss"]), targets=[], ok=True)
        checks = []
        if c.get("catalog") == "bundled" and c["command"] in ("next", "status"):
            checks += [(f"<={TARGET_HELLO:g}x hello", c["x_hello"] <= TARGET_HELLO),
                       (f"<={TARGET_BARE:g}x bare", c["x_bare"] <= TARGET_BARE)]
        limit = {"1k overlay": TARGET_OVERLAY, scale: TARGET_SCALE}.get(c.get("catalog", ""))
        if limit is not None and c["command"] in ("next", "status"):
            c["x_bundled"] = paired_ratio(c["times"], bundled[c["command"]])
            checks.append((f"<={limit:g}x bundled ({c['x_bundled']:.2f}x)", c["x_bundled"] <= limit))
        if c.get("catalog") == scale:
            if c["command"] == "recommend":
                checks.append((f"<{TARGET_RECOMMEND_S:g} s", med < TARGET_RECOMMEND_S))
            if not math.isnan(c["peak_mib"]):  # no fork/wait4 (Windows): memory not measured
                checks.append((f"<{TARGET_MIB:g} MiB", c["peak_mib"] < TARGET_MIB))
        c["targets"] = [name for name, _ in checks]
        c["ok"] = all(ok for _, ok in checks)


def table(cmds: list[dict], runs: int, summary: dict) -> str:
    head = ("command", "median s", "min s", "x hello", "x bare", "peak MiB", "target", "result")
    rows = [head]
    for c in cmds:
        rows.append((c["name"], f"{c['median']:.3f}", f"{c['min']:.3f}", f"{c['x_hello']:.2f}",
                     f"{c['x_bare']:.1f}", f"{c['peak_mib']:.1f}", ", ".join(c["targets"]) or "-",
                     ("PASS" if c["ok"] else "FAIL") if c["targets"] else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if i in (0, 6, 7) else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(r, widths))).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    info = (f"{runs} interleaved runs per command (ratios: median of per-round ratios); "
            f"Python {platform.python_version()}, {_versions()}, "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
            f"[{summary['scale_label']}] = bundled catalog + {summary['resources']} generated resources in "
            f"{summary['topics']} topics, {summary['progress_entries']} progress entries")
    return "\n".join(lines) + "\n" + info


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("studyguide", "typer"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} ?")
    return ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description="Time studyguide's commands against the Typer floor.")
    ap.add_argument("--runs", type=int, default=21, help="runs per command (default 21; targets want >= 20)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    ap.add_argument("--resources", type=int, default=10_000, help=argparse.SUPPRESS)
    ap.add_argument("--topics", type=int, default=200, help=argparse.SUPPRESS)
    ap.add_argument("--progress", type=int, default=5_000, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        import studyguide  # noqa: F401
        import typer  # noqa: F401
    except ImportError as exc:
        sys.exit(f"bench: {exc}; run this with the Python of the environment studyguide is installed in")

    work = Path(tempfile.mkdtemp(prefix="studyguide-bench-"))
    try:
        cmds, summary = prepare(work, args)
        measure(cmds, args.runs, MEMORY_RUNS, progress=not args.json and sys.stderr.isatty())
        judge(cmds, summary["scale_label"])
        if args.json:
            fields = ("name", "median", "min", "x_hello", "x_bare", "x_bundled", "peak_mib",
                      "targets", "ok")
            print(json.dumps({
                "runs": args.runs, "python": platform.python_version(), "versions": _versions(),
                "cpus": os.cpu_count(),
                "catalog": {k: summary[k] for k in ("resources", "topics", "progress_entries")},
                "results": [{k: c[k] for k in fields if k in c} for c in cmds],
                "ok": all(c["ok"] for c in cmds)}, indent=2))
        else:
            print(table(cmds, args.runs, summary))
            if args.runs < 20:
                print(f"note: {args.runs} runs; the targets ask for at least 20 per figure")
            missed = [c["name"] for c in cmds if not c["ok"]]
            print("all targets met" if not missed else "missed: " + "; ".join(missed))
    finally:
        if args.keep:
            sys.stderr.write(f"kept {work}\n")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(c["ok"] for c in cmds) else 1)


if __name__ == "__main__":
    main()

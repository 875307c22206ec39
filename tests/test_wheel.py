"""The package as installed: the wheel carries the catalog and finds it from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_the_catalog_and_loads_it(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
                            str(ROOT)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("studyguide-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for part in ("resources", "topics", "paths", "questions"):
        assert f"studyguide/data/{part}.toml" in names
    # Install = unpack; run from another directory with only the unpacked wheel on the path
    # (dependencies come from this environment), so the checkout's data/ cannot be used.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import studyguide.paths as p, studyguide.catalog.load as c; "
            "d = p.bundled_catalog_dir(); cat = c.load_catalog(); "
            "print(d); print(len(cat.topics), len(cat.resources))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere,
                         env={"PYTHONPATH": str(site), "STUDYGUIDE_HOME": str(tmp_path / "home"),
                              "PATH": "/usr/bin:/bin"}, timeout=60)
    assert run.returncode == 0, run.stderr
    where, counts = run.stdout.splitlines()
    assert where == str(site / "studyguide" / "data")
    topics, resources = map(int, counts.split())
    assert topics >= 11 and resources >= 100
    show = subprocess.run([sys.executable, "-m", "studyguide", "show", "attention-math"], capture_output=True,
                          text=True, cwd=elsewhere, timeout=60,
                          env={"PYTHONPATH": str(site), "STUDYGUIDE_HOME": str(tmp_path / "home"),
                               "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "200"})
    assert show.returncode == 0, show.stderr
    lines = show.stdout
    order = [lines.index(t) for t in ("[hf-how-transformers-work]", "[cs224n/lecture-08]",
                                      "[attention-is-all-you-need]", "[flashattention]")]
    assert order == sorted(order)

"""Regenerate docs/roadmap.png: the HTML roadmap of a sample plan, shot in headless Chromium.

    .venv/bin/python docs/make_screenshot.py [OUT.png] [--html OUT.html] [--dark] [--width W --height H]

The sample: goal `systems` at depth `deep`, 6 h a week, with a few items done, one in
progress, one skipped and a note, against the bundled catalog, on a fixed date so the
picture only changes when the page or the catalog does. Needs `chromium` on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def sample_view():
    from studyguide.catalog.build import build_catalog
    from studyguide.progress.model import ItemState, Progress
    from studyguide.paths import bundled_catalog_dir
    from studyguide.plan.recommend import Answers, recommend
    from studyguide.plan.view import build_view

    catalog = build_catalog([("bundled", bundled_catalog_dir())])
    plan = recommend(catalog, Answers(goal="systems", depth="deep", hours_per_week=6),
                     now=datetime(2026, 10, 5, tzinfo=timezone.utc))
    progress = Progress(plan=plan)
    ids = plan.item_ids()
    path, first = plan.sections[0].items, plan.sections[1].items
    for rid in path[:2] + first[:1]:
        progress.items[rid] = ItemState(status="done", spent_hours=4)
    progress.items[path[1]].note = "Re-read the IO-complexity section before GPU optimization."
    progress.items[path[2]] = ItemState(status="skipped", skip_reason="Our team does not run MLPerf.")
    progress.items[first[1]] = ItemState(status="done", note="Re-read the decoder part before attention-math.")
    progress.items[first[2]] = ItemState(status="in-progress", spent_hours=1.5,
                                         note="Stopped at slide 40: the <masking> part.")
    assert all(i in ids for i in progress.items)
    return build_view(plan, progress, catalog, date(2026, 11, 23)), catalog


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_args(profile: str) -> list[str]:
    """Flags that keep the browser off the network and quiet."""
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
            f"--user-data-dir={profile}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(HERE / "roadmap.png"))
    ap.add_argument("--html", help="also keep the HTML here")
    ap.add_argument("--dark", action="store_true", help="force the dark colour scheme")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=2000)
    args = ap.parse_args(argv)
    from studyguide.export.html.page import render_html

    view, catalog = sample_view()
    page = render_html(view, catalog, generated=NOW)
    browser = chromium_binary()
    if browser is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(args.html) if args.html else Path(tmp) / "roadmap.html"
        html.write_text(page, encoding="utf-8")
        cmd = [browser, *headless_args(str(Path(tmp) / "profile")), "--virtual-time-budget=3000",
               f"--window-size={args.width},{args.height}", f"--screenshot={Path(args.out).resolve()}"]
        if args.dark:
            cmd.append("--force-dark-mode")
        cmd.append(html.resolve().as_uri())
        subprocess.run(cmd, check=True, timeout=90, capture_output=True)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

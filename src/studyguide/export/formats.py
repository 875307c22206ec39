"""The export formats in one place: their names, how a name or a file's extension picks
one, the rendering pipeline, and the policy for writing the file. The CLI parses and
prints; this decides.

Each format's writer is imported only when it renders: most runs of studyguide never
export, and icalendar alone costs more than a whole `next`.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.errors import UsageError, WriteError

if TYPE_CHECKING:
    from studyguide.catalog.model import Catalog
    from studyguide.plan.view import PlanView
    from studyguide.progress.model import Progress

FORMATS = ("markdown", "json", "bibtex", "ics", "html")
ALIASES = {"md": "markdown", "bib": "bibtex", "ical": "ics", "htm": "html"}
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".bib": "bibtex",
              ".ics": "ics", ".ical": "ics", ".html": "html", ".htm": "html"}
PRIVATE = {"json"}   # the backup holds notes and dates: readable by its owner only


def choose_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the one `-o FILE`'s extension names, else markdown."""
    from studyguide.catalog.model import did_you_mean

    if fmt is None:
        return EXTENSIONS.get(Path(output).suffix.lower(), "markdown") if output and output != "-" else "markdown"
    name = fmt.strip().lower()
    name = ALIASES.get(name, name)
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}{did_you_mean(name, FORMATS)}; "
                         "choose from " + ", ".join(FORMATS))
    return name


def render_backup(progress: Progress, generated: datetime, no_plan: str) -> bytes:
    """The JSON backup: plan, progress and your overlay folder, lossless (needs no catalog).
    `no_plan` is the error when there is nothing to back up."""
    from studyguide.export.json import render_json

    overlay = overlay_texts()
    if progress.plan is None and not progress.items and not progress.cards and not overlay:
        raise UsageError(no_plan)
    return render_json(progress, generated, overlay).encode("utf-8")


def overlay_texts() -> dict[str, str]:
    """Your overlay folder's files for the backup (what `add`, `hide` and your own files hold)."""
    from studyguide import paths
    from studyguide.catalog.overlay_backup import snapshot
    from studyguide.errors import DataError

    texts = {}
    for name, raw in snapshot().items():
        try:
            texts[name] = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(f"{paths.user_catalog_dir() / name}: not UTF-8 text (byte {exc.start}); "
                            "fix it before making a backup") from None
    return texts


def render_plan(fmt: str, view: PlanView, catalog: Catalog, generated: datetime, today: date,
                start: str | None = None, days: str | None = None,
                progress: Progress | None = None) -> tuple[bytes, list[str]]:
    """The plan in `fmt` (any format but json), and notes for the learner. `progress`
    gives the HTML roadmap your study record (heatmap and weekly chart)."""
    notes = []
    if view.unknown:
        notes.append(f"note: left out {len(view.unknown)} item(s) no longer in the catalog "
                     f"(their progress is kept): {', '.join(view.unknown)}")
    if fmt == "markdown":
        from studyguide.export.markdown import render_markdown

        return render_markdown(view, generated).encode("utf-8"), notes
    if fmt == "bibtex":
        from studyguide.export.bibtex import render_bibtex

        return render_bibtex(view, generated).encode("utf-8"), notes
    if fmt == "html":
        from studyguide.export.html.page import render_html

        record = None
        if progress is not None:
            from studyguide.progress.stats import stats_json

            record = stats_json(progress, catalog, today)
        return render_html(view, catalog, generated=generated, record=record).encode("utf-8"), notes
    from studyguide.clock import parse_day
    from studyguide.export.ics import (
        MAX_SESSIONS, default_days, default_start, parse_days, plan_sessions, render_ics, require_hours,
    )

    hours = require_hours(view)
    chosen_days = parse_days(days) if days is not None else default_days(hours)
    first = parse_day(start, "--start") if start is not None else default_start(today)
    schedule = plan_sessions(view, first, chosen_days)
    if not schedule.sessions:
        raise UsageError("nothing left to schedule: every item in your plan is done or skipped")
    if schedule.minutes_left_out:
        notes.append(f"note: the calendar holds the first {MAX_SESSIONS} sessions; "
                     f"{schedule.minutes_left_out / 60:g} h of study did not fit. "
                     "Export again later for the rest, or study more hours per week.")
    return render_ics(view, schedule, generated).encode("utf-8"), notes


def output_path(output: str) -> Path:
    """`-o FILE` as a path; a name ending in a slash is a folder, not a file."""
    if output.endswith(("/", os.sep)):   # Path() would drop the slash and write a file named "d"
        raise UsageError(f"{output} names a folder; give a file name, e.g. -o {output}plan.md")
    return Path(output).expanduser()


def write_file(target: Path, data: bytes, force: bool, private: bool) -> None:
    """Write atomically; never replace a file without `force`, never write into a folder."""
    from studyguide.storage.atomic import atomic_write_bytes
    from studyguide.storage.oserrors import os_error_text

    try:
        # Path checks stat the name too: a name too long or a folder we may not enter is
        # an OSError here as well, reported like a failed write.
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a file name, e.g. -o {target / 'plan.md'}")
        if (target.exists() or target.is_symlink()) and not force:
            raise UsageError(f"{target} already exists; add --force to replace it")
        if not target.parent.is_dir():
            raise WriteError(f"cannot write {target}: the folder {target.parent} does not exist")
        if target.exists() and not os.path.isfile(target):
            raise UsageError(f"{target} is not a regular file; choose another name")
        atomic_write_bytes(target, data, mode=0o600 if private else 0o644)
    except OSError as exc:
        raise WriteError(f"could not write {target}: {os_error_text(exc)}; nothing was written") from None

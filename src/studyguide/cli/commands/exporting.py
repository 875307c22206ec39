"""`studyguide export` (markdown, json, bibtex, ics, html) and `studyguide import` (a JSON backup).

Each format's writer is imported only inside the command: most runs of studyguide
never export, and icalendar alone costs more than a whole `next`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from studyguide.cli.app import app, session, stdin_is_terminal
from studyguide.cli.completion import complete_export_formats

FORMATS = ("markdown", "json", "bibtex", "ics", "html")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".bib": "bibtex",
              ".ics": "ics", ".ical": "ics", ".html": "html", ".htm": "html"}


def _choose_format(fmt: str | None, output: str | None) -> str:
    from studyguide.catalog.model import did_you_mean
    from studyguide.errors import UsageError

    if fmt is None:
        # `-o plan.ics` means ics; anything else defaults to markdown.
        return EXTENSIONS.get(Path(output).suffix.lower(), "markdown") if output and output != "-" else "markdown"
    name = fmt.strip().lower()
    name = {"md": "markdown", "bib": "bibtex", "ical": "ics", "htm": "html"}.get(name, name)
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}{did_you_mean(name, FORMATS)}; "
                         "choose from " + ", ".join(FORMATS))
    return name


def _parse_start(text: str):
    from datetime import date

    from studyguide.errors import UsageError

    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--start {text!r}: use a date like 2026-11-30") from None
    if not 1900 <= value.year <= 9000:
        raise UsageError(f"--start {text!r}: choose a year between 1900 and 9000")
    return value


def _render(ctx: typer.Context, fmt: str, start: str | None, days: str | None) -> tuple[bytes, list[str]]:
    """The file's bytes, and notes for stderr."""
    from studyguide.cli.context import NO_PLAN
    from studyguide.clock import now, today
    from studyguide.errors import UsageError

    generated = now()
    if fmt == "json":
        from studyguide.export.json import render_json

        progress = session(ctx).store().load()
        overlay = _overlay_texts()
        if progress.plan is None and not progress.items and not progress.cards and not overlay:
            raise UsageError(NO_PLAN)
        return render_json(progress, generated, overlay).encode("utf-8"), []

    from studyguide.cli.context import load_view

    catalog, _, progress, view = load_view(ctx)
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

        from studyguide.progress.stats import stats_json

        record = stats_json(progress, catalog, today())
        return render_html(view, catalog, generated=generated, record=record).encode("utf-8"), notes
    from studyguide.export.ics import (
        MAX_SESSIONS, default_days, default_start, parse_days, plan_sessions, render_ics, require_hours,
    )

    hours = require_hours(view)
    chosen_days = parse_days(days) if days is not None else default_days(hours)
    first = _parse_start(start) if start is not None else default_start(today())
    schedule = plan_sessions(view, first, chosen_days)
    if not schedule.sessions:
        raise UsageError("nothing left to schedule: every item in your plan is done or skipped")
    if schedule.minutes_left_out:
        notes.append(f"note: the calendar holds the first {MAX_SESSIONS} sessions; "
                     f"{schedule.minutes_left_out / 60:g} h of study did not fit. "
                     "Export again later for the rest, or study more hours per week.")
    return render_ics(view, schedule, generated).encode("utf-8"), notes


def _overlay_texts() -> dict[str, str]:
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


def _write_file(target: Path, data: bytes, force: bool, private: bool) -> None:
    import os

    from studyguide.storage.atomic import atomic_write_bytes
    from studyguide.errors import UsageError, WriteError
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


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", metavar="FORMAT", autocompletion=complete_export_formats,
        help="markdown, json, bibtex, ics or html. Default: from the -o file's extension, else markdown."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="Write to FILE (atomically) instead of standard output."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    start: Optional[str] = typer.Option(None, "--start", metavar="DATE",
                                        help="ics: the first day of study (YYYY-MM-DD). Default: next Monday."),
    days: Optional[str] = typer.Option(
        None, "--days", metavar="DAYS",
        help="ics: weekdays to study, e.g. mon,wed,sat. Default: spread by your hours per week."),
    open_it: bool = typer.Option(False, "--open", help="Open the written file (needs -o), e.g. the HTML roadmap."),
) -> None:
    """Export your plan and progress: a markdown checklist, a JSON backup, BibTeX, a calendar or HTML.

    markdown: a task list for Obsidian, GitHub or any notes app. json: a lossless backup
    (restore it with `studyguide import`). bibtex: the reading list for a reference manager.
    ics: study sessions for your calendar (needs hours per week). html: a one-file roadmap.

    Example: studyguide export --format ics --days mon,wed,sat -o study.ics
    """
    from studyguide.errors import UsageError

    fmt_name = _choose_format(fmt, output)
    if fmt_name != "ics" and (start is not None or days is not None):
        raise UsageError("--start and --days apply to --format ics only")
    to_stdout = output is None or output == "-"
    if open_it and to_stdout:
        raise UsageError("--open needs -o FILE: there is nothing to open on standard output")
    data, notes = _render(ctx, fmt_name, start, days)
    from studyguide.text import printable

    for line in notes:
        sys.stderr.write(printable(line) + "\n")
    if to_stdout:
        # stdout's buffer is guarded in cli.main: a full disk or a closed stdout is OutputLost.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    import os

    assert output is not None   # not to_stdout
    if output.endswith(("/", os.sep)):   # Path() would drop the slash and write a file named "d"
        from studyguide.errors import UsageError

        raise UsageError(f"{output} names a folder; give a file name, e.g. -o {output}plan.md")
    target = Path(output).expanduser()
    _write_file(target, data, force, private=fmt_name == "json")
    sys.stderr.write(f"wrote {fmt_name} to {target}\n")
    if open_it:
        import webbrowser

        if not webbrowser.open(target.resolve().as_uri()):
            sys.stderr.write(f"could not open a browser; open {target} yourself\n")


def _has_progress(progress) -> bool:
    return (progress.plan is not None or any(not s.is_blank() for s in progress.items.values())
            or bool(progress.cards))


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="A JSON backup made by `studyguide export --format json`."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Replace your current plan and progress without asking."),
) -> None:
    """Restore plan, progress and your own catalog overlays from a JSON backup: all or nothing.

    The whole file is checked first; your current state is kept in progress.toml.bak
    (and your overlays, when the backup replaces them, in catalog.bak/).

    Example: studyguide import studyguide-backup.json
    """
    from studyguide.catalog import overlay_backup
    from studyguide.errors import UsageError
    from studyguide.export.json import read_backup

    restored, overlay_texts = read_backup(file.expanduser())
    # A backup from before overlays were kept (None) leaves your overlay folder alone.
    overlay = None if overlay_texts is None else overlay_backup.validate(overlay_texts, str(file))
    store = session(ctx).store()
    current = store.load()
    current_overlay = overlay_backup.snapshot()
    replaces_overlay = overlay is not None and bool(current_overlay) and current_overlay != overlay
    if (_has_progress(current) or replaces_overlay) and not yes:
        what, kept = "plan and progress", "progress.toml.bak"
        if replaces_overlay:
            what, kept = "plan, progress and overlays", "progress.toml.bak and catalog.bak/"
        if not stdin_is_terminal():
            raise UsageError(f"you already have a {what.replace(' and ', ' or ')}; add --yes to replace it "
                             f"with the backup (the current state is kept in {kept})")
        from studyguide.cli.prompts import confirm

        if not confirm(f"Replace your current {what} with the backup? The current state is kept in {kept}."):
            sys.stderr.write(f"kept your current {what}; nothing was imported\n")
            raise typer.Exit(1)

    replaced: list = []   # the overlay folder as it was, once the backup's files are in

    def apply(p) -> bool:
        from dataclasses import fields

        from studyguide.progress.file import progress_to_dict

        changed = progress_to_dict(p) != progress_to_dict(restored)
        for f in fields(restored):   # every part of the state, whatever fields it gains
            setattr(p, f.name, getattr(restored, f.name))
        if overlay is not None:   # under the progress lock, after the progress file read well
            before = overlay_backup.replace(overlay)
            if before is not None:
                replaced.append(before)
        return changed

    try:
        changed = store.update(apply, backup=True)
    except BaseException:
        if replaced:   # the progress was not saved: neither are the overlays
            overlay_backup.put_back(replaced[0])
        raise
    if not changed and not replaced:
        print(f"imported {file}: it matches your current plan and progress; nothing changed")
        return
    n = sum(1 for s in restored.items.values() if s.status != "todo" or s.notes)
    what = "a plan" if restored.plan is not None else "no plan"
    files = f", with {len(overlay)} overlay file(s)" if overlay else ""
    kept_in = [str(store.backup_path)] if _has_progress(current) and changed else []
    if replaced and replaced[0]:
        kept_in.append(str(store.path.parent / overlay_backup.BACKUP_DIR) + "/")
    print(f"imported {file}: {what} and progress on {n} item(s){files}"
          + (f"; the previous state is in {' and '.join(kept_in)}" if kept_in else ""))

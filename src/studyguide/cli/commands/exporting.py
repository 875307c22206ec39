"""`studyguide export` (markdown, json, bibtex, ics, html) and `studyguide import` (a JSON backup).

Thin: the formats, the pipeline and the write policy are export/formats.py; the restore
is export/json.py. Both are imported inside the commands (most runs never export).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from studyguide.cli.app import app, session, stdin_is_terminal
from studyguide.cli.completion import complete_export_formats

def _render(ctx: typer.Context, fmt: str, start: str | None, days: str | None) -> tuple[bytes, list[str]]:
    """The file's bytes, and notes for stderr."""
    from studyguide.cli.context import NO_PLAN, load_view
    from studyguide.clock import now, today
    from studyguide.export.formats import render_backup, render_plan

    if fmt == "json":   # the backup needs no catalog: it works while an overlay is broken
        return render_backup(session(ctx).store().load(), now(), NO_PLAN), []
    catalog, _, progress, view = load_view(ctx)
    return render_plan(fmt, view, catalog, now(), today(), start, days, progress)


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
    from studyguide.export.formats import PRIVATE, choose_format, output_path, write_file

    fmt_name = choose_format(fmt, output)
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
    assert output is not None   # not to_stdout
    target = output_path(output)
    write_file(target, data, force, private=fmt_name in PRIVATE)
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
    from studyguide.export.json import read_backup, restore

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
        changed = restore(p, restored)
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

"""Your own catalog: add, remove, hide and unhide a resource (they edit your overlay, mine.toml)."""

from __future__ import annotations

from typing import Optional

import typer

from studyguide.cli.app import app, session
from studyguide.cli.completion import complete_resources, complete_topics


@app.command()
def add(
    ctx: typer.Context,
    url: str = typer.Argument(..., metavar="URL",
                              help="The resource's https:// link (arXiv links get their arXiv id)."),
    title: str = typer.Option(..., "--title", metavar="TITLE", help="Its title; the new id is made from it."),
    topic: str = typer.Option(..., "--topic", metavar="TOPIC", autocompletion=complete_topics,
                              help="The topic it belongs to; it joins that topic's sequence at its stage."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND", help="book, course, paper, code, ... Default: website (paper for arXiv)."),
    hours: Optional[float] = typer.Option(None, "--hours", metavar="H", help="Estimated study hours. Default: 1-3 by kind."),
    why: Optional[str] = typer.Option(None, "--why", metavar="TEXT", help='Why read it. Default: "Added by you."'),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL", help="intro, intermediate or advanced. Default: intermediate."),
    stage: Optional[str] = typer.Option(None, "--stage", metavar="STAGE",
                                        help="foundation, practice, paper or reference. Default: by kind."),
    authors: Optional[str] = typer.Option(None, "--authors", metavar="NAMES",
                                          help="Who wrote it. Default: the link's host name "
                                               "(for an arXiv link: Unknown)."),
    free: bool = typer.Option(True, "--free/--paid", help="Free to read, or paid. Default: free."),
    new_id: Optional[str] = typer.Option(None, "--id", metavar="ID",
                                         help="The id to give it (lowercase letters, digits and hyphens). "
                                              "Default: made from the title."),
) -> None:
    """Add a resource of your own to a topic (saved in your overlay, mine.toml).

    Prints the new resource's id. It shows up in `show TOPIC`, `search`, new plans, and
    in your current plan's `next` when your plan covers that topic at a depth that takes its stage.

    A link already in the catalog (the same address, or the same arXiv paper) is refused,
    with the id it has there.

    Example: studyguide add https://example.com/our-notes --title "Our notes" --topic fine-tuning
    """
    from studyguide.catalog import overlay
    from studyguide.cli.commands.browse import require_topic
    from studyguide.errors import UsageError

    # Check every flag first, so a typo never reaches the file.
    link = overlay.check_flags(url=url, title=title, topic=topic, kind=kind, hours=hours, why=why,
                               level=level, stage=stage, authors=authors, new_id=new_id)
    catalog = session(ctx).catalog()
    topic_id = require_topic(catalog, topic).id
    existing = overlay.find_existing(catalog, link)
    if existing is not None:
        raise _already_there(catalog, link, existing.id, existing.origin, topic_id)
    new = overlay.NewResource(url=link, title=title, topic=topic_id, kind=kind, hours=hours, why=why,
                              level=level, stage=stage, authors=authors, free=free)
    # Ids that `show` or a rename would confuse with the new one are taken too.
    taken = set(catalog.all_ids()) | set(catalog.questions) | set(catalog.renames)

    def change(data: dict) -> dict:
        mine = overlay.existing_in(data, link)  # added by another command since the catalog loaded
        if mine is not None:
            raise _already_there(catalog, link, mine, f"user: {overlay.overlay_path()}", topic_id)
        if new_id is not None:   # chosen: taken means refused, never renamed behind the learner's back
            if new_id in taken | overlay.ids_in(data):
                raise UsageError(f"--id {new_id}: the catalog already has that id "
                                 f"(`studyguide show {new_id}`); choose another")
            rid = new_id
        else:
            rid = overlay.unique_id(overlay.slugify(title), taken | overlay.ids_in(data))
        entry = new.entry(rid)
        overlay.add_to(data, entry, topic_id)
        return entry

    entry, updated = overlay.update_overlay(change, session(ctx).catalog_dirs)
    rid = entry["id"]
    print(rid)
    import sys

    from studyguide.catalog.links import arxiv_id

    aid = arxiv_id(link)
    extra = f", arXiv {aid}" if aid else ""
    from studyguide.cli.views.layout import say

    say(f"added {rid} to {topic_id} ({entry['kind']}, {entry['stage']} stage{extra}) "
        f"in {overlay.overlay_path()}", file=sys.stderr)
    if aid and "arxiv" not in entry:
        say(f"the old-style arXiv id {aid} is kept in the link only: the catalog's "
            "arxiv field takes ids like 2307.08691", file=sys.stderr)
    note = _plan_note(ctx, updated, rid, topic_id)
    if note:
        say(note, file=sys.stderr)


def _already_there(catalog, link: str, rid: str, origin: str, topic_id: str):
    """The one-line refusal for a link the catalog has: its id, and what to do instead."""
    from studyguide.catalog import overlay
    from studyguide.errors import UsageError

    hidden = f"; hidden: `studyguide unhide {rid}` shows it again" if rid in catalog.hidden else ""
    if any(t.id == topic_id for t in catalog.topics_using(rid)):
        todo = f"it is in {topic_id} already (`studyguide show {rid}`)"
    else:
        todo = (f"to list it in {topic_id} too, put [[topic_overrides]] with id = \"{topic_id}\" and "
                f"append = [\"{rid}\"] in a .toml file of your own in {overlay.overlay_path().parent} "
                "(docs/overlays.md)")
    return UsageError(f"{link} is already in the catalog as {rid} ({origin}{hidden}); {todo}")


def _plan_note(ctx: typer.Context, catalog, rid: str, topic_id: str) -> str:
    """Whether the new resource is now part of the saved plan, and if not, why not."""
    try:
        from studyguide.clock import today
        from studyguide.plan.view import build_view

        progress = session(ctx).store().load()
        if progress.plan is None:
            return ""
        view = build_view(progress.plan, progress, catalog, today())
    except Exception:  # a note must not fail a command whose change is saved
        return ""
    for section in view.sections:
        for item in section.items:
            if item.id == rid:
                return f"it is in your plan now: {section.title}, item {item.position} of {item.section_size}"
    planned = next((s for s in progress.plan.sections if s.id == topic_id), None)
    if planned is None:
        return f"your current plan does not cover {topic_id}; it will be in plans that do"
    return (f"your plan covers {topic_id} at {planned.depth} depth, which does not take this item "
            f"(its stage or the paper limit); `studyguide show {rid}` still finds it")


@app.command()
def remove(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="The id of a resource you added.",
                                  autocompletion=complete_resources),
) -> None:
    """Remove a resource you added with `studyguide add` (from your overlay, mine.toml).

    Your progress on it is kept, and `studyguide undo` puts it back. A resource of the
    bundled catalog, or of a teacher's, cannot be removed: `studyguide hide ID` hides it.

    Example: studyguide remove our-notes
    """
    import sys

    from studyguide.catalog import overlay
    from studyguide.catalog.model import did_you_mean
    from studyguide.clock import now
    from studyguide.cli.views.layout import say
    from studyguide.errors import NotFoundError, StudyguideError, UsageError
    from studyguide.progress import actions

    catalog = session(ctx).catalog()
    rid = catalog.current_id(item_id)

    def change(data: dict) -> dict:
        taken = overlay.remove_from(data, rid)
        if taken is not None:
            return taken
        if rid in catalog.resources:
            raise UsageError(f"{rid} is not one you added (it comes from {catalog.resources[rid].origin}); "
                             f"`studyguide hide {rid}` takes it out of topics, search and new plans")
        mine = sorted(overlay.ids_in(data))
        raise NotFoundError(f"no resource {item_id!r} that you added{did_you_mean(item_id, mine)}; "
                            + (f"you added: {', '.join(mine)}" if mine else "you have added none"))

    restore, _ = overlay.update_overlay(change, session(ctx).catalog_dirs)
    say(f"removed {rid} from your catalog ({overlay.overlay_path()})")
    try:
        session(ctx).store().update(lambda p: actions.removed_resource(p, rid, restore, now()))
    except (StudyguideError, OSError) as exc:   # the overlay is saved; only the undo step is not
        say(f"note: `studyguide undo` cannot bring it back ({exc}); re-add it with `studyguide add`",
            "yellow", file=sys.stderr)
        return
    say("`studyguide undo` puts it back; your progress on it is kept.")


@app.command()
def hide(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A resource id.", autocompletion=complete_resources),
) -> None:
    """Hide a resource: it leaves topic lists, search and new plans (saved in your overlay).

    A plan you already have keeps it, with its progress; `studyguide skip ID` takes it
    out of that plan's figures.

    Example: studyguide hide deep-learning-book
    """
    from studyguide.catalog import overlay
    from studyguide.catalog.model import did_you_mean
    from studyguide.errors import NotFoundError, UsageError

    catalog = session(ctx).catalog()
    rid = catalog.current_id(item_id)
    if rid not in catalog.resources:
        if rid in catalog.topics:
            raise UsageError(f"{item_id!r} is a topic; hide works on resources "
                             f"(`studyguide show {item_id}` lists its resources)")
        raise NotFoundError(f"no resource {item_id!r}{did_you_mean(item_id, catalog.resources)}; "
                            "see `studyguide search`")
    if rid in catalog.hidden:
        if overlay.hiding_files(rid, [("user", overlay.overlay_path())], catalog.current_id):
            raise UsageError(f"{rid} is already hidden; `studyguide unhide {rid}` shows it again")
        raise UsageError(f"{rid} is already hidden by {_hidden_elsewhere(ctx, catalog, rid)}; "
                         "remove it from the hide list there to show it again")
    overlay.update_overlay(lambda data: overlay.hide_in(data, rid), session(ctx).catalog_dirs)
    from studyguide.cli.views.layout import say

    say(f"hid {rid}: it no longer shows in topics, search or new plans "
        f"(`studyguide unhide {rid}` brings it back)")
    if _in_saved_plan(ctx, catalog, rid):
        say(f"It stays in your current plan with its progress; `studyguide skip {rid}` "
              "takes it out of the plan's figures.")


def _in_saved_plan(ctx: typer.Context, catalog, rid: str) -> bool:
    try:

        plan = session(ctx).store().load().plan
    except Exception:  # only a hint: an unreadable progress file is reported elsewhere
        return False
    return plan is not None and rid in {catalog.current_id(i) for i in plan.item_ids()}


@app.command()
def unhide(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="ID", help="A resource id you hid."),
) -> None:
    """Show a resource you hid again (removes it from your overlay's hide list).

    Example: studyguide unhide deep-learning-book
    """
    from studyguide.catalog import overlay
    from studyguide.catalog.model import did_you_mean
    from studyguide.errors import CatalogError, UsageError

    # unhide must work even when the catalog does not load (a hidden id that an
    # upgrade removed breaks it), so the catalog only helps to follow renames.
    try:
        catalog = session(ctx).catalog()
    except CatalogError:
        catalog = None

    def change(data: dict) -> str:
        found = overlay.unhide_in(data, item_id, catalog.current_id if catalog else None)
        if found is not None:
            return found
        if catalog is not None and catalog.current_id(item_id) in catalog.hidden:
            where = _hidden_elsewhere(ctx, catalog, catalog.current_id(item_id))
            raise UsageError(f"{item_id} is hidden by {where}, not by your overlay "
                             f"({overlay.overlay_path()}): remove it from the hide list there")
        mine = [h for h in data.get("hide", []) if isinstance(h, str)]
        listed = f"; you have hidden: {', '.join(mine)}" if mine else "; you have hidden nothing"
        raise UsageError(f"{item_id} is not hidden{did_you_mean(item_id, mine)}{listed}")

    from studyguide.cli.views.layout import say

    found, updated = overlay.update_overlay(change, session(ctx).catalog_dirs)
    rid = updated.current_id(found)
    if rid in updated.hidden:  # your overlay and another one both hid it
        say(f"removed {found} from your hide list, but it stays hidden by "
            f"{_hidden_elsewhere(ctx, updated, rid)}: remove it from the hide list there too")
    elif rid in updated.resources:
        say(f"unhid {found}: it shows in topics, search and new plans again")
    else:  # a hidden id the catalog no longer has (removed by an upgrade, say)
        say(f"removed {found} from your hide list (no catalog in use has it any more)")


def _hidden_elsewhere(ctx: typer.Context, catalog, rid: str) -> str:
    """The overlay files other than mine.toml that hide `rid`, for a message."""
    from studyguide.catalog import overlay
    from studyguide.catalog.load import catalog_sources

    files = overlay.hiding_files(rid, catalog_sources(session(ctx).catalog_dirs), catalog.current_id,
                                 overlay.overlay_path())
    if not files:  # not expected: the catalog says hidden, so some file in use says so
        return "another overlay (`studyguide paths` lists the overlays in use)"
    return ", ".join(str(f) for f in files)

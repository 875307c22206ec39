"""The catalog and progress caches: a change is always seen, damage is never fatal.

The caches only make commands fast (docs/performance.md); these tests pin that
they never change what a command sees.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from studyguide import paths

from studyguide.catalog import cache as catalog_cache

from studyguide.progress import cache as progress_cache
from studyguide.catalog.build import build_catalog
from studyguide.catalog.load import catalog_sources, load_catalog
from studyguide.progress.store import Store, parse_bytes

OVERLAY = '''
[[resources]]
id = "zz-cache-test"
title = "Alpha title"
authors = "A. Author"
kind = "paper"
url = "https://example.org/zz"
level = "intro"
stage = "foundation"
hours = 2
free = true
why = "For the cache tests."

[[topics]]
id = "zz-cache-topic"
title = "Cache topic"
discipline = "testing"
covers = "What the cache tests need."
sequence = ["zz-cache-test"]
'''
DAY = 24 * 3600 * 10**9


@pytest.fixture
def overlay(tmp_path):
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "extra.toml").write_text(OVERLAY, encoding="utf-8")
    return folder


def cache_files() -> list:
    return sorted(paths.cache_dir().glob("catalog-*"))


def age(path, days: int = 2) -> None:
    """Make a file look written `days` ago (so its stat alone decides, no content check)."""
    then = time.time_ns() - days * DAY
    os.utime(path, ns=(then, then))


def test_the_cached_catalog_equals_the_validated_one(overlay):
    built = build_catalog(catalog_sources([overlay]), shown_root=paths.bundled_catalog_dir())
    first = load_catalog([overlay])                    # builds and writes the snapshot
    assert len(cache_files()) == 1
    cached = load_catalog([overlay])                   # reads it
    assert cached == built and first == built
    assert [r.id for r in cached.resources.values()] == list(built.resources)
    assert cached.resource_field("hours")("zz-cache-test") == 2.0


def test_an_edit_of_the_same_size_right_after_the_build_is_seen(overlay):
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Alpha title"
    source = overlay / "extra.toml"
    source.write_text(OVERLAY.replace("Alpha title", "Bravo title"), encoding="utf-8")  # same size
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Bravo title"


def test_an_edit_that_keeps_size_and_times_is_seen(overlay):
    source = overlay / "extra.toml"
    age(source)
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Alpha title"
    stamp = source.stat()
    source.write_text(OVERLAY.replace("Alpha title", "Bravo title"), encoding="utf-8")
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))   # as `cp -p` or tar would
    assert source.stat().st_size == stamp.st_size and source.stat().st_mtime_ns == stamp.st_mtime_ns
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Bravo title"


def test_a_changed_build_rule_is_not_served_from_an_old_snapshot(overlay, tmp_path, monkeypatch):
    """The hours rule lives in catalog/units.py: a snapshot made by other rules has another key."""
    sources = catalog_sources([overlay])
    key = catalog_cache.source_key(sources)
    assert catalog_cache.source_key(sources) == key          # stable
    rules = tmp_path / "rules"
    rules.mkdir()
    for name in catalog_cache.RULES:
        (rules / name).write_bytes((Path(catalog_cache.__file__).parent / name).read_bytes())
    monkeypatch.setattr(catalog_cache, "_HERE", str(rules))
    assert catalog_cache.source_key(sources) == key          # same code, same key
    with open(rules / "units.py", "a", encoding="utf-8") as f:
        f.write("\n# a changed rule\n")
    assert catalog_cache.source_key(sources) != key


def test_the_bundled_units_follow_the_back_matter_rule():
    """Through the whole build (not only unit_hours): the book's references are half an hour."""
    catalog = load_catalog([])
    assert catalog.resources["llm-from-scratch-book/appendix-b"].hours == 0.5
    assert catalog.resources["llm-from-scratch-book/appendix-c"].hours == 0.5
    assert catalog.resources["hf-llm-course/chapter-00"].hours == 1.0


def test_a_file_added_to_an_overlay_folder_is_seen(overlay):
    age(overlay / "extra.toml")
    assert "zz-second" not in load_catalog([overlay]).resources
    (overlay / "more.toml").write_text(
        OVERLAY.split("[[topics]]")[0].replace("zz-cache-test", "zz-second"), encoding="utf-8")
    assert "zz-second" in load_catalog([overlay]).resources


def _other_snapshot(overlay, tmp_path) -> bytes:
    """A well-formed snapshot of another catalog (the same overlay, another title)."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.toml").write_text(OVERLAY.replace("Alpha title", "Other title"), encoding="utf-8")
    load_catalog([other])
    return max(cache_files(), key=lambda p: p.stat().st_mtime_ns).read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped byte", "foreign", "a folder"])
def test_a_broken_or_foreign_cache_file_is_ignored_and_rebuilt(overlay, tmp_path, damage):
    foreign = _other_snapshot(overlay, tmp_path) if damage == "foreign" else b""
    load_catalog([overlay])
    cache = catalog_cache.cache_file(paths.cache_dir(), catalog_sources([overlay]))
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(b"\x00\xff" * 500)
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "flipped byte":
        at = data.rfind(b"For the cache tests.")
        cache.write_bytes(data[:at] + b"X" + data[at + 1:])
    elif damage == "foreign":   # another catalog's snapshot copied over this one
        cache.write_bytes(foreign)
    else:
        cache.unlink()
        cache.mkdir()
    catalog = load_catalog([overlay])
    assert catalog.resources["zz-cache-test"].title == "Alpha title"
    assert catalog.resources["zz-cache-test"].why == "For the cache tests."
    if damage != "a folder":   # rebuilt: a good snapshot again
        assert catalog_cache.load(cache, catalog_cache.source_key(catalog_sources([overlay]))) == catalog


def test_a_damaged_snapshot_changes_nothing_a_command_shows(overlay, run_cli):
    load_catalog([overlay])
    [cache] = cache_files()
    data = bytearray(cache.read_bytes())
    where = data.rfind(b"For the cache tests.")      # inside the overlay resource
    data[where] = ord("X")
    cache.write_bytes(bytes(data))
    res = run_cli("--catalog", str(overlay), "show", "zz-cache-test", "--json")
    assert res.returncode == 0, res.stderr
    assert '"why": "For the cache tests."' in res.stdout and res.stderr == ""


def test_the_progress_cache_serves_only_the_exact_bytes(sandbox_home, run_cli):
    env = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
    assert run_cli("recommend", "--goal", "build", "--yes", env=env).returncode == 0
    assert run_cli("done", "lora", "--spent", "3h", env=env).returncode == 0
    store = Store()
    raw = store.read_bytes()
    assert store.load() == parse_bytes(raw)[0]
    assert (paths.cache_dir() / progress_cache.CACHE_NAME).exists()
    edited = raw.replace(b'status = "done"', b'status = "todo"')
    assert edited != raw
    store.path.write_bytes(edited)
    assert store.load().items["lora"].status == "todo"      # a hand edit is seen at once
    assert store.load() == parse_bytes(edited)[0]
    store.path.write_bytes(raw.replace(b'status = "done"', b'status = "finished"'))
    from studyguide.errors import DataError

    with pytest.raises(DataError):                          # a broken file is an error every time
        store.load()
    with pytest.raises(DataError):
        store.load()


def test_a_damaged_progress_cache_is_ignored(sandbox_home, run_cli):
    env = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}
    assert run_cli("recommend", "--goal", "build", "--yes", env=env).returncode == 0
    store = Store()
    good = store.load()
    cache = paths.cache_dir() / progress_cache.CACHE_NAME
    for damage in (b"", b"junk", cache.read_bytes()[:-40], cache.read_bytes()[:60]):
        cache.write_bytes(damage)
        assert store.load() == good
    assert store.load() == good and store.read_bytes() == store.path.read_bytes()


def test_the_progress_cache_keeps_the_record_and_dated_notes_exactly(sandbox_home):
    """The record and notes are cached as columns: what comes back equals a fresh parse."""
    from datetime import date

    from studyguide.progress import cache
    from studyguide.progress.model import ItemState, Note, Progress
    from studyguide.progress.record import LogEntry
    from studyguide.progress.store import Store, parse_bytes

    p = Progress(items={"a": ItemState(notes=[Note("x", date(2026, 1, 2)), Note("old")]), "b": ItemState(),
                        "c": ItemState(status="done")},
                 log=[LogEntry(date(2026, 1, 1), "done", 30, "a"),
                      LogEntry(date(2026, 1, 1), "review", 2, "q1", written=date(2026, 1, 3)),
                      LogEntry(date(2025, 1, 6), "summary", 60, "0.0.60.0.0.0.0/done:1")])
    Store().update(lambda q: q.__dict__.update(p.__dict__))
    raw = (sandbox_home / "progress.toml").read_bytes()
    fresh = parse_bytes(raw)[0]
    first = cache.cached_parse(raw, lambda: fresh)                # writes the cache
    again = cache.cached_parse(raw, lambda: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert first == again == fresh and again.log == p.log and again.items == p.items
    again.items["b"].notes.append(Note("y"))                        # lists are the item's own
    assert again.items["c"].notes == []

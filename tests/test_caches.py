"""The catalog and progress caches: a change is always seen, damage is never fatal.

The caches only make commands fast (README, Performance); these tests pin that
they never change what a command sees.
"""

from __future__ import annotations

import os
import time

import pytest

from studyguide import paths

from studyguide.catalog import cache as catalog_cache

from studyguide.progress import cache as progress_cache
from studyguide.catalog.build import build_catalog
from studyguide.catalog.load import CACHE_FORMAT, catalog_sources, load_catalog
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
    first = load_catalog([overlay])                    # builds and writes the cache
    cached = load_catalog([overlay])                   # reads it
    assert isinstance(cached.resources, catalog_cache.LazyTable)
    assert cached == built and first == built
    assert [r.id for r in cached.resources.values()] == list(built.resources)
    assert cached.resource_field("hours")("zz-cache-test") == 2.0


def test_an_edit_of_the_same_size_right_after_the_build_is_seen(overlay):
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Alpha title"
    source = overlay / "extra.toml"
    source.write_text(OVERLAY.replace("Alpha title", "Bravo title"), encoding="utf-8")  # same size
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Bravo title"


def test_a_cache_built_just_after_an_edit_trusts_only_the_content(overlay):
    """git's "racy" case: an edit within one timestamp tick can leave the stat unchanged.
    Replayed here by asking with the old signature after a same-size edit."""
    sources = catalog_sources([overlay])
    sig = catalog_cache.signature(sources, CACHE_FORMAT)
    load_catalog([overlay])                             # the file is seconds old: racy
    [cache] = cache_files()
    assert catalog_cache.load(cache, sig) is not None
    (overlay / "extra.toml").write_text(OVERLAY.replace("Alpha title", "Bravo title"), encoding="utf-8")
    assert catalog_cache.load(cache, sig) is None       # same stat, other bytes: not trusted


def test_an_edit_that_keeps_size_and_mtime_is_seen_by_its_ctime(overlay):
    source = overlay / "extra.toml"
    age(source)
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Alpha title"
    stamp = source.stat()
    source.write_text(OVERLAY.replace("Alpha title", "Bravo title"), encoding="utf-8")
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))   # as `cp -p` or tar would
    assert source.stat().st_size == stamp.st_size and source.stat().st_mtime_ns == stamp.st_mtime_ns
    assert load_catalog([overlay]).resources["zz-cache-test"].title == "Bravo title"


def test_a_file_added_to_an_overlay_folder_is_seen(overlay):
    age(overlay / "extra.toml")
    assert "zz-second" not in load_catalog([overlay]).resources
    (overlay / "more.toml").write_text(
        OVERLAY.split("[[topics]]")[0].replace("zz-cache-test", "zz-second"), encoding="utf-8")
    assert "zz-second" in load_catalog([overlay]).resources


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "index byte"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(overlay, damage):
    load_catalog([overlay])
    [cache] = cache_files()
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(b"\x00\xff" * 500)
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        cache.write_bytes(b"")
    else:   # a flipped byte inside the index: marshal may still load it, the CRC does not match
        at = len(catalog_cache.MAGIC) + 4
        at += int.from_bytes(data[len(catalog_cache.MAGIC):at], "big") + 8 + 100
        cache.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
    sig = catalog_cache.signature(catalog_sources([overlay]), CACHE_FORMAT)
    assert catalog_cache.load(cache, sig) is None
    catalog = load_catalog([overlay])
    assert catalog.resources["zz-cache-test"].title == "Alpha title"
    again = catalog_cache.load(cache, sig)     # rebuilt: a good cache again
    assert again is not None and again.resources["zz-cache-test"].title == "Alpha title"


def test_a_damaged_record_is_rebuilt_from_the_files_mid_command(overlay, run_cli):
    load_catalog([overlay])
    [cache] = cache_files()
    data = bytearray(cache.read_bytes())
    where = data.rfind(b"For the cache tests.")      # inside the overlay resource's record
    data[where] = ord("X")
    cache.write_bytes(bytes(data))
    res = run_cli("--catalog", str(overlay), "show", "zz-cache-test", "--json")
    assert res.returncode == 0, res.stderr
    assert '"why": "For the cache tests."' in res.stdout and res.stderr == ""
    assert b"Xor the cache tests." not in cache.read_bytes()   # and the cache was rewritten


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

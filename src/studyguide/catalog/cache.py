"""The validated catalog, kept between runs as a snapshot keyed by a content hash of its sources.

Validating the TOML files with pydantic costs more than a whole command; loading
the snapshot costs a few milliseconds (docs/performance.md).

Key: a BLAKE2b-256 hash of our version, the snapshot format, the catalog classes'
field names, the code of the rules that build the catalog (RULES) and every source
file's path and bytes (each *.toml a folder holds). Any edit, added or removed file,
changed rule or upgrade gives another key: no modification times, so no same-second
race. Format: a header with the key and a CRC-32 of the body,
then marshal of plain values (never pickle: a hostile file cannot run code). A
missing, foreign, damaged or stale file is ignored and rebuilt, never trusted;
one that cannot be written is skipped.
"""

from __future__ import annotations

import gc
import marshal
import os
import stat
import time
import zlib
from studyguide.valueclass import fields, is_valueclass
from pathlib import Path
from typing import Any

try:   # BLAKE2 from its built-in module: `import hashlib` would load OpenSSL first (~3 ms a start)
    from _blake2 import blake2b
except ImportError:   # a Python built without it
    from hashlib import blake2b

from studyguide import __version__
from studyguide.catalog import model as _cat

MAGIC = b"studyguide-catalog-snapshot 1\n"
MAX_BYTES = 256 * 1024 * 1024        # far above a 10,000-resource catalog (a few MiB)
STALE_OTHER_SECONDS = 7 * 24 * 3600  # snapshots of other source sets (e.g. another --catalog)
_HERE = os.path.dirname(os.path.abspath(__file__))
RULES = ("build.py", "units.py", "schema.py", "model.py")   # of this package
_CLASSES = {c.__name__: c for c in (_cat.Catalog, _cat.Resource, _cat.Person, _cat.Checklist, _cat.Topic,
                                     _cat.TopicDepth, _cat.Goal, _cat.Role, _cat.Question)}


def source_key(sources: list[tuple[str, Path]]) -> str:
    """The content hash of the catalog sources (and of what decides the snapshot's shape)."""
    shape = repr((__version__, MAGIC, [(n, list(fields(c))) for n, c in _CLASSES.items()]))
    h = blake2b(shape.encode(), digest_size=32)
    # The rules that turn sources into a catalog (the hours rule, units, checks) are code:
    # a changed rule must not be served from a snapshot the old one made.
    for name in RULES:
        h.update(_read_regular(os.path.join(_HERE, name), MAX_BYTES) or b"\0missing")
    for origin, source in sources:
        text = os.fspath(source)
        try:
            files = (sorted(os.path.join(text, e.name) for e in os.scandir(text)
                            if e.name.lower().endswith(".toml")) if os.path.isdir(text) else [text])
        except OSError:
            files = []
        h.update(f"\0{origin}\0{text}\0{len(files)}".encode("utf-8", "surrogateescape"))
        for name in files:
            data = _read_regular(name, MAX_BYTES)
            h.update(f"\0{name}\0".encode("utf-8", "surrogateescape"))
            h.update(b"\0unreadable" if data is None else len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def cache_file(cache_dir: Path, sources: list[tuple[str, Path]]) -> Path:
    """One file per set of sources, so switching overlays back and forth keeps both."""
    key = "\0".join(f"{origin}\0{os.fspath(source)}" for origin, source in sources)
    return cache_dir / f"catalog-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}.bin"


def load(path: Path, key: str) -> _cat.Catalog | None:
    """The catalog stored in `path` for exactly `key`, else None (rebuild it)."""
    data = _read_regular(os.fspath(path), MAX_BYTES)
    head = MAGIC + key.encode() + b"\n"
    if data is None or not data.startswith(head):
        return None
    check, body = data[len(head):len(head) + 9], data[len(head) + 9:]
    if check != b"%08x\n" % zlib.crc32(body):
        return None   # damaged (a flipped byte inside a string still unmarshals)
    collecting = gc.isenabled()
    gc.disable()   # 10,000 resources are ~200,000 new objects: no collection while they are made
    try:
        catalog = _dec(marshal.loads(body))
    except Exception:   # foreign or from a codec we no longer read: only an optimisation
        return None
    finally:
        if collecting:
            gc.enable()
    return catalog if isinstance(catalog, _cat.Catalog) else None


def save(path: Path, key: str, catalog: _cat.Catalog) -> None:
    """Store `catalog` under `key`; skipped (never raised) when it cannot be written."""
    from studyguide.storage.atomic import atomic_write_bytes

    try:
        encoded = _enc(catalog)
        if _dec(encoded) != catalog:
            return   # a value the codec does not round-trip exactly: better none than a wrong one
        body = marshal.dumps(encoded)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, MAGIC + key.encode() + b"\n" + b"%08x\n" % zlib.crc32(body) + body)
    except (OSError, ValueError, TypeError):
        return
    _remove_others(path)


def _read_regular(name: str, limit: int) -> bytes | None:
    """A regular file's bytes, or None; never waits on a FIFO, never reads past `limit`."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with open(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _enc(value: Any) -> Any:
    """Plain marshal-able form: tuples of plain values stay tuples; everything that must be
    made again on loading (value classes, sets, lists, tuples holding them) is a tagged list."""
    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return value
    if isinstance(value, tuple):
        items = tuple(_enc(v) for v in value)
        return items if _plain(items) else ["T", *items]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("catalog dict keys must be strings")
        return {k: _enc(v) for k, v in value.items()}
    if is_valueclass(value) and type(value).__name__ in _CLASSES:
        return ["D", type(value).__name__, *(_enc(getattr(value, name)) for name in fields(value))]
    if isinstance(value, frozenset):
        return ["F", *sorted(_enc(v) for v in value)]
    if isinstance(value, list):
        return ["L", *(_enc(v) for v in value)]
    raise TypeError(f"cannot store a {type(value).__name__}")


def _plain(values) -> bool:
    """No tagged list or dict among `values`: they load as they are (most of them do)."""
    return _TO_MAKE.isdisjoint(map(type, values))


_TO_MAKE = frozenset((list, dict))


def _dec(value: Any) -> Any:
    """Inverse of _enc (raises on anything _enc does not write). At 10,000 resources the
    fast paths matter: a resource's fields are all plain, so it is made in one call."""
    kind = type(value)
    if kind is dict:
        return value if _plain(value.values()) else {k: _dec(v) for k, v in value.items()}
    if kind is list:
        tag, rest = value[0], value[1:]
        if tag == "D":
            args = rest[1:]
            return _CLASSES[rest[0]](*(args if _plain(args) else map(_dec, args)))
        if tag == "T":
            return tuple(map(_dec, rest))
        if tag == "F":
            return frozenset(map(_dec, rest))
        if tag == "L":
            return list(map(_dec, rest))
        raise ValueError(f"unknown tag {tag!r}")
    return value


def _remove_others(path: Path) -> None:
    now = time.time()
    for old in path.parent.glob("catalog-*"):
        if old == path:
            continue
        try:
            if old.suffix == ".json" or now - old.stat().st_mtime > STALE_OTHER_SECONDS:
                old.unlink()
        except OSError:
            pass

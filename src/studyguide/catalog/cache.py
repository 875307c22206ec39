"""The validated catalog, cached between runs in a form that loads in milliseconds.

Validating the TOML files with pydantic costs more than a whole command, and at
10,000 resources even parsing a JSON cache and building every object costs more
than `next` may take (README, Performance). So:

Key: the stat signature of every catalog source file (size, mtime_ns, ctime_ns,
inode, device, for each *.toml a folder holds), plus our version, the cache
formats, the catalog classes' field names and the stat of the modules that build
the catalog. An edit, an added or removed file, an atomic replace, an upgrade
or a changed class gives another signature; it is stored whole and compared
whole, so there is no hash to collide. This is how git's index decides a file is
unchanged, and it has git's one race: a file written twice within one timestamp
tick can keep its signature. So a cache built less than RACY_SECONDS after a
source's mtime or ctime also stores a sha256 of the sources and is trusted only
after re-hashing them; once the files are older it is rewritten without that.
(On Windows, where st_ctime is the creation time, every load re-hashes.)

Format: marshal of plain values only (str, numbers, bool, None, bytes, tuples,
tagged lists, dicts). Never pickle: loading a hostile cache file cannot run code.
The index and every record carry a CRC-32. A file that fails to read, to check,
to decode or to match is ignored and rebuilt; a damaged record, found when it is
read, rebuilds the catalog from its files in the middle of the command. Each
record is its own marshal blob, turned into its dataclass on first access
(LazyTable): `next` at 10,000 resources builds the items it shows, not all.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import time
import zlib
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

from studyguide import __version__
from studyguide.catalog import model as _cat

FORMAT = 2
MAGIC = b"studyguide-catalog-cache\n"
RACY_SECONDS = 3
STALE_OTHER_SECONDS = 7 * 24 * 3600  # caches of other source sets (e.g. another --catalog)
_CLASSES = {c.__name__: c for c in (_cat.Resource, _cat.Person, _cat.Checklist, _cat.Topic,
                                     _cat.TopicDepth, _cat.Goal, _cat.Role, _cat.Question)}
COLUMNS = ("hours", "stage", "origin")  # resource fields read for every item of a plan
_RECORD_TABLES = ("resources", "topics", "goals", "roles", "questions")
# The code that decides what a catalog is: editing it (in a checkout) invalidates the cache.
_CODE = ("catalog/model.py", "catalog/build.py", "catalog/schema.py", "catalog/load.py", "catalog/cache.py",
         "plan/recommend.py")  # plan/recommend.py: its select_items is stored per topic and depth


# ------------------------------------------------------------------ key

def _stat(path: str) -> tuple:
    try:
        st = os.stat(path)
    except OSError as exc:
        return (path, "error", exc.errno)
    return (path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _source_files(source: Path) -> list[str]:
    """The files a source stands for: a folder's *.toml (a superset of what the build reads)."""
    text = os.fspath(source)
    if os.path.isdir(text):
        return sorted(os.path.join(text, e.name) for e in os.scandir(text)
                      if e.name.lower().endswith(".toml"))
    return [text]


def signature(sources: list[tuple[str, Path]], build_format: int) -> tuple:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package root
    parts: list = [__version__, FORMAT, build_format,
                   tuple((name, tuple(f.name for f in fields(cls))) for name, cls in _CLASSES.items()),
                   tuple(_stat(os.path.join(here, name)) for name in _CODE)]
    for origin, source in sources:
        try:
            stats = tuple(_stat(f) for f in _source_files(source))
        except OSError as exc:
            stats = (("error", exc.errno),)
        parts.append((origin, os.fspath(source), stats))
    return tuple(parts)


def _source_stats(sig: tuple) -> list[tuple]:
    return [st for _, _, stats in sig[5:] for st in stats if len(st) == 6]


def _is_racy(sig: tuple, now_ns: int) -> bool:
    if os.name == "nt":   # st_ctime is the creation time there: always check the content
        return True
    newest = max((max(st[2], st[3]) for st in _source_stats(sig)), default=0)
    return newest >= now_ns - RACY_SECONDS * 1_000_000_000


def _content_hash(sig: tuple) -> str:
    import hashlib

    h = hashlib.sha256()
    for st in _source_stats(sig):
        try:
            # Non-blocking and regular files only: a FIFO among the sources must not hang
            # us (the build reports it as a problem).
            fd = os.open(st[0], os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise OSError("not a regular file")
                with open(fd, "rb", closefd=False) as f:
                    data = f.read()
            finally:
                os.close(fd)
        except OSError:
            data = b"\0unreadable"
        h.update(f"{len(st[0])}:{st[0]}:{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


def cache_file(cache_dir: Path, sources: list[tuple[str, Path]]) -> Path:
    """One file per set of sources, so switching overlays back and forth keeps both."""
    key = "\0".join(f"{origin}\0{os.fspath(source)}" for origin, source in sources)
    return cache_dir / f"catalog-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}.bin"


# ------------------------------------------------------------------ values

def _enc(value):
    """Plain marshal-able form. Tuples stay tuples; every list is tagged, so decoding is exact."""
    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return value
    if isinstance(value, tuple):
        return tuple(_enc(v) for v in value)
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("catalog dict keys must be strings")
        return {k: _enc(v) for k, v in value.items()}
    if is_dataclass(value) and type(value).__name__ in _CLASSES:
        return ["D", type(value).__name__, *(_enc(getattr(value, f.name)) for f in fields(value))]
    if isinstance(value, frozenset):
        return ["F", *sorted(_enc(v) for v in value)]
    if isinstance(value, list):
        return ["L", *(_enc(v) for v in value)]
    raise TypeError(f"cannot cache a {type(value).__name__}")


_CONTAINERS = frozenset((tuple, list, dict))


def _dec(value):
    """Inverse of _enc. Containers of plain values (most of them) are returned as loaded."""
    kind = type(value)
    if kind is tuple:
        if _CONTAINERS.isdisjoint(map(type, value)):
            return value
        return tuple(_dec(v) for v in value)
    if kind is list:
        tag = value[0]
        if tag == "D":
            cls, args = _CLASSES[value[1]], value[2:]
            if _CONTAINERS.isdisjoint(map(type, args)):
                return cls(*args)
            return cls(*[_dec(v) for v in args])
        if tag == "F":
            return frozenset(_dec(v) for v in value[1:])
        if tag == "L":
            return [_dec(v) for v in value[1:]]
        raise ValueError(f"unknown tag {tag!r}")
    if kind is dict:
        if _CONTAINERS.isdisjoint(map(type, value.values())):
            return value  # freshly loaded, shared with nobody
        return {k: _dec(v) for k, v in value.items()}
    return value


class LazyTable(Mapping):
    """A read-only id -> record mapping that decodes each record on first access.

    Records are marshal blobs in the cache file (memory-mapped, so pages nobody
    reads are never read), each with a CRC-32 checked when it is read: a damaged
    record makes `repair` rebuild the catalog from its files, and the command
    goes on. Resources also carry COLUMNS (id -> hours, stage, origin), so a
    whole plan's figures and the recommender need no record built; topics carry
    "selected" (id -> plan.select_items at each depth), "sequence" and "title".
    """

    __slots__ = ("_name", "_index", "_ends", "_crcs", "_buf", "_base", "_made", "_columns",
                 "_repair", "_fresh")

    def __init__(self, name: str, index: dict[str, int], ends, crcs, buf, base: int,
                 columns: dict[str, dict] | None, repair: "_Repair") -> None:
        self._name = name        # the Catalog field it is
        self._index = index      # id -> record number
        self._ends = ends        # record i spans ends[i]..ends[i + 1], from base
        self._crcs = crcs        # CRC-32 of record i
        self._buf = buf
        self._base = base
        self._made: dict = {}
        self._columns = columns or {}
        self._repair = repair
        self._fresh = None       # the rebuilt table, once a record was found damaged

    def column(self, name: str) -> dict | None:
        """id -> that field, for the fields in COLUMNS; None for the others."""
        return self._columns.get(name)

    def __getitem__(self, key):
        try:
            return self._made[key]
        except KeyError:
            pass
        if self._fresh is not None:
            return self._fresh[key]
        i = self._index[key]
        try:
            raw = self._buf[self._base + self._ends[i]:self._base + self._ends[i + 1]]
            if zlib.crc32(raw) != self._crcs[i]:
                raise ValueError("checksum")
            obj = _dec(marshal.loads(raw))
        except Exception:
            self._fresh = getattr(self._repair.catalog(), self._name)
            return self._fresh[key]
        self._made[key] = obj
        return obj

    def __contains__(self, key) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def get(self, key, default=None):
        return self[key] if key in self._index else default

    def keys(self):
        return self._index.keys()

    def values(self):
        return [self[k] for k in self._index]

    def items(self):
        return [(k, self[k]) for k in self._index]

    def __repr__(self) -> str:
        return f"LazyTable({len(self._index)} records)"


class _Repair:
    """Builds the catalog from its files once, for the tables of a damaged cache file."""

    def __init__(self, rebuild) -> None:
        self._rebuild = rebuild
        self._catalog: _cat.Catalog | None = None

    def catalog(self) -> _cat.Catalog:
        if self._catalog is None:
            if self._rebuild is None:
                raise ValueError("damaged cache record")
            self._catalog = self._rebuild()
        return self._catalog


def _tables(catalog: _cat.Catalog) -> list[str]:
    """The Catalog fields that map ids to records (resources, topics, goals, ...)."""
    out = []
    for f in fields(catalog):
        value = getattr(catalog, f.name)
        if isinstance(value, dict) and (f.name in _RECORD_TABLES or (
                value and all(is_dataclass(v) for v in value.values()))):
            out.append(f.name)
    return out


def _body(catalog: _cat.Catalog) -> bytes:
    """index (marshal) + the records, each its own marshal blob."""
    from studyguide.catalog.model import DEPTHS
    from studyguide.plan.recommend import select_items

    tables = _tables(catalog)
    # Equal values as one object: marshal then writes each once and refers back to it, so
    # loading makes 4 stage strings, not 10,000 (ids are the resource keys themselves).
    canon: dict = {k: k for k in catalog.resources}

    def one(value):
        return canon.setdefault(value, value)

    columns = {
        "resources": {name: {k: one(getattr(r, name)) for k, r in catalog.resources.items()}
                      for name in COLUMNS},
        # What the recommender picks from each topic at each depth: every plan view asks
        # this of each planned topic (planview._with_additions), for 10,000 items otherwise.
        "topics": {"selected": {t: tuple(tuple(map(one, select_items(catalog, t, d))) for d in DEPTHS)
                                for t in catalog.topics},
                   "sequence": {t: tuple(map(one, x.sequence)) for t, x in catalog.topics.items()},
                   "title": {t: x.title for t, x in catalog.topics.items()}},
    }
    index: dict = {"\0tables": tuple(tables), "\0columns": columns}
    blobs: list[bytes] = []
    at = 0
    for f in fields(catalog):
        value = getattr(catalog, f.name)
        if f.name not in tables:
            index[f.name] = _enc(value)
            continue
        ends, crcs = [at], []
        for record in value.values():
            blob = marshal.dumps(_enc(record))
            blobs.append(blob)
            crcs.append(zlib.crc32(blob))
            at += len(blob)
            ends.append(at)
        index[f.name] = ({k: i for i, k in enumerate(value)},
                         b"".join(e.to_bytes(8, sys.byteorder) for e in ends),
                         b"".join(c.to_bytes(4, sys.byteorder) for c in crcs))
    head = marshal.dumps(index)
    return (len(head).to_bytes(4, "big") + zlib.crc32(head).to_bytes(4, "big") + head
            + b"".join(blobs))


def _parse(buf, at: int, rebuild=None) -> _cat.Catalog:
    """The Catalog in `buf` from offset `at` (the body `_body` wrote). Raises on damage."""
    size = int.from_bytes(buf[at:at + 4], "big")
    crc = int.from_bytes(buf[at + 4:at + 8], "big")
    with memoryview(buf) as view:   # no copy of the (large) index bytes
        head = view[at + 8:at + 8 + size]
        if zlib.crc32(head) != crc:
            raise ValueError("index checksum")
        index = marshal.loads(head)
        del head
    base = at + 8 + size
    tables = index["\0tables"]
    repair = _Repair(rebuild)
    kwargs = {}
    end = 0
    for f in fields(_cat.Catalog):
        value = index[f.name]
        if f.name in tables:
            ids, ends, crcs = value
            ends = memoryview(ends).cast("Q")
            end = max(end, ends[-1])
            kwargs[f.name] = LazyTable(f.name, ids, ends, memoryview(crcs).cast("I"),
                                       buf, base, index["\0columns"].get(f.name), repair)
        else:
            kwargs[f.name] = _dec(value)
    if base + end != len(buf):
        raise ValueError("the file is not as long as its index says (truncated?)")
    return _cat.Catalog(**kwargs)


# ------------------------------------------------------------------ read / write

def _map(path: Path):
    """The file's bytes: memory-mapped when possible (only the pages read are loaded)."""
    with open(path, "rb") as f:
        try:
            import mmap

            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (ImportError, OSError, ValueError):
            return f.read()


def load(path: Path, sig: tuple, rebuild=None) -> _cat.Catalog | None:
    """The cached catalog if `path` holds one for exactly `sig`, else None.

    A damaged file is None (rebuild it); a damaged record found later, when it is
    read, calls `rebuild()` (which builds from the files and saves a new cache).
    """
    try:
        buf = _map(path)
    except OSError:
        return None
    try:
        if buf[:len(MAGIC)] != MAGIC:
            return None
        at = len(MAGIC) + 4
        size = int.from_bytes(buf[len(MAGIC):at], "big")
        stored_sig, check = marshal.loads(buf[at:at + size])
        if stored_sig != sig:
            return None
        if check is not None:  # built within RACY_SECONDS of a change: trust the content only
            if _content_hash(sig) != check:
                return None
        catalog = _parse(buf, at + size, rebuild)
    except Exception:  # a cache is an optimisation: anything wrong with it means rebuild
        return None
    if check is not None and not _is_racy(sig, time.time_ns()):
        _write(path, sig, None, buf[at + size:])  # settled: stop re-hashing every run
    return catalog


def save(path: Path, sig: tuple, catalog: _cat.Catalog, hash_before: str | None) -> None:
    """Store `catalog` for `sig` (taken before the build read the files). Never raises.

    `hash_before` is the content hash taken before the build when the sources
    were racy (see `needs_content_check`); it must still match after the build.
    """
    try:
        check = None
        if hash_before is not None:
            check = _content_hash(sig)
            if check != hash_before:
                return  # a source changed while we built: do not cache that build
        body = _body(catalog)
        if _parse(body, 0) != catalog:
            return  # a type the codec does not round-trip exactly: better no cache than a wrong one
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, sig, check, body)
        _remove_others(path)
    except Exception:  # a cache that cannot be written is skipped
        pass


def needs_content_check(sig: tuple) -> str | None:
    """A content hash when some source changed within RACY_SECONDS (taken before building)."""
    return _content_hash(sig) if _is_racy(sig, time.time_ns()) else None


def _write(path: Path, sig: tuple, check: str | None, body: bytes) -> None:
    from studyguide.storage.atomic import atomic_write_bytes

    header = marshal.dumps((sig, check))
    try:
        atomic_write_bytes(path, MAGIC + len(header).to_bytes(4, "big") + header + bytes(body))
    except OSError:
        pass


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

"""The parsed progress file, cached by its exact bytes, so reading it is not a TOML parse.

tomllib is pure Python: a progress file with 5,000 items and a 9,000-item plan
takes about 0.2 s to parse and validate, which alone is more than `next` may
take (docs/performance.md). The cache keeps the file's bytes next to the
validated Progress, and is used only when the file's bytes are exactly those
(compared whole, no hash): an edit by hand, another studyguide's save or a
restored backup is always parsed afresh. Only reads (Store.load) use it; every
change still parses the file under the lock.

Format: marshal of plain values, never pickle. Items are stored as columns (one
list per ItemState field), so 5,000 of them decode in a few C-level passes.
Anything wrong with the cache means: parse the file, rewrite the cache.
"""

from __future__ import annotations

import marshal
from studyguide.valueclass import fields, is_valueclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable

from studyguide import __version__, paths
from studyguide.progress import model as _model

FORMAT = 2   # 2: the record and notes as columns
MAGIC = b"studyguide-progress-cache-1\n"
CACHE_NAME = "progress.bin"
_CLASSES = {c.__name__: c for c in (_model.Progress, _model.Plan, _model.Section,
                                     _model.ItemState, _model.Change, _model.LogEntry, _model.Note)}


def _key() -> tuple:
    return (__version__, FORMAT,
            tuple((name, fields(cls)) for name, cls in _CLASSES.items()))


MAX_CACHE_BYTES = 64 * 1024 * 1024   # a 4 MiB progress file and its parsed form fit many times


def cached_parse(raw: bytes, parse: Callable[[], _model.Progress]) -> _model.Progress:
    """`parse()` of these exact bytes, from the cache when it holds them (errors are not cached)."""
    cache = paths.cache_dir() / CACHE_NAME
    key = _key()
    try:
        from studyguide.storage.toml import read_capped

        # The one reader's guards: a regular file only, opened without blocking (a FIFO
        # there must not hang us), capped.
        data = read_capped(cache, MAX_CACHE_BYTES, "a cache file")
        if data is not None and data.startswith(MAGIC):
            with memoryview(data) as view:   # compared and decoded in place, no copies
                at = len(MAGIC)
                size = int.from_bytes(view[at:at + 8], "big")
                stored_key, raw_size = marshal.loads(view[at + 8:at + 8 + size])
                start = at + 8 + size
                end = start + raw_size
                # Same length and a prefix: equal (a memcmp without copying; memoryview == bytes
                # would compare byte by byte).
                if stored_key == key and raw_size == len(raw) and raw.startswith(view[start:end]):
                    return _decode(marshal.loads(view[end:]))
    except Exception:  # missing, unreadable or foreign: parse instead
        pass
    progress = parse()
    _save(cache, key, raw, progress)
    return progress


def _save(cache: Path, key: tuple, raw: bytes, progress: _model.Progress) -> None:
    try:
        body = _encode(progress)
        if _decode(body) != progress or _encode(_decode(body)) != body:
            return  # something the codec does not round-trip exactly: no cache rather than a wrong one
        from studyguide.storage.atomic import atomic_write_bytes

        cache.parent.mkdir(parents=True, exist_ok=True)
        # MAGIC, header size, header (key, size of the file's bytes), the file's bytes, the body.
        header = marshal.dumps((key, len(raw)))
        atomic_write_bytes(cache, MAGIC + len(header).to_bytes(8, "big") + header + raw
                           + marshal.dumps(_one_of_each(body, {})))
    except Exception:  # a cache that cannot be written is skipped
        pass


# ------------------------------------------------------------------ codec
# Every container is a tagged list, so decoding is exact: ["D", class, *fields],
# ["L", *items], ["U", *tuple items], ["M", {str: value}], ["t"/"d"/"h", iso text].

def _enc(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, time):
        return ["h", value.isoformat()]
    if isinstance(value, list):
        return ["L", *(_enc(v) for v in value)]
    if isinstance(value, tuple):
        return ["U", *(_enc(v) for v in value)]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("keys must be strings")
        return ["M", {k: _enc(v) for k, v in value.items()}]
    if is_valueclass(value) and type(value).__name__ in _CLASSES:
        return ["D", type(value).__name__, *(_enc(getattr(value, name)) for name in fields(value))]
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _dec(value):
    if type(value) is not list:
        return value
    tag = value[0]
    if tag == "t":
        return datetime.fromisoformat(value[1])
    if tag == "D":
        return _CLASSES[value[1]](*[_dec(v) for v in value[2:]])
    if tag == "L":   # lists of plain values (a plan's ids) are sliced, not walked
        items = value[1:]
        return items if list not in set(map(type, items)) else [_dec(v) for v in items]
    if tag == "M":
        d = value[1]
        return d if list not in set(map(type, d.values())) else {k: _dec(v) for k, v in d.items()}
    if tag == "U":
        items = value[1:]
        return tuple(items) if list not in set(map(type, items)) else tuple(_dec(v) for v in items)
    if tag == "d":
        return date.fromisoformat(value[1])
    if tag == "h":
        return time.fromisoformat(value[1])
    raise ValueError(f"unknown tag {tag!r}")


def _one_of_each(value, seen: dict):
    """The same structure with equal strings as one object: marshal writes each once and
    refers back to it, so loading makes 4 status strings rather than 5,000, and an id in
    both the plan and the items one string."""
    kind = type(value)
    if kind is str:
        return seen.setdefault(value, value)
    if kind is tuple or kind is list:
        return kind(_one_of_each(v, seen) for v in value)
    if kind is dict:
        return {_one_of_each(k, seen): _one_of_each(v, seen) for k, v in value.items()}
    return value


def _encode(progress: _model.Progress) -> tuple:
    """(Progress without its items and record, item ids, one column per ItemState field,
    the record as columns)."""
    names = list(fields(_model.ItemState))
    states = list(progress.items.values())
    columns = tuple(_encode_column([getattr(s, name) for s in states]) for name in names)
    rest = _enc(progress)
    names_at = list(fields(progress))
    rest[2 + names_at.index("items")] = None
    rest[2 + names_at.index("log")] = None
    return (rest, tuple(progress.items), columns, _encode_log(progress.log))


# The study record: a year of daily study is thousands of entries, and `next` reads the
# file on every start; as columns (days as ordinals) they decode in C-level passes.
def _encode_log(log: list) -> tuple:
    return ([e.day.toordinal() for e in log], [e.action for e in log], [e.minutes for e in log],
            [e.id for e in log], [e.written.toordinal() if e.written else 0 for e in log])


def _decode_log(columns: tuple) -> list:
    days, actions, minutes, ids, written = columns
    new, entry_class, day = object.__new__, _model.LogEntry, date.fromordinal

    def make(d, a, m, i, w):   # a frozen record: filled in without its checked __setattr__
        e = new(entry_class)
        e.__dict__.update(day=d, action=a, minutes=m, id=i, written=day(w) if w else None)
        return e

    return list(map(make, map(day, days), actions, minutes, ids, written))


def _encode_column(values: list) -> tuple:
    """("P", values) when plain, ("T", iso texts or None) for date-times, ("N", {row: notes})
    for the notes lists (most are empty), else ("G", encoded)."""
    kinds = set(map(type, values))
    if kinds <= {str, bool, int, float, type(None)}:
        return ("P", values)
    if kinds == {list} and all(type(n) is _model.Note for v in values for n in v):
        return ("N", (len(values), {k: [(n.text, n.day.toordinal() if n.day else 0) for n in v]
                                    for k, v in enumerate(values) if v}))
    if kinds <= {datetime, type(None)}:
        return ("T", [None if v is None else v.isoformat() for v in values])
    return ("G", [_enc(v) for v in values])


def _decode_column(column: tuple) -> list:
    kind, values = column
    if kind == "P":
        return values
    if kind == "T":
        parse = datetime.fromisoformat
        return [None if v is None else parse(v) for v in values]
    if kind == "G":
        return [_dec(v) for v in values]
    if kind == "N":
        count, noted = values
        out: list = [[] for _ in range(count)]   # a list each: notes are appended to
        for k, notes in noted.items():
            out[k] = [_model.Note(text, date.fromordinal(d) if d else None) for text, d in notes]
        return out
    raise ValueError(f"unknown column kind {kind!r}")


def _decode(body: tuple) -> _model.Progress:
    rest, ids, columns, log = body
    progress = _dec(rest)
    states = map(_model.ItemState, *[_decode_column(c) for c in columns]) if columns else ()
    progress.items = dict(zip(ids, states))
    progress.log = _decode_log(log)
    return progress

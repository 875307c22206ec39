"""The JSON backup: plan and progress, lossless, and the reader that restores it.

Writing: `progress_file.progress_to_dict` (the same dict the TOML file holds),
dates as ISO strings, wrapped with a format marker and version. In `cards` and
`settings`, whose value types the schema leaves open, a date or a non-finite
number is tagged (`{"$datetime": "..."}`) so it comes back as the same type.

Reading validates the whole file before anything is applied: JSON syntax, the
marker and version, then every field through `progress_file.progress_from_dict`;
any problem is a DataError naming the file and the field path.
"""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import date, datetime, time
from pathlib import Path

from studyguide.errors import DataError
from studyguide.progress.model import Progress
from studyguide.valueclass import fields

FORMAT = "studyguide-backup"
FORMAT_VERSION = 2   # 2: `overlay`, the .toml files of your overlay folder by name
MAX_BYTES = 16 * 1024 * 1024
_TOP_KEYS = {"format", "format_version", "generated", "studyguide", "progress", "overlay"}
_INT64 = 2 ** 63


# ---------------------------------------------------------------- writing

def _iso(value):
    """Schema-typed fields: dates and date-times become ISO strings, recursively."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _tag(value):
    """A value of an open-typed table (cards, settings) -> JSON that keeps its type."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": repr(value)}
    return value


def backup_dict(progress: Progress, generated: datetime, overlay: dict[str, str] | None = None) -> dict:
    from studyguide import __version__
    from studyguide.progress.file import progress_to_dict

    data = progress_to_dict(progress)
    cards = data.pop("cards", None)
    settings = data.pop("settings", None)
    out = _iso(data)
    if settings:
        out["settings"] = {k: _tag(v) for k, v in settings.items()}
    if cards:
        out["cards"] = {cid: {k: _tag(v) for k, v in card.items()} for cid, card in cards.items()}
    backup = {"format": FORMAT, "format_version": FORMAT_VERSION, "generated": generated.isoformat(),
              "studyguide": __version__, "progress": out}
    if overlay is not None:
        backup["overlay"] = overlay
    return backup


def render_json(progress: Progress, generated: datetime, overlay: dict[str, str] | None = None) -> str:
    """The backup; `overlay` is the overlay folder's files by name (None leaves the key out)."""
    from studyguide.text import json_printable

    return json_printable(json.dumps(backup_dict(progress, generated, overlay), indent=2,
                                     ensure_ascii=False, allow_nan=False)) + "\n"


# ---------------------------------------------------------------- reading

class _Problem(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")


def _strict_object(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        dup = next(k for k in keys if keys.count(k) > 1)
        raise _Problem(f"key {dup!r}", "appears twice in one object")
    return dict(pairs)


def _check_text(value, path: str) -> None:
    """No lone surrogates anywhere (JSON allows `\\ud800`; UTF-8 and TOML cannot hold it)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Problem(path or "(top level)", "contains an invalid character (a lone surrogate)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, path)
            _check_text(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_text(v, f"{path}[{i}]")


def _parse_when(value, path: str, kind: type):
    if not isinstance(value, str):
        return value  # progress_from_dict names the wrong type
    try:
        if kind is date:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        example = "2026-11-23" if kind is date else "2026-11-23T10:00:00+00:00"
        raise _Problem(path, f"must be an ISO {'date' if kind is date else 'date-time'} like {example}") from None


def _item_dates(item, path: str):
    if isinstance(item, dict):
        item = dict(item)
        for key in ("started", "finished"):
            if key in item:
                item[key] = _parse_when(item[key], f"{path}.{key}", datetime)
        if isinstance(item.get("notes"), list):
            item["notes"] = [{**n, "date": _parse_when(n["date"], f"{path}.notes[{i}].date", date)}
                             if isinstance(n, dict) and "date" in n else n
                             for i, n in enumerate(item["notes"])]
    return item


def _untag(value, path: str):
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, text), = value.items()
            parsers = {"$datetime": datetime.fromisoformat, "$date": date.fromisoformat,
                       "$time": time.fromisoformat}
            if tag in parsers and isinstance(text, str):
                try:
                    return parsers[tag](text)
                except ValueError:
                    raise _Problem(path, f"{tag}: not a valid ISO value") from None
            if tag == "$float" and text in ("nan", "inf", "-inf"):
                return float(text)
        raise _Problem(path, "must be a plain value (string, number, boolean or a tagged date)")
    if value is None or isinstance(value, list):
        raise _Problem(path, "must be a plain value (string, number, boolean or a tagged date)")
    if isinstance(value, int) and not isinstance(value, bool) and not -_INT64 <= value < _INT64:
        raise _Problem(path, "is too large a number")
    return value


def _plan_dates(plan: dict, path: str) -> dict:
    plan = dict(plan)
    if "created" in plan:
        plan["created"] = _parse_when(plan["created"], f"{path}.created", datetime)
    if "start" in plan:
        plan["start"] = _parse_when(plan["start"], f"{path}.start", date)
    return plan


def _restore_types(data: dict) -> dict:
    """ISO strings back to dates at the fields the progress schema types as dates."""
    data = dict(data)
    if isinstance(data.get("plan"), dict):
        data["plan"] = _plan_dates(data["plan"], "progress.plan")
    items = data.get("items")
    if isinstance(items, dict):
        data["items"] = {k: _item_dates(v, f"progress.items.{k}") for k, v in items.items()}
    history = data.get("history")
    if isinstance(history, list):
        restored = []
        for i, change in enumerate(history):
            if isinstance(change, dict):
                change = dict(change)
                if "at" in change:
                    change["at"] = _parse_when(change["at"], f"progress.history[{i}].at", datetime)
                before = change.get("before")
                if isinstance(before, dict):
                    change["before"] = {k: _item_dates(v, f"progress.history[{i}].before.{k}")
                                        for k, v in before.items()}
                if isinstance(change.get("plan_before"), dict):
                    change["plan_before"] = _plan_dates(change["plan_before"],
                                                        f"progress.history[{i}].plan_before")
            restored.append(change)
        data["history"] = restored
    for table in ("cards", "settings"):
        value = data.get(table)
        if not isinstance(value, dict):
            continue  # progress_from_dict names the wrong type
        if table == "settings":
            data[table] = {k: _untag(v, f"progress.settings.{k}") for k, v in value.items()}
        else:
            data[table] = {cid: ({k: _untag(v, f"progress.cards.{cid}.{k}") for k, v in card.items()}
                                 if isinstance(card, dict) else card)
                           for cid, card in value.items()}
    return data


def load_backup(raw: bytes, name: str) -> Progress:
    """Bytes of a backup -> Progress, or DataError `NAME: field.path: message`."""
    return load_backup_parts(raw, name)[0]


def load_backup_parts(raw: bytes, name: str) -> tuple[Progress, dict[str, str] | None]:
    """Bytes of a backup -> (Progress, the overlay files by name, None in a backup without
    them), or DataError `NAME: field.path: message`."""
    from studyguide.progress.file import FieldProblem, check_version, progress_from_dict
    from studyguide.progress.store import migrate

    from studyguide.storage.file_limits import too_many_values

    costly = too_many_values(raw)   # on the bytes, before a decoded copy exists
    if costly:
        raise DataError(f"{name}: {costly}; is it a studyguide JSON backup?")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not UTF-8 text (byte {exc.start}); is it a studyguide JSON backup?") from None
    try:
        data = json.loads(text, object_pairs_hook=_strict_object,
                          parse_constant=lambda c: _reject_constant(c))
    except json.JSONDecodeError as exc:
        raise DataError(f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); "
                        "is it a studyguide JSON backup?") from None
    except _Problem as exc:
        raise DataError(f"{name}: {exc}") from None
    except RecursionError:
        raise DataError(f"{name}: nested too deeply to be a studyguide backup") from None
    except ValueError:   # an integer longer than Python converts
        raise DataError(f"{name}: a number too long to be real (over 4300 digits); "
                        "is it a studyguide JSON backup?") from None
    try:
        _check_text(data, "")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise _Problem("format", f"missing or not {FORMAT!r}: this is not a studyguide JSON backup "
                           "(make one with `studyguide export --format json -o FILE`)")
        for key in data:
            if key not in _TOP_KEYS:
                raise _Problem(key, "unknown key (allowed: " + ", ".join(sorted(_TOP_KEYS)) + ")")
        version = data.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise _Problem("format_version", "must be a whole number (1 or more)")
        if version > FORMAT_VERSION:
            raise _Problem("format_version", f"is {version}, written by a newer studyguide (this one reads up "
                           f"to {FORMAT_VERSION}); upgrade studyguide")
        inner = data.get("progress")
        if not isinstance(inner, dict):
            raise _Problem("progress", "must be an object")
        overlay = data.get("overlay")
        if overlay is not None:
            from studyguide.catalog.overlay_backup import check_names

            overlay = check_names(overlay, f"{name}: overlay")
        inner = _restore_types(inner)
        try:
            schema = check_version(inner)
            return progress_from_dict(migrate(inner, schema)), overlay
        except FieldProblem as exc:
            raise _Problem("progress." + exc.path if exc.path != "(top level)" else "progress",
                           str(exc)[len(exc.path) + 2:]) from None
    except _Problem as exc:
        raise DataError(f"{name}: {exc}") from None
    except RecursionError:
        raise DataError(f"{name}: nested too deeply to be a studyguide backup") from None


def _reject_constant(name: str):
    raise _Problem(name, "is not valid JSON (NaN and Infinity are not allowed)")


def read_backup(path: Path) -> tuple[Progress, dict[str, str] | None]:
    """Read and validate a backup file; never blocks on a FIFO, caps the size."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a directory, not a backup file") from None
    except PermissionError:
        raise DataError(f"{name}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot open: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DataError(f"{name}: is a directory, not a backup file")
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{name}: is not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, max(1 << 16, info.st_size + 1))   # one read, usually: no copies
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_BYTES:
                raise DataError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                                "not a studyguide backup")
            chunks.append(chunk)
    except OSError as exc:
        raise DataError(f"{name}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return load_backup_parts(b"".join(chunks), name)


def restore(progress: Progress, restored: Progress) -> bool:
    """Make `progress` the backup's state, all of it; returns whether anything changed."""
    from studyguide.progress.file import progress_to_dict

    changed = progress_to_dict(progress) != progress_to_dict(restored)
    for name in fields(restored):   # every part of the state, whatever fields it gains
        setattr(progress, name, getattr(restored, name))
    return changed

"""The one TOML reader: every file the program reads (progress, its backup, catalogs,
overlays) goes through the same guards and gets the same wording for what is wrong.

Guards, before tomllib sees a byte: regular files only (a FIFO never blocks us), a
size cap per kind of file, strict UTF-8 (one BOM tolerated), no key with absurdly
many dotted parts (tomllib would spend minutes and gigabytes on one), and nesting
too deep for tomllib is reported with its line. Reasons read "line 3, column 9:
not valid TOML: ..." so that the caller only adds the file name and what to do.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from studyguide.storage.file_limits import too_many_values
from studyguide.storage.oserrors import os_error_text

BOM = b"\xef\xbb\xbf"
MAX_KEY_PARTS = 32                # our files use at most 3 (`history.before.ID`)


class Unreadable(Exception):
    """Why a file or its bytes cannot be read: 'line 3, column 9: ...', 'is a directory, ...'.

    `advice` picks what the message tells the learner to do: "fix" (by hand, or
    restore the backup), "move" (it is not a file at all) or "upgrade" (it is
    from a newer studyguide, so the older backup is the wrong cure).
    """

    def __init__(self, reason: str, advice: str = "fix"):
        self.reason = reason
        self.advice = advice
        super().__init__(reason)


def read_capped(path: Path, limit: int, what: str) -> bytes | None:
    """A regular file's bytes (None when there is none), at most `limit` of them.

    `what` names the kind of file in reasons ("a progress file"). Raises Unreadable,
    and NotADirectoryError when a folder on the way is a file (callers say so).
    """
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags)   # O_NONBLOCK: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        return None
    except PermissionError:
        raise Unreadable("cannot be read: permission denied (check its owner and mode)") from None
    except NotADirectoryError:
        raise
    except OSError as exc:
        raise Unreadable(f"cannot be opened: {os_error_text(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"is {file_kind(info.st_mode)}, not {what}", "move")
        if info.st_size > limit:
            raise Unreadable(_too_big(info.st_size, limit, what))
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, max(1 << 16, info.st_size + 1))   # one read, usually
            except BlockingIOError:
                break
            if not chunk:
                break
            total += len(chunk)
            if total > limit:   # it grew after the fstat
                raise Unreadable(_too_big(total, limit, what))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {os_error_text(exc)}") from None
    finally:
        os.close(fd)


def is_blank(raw: bytes) -> bool:
    """Nothing but white space (and a BOM): a fresh start for the progress file."""
    return not raw.removeprefix(BOM).strip()


def parse_toml(raw: bytes) -> dict[str, Any]:
    """TOML bytes -> dict, through the guards above. Raises Unreadable."""
    import tomllib

    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(raw, exc.start)
        raise Unreadable(f"line {line}, column {column}: not UTF-8 text (byte {exc.start}); "
                         "a TOML file is plain text") from None
    costly = too_many_values(text)
    if costly:
        raise Unreadable(costly)
    deep = _deep_key_line(text)
    if deep:
        raise Unreadable(f"line {deep}, column 1: a key with more than {MAX_KEY_PARTS} dotted parts")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Unreadable(toml_reason(exc)) from None
    except RecursionError:
        raise Unreadable(f"line {_deep_nesting_line(text)}: arrays or tables nested too deeply") from None
    except ValueError:   # an integer with more digits than Python converts
        raise Unreadable("a number too long to be real (over 4300 digits)") from None


def toml_reason(exc: Exception) -> str:
    """tomllib's "Invalid value (at line 3, column 9)" as "line 3, column 9: not valid TOML: ..."."""
    text = str(exc)
    found = re.fullmatch(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", text, re.S)
    if found is None:
        return f"not valid TOML: {text}"
    what, line, column = found.groups()
    where = f"line {line}, column {column}" if line else "end of file"
    return f"{where}: not valid TOML: {_plain(what)}"


_TOML_PLAIN = {
    "Illegal character '\\n'": 'a string is not closed on this line (missing closing ")',
    "Unterminated string": 'a string is not closed (missing closing ")',
    "Unclosed array": "a list is not closed (missing ])",
    "Unclosed inline table": "an inline table is not closed (missing })",
    "Invalid value": 'not a valid value (text must be in quotes: key = "text")',
    "Invalid statement": "expected a `key = value` line or a [table] header",
    "Cannot overwrite a value": "this key is already set above",
    "Expected '=' after a key in a key/value pair": "expected `=` after the key (key = value)",
    "Expected newline or end of document after a statement":
        "unexpected text after the value (one `key = value` per line)",
    "Expected ']' at the end of a table declaration": "the [table] header is missing its closing ]",
    "Expected ']]' at the end of an array declaration": "the [[table]] header is missing its closing ]]",
}


def _plain(what: str) -> str:
    if what in _TOML_PLAIN:
        return _TOML_PLAIN[what]
    key = ".".join(re.findall(r"'([^']*)'", what))
    if what.startswith("Cannot mutate immutable namespace") and key:
        # `resources = []` and then `[[resources]]`: two ways of giving the same list.
        return (f"{key} is already given as a value ({key} = ...); use either that or "
                f"[[{key}]] tables, not both")
    if what.startswith("Cannot declare") and key:
        return f"[{key}] is declared twice"
    return what[:1].lower() + what[1:]


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _too_big(size: int, limit: int, what: str) -> str:
    return f"is {size / (1024 * 1024):.1f} MiB, more than the {limit // (1024 * 1024)} MiB {what} can be"


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, columns counted in characters."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


# A dotted key of 20000 parts costs tomllib minutes and gigabytes (it keeps every
# prefix), so keys are measured first. Strings and comments are matched whole, so
# dots inside a note never count; possessive quantifiers keep the scan linear.
# Pattern texts, compiled on first use (re caches them): compiling both costs a few
# ms that every start would pay, and most files never need them (docs/performance.md).
_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_TOKENS = (
    rf"(?P<deep>(?<![A-Za-z0-9_-]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{MAX_KEY_PARTS}}})"
    r'|"""(?:[^"\\]|\\.|"(?!""))*+"""'
    r"|'''(?:[^']|'(?!''))*+'''"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'[^'\n]*+'"
    r"|#[^\n]*+"
)
_BRACKETS = (
    r'"""(?:[^"\\]|\\.|"(?!""))*+"""|\'\'\'(?:[^\']|\'(?!\'\'))*+\'\'\''
    r'|"(?:[^"\\\n]|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+|(?P<open>[\[{])|(?P<close>[\]}])')


def _deep_nesting_line(text: str, limit: int = 100) -> int:
    """The line where brackets first nest deeper than `limit` (only asked after tomllib gave up)."""
    depth = 0
    for m in re.finditer(_BRACKETS, text):
        if m.lastgroup == "open":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, m.start()) + 1
        elif m.lastgroup == "close":
            depth = max(0, depth - 1)
    return 1


def _deep_key_line(text: str) -> int | None:
    if text.count(".") < MAX_KEY_PARTS:
        return None   # the common case costs one count
    for m in re.finditer(_TOKENS, text):
        if m.lastgroup == "deep":
            return text.count("\n", 0, m.start()) + 1
    return None

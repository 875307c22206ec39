"""Text from files made safe to show: the one place control characters are replaced.

Catalogs, backups and progress files are written by other people. Their text reaches
the terminal, exported files and error lines; a control character in it (ESC starting
a clipboard write or a screen clear, a C1 CSI, a BEL) must never reach any of them.
Every renderer passes file-borne text through `printable` at its output boundary;
JSON output passes through `json_printable`. A leaf module: no imports, no work at import.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"

# C0 (except what a caller keeps), DEL and C1: what a terminal may act on.
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_TABLE = {c: REPLACEMENT for c in _CONTROLS}
# Whitespace controls read as a space when a line must stay one line.
_TABLE.update({0x09: " ", 0x0A: " ", 0x0D: " "})


def is_control(ch: str) -> bool:
    """C0, DEL or C1."""
    return ord(ch) in _TABLE


def first_control(text: str, allowed: str = "") -> str | None:
    """The first control character of `text` not in `allowed`, else None."""
    for ch in text:
        if ord(ch) in _TABLE and ch not in allowed:
            return ch
    return None


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character replaced: tab, newline and carriage return by a
    space (unless in `keep`), every other one by U+FFFD. Cheap when there is none."""
    if text.isprintable():
        return text   # the common case: isprintable() is False for every C0, DEL and C1
    if not keep:
        return text.translate(_TABLE)
    return text.translate({c: r for c, r in _TABLE.items() if chr(c) not in keep})


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0))}


def json_printable(json_text: str) -> str:
    """JSON made with ensure_ascii=False, with DEL and C1 escaped as \\uXXXX too (json
    escapes only C0). Those characters can only stand inside JSON strings, so the
    result decodes to the same value."""
    return json_text if json_text.isascii() else json_text.translate(_JSON_ESCAPES)

"""Text from files made safe to show: the one place control characters are replaced.

Catalogs, backups and progress files are written by other people. Their text reaches
the terminal, exported files and error lines; a control character in it (ESC starting
a clipboard write or a screen clear, a C1 CSI, a BEL) must never reach any of them.
Every renderer passes file-borne text through `printable` at its output boundary;
JSON output passes through `json_printable`. A leaf module: no imports, no work at import.
"""

from __future__ import annotations

# C0, DEL and C1: what a terminal may act on.
_CONTROLS = frozenset((*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
# Bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9): they reorder the
# text around them on screen, so a title could read as something other than it is.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
# Each becomes a space, so words on either side stay apart. U+2028 and U+2029 too when
# shown: they break a line in some terminals and in every export format.
_TABLE = {c: " " for c in (*_CONTROLS, 0x2028, 0x2029, *_BIDI)}


def first_control(text: str, allowed: str = "") -> str | None:
    """The first control character of `text` not in `allowed`, else None."""
    if text.isprintable():
        return None
    for ch in text:
        if ord(ch) in _CONTROLS and ch not in allowed:
            return ch
    return None


def printable(text: str, keep: str = "") -> str:
    """`text` with every control and bidi control character but those in `keep` replaced by a
    space, and a lone surrogate (a file name's undecodable byte) by U+FFFD. Cheap when there
    is none."""
    if text.isprintable():
        return text   # the common case: isprintable() is False for all of them (C0, DEL, C1, Cf)
    table = _TABLE if not keep else {c: r for c, r in _TABLE.items() if chr(c) not in keep}
    text = text.translate(table)
    if any("\ud800" <= ch <= "\udfff" for ch in text):   # it could not even be written out
        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


_JSON_ESCAPES: dict[int, str] = {}   # filled on first use: 2,000 entries are not made at start-up


def json_printable(json_text: str) -> str:
    """JSON made with ensure_ascii=False, with DEL, C1, bidi controls and lone surrogates
    escaped as \\uXXXX too (json escapes only C0). Those characters can only stand inside
    JSON strings, so the result decodes to the same value."""
    if json_text.isascii() and "\x7f" not in json_text:   # DEL is ASCII too
        return json_text
    if not _JSON_ESCAPES:
        _JSON_ESCAPES.update((c, f"\\u{c:04x}") for c in (0x7F, *range(0x80, 0xA0), *_BIDI,
                                                           *range(0xD800, 0xE000)))
    return json_text.translate(_JSON_ESCAPES)

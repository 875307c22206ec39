"""Fitting plain output to the terminal: wrapping that never splits a word, URLs printed whole.

The everyday commands print without Rich (plain.py); this is their line layout. Styles are
applied after wrapping, so an escape code never counts towards a line's length.
"""

from __future__ import annotations

import re

from studyguide.cli.views.plain import clean, color_on, style, width

_TOKENS = re.compile(r"\s+|\S+")


def wrap_spans(spans, indent: str = "", hang: str = "  ", size: int | None = None) -> list[str]:
    """Styled pieces [(text, (style, ...)), ...] word-wrapped to `size` columns (the terminal's).

    A word is never split, not at a hyphen either (ids, URLs); a word longer than the line
    stands on a line of its own. Continuation lines start with `hang`.
    """
    size = size or width()
    # Words may run across pieces ("[id]" in cyan right after a title): a word is a list of pieces.
    tokens: list[tuple[bool, list[tuple[str, tuple]]]] = []   # (is_space, pieces)
    for text, styles in spans:
        for tok in _TOKENS.findall(clean(text)):
            space = tok.isspace()
            if tokens and tokens[-1][0] == space:   # a word or a gap running on into the next piece
                tokens[-1][1].append((tok, styles))
            else:
                tokens.append((space, [(tok, styles)]))
    lines: list[list[tuple[str, tuple]]] = []
    line: list[tuple[str, tuple]] = []
    used = len(indent)
    gap: list[tuple[str, tuple]] = []
    for space, pieces in tokens:
        if space:
            gap = pieces
            continue
        word_len = sum(len(t) for t, _ in pieces)
        gap_len = sum(len(t) for t, _ in gap) if line else 0
        if line and used + gap_len + word_len > size:
            lines.append(line)
            line, used = [], len(hang)
            gap_len = 0
        if line:
            line.extend(gap)
        line.extend(pieces)
        used += gap_len + word_len
        gap = []
    if line:
        lines.append(line)
    out = []
    for n, pieces in enumerate(lines):
        out.append((indent if n == 0 else hang) + "".join(style(t, *s) for t, s in pieces))
    return out


def fill(text: str, indent: str = "", hang: str | None = None, *styles: str) -> str:
    """One paragraph wrapped to the terminal (hang defaults to the indent)."""
    return "\n".join(wrap_spans([(text, styles)], indent, indent if hang is None else hang))


def join_parts(parts: list[str], indent: str = "", sep: str = " · ", *styles: str) -> str:
    """Short phrases joined by `sep`, breaking lines only between phrases (never inside one)."""
    size = width()
    lines: list[str] = []
    line = indent
    for part in (clean(p) for p in parts):
        if line.strip() and len(line) + len(sep) + len(part) > size:
            lines.append(line)
            line = indent + part
        else:
            line = line + sep + part if line.strip() else indent + part
    lines.append(line)
    return "\n".join(style(x, *styles) for x in lines)


def link(url: str) -> str:
    """The URL, blue and clickable (an OSC 8 hyperlink) on a colour terminal; as is otherwise."""
    url = clean(url)
    if not color_on():
        return url
    return f"\x1b]8;;{url}\x1b\\" + style(url, "blue") + "\x1b]8;;\x1b\\"


def url_line(url: str, indent: str = "  ") -> str:
    """A URL on a line of its own, indented when it fits, flush left when it does not: never
    cut and never broken, so that it can be clicked and copied whole (the terminal folds it)."""
    return (indent if len(indent) + len(clean(url)) <= width() else "") + link(url)


def say(text: str, *styles: str, file=None) -> None:
    """A message, each of its lines wrapped to the terminal between words (stdout unless `file`)."""
    import sys

    (file or sys.stdout).write("\n".join(fill(line, "", None, *styles) for line in text.split("\n")) + "\n")

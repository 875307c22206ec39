"""Indented, wrapped Rich text with a hanging indent (rich.padding.Padding has none, so a
long numbered title wrapped back under its number)."""

from __future__ import annotations

from rich.text import Text


class Indented:
    """Text wrapped to the console width, `left` spaces in; continuation lines `hang` further
    (a bullet's text stays clear of its bullet)."""

    def __init__(self, text: Text, left: int = 6, hang: int = 0):
        self.text, self.left, self.hang = text, left, hang

    def __rich_console__(self, console, options):
        width = max(options.max_width - self.left - self.hang, 20)
        lines = self.text.wrap(console, width)
        for n, line in enumerate(lines):
            line.rstrip()
            margin = self.left if n == 0 else self.left + self.hang
            # Each yielded Text ends its own line and, being shorter than the width, is not re-wrapped.
            yield Text(" " * margin) + line

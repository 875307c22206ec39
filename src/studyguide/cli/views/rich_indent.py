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
        first_width = max(options.max_width - self.left, 20)
        rest_width = max(options.max_width - self.left - self.hang, 20)
        # The first line has the hang's room too.
        lines = _wrap_whole_words(self.text, first_width)
        if len(lines) > 1 and self.hang:
            head = lines[0]
            start = len(head.plain)
            while start < len(self.text.plain) and self.text.plain[start].isspace():
                start += 1
            lines = [head, *_wrap_whole_words(self.text[start:], rest_width)]
        for n, line in enumerate(lines):
            line.rstrip()
            margin = self.left if n == 0 else self.left + self.hang
            # A word longer than its line (a unit's long id) moves left rather than past the edge.
            margin = max(0, min(margin, options.max_width - line.cell_len))
            # Each yielded Text ends its own line and, being no wider than the width, is not re-wrapped.
            out = Text(" " * margin) + line
            out.no_wrap, out.overflow = True, "ignore"   # a word wider still: whole, the terminal folds it
            yield out


def _wrap_whole_words(text: Text, width: int) -> list[Text]:
    """Text.wrap, except that a word longer than the line stands alone and whole (Rich would
    fold it, splitting an id or a URL; the terminal folds it instead, keeping it one word)."""
    from rich._wrap import divide_line

    out: list[Text] = []
    for line in text.split(allow_blank=True):
        pieces = line.divide(divide_line(str(line), width, fold=False))
        for piece in pieces:
            piece.rstrip_end(width)
        out.extend(pieces)
    return out


class UrlLine:
    """A URL on a line of its own: `left` spaces in when it fits, flush left when it does not.

    Never cut and never wrapped by us (the terminal folds a long one), so it can be clicked
    and copied whole; a hyperlink (Rich's link style) when colour is on, plain text otherwise.
    Print with crop=False (rich.console() does), or Rich cuts the line at the width.
    """

    def __init__(self, url: str, left: int = 6, label: str = ""):
        self.url, self.left, self.label = url, left, label

    def __rich_console__(self, console, options):
        from rich.segment import Segment
        from rich.style import Style

        from studyguide.cli.views.plain import clean, color_on

        url = clean(self.url)
        style = Style(color="blue", link=url if color_on() else None)
        if self.label:   # "url     https://..." as a row of facts; the URL below when too long
            if self.left + len(url) <= options.max_width:
                yield Segment(self.label.ljust(self.left), Style(dim=True))
            else:
                yield Segment(self.label.rstrip(), Style(dim=True))
                yield Segment.line()
            yield Segment(url, style)
        else:
            yield Segment(" " * (self.left if self.left + len(url) <= options.max_width else 0))
            yield Segment(url, style)
        yield Segment.line()

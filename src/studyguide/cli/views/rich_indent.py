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

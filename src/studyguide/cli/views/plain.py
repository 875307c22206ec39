"""Minimal styled text for the everyday commands (`next`, `status`).

Rich costs more to import than these commands' whole budget (docs/performance.md)
, so they print plain lines with a few ANSI styles, only on a
terminal and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
import shutil
import sys

_CODES = {"bold": "1", "dim": "2", "italic": "3", "cyan": "36", "green": "32", "yellow": "33",
          "blue": "34", "magenta": "35", "red": "31"}


def color_on() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def style(text: str, *names: str) -> str:
    if not names or not color_on():
        return text
    return "\x1b[" + ";".join(_CODES[n] for n in names) + "m" + text + "\x1b[0m"


def clean(text: str) -> str:
    """Catalog and user text never carries terminal control characters to the screen."""
    from studyguide.text import printable

    return printable(text)


MAX_WIDTH = 120   # wider paragraphs are hard to read


def width() -> int:
    """COLUMNS, else the terminal's width: stdout's, or stderr's when stdout is piped (a note
    on stderr still fits the screen it appears on); 100 without any."""
    columns = shutil.get_terminal_size((0, 0)).columns
    for stream in (sys.stderr, sys.stdin) if not columns else ():
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
            break
        except (AttributeError, ValueError, OSError):
            continue
    return max(40, min(columns or 100, MAX_WIDTH))


def status_label(status: str, loud: bool = False) -> str:
    """catalog.model.status_label; `loud`: in capitals, as a warning among a resource's facts
    (ARCHIVED), except a new address, which is no warning."""
    from studyguide.catalog.model import STATUS_LABEL

    if status in STATUS_LABEL:
        return STATUS_LABEL[status]
    return status.upper() if loud else status


def bar(done: int, total: int, size: int = 20) -> str:
    filled = round(size * done / total) if total else size
    return "█" * filled + "░" * (size - filled)


def wrap(text: str, indent: str) -> str:
    import textwrap

    return textwrap.fill(clean(text), width=width(), initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)

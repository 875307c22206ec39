"""Read one typed line without ever sleeping through a Ctrl-C.

Python's input() has a window: a Ctrl-C that lands after the interpreter last checked for
signals and before the read starts is only handled once the learner presses Enter, so the
question just sits there (CI caught this: a Ctrl-C sent the moment the question appeared
was lost). Here every wait is a select() that also watches Python's signal wake-up pipe,
so a Ctrl-C at any moment ends the wait and the handler raises as usual.
Imported only by the commands that ask questions (recommend, import, quiz, review).
"""

from __future__ import annotations

import os
import select
import signal
import sys
from contextlib import contextmanager


def read_line(prompt: str = "") -> str:
    """Like input(prompt): the line without its newline; EOFError when input has ended."""
    if prompt:
        sys.stdout.write(prompt)
    sys.stdout.flush()
    line = stdin_line()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def stdin_line() -> str:
    """One line of stdin with its newline, "" at end of input (a file's readline())."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):   # replaced stdin (a test's): nothing to race
        return sys.stdin.readline()
    data = bytearray()
    with _wakeup_pipe() as wakeup:
        while not data.endswith(b"\n"):
            _wait_readable(fd, wakeup)
            byte = os.read(fd, 1)   # one byte: nothing is held back in a buffer select cannot see
            if not byte:
                break
            data += byte
    return data.decode("utf-8", "replace")


class InterruptibleStdin:
    """A stdin for Rich prompts (their `stream=`). Its readline() answers like input(): no
    newline, so an empty answer is "" and Rich gives the default; EOFError at the end."""

    def readline(self) -> str:
        return read_line()


def _wait_readable(fd: int, wakeup: int | None) -> None:
    watched = [fd] if wakeup is None else [fd, wakeup]
    while True:
        # A signal during select() raises from its handler here (PEP 475); one that came just
        # before select() left a byte in the wake-up pipe, so select() returns and the
        # handler runs on the next line of Python.
        ready, _, _ = select.select(watched, [], [])
        if fd in ready:
            return
        if wakeup is not None:
            os.read(wakeup, 512)   # a signal whose handler returned (not Ctrl-C): keep waiting


@contextmanager
def _wakeup_pipe():
    try:
        read_end, write_end = os.pipe()
    except OSError:   # out of descriptors: fall back to the plain wait
        yield None
        return
    try:
        os.set_blocking(read_end, False)
        os.set_blocking(write_end, False)
        try:
            previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        except ValueError:   # not the main thread: signals are not ours to watch
            yield None
            return
        try:
            yield read_end
        finally:
            signal.set_wakeup_fd(previous, warn_on_full_buffer=False)
    finally:
        os.close(read_end)
        os.close(write_end)

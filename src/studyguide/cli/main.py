"""Entry point: registers the commands and turns user errors into one line and an exit code."""

from __future__ import annotations

import gc
import os
import signal
import sys

# Importing Typer, click and our modules makes ~100,000 objects that all live until exit;
# the cyclic collector would walk them over and over while they load (docs/performance.md).
_collecting = gc.isenabled()
gc.disable()

# Ctrl-C while the modules below load: the program has the quiet handler of studyguide/__init__.py
# until main() installs a running command's.

from studyguide.cli.app import app  # noqa: E402
from studyguide.errors import EXIT_INTERRUPTED, OutputLost, StudyguideError  # noqa: E402

# Registering commands imports these modules; they keep heavy imports inside functions.
from studyguide.cli.commands import browse, exporting, home, overlay, planning, progress, quiz, record  # noqa: F401,E402


def _started_as_program() -> bool:
    """This process is `studyguide` or `python -m studyguide` (asked while importing)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name == "studyguide.__main__":
        return True
    return bool(sys.argv) and os.path.basename(sys.argv[0]).removesuffix(".exe") == "studyguide"


_program = _started_as_program()
if _collecting:
    if _program:
        gc.freeze()   # what loaded stays out of every collection (see _freeze_heap)
    gc.enable()


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print 'Aborted!' and exit 1)."""


class ReaderLeft(BaseException):
    """stdout's reader is gone (a closed pipe), raised past click, which would exit 1."""


def _on_sigint(signum, frame):
    raise Interrupted()


def main() -> None:
    unraisable = sys.unraisablehook
    registered = app.registered_commands, app.registered_groups
    own_process = _is_entry_point()
    try:
        signal.signal(signal.SIGINT, _on_sigint)   # in the try: a Ctrl-C landing here is handled
        sys.unraisablehook = _quiet_interrupt
        if own_process:
            _freeze_heap()
            stdout_closed = _closed_streams_to_devnull()
            _never_fail_on_encoding()
            sys.stdout = _GuardedOutput(sys.stdout, closed=stdout_closed)
        _register_only(_command_named(sys.argv[1:]))
        try:
            app(prog_name="studyguide")
        finally:
            if own_process:
                sys.stdout.flush()   # here, not at exit, so that a full disk is reported below
    except OutputLost as err:
        _discard_stdout()
        _error_line(str(err))
        sys.exit(err.exit_code)
    except StudyguideError as err:
        _error_line(str(err))
        sys.exit(err.exit_code)
    except (Interrupted, KeyboardInterrupt):
        _interrupted()
    except RuntimeError as err:
        # Ctrl-C while a class is being made (a module loading mid-command): Python 3.11
        # wraps the exception from __set_name__ in a RuntimeError.
        if not isinstance(err.__cause__, (Interrupted, KeyboardInterrupt)):
            raise
        _interrupted()
    except (ReaderLeft, BrokenPipeError):
        # `studyguide search | head -1`: the reader left; that is not an error (exit 0, and
        # nothing on stderr from the output still buffered).
        _discard_stdout()
        sys.exit(0)
    except OSError as err:
        # A name too long for the file system that no check caught (-o NAME, a name inside a
        # folder): one line, not a traceback.
        import errno

        if err.errno != errno.ENAMETOOLONG:
            raise
        _error_line(f"{str(err.filename)[:40]}…: {err.strerror}: a file or folder name can be at most "
                    "255 bytes; nothing was saved")
        sys.exit(1)

    finally:
        sys.unraisablehook = unraisable
        app.registered_commands, app.registered_groups = registered
        if own_process:
            # The command is over (saved or not): a Ctrl-C now, while Python shuts down and
            # runs its exit handlers, just ends the process, with no traceback from them.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _freeze_heap()


def _closed_streams_to_devnull() -> bool:
    """`studyguide done x >&-`: with stdout or stderr closed, Python sets them to None. The
    command still runs (and saves); its first output to stdout is then reported as lost, as
    with a full disk. Returns whether stdout was closed."""
    closed = sys.stdout is None
    if closed:
        sys.stdout = open(os.devnull, "w")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")
    return closed


def _never_fail_on_encoding() -> None:
    """An ASCII or Latin-1 locale (PYTHONIOENCODING=ascii, LC_ALL=POSIX): characters the
    terminal cannot show become '?' instead of a UnicodeEncodeError halfway through."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


class _GuardedOutput:
    """sys.stdout, with a failed write or flush turned into OutputLost (one line, exit 3)
    instead of a traceback, and a reader that left (BrokenPipeError) into ReaderLeft (exit 0)."""

    def __init__(self, stream, closed: bool = False):
        self._stream, self._closed = stream, closed

    def _guard(self, method, *args):
        if self._closed and args and args[0]:
            import errno

            raise OutputLost(OSError(errno.EBADF, "standard output is closed"))
        try:
            return method(*args)
        except BrokenPipeError:
            raise ReaderLeft() from None
        except OSError as err:
            raise OutputLost(err) from None

    @property
    def buffer(self):
        """The binary stream (export writes bytes), guarded the same way."""
        return _GuardedOutput(self._stream.buffer, closed=self._closed)

    def write(self, text):
        return self._guard(self._stream.write, text)

    def flush(self):
        return self._guard(self._stream.flush)

    def __getattr__(self, name):   # isatty, fileno, encoding, buffer: the real stream's
        return getattr(self._stream, name)


def _discard_stdout() -> None:
    # What stays buffered would fail again when Python flushes at exit ("Exception ignored").
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _quiet_interrupt(info) -> None:
    """A Ctrl-C that lands in a callback Python cannot raise from (a weakref callback when
    the lock is let go, a __del__) is dropped, not printed as "Exception ignored ...
    Traceback": the command goes on and finishes (a second Ctrl-C stops it)."""
    if not isinstance(info.exc_value, (Interrupted, KeyboardInterrupt)):
        sys.__unraisablehook__(info)


def _interrupted() -> None:
    sys.stderr.write("\ninterrupted: nothing was saved from the unfinished step\n")
    sys.exit(EXIT_INTERRUPTED)


def _is_entry_point() -> bool:
    """True when main() is the program (the console script, `python -m studyguide`), not a
    function called by a longer-lived process such as a test, whose collector we leave alone."""
    return getattr(sys.modules.get("__main__"), "main", None) is main


def _freeze_heap() -> None:
    """Keep what is alive now out of the cyclic garbage collector's sight (gc.freeze).

    Called when the command starts (Typer, click and our modules live until exit, yet
    every full collection during the run would walk them again) and when it ends: at
    exit CPython runs one more collection over every object still alive, 10-15 ms
    (docs/performance.md). Nothing of ours needs that last pass: files are closed by
    `with`, saves are atomic and already on disk, the streams are flushed at exit.
    """
    gc.freeze()


def _command_named(argv: list[str]) -> str | None:
    """The command of a plain command line (`[--catalog DIR]... NAME ...`), else None."""
    if "_STUDYGUIDE_COMPLETE" in os.environ:   # shell completion needs every command
        return None
    i = 0
    while i < len(argv):
        if argv[i] == "--catalog":
            i += 2
        elif argv[i].startswith("--catalog="):
            i += 1
        else:
            return None if argv[i].startswith("-") else argv[i]   # -h, --version: the whole app
    return None


def _register_only(name: str | None) -> None:
    """Let Typer build only the command being run.

    On every start Typer turns each registered command into a click command
    (about 0.5 ms each, 12 ms for twenty; docs/performance.md). When the command
    line names a known command, the app is given just that one: its parsing,
    help and errors are the same. Anything else (no command, an unknown or
    mistyped name, `--help`) keeps the full list for the listing and suggestions.
    """
    from typer.main import get_command_name

    if name is None:
        return
    commands = [c for c in app.registered_commands
                if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _error_line(message: str) -> None:
    from studyguide.text import printable

    try:
        sys.stderr.write(f"error: {printable(message)}\n")
        sys.stderr.flush()
    except OSError:
        pass

"""Entry point: registers the commands and turns user errors into one line and an exit code."""

from __future__ import annotations

import signal
import sys


def _interrupted_while_loading(signum, frame):
    # Ctrl-C while the modules below load: nothing was read or written yet (no traceback).
    sys.stderr.write("\ninterrupted\n")
    sys.exit(130)


_loading = signal.getsignal(signal.SIGINT) is signal.default_int_handler
if _loading:
    try:
        signal.signal(signal.SIGINT, _interrupted_while_loading)
    except ValueError:   # imported outside the main thread: leave signals alone
        _loading = False

from studyguide.app import app  # noqa: E402
from studyguide.errors import EXIT_INTERRUPTED, StudyguideError  # noqa: E402

# Registering commands imports these modules; they keep heavy imports inside functions.
from studyguide.commands import browse, exporting, overlay, planning, progress, quiz  # noqa: F401,E402


if _loading:   # main() installs the real handler; an importer (a test) gets Python's back
    signal.signal(signal.SIGINT, signal.default_int_handler)


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print 'Aborted!' and exit 1)."""


def _on_sigint(signum, frame):
    raise Interrupted()


def main() -> None:
    signal.signal(signal.SIGINT, _on_sigint)
    registered = app.registered_commands, app.registered_groups
    try:
        _register_only(_command_named(sys.argv[1:]))
        app(prog_name="studyguide")
    except StudyguideError as err:
        _error_line(str(err))
        sys.exit(err.exit_code)
    except (Interrupted, KeyboardInterrupt):
        sys.stderr.write("\ninterrupted: nothing was saved from the unfinished step\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `studyguide search | head`: the reader left; that is not an error.
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            sys.exit(0)
    finally:
        app.registered_commands, app.registered_groups = registered
        _skip_exit_collection()


def _skip_exit_collection() -> None:
    """When this process ends with the command, let it end without a final GC pass.

    At exit CPython runs the cyclic garbage collector over every object still
    alive: all of Typer, click and our modules, 10-15 ms (README, Performance).
    Nothing of ours needs it: files are closed by `with`, saves are atomic and
    already on disk, and the streams are still flushed at exit. gc.freeze() moves what is
    alive out of the collector's sight. Only for the program's entry point (the
    console script, `python -m studyguide`): a caller in a longer-lived process,
    such as a test calling main(), keeps its collector as it was.
    """
    import gc

    if getattr(sys.modules.get("__main__"), "main", None) is main:
        gc.freeze()


def _command_named(argv: list[str]) -> str | None:
    """The command of a plain command line (`[--catalog DIR]... NAME ...`), else None."""
    import os

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
    (about 0.5 ms each, 12 ms for twenty; README, Performance). When the command
    line names a known command, the app is given just that one: its parsing,
    help and errors are the same. Anything else (no command, an unknown or
    mistyped name, `--help`) keeps the full list for the listing and suggestions.
    """
    from typer.main import get_command_name

    if name is None:
        return
    commands = [c for c in app.registered_commands
                if (c.name or get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _error_line(message: str) -> None:
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass

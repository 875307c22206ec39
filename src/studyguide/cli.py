"""Entry point: registers the commands and turns user errors into one line and an exit code."""

from __future__ import annotations

import signal
import sys

from studyguide.app import app
from studyguide.errors import EXIT_INTERRUPTED, StudyguideError

# Registering commands imports these modules; they keep heavy imports inside functions.
from studyguide.commands import browse, exporting, overlay, planning, progress, quiz  # noqa: F401,E402


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print 'Aborted!' and exit 1)."""


def _on_sigint(signum, frame):
    raise Interrupted()


def main() -> None:
    signal.signal(signal.SIGINT, _on_sigint)
    try:
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


def _error_line(message: str) -> None:
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass

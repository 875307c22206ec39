"""studyguide: a command-line study guide for modern AI."""

import os as _os
import sys as _sys

__version__ = "0.1.0"


def _interrupted_while_starting(signum, frame):
    # Nothing has been read or written yet: leave at once, with no traceback from
    # whatever module was loading (os._exit: no handler or import machinery can print one).
    try:
        _os.write(2, b"\ninterrupted\n")
    except OSError:
        pass
    _os._exit(130)


def _is_program() -> bool:
    """This process is `studyguide` (the console script) or `python -m studyguide`."""
    name = _os.path.basename(_sys.argv[0] if _sys.argv else "").lower()
    if name.removesuffix(".exe").removesuffix("-script.py") == "studyguide":
        return True
    args = iter(getattr(_sys, "orig_argv", ())[1:])
    for arg in args:   # the interpreter's options, up to the one that says what to run
        if arg in ("-W", "-X"):
            next(args, None)
        elif arg.startswith("-m"):
            return (arg[2:] or next(args, "")) in ("studyguide", "studyguide.__main__")
        elif arg == "-c" or not arg.startswith("-"):
            return False
    return False


# Ctrl-C while studyguide starts ends it quietly with exit 130. This package is the first of
# our code that any start runs, so the handler goes in here, before anything heavy loads;
# `studyguide.cli.main.main()` replaces it with a running command's handler. Only for the
# program: an importer (a test, another tool) keeps its own handler. What runs before this
# line is Python's own start-up and the launcher pip writes (docs/security.md).
if _is_program():
    import _signal  # type: ignore[import-not-found]  # the C module: `signal` would load enum first

    if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
        _signal.signal(_signal.SIGINT, _interrupted_while_starting)

"""The one family of errors a learner can cause, each with a sentence they can act on.

The CLI catches StudyguideError once, prints `error: <message>` to stderr and
exits with the class's exit code. Anything else that escapes is our bug.
"""

from __future__ import annotations

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_USER = 1        # a wrong id, a bad flag, a missing answer or plan
EXIT_DATA = 2        # a file we read is broken: catalog, progress, import
EXIT_WRITE = 3       # we could not save (disk full, read-only, permissions)
EXIT_LOCK = 4        # another studyguide held the progress lock too long
EXIT_INTERRUPTED = 130


class StudyguideError(Exception):
    """An error the user can fix; `str(err)` is the whole message."""

    exit_code = EXIT_USER


class UsageError(StudyguideError):
    """A wrong id, a bad value, a missing answer."""


class NotFoundError(UsageError):
    """An id the catalog does not know; the message carries suggestions."""


class DataError(StudyguideError):
    """A file we must read is broken; nothing was written."""

    exit_code = EXIT_DATA


class CatalogError(DataError):
    """A catalog file or folder failed validation.

    `problems` holds one line per problem (`FILE: field.path: message`).
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = problems[0] if problems else "the catalog is invalid"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(head + more)


class WriteError(StudyguideError):
    """Saving failed; the previous file is intact."""

    exit_code = EXIT_WRITE


class OutputLost(StudyguideError):
    """stdout could not be written (`studyguide export > /dev/full`). What the command saved
    stays saved; only its output is lost."""

    exit_code = EXIT_WRITE

    def __init__(self, err: OSError):
        super().__init__(f"could not write the output: {err.strerror or err}")


class LockTimeoutError(StudyguideError):
    """Another command kept the progress file locked."""

    exit_code = EXIT_LOCK

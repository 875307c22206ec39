"""Questions read with terminal_input never sleep through a Ctrl-C and read lines exactly."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

# A Ctrl-C that lands just before the read starts: the C-level handler runs (here on another
# thread, which is how the window looks to the main thread: no EINTR), and the Python handler
# waits for the main thread to come back to Python code. input() only comes back on Enter.
CTRL_C_IN_THE_WINDOW = textwrap.dedent("""
    import signal, sys, threading, time
    from studyguide.cli.terminal_input import read_line

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)

    def ctrl_c_elsewhere():
        time.sleep(0.3)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    threading.Thread(target=ctrl_c_elsewhere, daemon=True).start()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        READ("Your answer? ")
    except KeyboardInterrupt:
        print("interrupted")
        sys.exit(130)
""")


def _run(code: str, stdin_text: str | None = None) -> subprocess.CompletedProcess:
    """Run code; stdin_text None keeps stdin open and silent: the learner never presses Enter."""
    if stdin_text is not None:
        return subprocess.run([sys.executable, "-c", code], input=stdin_text, capture_output=True,
                              text=True, timeout=10)
    silent, keep_open = os.pipe()
    try:
        return subprocess.run([sys.executable, "-c", code], stdin=silent, capture_output=True,
                              text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("the read slept through Ctrl-C")
    finally:
        os.close(silent)
        os.close(keep_open)


def test_ctrl_c_just_before_the_read_ends_the_wait():
    result = _run(CTRL_C_IN_THE_WINDOW.replace("READ", "read_line"))
    assert result.returncode == 130, result.stderr
    assert result.stdout == "Your answer? interrupted\n"


def test_rich_prompt_stream_also_wakes_on_ctrl_c():
    code = CTRL_C_IN_THE_WINDOW.replace(
        "READ(", "__import__('studyguide.cli.terminal_input').cli.terminal_input.InterruptibleStdin().readline(")
    code = code.replace('"Your answer? "', "")
    assert _run(code).returncode == 130


def test_lines_come_one_at_a_time_without_newlines_then_eof():
    # Rich gives the default only for "": a kept newline would refuse the learner's Enter.
    code = textwrap.dedent("""
        from studyguide.cli.terminal_input import read_line, InterruptibleStdin
        print(repr(read_line()), repr(InterruptibleStdin().readline()), repr(read_line()))
        try:
            read_line()
        except EOFError:
            print("EOF")
    """)
    result = _run(code, "first answer\nsecond\r\nlast without newline")
    assert result.stdout.splitlines() == ["'first answer' 'second' 'last without newline'", "EOF"]


def test_bytes_that_are_not_utf8_do_not_crash_the_read():
    code = "from studyguide.cli.terminal_input import read_line; print(ascii(read_line()))"
    proc = subprocess.run([sys.executable, "-c", code], input=b"caf\xe9 \xc3\xa9\n",
                          capture_output=True, timeout=10)
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == "'caf\\ufffd \\xe9'"

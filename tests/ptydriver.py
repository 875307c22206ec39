"""Drive a command in a real pseudo-terminal: wait for text, type answers, read the screen."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    def __init__(self, *args: str, env: dict | None = None, cwd: str | None = None,
                 stdout_path=None):
        """stdout_path: stdout goes to that file instead of the terminal (a redirect)."""
        self.master, slave = pty.openpty()
        full_env = dict(os.environ)
        full_env.update(env or {})
        full_env.setdefault("COLUMNS", "120")
        stdout = open(stdout_path, "wb") if stdout_path is not None else slave
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "studyguide", *args], stdin=slave, stdout=stdout,
                                         stderr=slave, env=full_env, cwd=cwd, close_fds=True,
                                         start_new_session=True)
        finally:
            if stdout is not slave:
                stdout.close()
        os.close(slave)
        self.screen = ""

    def _pump(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.screen += ANSI.sub("", data.decode("utf-8", "replace")).replace("\r", "")
        return True

    def expect(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"did not see {text!r}; screen so far:\n{self.screen[-3000:]}")
            self._pump(0.1)
        return self.screen

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def interrupt(self) -> None:
        # Ctrl-C as the terminal sends it: SIGINT to the foreground process group.
        os.killpg(self.proc.pid, signal.SIGINT)

    def wait(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._pump(0.05)
        while self._pump(0.05):
            pass
        code = self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        os.close(self.master)
        return code

"""A child daemon the test suite started: free loopback ports, start, wait, stop by PID.

Why one small class: qbittorrent-nox, transmission-daemon and opentracker are all started the
same way (a temp profile, a command line, a readiness probe) and must all be stopped the same
way, by the PID we started (SIGTERM, then SIGKILL after a deadline), never by process name,
even when the test failed. `restart()` keeps the profile so a test can see an adapter recover
from a restarted client (expired cookie, new session id).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(probe: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `probe` with a short, growing delay until it is true or the deadline passes."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while not probe():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready within {timeout:g} s")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)


class DaemonProcess:
    """One child process with its log file; subclasses give the command and the probe."""

    ready_timeout = 20.0

    def __init__(self, name: str, workdir: Path) -> None:
        self.name = name
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self._process: subprocess.Popen[bytes] | None = None
        workdir.mkdir(parents=True, exist_ok=True)

    def command(self) -> Sequence[str]:
        raise NotImplementedError

    def is_ready(self) -> bool:
        raise NotImplementedError

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        assert self._process is None, f"{self.name} already running"
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                list(self.command()),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
            )

        def probe() -> bool:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
            return self.is_ready()

        try:
            wait_until(probe, timeout=self.ready_timeout, what=self.name)
        except BaseException:
            self.stop()
            raise

    def stop(self, *, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after `timeout`; a no-op when not running."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

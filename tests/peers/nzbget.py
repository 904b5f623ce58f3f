"""Launcher for the REAL nzbget daemon (Debian 21.0) with a temporary profile.

The recipe is real-peers.md's: a config file of our own (every directory under a temp
`MainDir`, `ControlIP=127.0.0.1`, a free `ControlPort`, the suite's news server as
`Server1`), started as `nzbget -c CONF -s -o OutputMode=log`, ready when `version` answers
over JSON-RPC. It is stopped by PID (SIGTERM, then SIGKILL after a deadline), never by
name, and `restart()` keeps the profile (queue and history live in `QueueDir`) so a test
can check that an adapter recovers from a client restart.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

BINARY = "nzbget"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class NZBGetDaemon:
    def __init__(
        self,
        main_dir: Path,
        *,
        news_port: int,
        categories: tuple[str, ...] = ("mediaos", "mediaos-test", "mediaos-contract"),
        username: str = "nzbget",
        password: str = "secret-pass",
        options: dict[str, str] | None = None,
    ) -> None:
        self.main_dir = main_dir
        self.username = username
        self.password = password
        self.port = free_port()
        self.config = main_dir / "nzbget.conf"
        self.complete_dir = main_dir / "complete"
        self._process: subprocess.Popen[bytes] | None = None
        main_dir.mkdir(parents=True, exist_ok=True)
        lines = [
            f"MainDir={main_dir}",
            "DestDir=${MainDir}/complete",
            "InterDir=${MainDir}/intermediate",
            "NzbDir=${MainDir}/nzb",
            "QueueDir=${MainDir}/queue",
            "TempDir=${MainDir}/tmp",
            "ScriptDir=${MainDir}/scripts",
            "LockFile=${MainDir}/nzbget.lock",
            "LogFile=${MainDir}/nzbget.log",
            "WebDir=/usr/share/nzbget/webui",
            "ConfigTemplate=/usr/share/nzbget/webui/nzbget.conf",
            "ControlIP=127.0.0.1",
            f"ControlPort={self.port}",
            f"ControlUsername={username}",
            f"ControlPassword={password}",
            "RestrictedUsername=",
            "AddUsername=",
            "SecureControl=no",
            "FormAuth=no",
            "AuthorizedIP=",
            "UpdateCheck=none",
            "OutputMode=log",
            "WriteLog=append",
            "AppendCategoryDir=yes",
            "KeepHistory=30",
            # A missing article must fail fast: one try, no waiting between retries.
            "ArticleRetries=0",
            "ArticleInterval=1",
            "UrlRetries=0",
            "Server1.Active=yes",
            "Server1.Name=loopback",
            "Server1.Level=0",
            "Server1.Host=127.0.0.1",
            f"Server1.Port={news_port}",
            "Server1.Username=",
            "Server1.Password=",
            "Server1.Encryption=no",
            "Server1.Connections=2",
            "Server1.Retention=0",
        ]
        for index, name in enumerate(categories, start=1):
            lines += [f"Category{index}.Name={name}", f"Category{index}.DestDir="]
        lines += [f"{key}={value}" for key, value in (options or {}).items()]  # last one wins
        self.config.write_text("\n".join(lines) + "\n")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self, *, timeout: float = 20.0) -> NZBGetDaemon:
        binary = shutil.which(BINARY)
        assert binary is not None, "nzbget is not installed"
        log = (self.main_dir / "stdout.log").open("ab")
        self._process = subprocess.Popen(
            [binary, "-c", str(self.config), "-s", "-o", "OutputMode=log"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"nzbget exited with {self._process.returncode}: {self.log()}")
            try:
                response = httpx.post(
                    f"{self.url}/jsonrpc",
                    json={"method": "version", "id": 1, "params": []},
                    auth=(self.username, self.password),
                    timeout=2.0,
                )
                if response.status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"nzbget did not answer within {timeout} s: {self.log()}")
            time.sleep(0.05)

    def stop(self, *, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self, tail: int = 4000) -> str:
        parts = []
        for name in ("nzbget.log", "stdout.log"):
            path = self.main_dir / name
            if path.exists():
                parts.append(path.read_text(errors="replace")[-tail:])
        return "\n".join(parts)

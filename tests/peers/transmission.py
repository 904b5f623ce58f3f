"""Launcher for the REAL transmission-daemon (Debian 3.00) with a temporary config dir.

The recipe is real-peers.md's: a `settings.json` written before the first start (loopback RPC
on a free port with Basic auth, no DHT/LPD/PeX/uTP/port mapping, a free peer port bound to
127.0.0.1), started as `transmission-daemon -f -g DIR`, ready when `session-get` answers after
the 409 session-id exchange. `restart()` keeps the config dir, so torrents survive and the
session id the adapter holds becomes stale, as after a real restart.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import httpx

from tests.peers.daemon_process import DaemonProcess, free_port

BINARY = "transmission-daemon"


class TransmissionDaemon(DaemonProcess):
    def __init__(self, workdir: Path, *, username: str = "tr", password: str = "tr-secret") -> None:
        super().__init__("transmission", workdir)
        self.username = username
        self.password = password
        self.port = free_port()
        self.peer_port = free_port()
        self.downloads = workdir / "downloads"
        self.downloads.mkdir(parents=True, exist_ok=True)
        config = workdir / "config"
        config.mkdir(parents=True, exist_ok=True)
        self.config_dir = config
        settings = {
            "rpc-enabled": True,
            "rpc-bind-address": "127.0.0.1",
            "rpc-port": self.port,
            "rpc-url": "/transmission/",
            "rpc-authentication-required": True,
            "rpc-username": username,
            "rpc-password": password,
            "rpc-whitelist-enabled": False,
            "rpc-host-whitelist-enabled": True,
            "dht-enabled": False,
            "lpd-enabled": False,
            "pex-enabled": False,
            "utp-enabled": False,
            "port-forwarding-enabled": False,
            "peer-port": self.peer_port,
            "peer-port-random-on-start": False,
            "bind-address-ipv4": "127.0.0.1",
            "download-dir": str(self.downloads),
            "incomplete-dir-enabled": False,
            "start-added-torrents": True,
            "rename-partial-files": False,
            "ratio-limit-enabled": False,
            "idle-seeding-limit-enabled": False,
            "watch-dir-enabled": False,
            "message-level": 2,
        }
        (config / "settings.json").write_text(json.dumps(settings, indent=1))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/transmission/rpc"

    def command(self) -> Sequence[str]:
        return [BINARY, "-f", "-g", str(self.config_dir)]

    def is_ready(self) -> bool:
        try:
            return self.rpc("session-get")["result"] == "success"
        except (httpx.TransportError, httpx.HTTPStatusError):
            return False

    def rpc(self, method: str, **arguments: object) -> dict[str, object]:
        """One raw RPC call with the session-id exchange, for tests working behind the adapter."""
        auth = (self.username, self.password)
        body = {"method": method, "arguments": arguments}
        with httpx.Client(timeout=10, auth=auth) as http:
            answer = http.post(self.url, json=body)
            if answer.status_code == 409:
                session = answer.headers["X-Transmission-Session-Id"]
                answer = http.post(
                    self.url, json=body, headers={"X-Transmission-Session-Id": session}
                )
            answer.raise_for_status()
            result: dict[str, object] = answer.json()
            return result

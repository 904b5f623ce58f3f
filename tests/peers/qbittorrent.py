"""Launcher for the REAL qbittorrent-nox (Debian 4.5.2) with a temporary profile.

The recipe is real-peers.md's: `qBittorrent.conf` written before the first start (accepted
legal notice, loopback Web UI on a free port, a PBKDF2 password hash, a free peer port, DHT,
PeX, LSD, uTP, UPnP and queueing off), started as `qbittorrent-nox --profile=DIR`, ready when a
login plus `app/version` succeed. `restart()` keeps the profile, so resume data survives and
the adapter's SID cookie becomes stale, as after a real restart. `add_peers` is the swarm's
business (tests), not the adapter's: it tells qBittorrent where another client listens.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.peers.daemon_process import DaemonProcess, free_port

BINARY = "qbittorrent-nox"


def password_hash(password: str) -> str:
    """qBittorrent's `WebUI\\Password_PBKDF2` value: PBKDF2-HMAC-SHA512, 100,000 rounds."""
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, dklen=64)
    return f'"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"'


class QBittorrentDaemon(DaemonProcess):
    def __init__(
        self, workdir: Path, *, username: str = "mediaos", password: str = "qbt-secret"
    ) -> None:
        super().__init__("qbittorrent", workdir)
        self.username = username
        self.password = password
        self.port = free_port()
        self.peer_port = free_port()
        self.downloads = workdir / "downloads"
        self.downloads.mkdir(parents=True, exist_ok=True)
        config = workdir / "qBittorrent" / "config" / "qBittorrent.conf"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            "\n".join(
                [
                    "[LegalNotice]",
                    "Accepted=true",
                    "",
                    "[Preferences]",
                    "WebUI\\Enabled=true",
                    "WebUI\\Address=127.0.0.1",
                    f"WebUI\\Port={self.port}",
                    f"WebUI\\Username={username}",
                    f"WebUI\\Password_PBKDF2={password_hash(password)}",
                    "WebUI\\LocalHostAuth=true",
                    "WebUI\\CSRFProtection=true",
                    "WebUI\\HostHeaderValidation=true",
                    "WebUI\\UseUPnP=false",
                    f"Connection\\PortRangeMin={self.peer_port}",
                    f"Downloads\\SavePath={self.downloads}",
                    "",
                    "[BitTorrent]",
                    f"Session\\DefaultSavePath={self.downloads}",
                    f"Session\\Port={self.peer_port}",
                    "Session\\TempPathEnabled=false",
                    "Session\\DHTEnabled=false",
                    "Session\\PeXEnabled=false",
                    "Session\\LSDEnabled=false",
                    # TCP only: Transmission here speaks no uTP, and libtorrent, after a failed
                    # uTP attempt, often waits a minute before trying TCP (seen in this suite).
                    "Session\\BTProtocol=TCP",
                    "Session\\QueueingSystemEnabled=false",
                    "Session\\AddTorrentPaused=false",
                    "Session\\DisableAutoTMMByDefault=true",
                    "Session\\TorrentContentLayout=Original",
                    "",
                    "[Network]",
                    "PortForwardingEnabled=false",
                    "",
                ]
            )
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> Sequence[str]:
        return [BINARY, f"--profile={self.workdir}", f"--webui-port={self.port}"]

    def is_ready(self) -> bool:
        try:
            with self.session() as http:
                return http.get("/api/v2/app/version").status_code == 200
        except (httpx.TransportError, AssertionError):
            return False

    @contextmanager
    def session(self) -> Iterator[httpx.Client]:
        """A logged-in synchronous client, for what tests do behind the adapter's back."""
        with httpx.Client(base_url=self.url, headers={"Referer": self.url}, timeout=10) as http:
            credentials = {"username": self.username, "password": self.password}
            answer = http.post("/api/v2/auth/login", data=credentials)
            if answer.text != "Ok.":
                raise AssertionError(f"qBittorrent login: {answer.status_code} {answer.text}")
            yield http

    def add_peers(self, info_hash: str, peer: str) -> None:
        """Tell qBittorrent about a peer (`127.0.0.1:PORT`): on loopback, without DHT, this is
        how a seeder reaches a leecher that does not dial out (real-peers.md)."""
        with self.session() as http:
            answer = http.post(
                "/api/v2/torrents/addPeers", data={"hashes": info_hash, "peers": peer}
            )
            answer.raise_for_status()

"""Launcher for the REAL opentracker (Debian's closed build) on a free loopback port.

Debian's build refuses every announce unless the info-hash is in its whitelist, and it chroots
into its `-d` directory before reading that list, so the list path is given RELATIVE to it
(real-peers.md). The whitelist is written before the start; `allow()` rewrites it (restarting
a running tracker). Readiness is an accepted TCP connection (no cheap status call exists).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlencode

import httpx

from tests.peers.daemon_process import DaemonProcess, free_port

BINARY = "opentracker"


class OpenTracker(DaemonProcess):
    def __init__(self, workdir: Path, info_hashes: Iterable[str] = ()) -> None:
        super().__init__("opentracker", workdir)
        self.port = free_port()
        self.root = workdir / "root"
        self.root.mkdir(parents=True, exist_ok=True)
        self._write(info_hashes)

    @property
    def announce_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/announce"

    def _write(self, info_hashes: Iterable[str]) -> None:
        (self.root / "whitelist").write_text("".join(f"{h.lower()}\n" for h in info_hashes))

    def allow(self, info_hashes: Iterable[str]) -> None:
        self._write(info_hashes)
        if self.pid is not None:
            self.restart()

    def peers(self, info_hash: str) -> int:
        """How many peers (seeding or not) the tracker knows for a torrent, by a BEP 48 scrape.
        A leecher announcing before the seeder did gets an empty peer list and asks again only
        after the announce interval, so tests wait for this before adding the leecher's copy.
        (A seeder that announced while still verifying its data counts as incomplete.)"""
        query = urlencode({"info_hash": bytes.fromhex(info_hash)})
        reply = httpx.get(f"http://127.0.0.1:{self.port}/scrape?{query}", timeout=5).content
        counts = re.findall(rb"(?:8:complete|10:incomplete)i(\d+)e", reply)  # bencoded ints
        return sum(int(count) for count in counts)

    def command(self) -> Sequence[str]:
        port = str(self.port)
        return [
            BINARY,
            "-i",
            "127.0.0.1",
            "-p",
            port,
            "-P",
            port,
            "-d",
            str(self.root),
            "-w",
            "whitelist",
        ]

    def is_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

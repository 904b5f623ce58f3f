"""The demo's peers on loopback: opentracker, transmission-daemon seeding the right releases,
qbittorrent-nox as the quickstart's download client, a Torznab indexer, a TVmaze and a TMDB.

Why this shape: `DemoPeers` is a context manager, so every process it started is stopped by
its PID (SIGTERM, then SIGKILL) however the demo ends, Ctrl-C included; nothing is ever
stopped by name. The HTTP services (Torznab, TVmaze, TMDB) are aiohttp servers running in a thread
of their own, so the demo can run the `mediaos` CLI as blocking subprocesses while they
answer, and a pytest fixture can share one `DemoPeers` between tests.

The transfer recipe is the suite's (real-peers.md, tests/integration/adapters/downloaders):
private torrents announcing to opentracker (whitelisted hashes), transmission seeding, and
qBittorrent told the seeder's address with `torrents/addPeers` while a download has no data
yet, since a first connection made while the other side was starting is not retried soon.
One transmission-daemon per release: Transmission 3.00 drops an incoming connection while
another handshake from the same IP address is under way, so when qBittorrent dialled one
seeder for four torrents at once, three were refused and libtorrent waited about a minute
before dialling again (seen here: 12 s for the first download, 72 s and more for the rest).
"""

from __future__ import annotations

import asyncio
import base64
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import torf
from aiohttp import web

from demo.catalogue import (
    MOVIE_CATEGORIES,
    OFFERS,
    TMDB_MOVIES,
    TV_CATEGORIES,
    TVMAZE_EPISODES,
    TVMAZE_SHOWS,
    Offer,
)
from tests.peers.daemon_process import DaemonProcess, wait_until
from tests.peers.indexer_payloads import FakeRelease
from tests.peers.indexer_server import IndexerBehaviour, IndexerServer
from tests.peers.media import MediaTorrent
from tests.peers.metadata_payloads import TMDB_KEY
from tests.peers.metadata_servers import MetadataServer, tmdb_server, tvmaze_server
from tests.peers.opentracker import OpenTracker
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.transmission import TransmissionDaemon

Log = Callable[[str], None]
SEEDING = 6  # transmission's status code for "seeding"
#: The indexer's searches: ids it does not know would only narrow its answer, so text only.
SEARCHING: dict[str, tuple[bool, str | None]] = {
    "search": (True, "q"),
    "tv-search": (True, "q,season,ep"),
    "movie-search": (True, "q"),
}


def make_media(path: Path, *, seconds: int = 3) -> Path:
    """A tiny real video (ffmpeg's test pattern and a tone, about 40 kB), its title tag set to
    the release name, so each file, and so each torrent, is different."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("the demo needs ffmpeg (make system-deps installs it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    lavfi = f"testsrc=size=320x180:rate=24:duration={seconds}"
    tone = f"sine=frequency=440:duration={seconds}"
    command = [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, "-f", "lavfi", "-i", tone,
               "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
               "-metadata", f"title={path.stem}", str(path)]  # fmt: skip
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL)  # noqa: S603
    return path


def torrent_of(path: Path, announce_url: str) -> MediaTorrent:
    torrent = torf.Torrent(path=path, trackers=[announce_url], private=True, piece_size=16 * 1024)
    torrent.generate()
    return MediaTorrent(
        path=path,
        torrent=torrent.dump(),
        info_hash=str(torrent.infohash).lower(),
        announce_url=announce_url,
    )


class DemoTorznab(IndexerServer):
    """The suite's Torznab server, matching text the loose way real indexers do: a year in the
    query does not filter (so the wrong-year release is listed, and must be rejected)."""

    def _search(self, function: str, query: dict[str, str]) -> web.Response:
        if "q" in query:
            words = query["q"].split()
            query = {**query, "q": " ".join(w for w in words if not (w.isdigit() and len(w) == 4))}
        return super()._search(function, query)


def fake_release(offer: Offer) -> FakeRelease:
    return FakeRelease(
        offer.release_id,
        offer.title,
        offer.kind,
        MOVIE_CATEGORIES if offer.kind == "movie" else TV_CATEGORIES,
        offer.advertised_size,
        season=offer.season,
        episode=offer.episode,
        seeders=offer.seeders,
        leechers=1,
        age_hours=2 if offer.seeded else 1,
    )


class HttpServices:
    """Torznab, TVmaze and TMDB in a thread running their own event loop."""

    def __init__(self, behaviour: IndexerBehaviour) -> None:
        self.torznab = DemoTorznab(behaviour)
        self.tvmaze: MetadataServer = tvmaze_server(TVMAZE_SHOWS, TVMAZE_EPISODES)
        self.tmdb: MetadataServer = tmdb_server(TMDB_MOVIES)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="http", daemon=True)

    def _run(self, work: Any) -> None:
        future: Future[None] = asyncio.run_coroutine_threadsafe(work, self._loop)
        future.result(timeout=15)

    def start(self) -> None:
        self._thread.start()
        self._run(self._start())

    async def _start(self) -> None:
        await self.torznab.start()
        await self.tvmaze.start()
        await self.tmdb.start()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            self._run(self._stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()

    async def _stop(self) -> None:
        await self.tmdb.close()
        await self.tvmaze.close()
        await self.torznab.stop()


@dataclass(frozen=True)
class Download:
    """One torrent as qBittorrent shows it."""

    name: str
    info_hash: str
    state: str
    progress: float
    category: str


class DemoPeers:
    """Everything the quickstart talks to, started in `workdir`, stopped by PID on exit."""

    def __init__(self, workdir: Path, offers: Iterable[Offer] = OFFERS, log: Log = print) -> None:
        self.workdir = workdir
        self.offers = tuple(offers)
        self.log = log
        self.api_key = secrets.token_hex(8)
        self.tracker = OpenTracker(workdir / "peers" / "opentracker")
        self.seeders: dict[str, TransmissionDaemon] = {}  # info-hash -> its seeder
        self.qbittorrent = QBittorrentDaemon(
            workdir / "peers" / "qbittorrent", username="admin", password=secrets.token_hex(8)
        )
        self.media: dict[str, MediaTorrent] = {}  # release id -> seeded media
        self.services: HttpServices | None = None
        self._daemons: list[DaemonProcess] = []
        self._stop_nudging = threading.Event()
        self._nudger: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> DemoPeers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        media_dir = self.workdir / "media"
        for offer in self.offers:
            if offer.seeded:
                path = make_media(media_dir / offer.file_name)
                self.media[offer.release_id] = torrent_of(path, self.tracker.announce_url)
        self.log(f"made {len(self.media)} small videos (ffmpeg) and their .torrent files (torf)")
        self.tracker.allow(m.info_hash for m in self.media.values())
        self._start(self.tracker, self.tracker.announce_url)
        for release_id, media in self.media.items():
            seeder = TransmissionDaemon(self.workdir / "peers" / f"transmission-{release_id}")
            seeder.name = f"transmission-{release_id}"
            self._start(seeder, seeder.url)
            self.seeders[media.info_hash] = seeder
        self._seed()
        self._start(self.qbittorrent, self.qbittorrent.url)
        releases = [fake_release(o) for o in self.offers]
        torrents = {rid: m.torrent for rid, m in self.media.items()}
        behaviour = IndexerBehaviour(
            flavour="prowlarr",
            api_key=self.api_key,
            releases=releases,
            searching=SEARCHING,
            torrents=torrents,
        )
        self.services = HttpServices(behaviour)
        self.services.start()
        self.log(f"Torznab indexer  {self.torznab_url}  ({len(releases)} releases)")
        self.log(f"TVmaze           {self.services.tvmaze.url}")
        self.log(f"TMDB             {self.services.tmdb.url}")
        self._nudger = threading.Thread(target=self._nudge_forever, name="demo-nudge", daemon=True)
        self._nudger.start()

    def _start(self, daemon: DaemonProcess, where: str) -> None:
        daemon.start()
        self._daemons.append(daemon)
        self.log(f"{daemon.name:<16} {where}  (pid {daemon.pid})")

    def stop(self) -> None:
        """Stop what was started, newest first, each by its PID; one failure stops no other."""
        self._stop_nudging.set()
        if self._nudger is not None:
            self._nudger.join(timeout=5)
        if self.services is not None:
            try:
                self.services.stop()
            except Exception as error:  # keep stopping the rest
                self.log(f"stopping the HTTP services: {error}")
        while self._daemons:
            daemon = self._daemons.pop()
            pid = daemon.pid
            try:
                daemon.stop()
                self.log(f"stopped {daemon.name} (pid {pid})")
            except Exception as error:
                self.log(f"stopping {daemon.name} (pid {pid}): {error}")

    # --- what the demo points MediaOS at ---------------------------------------------------

    @property
    def torznab_url(self) -> str:
        assert self.services is not None
        return self.services.torznab.api_url

    def env(self) -> dict[str, str]:
        """The variables the quickstart's `${...}` placeholders read."""
        assert self.services is not None
        return {
            "MEDIAOS_TORZNAB_URL": self.torznab_url,
            "MEDIAOS_TORZNAB_KEY": self.api_key,
            "MEDIAOS_QBITTORRENT_URL": self.qbittorrent.url,
            "MEDIAOS_QBITTORRENT_PASSWORD": self.qbittorrent.password,
            "MEDIAOS_TVMAZE_URL": self.services.tvmaze.url,
            "MEDIAOS_TMDB_URL": self.services.tmdb.url,
            "MEDIAOS_TMDB_KEY": TMDB_KEY,
        }

    def downloads(self) -> list[Download]:
        """qBittorrent's torrents, straight from its API (what the progress lines show)."""
        with self.qbittorrent.session() as http:
            answer = http.get("/api/v2/torrents/info")
            answer.raise_for_status()
            rows: list[dict[str, Any]] = answer.json()
        return [
            Download(r["name"], r["hash"], r["state"], float(r["progress"]), r.get("category", ""))
            for r in rows
        ]

    # --- the swarm -------------------------------------------------------------------------

    def _seed(self) -> None:
        for info_hash, seeder in self.seeders.items():
            media = next(m for m in self.media.values() if m.info_hash == info_hash)
            metainfo = base64.b64encode(media.torrent).decode()
            where = {"download-dir": str(media.path.parent)}
            seeder.rpc("torrent-add", metainfo=metainfo, **where)

        def seeding() -> bool:
            for seeder in self.seeders.values():
                reply = seeder.rpc("torrent-get", fields=["status"])
                torrents: list[dict[str, Any]] = reply["arguments"]["torrents"]  # type: ignore[index]
                if [t["status"] for t in torrents] != [SEEDING]:
                    return False
            return True

        wait_until(seeding, timeout=60, what="transmission seeding every release")
        self._wait_announced()
        self.log(f"{len(self.seeders)} releases seeded")

    def _wait_announced(self, *, patience: float = 15) -> None:
        """Wait until the tracker lists the seeder of every torrent, asking a seeder to
        announce again every few seconds. Not fatal: a first announce lost on a busy machine
        may not be repeated for minutes (Transmission limits manual announces), and the
        nudger tells qBittorrent each seeder's address anyway."""
        deadline = time.monotonic() + patience
        next_nudge = time.monotonic() + 3
        while missing := [h for h in self.seeders if self.tracker.peers(h) < 1]:
            if time.monotonic() > deadline:
                self.log(f"the tracker does not list {len(missing)} seeder(s) yet; going on")
                return
            if time.monotonic() >= next_nudge:
                for info_hash in missing:
                    self.seeders[info_hash].rpc("torrent-reannounce", ids=[info_hash])
                next_nudge = time.monotonic() + 3
            time.sleep(0.2)

    def _nudge_forever(self) -> None:
        """While a qBittorrent download has no data, tell it where its seeder listens."""
        first_seen: dict[str, float] = {}
        while not self._stop_nudging.wait(1.0):
            try:
                for download in self.downloads():
                    seen = first_seen.setdefault(download.info_hash, time.monotonic())
                    seeder = self.seeders.get(download.info_hash)
                    if seeder and download.progress == 0 and time.monotonic() - seen >= 1:
                        address = f"127.0.0.1:{seeder.peer_port}"
                        self.qbittorrent.add_peers(download.info_hash, address)
            except (httpx.HTTPError, AssertionError, OSError):
                continue  # qBittorrent restarting or stopping: try again next round

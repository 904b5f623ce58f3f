"""REAL transfers between qbittorrent-nox 4.5.2 and transmission-daemon 3.00, through the
adapters, with opentracker as the tracker (real-peers.md's verified swarm recipe).

The adapters only add and observe; the swarm is the test's business: opentracker announces
the peers where qBittorrent downloads, and where Transmission downloads, qBittorrent is told
the leecher's address with `torrents/addPeers` (Transmission 3.00 does not dial a loopback
peer it got from the tracker).
Each test ends with the downloader reporting the torrent complete and the file on disk
byte-identical to the seeder's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from mediaos.adapters.downloaders.base import Downloader, DownloadState, DownloadStatus
from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.adapters.downloaders.transmission import Transmission
from tests.peers.media import MediaTorrent, make_media_torrent
from tests.peers.opentracker import OpenTracker
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release
from tests.peers.transmission import TransmissionDaemon

pytestmark = [
    pytest.mark.peer("qbittorrent-nox", "transmission-daemon", "opentracker"),
    pytest.mark.timeout(240),
]
DONE = (DownloadStatus.COMPLETED, DownloadStatus.SEEDING)
SIZE = 2 * 1024 * 1024


async def wait_state(
    client: Downloader,
    category: str,
    download_id: str,
    *,
    timeout: float = 90,
    nudge: Callable[[], None] | None = None,
    nudge_after: float = 0.0,
) -> DownloadState:
    """Poll until the download is complete; on the deadline, fail showing the last state.

    `nudge` (`addPeers`: one client told where the other listens) is repeated every 2 s from
    `nudge_after` on, until data flows: a first connection attempt made while the other side
    was still starting is not retried soon by either client, and waiting for that would make
    the test slow and flaky. Typical runs here: 12-15 s per transfer, including magnets."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    next_nudge = loop.time() + nudge_after
    last: DownloadState | None = None
    while loop.time() < deadline:
        found = [d for d in await client.list(category=category) if d.id == download_id]
        last = found[0] if found else None
        if last is not None and last.status in DONE and last.progress == 1.0:
            return last
        if nudge is not None and loop.time() >= next_nudge and not (last and last.progress):
            nudge()
            next_nudge = loop.time() + 2
        await asyncio.sleep(0.25)
    raise AssertionError(f"not complete within {timeout:g} s; last seen: {last}")


def media_in(folder: Path, tracker: OpenTracker, *, private: bool = True) -> MediaTorrent:
    media = make_media_torrent(
        folder, announce_url=tracker.announce_url, size=SIZE, private=private
    )
    tracker.allow([media.info_hash])
    tracker.start()
    return media


async def wait_seeder_announced(
    tracker: OpenTracker, media: MediaTorrent, seeder: TransmissionDaemon
) -> None:
    """A leecher announcing before the seeder gets no peers until its next announce, minutes
    later: wait until the tracker lists the seeder (about a second after it seeds). On a busy
    machine the first announce can be late or lost, so the seeder is asked to announce again
    every few seconds (Transmission's `torrent-reannounce`), as a user would click it; and
    since Transmission ignores that button for a while after an announce it counts as done,
    the torrent is stopped and started again every 15 s (a fresh `started` announce)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    next_nudge = loop.time() + 3
    next_restart = loop.time() + 15
    ids = [media.info_hash]
    while tracker.peers(media.info_hash) < 1:
        assert loop.time() < deadline, "the seeder never announced to the tracker"
        if loop.time() >= next_restart:
            await asyncio.to_thread(seeder.rpc, "torrent-stop", ids=ids)
            await asyncio.to_thread(seeder.rpc, "torrent-start", ids=ids)
            next_restart = loop.time() + 15
        elif loop.time() >= next_nudge:
            await asyncio.to_thread(seeder.rpc, "torrent-reannounce", ids=ids)
            next_nudge = loop.time() + 3
        await asyncio.sleep(0.2)


def assert_same_file(state: DownloadState, media: MediaTorrent) -> None:
    assert state.content_path is not None
    assert Path(state.content_path).read_bytes() == media.path.read_bytes()


async def test_transmission_seeds_qbittorrent_downloads_through_the_tracker(
    transmission: Transmission,
    tr_daemon: TransmissionDaemon,
    qbittorrent: QBittorrent,
    qbt_daemon: QBittorrentDaemon,
    tracker: OpenTracker,
    indexer: TorrentIndexer,
    tmp_path: Path,
) -> None:
    media = media_in(tr_daemon.downloads / "seed", tracker)
    seeded = await transmission.add(indexer.release(media), category="seed")
    await wait_state(transmission, "seed", seeded, timeout=30)
    await wait_seeder_announced(tracker, media, tr_daemon)

    await qbittorrent.ensure(category="tv", save_path=str(tmp_path / "qbt-tv"))
    download = await qbittorrent.add(indexer.release(media), category="tv")
    seeder = f"127.0.0.1:{tr_daemon.peer_port}"  # the tracker's answer; told again only if slow
    state = await wait_state(
        qbittorrent, "tv", download, nudge=lambda: qbt_daemon.add_peers(download, seeder),
        nudge_after=15,
    )  # fmt: skip
    assert state.save_path is not None and Path(state.save_path) == tmp_path / "qbt-tv"
    assert_same_file(state, media)


async def test_qbittorrent_seeds_transmission_downloads(
    transmission: Transmission,
    tr_daemon: TransmissionDaemon,
    qbittorrent: QBittorrent,
    qbt_daemon: QBittorrentDaemon,
    tracker: OpenTracker,
    indexer: TorrentIndexer,
    tmp_path: Path,
) -> None:
    # No tracker here (real-peers.md): had Transmission also learnt of qBittorrent from one, the
    # two could dial each other at once, drop both connections as duplicates and back off.
    media = make_media_torrent(tmp_path / "qbt-seed", announce_url=tracker.announce_url, size=SIZE)
    await qbittorrent.ensure(category="seed", save_path=str(media.path.parent))
    seeded = await qbittorrent.add(indexer.release(media), category="seed")
    await wait_state(qbittorrent, "seed", seeded, timeout=30)

    download = await transmission.add(indexer.release(media), category="tv")
    leecher = f"127.0.0.1:{tr_daemon.peer_port}"
    state = await wait_state(
        transmission, "tv", download, nudge=lambda: qbt_daemon.add_peers(seeded, leecher)
    )
    assert state.save_path == f"{tr_daemon.downloads}/tv"
    assert_same_file(state, media)


async def test_qbittorrent_downloads_a_magnet_from_transmission(
    transmission: Transmission,
    tr_daemon: TransmissionDaemon,
    qbittorrent: QBittorrent,
    qbt_daemon: QBittorrentDaemon,
    tracker: OpenTracker,
    indexer: TorrentIndexer,
) -> None:
    # Public: Transmission 3.00 does not hand out the metadata of a private torrent.
    media = media_in(tr_daemon.downloads / "seed", tracker, private=False)
    seeded = await transmission.add(indexer.release(media), category="seed")
    await wait_state(transmission, "seed", seeded, timeout=30)
    await wait_seeder_announced(tracker, media, tr_daemon)

    download = await qbittorrent.add(magnet_release(media), category="tv")
    assert download == media.info_hash
    seeder = f"127.0.0.1:{tr_daemon.peer_port}"
    state = await wait_state(
        qbittorrent,
        "tv",
        download,
        nudge=lambda: qbt_daemon.add_peers(download, seeder),
        timeout=120,  # a magnet needs the metadata exchange first; slow on a starved machine
    )
    assert state.size == SIZE
    assert_same_file(state, media)

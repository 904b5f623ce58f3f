"""The downloads loop against the real qbittorrent-nox: a finished torrent is imported as a
hardlink under its *arr name, then removed from the client (files kept) once seeded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from random import Random

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.qbittorrent import AddOptions, QBittorrent
from mediaos.core.clock import ManualClock
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.desired import Catalog, resolve
from mediaos.reconcilers.downloads import Downloads
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.journal import SqliteJournal
from tests.peers.media import make_media_torrent
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer

RELEASE = "Sintel.2010.1080p.WEB-DL.x264-GRP"
ITEM = "movie/sintel-2010"


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[QBittorrentDaemon]:
    started = QBittorrentDaemon(tmp_path / "qbt")
    try:
        started.start()
        yield started
    finally:
        started.stop()


@pytest.fixture
async def indexer() -> AsyncIterator[TorrentIndexer]:
    served = TorrentIndexer()
    await served.server.start_server()
    try:
        yield served
    finally:
        await served.server.close()


async def until_complete(client: QBittorrent, download_id: str) -> None:
    """qBittorrent checks the data already on disk; wait for it to call it complete."""
    for _ in range(300):
        listed = {d.id: d for d in await client.list(category="mediaos")}
        state = listed.get(download_id)
        if state is not None and state.status in (DownloadStatus.SEEDING,
                                                  DownloadStatus.COMPLETED):  # fmt: skip
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"qBittorrent never completed the check: {listed}")


@pytest.mark.peer("qbittorrent-nox")
async def test_a_real_finished_torrent_is_imported_then_removed_keeping_files(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    daemon: QBittorrentDaemon, indexer: TorrentIndexer,
) -> None:  # fmt: skip
    downloads = tmp_path / "seeded"
    media = make_media_torrent(downloads, announce_url="http://127.0.0.1:9/announce",
                               name=f"{RELEASE}.mkv", size=256 * 1024)  # fmt: skip
    config = MediaOSConfig.model_validate({
        "version": 1,
        "data_dir": str(tmp_path / "data"),
        "library": {"roots": {"movies": str(tmp_path / "lib")}},
        "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
        "download_clients": [{"name": "qbit", "type": "qbittorrent", "url": daemon.url,
                              "remove_completed": True}],
        "movies": [{"title": "Sintel", "year": 2010}],
    })  # fmt: skip
    client = QBittorrent(name="qbit", base_url=daemon.url, username=daemon.username,
                         password=daemon.password, timeout=10,
                         options=AddOptions(save_path=str(downloads)))  # fmt: skip
    try:
        release = indexer.release(media, with_hash=True)
        download_id = await client.add(release, category="mediaos")
        GrabRepo(state).add(GrabRecord(ITEM, release.guid, media.info_hash, RELEASE, "loopback",
                                       "qbit", download_id, clock.now(), "grabbed"))  # fmt: skip
        await until_complete(client, download_id)
        loop = Downloads(config=config, state=state, clients={"qbit": client}, clock=clock)
        desired = resolve(config, Catalog(), clock.now())

        first = await run_pass(loop, desired, clock=clock, rng=Random(1), journal=journal)
        second = await run_pass(loop, desired, clock=clock, rng=Random(1), journal=journal)

        assert [a.verb for a, _ in first.outcomes] == ["import"]
        assert [a.verb for a, _ in second.outcomes] == ["remove"]
        imported = tmp_path / "lib" / "Sintel (2010)" / "Sintel (2010) WEBDL-1080p.mkv"
        assert imported.stat().st_ino == media.path.stat().st_ino
        assert await client.list(category="mediaos") == []
        assert media.path.exists()  # removed with delete_files=False
        assert GrabRepo(state).for_item(ITEM)[0].state == "removed"
    finally:
        await client.aclose()

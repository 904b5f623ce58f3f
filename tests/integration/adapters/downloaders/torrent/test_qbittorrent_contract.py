"""The downloader contract and idempotent adds against the real qbittorrent-nox 4.5.2."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from mediaos.adapters.downloaders.base import DownloadState, DownloadStatus
from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.errors import BadPayload
from mediaos.schemas.downloads import QBittorrentSpec
from tests.integration.adapters.downloaders.contract import check_downloader_contract, wait_for
from tests.peers.media import MediaTorrent
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release

pytestmark = pytest.mark.peer("qbittorrent-nox")


async def test_contract(
    qbittorrent: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    await check_downloader_contract(qbittorrent, indexer.release(media))


async def test_same_torrent_twice_is_one_download(
    qbittorrent: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    release = indexer.release(media)
    ids = [await qbittorrent.add(release, category="tv") for _ in range(2)]
    assert ids == [media.info_hash] * 2
    listed = await wait_for(qbittorrent, "tv", lambda found: media.info_hash in found)
    assert listed == [media.info_hash]


async def test_same_magnet_twice_is_one_download_listed_without_metadata(
    qbittorrent: QBittorrent, media: MediaTorrent
) -> None:
    release = magnet_release(media)
    first = await qbittorrent.add(release, category="tv")
    second = await qbittorrent.add(release, category="tv")
    assert first == second == media.info_hash
    (state,) = await qbittorrent.list(category="tv")
    assert state.id == media.info_hash
    assert state.status in (DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING)
    assert state.size is None and state.progress == 0.0


async def test_concurrent_adds_of_one_torrent_give_one_download(
    qbittorrent: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    """Both adds miss each other's torrent when they ask first; qBittorrent answers the second
    `Fails.`, and the adapter then finds the torrent by its hash instead of failing."""
    release = indexer.release(media)
    ids = await asyncio.gather(*(qbittorrent.add(release, category="tv") for _ in range(3)))
    assert set(ids) == {media.info_hash}
    assert [d.id for d in await qbittorrent.list(category="tv")] == [media.info_hash]


async def test_pause_and_resume_on_4_5(qbittorrent: QBittorrent, media: MediaTorrent) -> None:
    download = await qbittorrent.add(magnet_release(media), category="tv")
    await qbittorrent.pause(download)
    (state,) = await wait_states(qbittorrent, "tv", DownloadStatus.PAUSED)
    await qbittorrent.resume(download)
    (state,) = await wait_states(qbittorrent, "tv", DownloadStatus.QUEUED)
    assert state.id == download


async def wait_states(
    client: QBittorrent, category: str, status: DownloadStatus
) -> list[DownloadState]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        states = list(await client.list(category=category))
        if all(s.status is status for s in states) or loop.time() > deadline:
            return states
        await asyncio.sleep(0.1)


async def test_built_from_the_yaml_spec(
    qbt_daemon: QBittorrentDaemon, indexer: TorrentIndexer, media: MediaTorrent, tmp_path: Path
) -> None:
    spec = QBittorrentSpec.model_validate(
        {"type": "qbittorrent", "name": "qbt", "url": qbt_daemon.url, "category": "tv",
         "username": qbt_daemon.username, "password": qbt_daemon.password,
         "save_path": str(tmp_path / "tv"), "seed_ratio": 2, "seed_time": "2d", "tags": ["mos"]}
    )  # fmt: skip
    client = QBittorrent.from_spec(spec)
    try:
        await client.ensure(category=spec.category)
        download = await client.add(indexer.release(media), category=spec.category)
        (state,) = await client.list(category="tv")
        assert state.id == download and state.save_path == str(tmp_path / "tv")
        with qbt_daemon.session() as http:
            (row,) = http.get("/api/v2/torrents/info", params={"hashes": download}).json()
        assert (row["tags"], row["ratio_limit"], row["seeding_time_limit"]) == ("mos", 2, 2880)
    finally:
        await client.aclose()


async def test_a_magnet_behind_an_indexer_redirect(
    qbittorrent: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    assert await qbittorrent.add(indexer.magnet_link_release(media), category="tv") == (
        media.info_hash
    )
    assert [d.id for d in await qbittorrent.list(category="tv")] == [media.info_hash]


async def test_an_indexer_hash_that_differs_from_the_file_is_refused(
    qbittorrent: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    lying = dataclasses.replace(indexer.release(media), info_hash="b" * 40)
    with pytest.raises(BadPayload, match="differs from the indexer's"):
        await qbittorrent.add(lying, category="tv")
    assert await qbittorrent.list(category="tv") == []

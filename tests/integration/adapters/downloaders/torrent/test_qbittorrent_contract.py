"""The downloader contract and idempotent adds against the real qbittorrent-nox 4.5.2."""

from __future__ import annotations

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from tests.integration.adapters.downloaders.contract import check_downloader_contract, wait_for
from tests.integration.adapters.downloaders.torrent.conftest import TorrentIndexer, magnet_release
from tests.peers.media import MediaTorrent

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

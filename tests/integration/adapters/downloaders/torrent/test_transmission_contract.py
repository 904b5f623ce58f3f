"""The downloader contract and idempotent adds against the real transmission-daemon 3.00."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.transmission import Transmission
from mediaos.schemas.downloads import TransmissionSpec
from tests.integration.adapters.downloaders.contract import check_downloader_contract, wait_for
from tests.peers.media import MediaTorrent
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release
from tests.peers.transmission import TransmissionDaemon

pytestmark = pytest.mark.peer("transmission-daemon")


async def test_contract(
    transmission: Transmission, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    await check_downloader_contract(transmission, indexer.release(media))


async def test_same_torrent_twice_is_one_download_labelled_and_filed(
    transmission: Transmission,
    tr_daemon: TransmissionDaemon,
    indexer: TorrentIndexer,
    media: MediaTorrent,
) -> None:
    release = indexer.release(media, with_hash=True)
    ids = [await transmission.add(release, category="tv", tags=["mediaos"]) for _ in range(2)]
    assert ids == [media.info_hash] * 2
    assert await wait_for(transmission, "tv", lambda found: bool(found)) == [media.info_hash]
    reply = tr_daemon.rpc("torrent-get", fields=["labels", "downloadDir"])
    (row,) = reply["arguments"]["torrents"]  # type: ignore[index]
    assert row["labels"] == ["tv", "mediaos"]
    assert row["downloadDir"] == f"{tr_daemon.downloads}/tv"


async def test_same_magnet_twice_is_one_download_listed_without_metadata(
    transmission: Transmission, media: MediaTorrent
) -> None:
    release = magnet_release(media)
    assert await transmission.add(release, category="tv") == media.info_hash
    assert await transmission.add(release, category="tv") == media.info_hash
    (state,) = await transmission.list(category="tv")
    assert state.id == media.info_hash
    assert state.status is DownloadStatus.QUEUED
    assert state.size is None and state.progress == 0.0


async def test_concurrent_adds_of_one_torrent_give_one_download(
    transmission: Transmission, indexer: TorrentIndexer, media: MediaTorrent
) -> None:
    """Both adds miss each other's torrent when they ask first; 3.00 answers the second
    "duplicate torrent", which the adapter takes as the existing download."""
    release = indexer.release(media)
    ids = await asyncio.gather(*(transmission.add(release, category="tv") for _ in range(3)))
    assert set(ids) == {media.info_hash}
    assert [d.id for d in await transmission.list(category="tv")] == [media.info_hash]


async def test_built_from_the_yaml_spec(
    tr_daemon: TransmissionDaemon, indexer: TorrentIndexer, media: MediaTorrent, tmp_path: Path
) -> None:
    spec = TransmissionSpec.model_validate(
        {"type": "transmission", "name": "tr", "url": f"http://127.0.0.1:{tr_daemon.port}",
         "username": tr_daemon.username, "password": tr_daemon.password, "category": "movies",
         "download_dir": str(tmp_path / "dl"), "seed_ratio": 1.5}
    )  # fmt: skip
    client = Transmission.from_spec(spec)
    try:
        download = await client.add(indexer.magnet_link_release(media), category=spec.category)
        (state,) = await client.list(category="movies")
        assert state.id == download == media.info_hash
        assert state.save_path == str(tmp_path / "dl" / "movies")
        reply = tr_daemon.rpc("torrent-get", fields=["seedRatioLimit", "seedRatioMode"])
        (row,) = reply["arguments"]["torrents"]  # type: ignore[index]
        assert (row["seedRatioLimit"], row["seedRatioMode"]) == (1.5, 1)
    finally:
        await client.aclose()

"""Transmission 4.x through the same adapter, against the loopback fake of what 4.0 changed
(only 3.00 is packaged here; the real daemon covers it in the other modules)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.transmission import Transmission
from mediaos.core.errors import AuthRejected
from tests.integration.adapters.downloaders.contract import check_downloader_contract
from tests.peers.media import MediaTorrent
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release
from tests.peers.transmission_fake import FakeTransmission


@pytest.fixture
async def fake() -> AsyncIterator[FakeTransmission]:
    server = FakeTransmission()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def client(fake: FakeTransmission) -> AsyncIterator[Transmission]:
    adapter = Transmission(
        name="tr4", url=fake.url, username=fake.username, password=fake.password, timeout=5
    )
    try:
        yield adapter
    finally:
        await adapter.aclose()


async def test_contract(client: Transmission, indexer: TorrentIndexer, media: MediaTorrent) -> None:
    await check_downloader_contract(client, indexer.release(media))


async def test_labels_go_with_the_add_on_4x(
    client: Transmission, fake: FakeTransmission, media: MediaTorrent, indexer: TorrentIndexer
) -> None:
    download = await client.add(indexer.release(media), category="tv", tags=["hd"])
    assert fake.torrents[download]["labels"] == ["tv", "hd"]
    assert fake.torrents[download]["downloadDir"] == "/downloads/tv"
    assert "torrent-set" not in fake.calls
    (state,) = await client.list(category="tv")
    assert state.status is DownloadStatus.DOWNLOADING
    assert state.content_path == f"/downloads/tv/{media.name}"


async def test_duplicate_answered_as_success_is_one_download(
    client: Transmission, fake: FakeTransmission, media: MediaTorrent
) -> None:
    first = await client.add(magnet_release(media), category="tv")
    fake.hidden.add(first)  # added concurrently: our "is it there?" misses it, the add does not
    assert await client.add(magnet_release(media), category="tv") == first
    assert fake.calls.count("torrent-add") == 2
    assert len(fake.torrents) == 1


async def test_restart_gives_a_new_session_id_transparently(
    client: Transmission, fake: FakeTransmission, media: MediaTorrent
) -> None:
    first = await client.add(magnet_release(media), category="tv")
    fake.restart()
    assert [d.id for d in await client.list(category="tv")] == [first]
    health = await client.health()
    assert health.ok and health.version == fake.version


async def test_wrong_password_is_auth_rejected(fake: FakeTransmission) -> None:
    client = Transmission(name="tr4", url=fake.url, username="tr", password="wrong", timeout=5)
    with pytest.raises(AuthRejected, match="wrong username or password"):
        await client.list(category="tv")
    await client.aclose()

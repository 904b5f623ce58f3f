"""qBittorrent 5.0 and 5.2 through the same adapter, against the loopback fake of what they
changed (only 4.5.2 is packaged here; the real daemon covers it in the other modules)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.qbittorrent import AddOptions, QBittorrent
from mediaos.core.errors import AuthRejected
from tests.integration.adapters.downloaders.contract import check_downloader_contract
from tests.peers.media import MediaTorrent
from tests.peers.qbittorrent_fake import QBT_50, QBT_52, FakeQBittorrent
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release


@pytest.fixture(params=[QBT_50, QBT_52], ids=["5.0", "5.2"])
async def fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeQBittorrent]:
    server = FakeQBittorrent(version=request.param)
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def client(fake: FakeQBittorrent) -> AsyncIterator[QBittorrent]:
    adapter = QBittorrent(
        name="qbt5", base_url=fake.url, username=fake.username, password=fake.password,
        timeout=5, options=AddOptions(start_paused=True),
    )  # fmt: skip
    try:
        yield adapter
    finally:
        await adapter.aclose()


async def test_contract(client: QBittorrent, indexer: TorrentIndexer, media: MediaTorrent) -> None:
    await check_downloader_contract(client, indexer.release(media))


async def test_paused_add_sends_stopped_and_lists_as_paused(
    client: QBittorrent, fake: FakeQBittorrent, media: MediaTorrent
) -> None:
    download = await client.add(magnet_release(media), category="tv")
    assert fake.torrents[download]["state"] == "stoppedDL"
    (state,) = await client.list(category="tv")
    assert state.status is DownloadStatus.PAUSED


async def test_pause_and_resume_use_stop_and_start(
    client: QBittorrent, fake: FakeQBittorrent, media: MediaTorrent
) -> None:
    download = await client.add(magnet_release(media), category="tv")
    await client.resume(download)
    await client.pause(download)
    assert "torrents/start" in fake.calls and "torrents/stop" in fake.calls
    assert "torrents/pause" not in fake.calls and "torrents/resume" not in fake.calls
    fake.torrents[download].update(progress=1.0, state="stoppedUP")
    (state,) = await client.list(category="tv")
    assert state.status is DownloadStatus.COMPLETED and state.eta == 0


async def test_duplicate_add_is_one_download(
    client: QBittorrent, fake: FakeQBittorrent, media: MediaTorrent
) -> None:
    assert await client.add(magnet_release(media), category="tv") == media.info_hash
    assert await client.add(magnet_release(media), category="tv") == media.info_hash
    assert fake.calls.count("torrents/add") == 1  # the second add asked first
    assert list(fake.torrents) == [media.info_hash]


async def test_wrong_password_is_auth_rejected(fake: FakeQBittorrent) -> None:
    client = QBittorrent(name="qbt5", base_url=fake.url, password="wrong", timeout=5)
    with pytest.raises(AuthRejected, match="wrong username or password"):
        await client.list(category="tv")
    await client.aclose()


async def test_restart_into_an_upgrade_is_recovered_and_the_version_reread(
    media: MediaTorrent,
) -> None:
    fake = FakeQBittorrent(version=("v4.6.7", "2.9.3"))
    await fake.start()
    client = QBittorrent(
        name="qbt", base_url=fake.url, username=fake.username, password=fake.password, timeout=5
    )
    try:
        download = await client.add(magnet_release(media), category="tv")
        await client.pause(download)
        assert fake.calls[-1] == "torrents/pause"  # 404 in the fake: shows the old name
        fake.restart(version=QBT_50)  # sessions gone, API 2.11 now
        await client.pause(download)
        assert fake.calls[-1] == "torrents/stop"
        assert (await client.health()).version == "v5.0.0"
    finally:
        await client.aclose()
        await fake.close()

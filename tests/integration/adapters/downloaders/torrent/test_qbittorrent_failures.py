"""qBittorrent 4.5.2 for real: a restart mid-test is invisible, and every way of pointing the
adapter at the wrong thing ends in one typed error with a sentence a user can act on."""

from __future__ import annotations

import asyncio

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.errors import AuthRejected, BadPayload, Unreachable
from tests.integration.adapters.downloaders.contract import wait_for
from tests.peers.daemon_process import free_port
from tests.peers.media import MediaTorrent
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release
from tests.peers.transmission import TransmissionDaemon

pytestmark = pytest.mark.peer("qbittorrent-nox")


def adapter(
    url: str, password: str = "qbt-secret", user: str = "mediaos", timeout: float = 5
) -> QBittorrent:
    return QBittorrent(name="qbt", base_url=url, username=user, password=password, timeout=timeout)


async def test_restart_mid_test_is_recovered_without_a_visible_error(
    qbittorrent: QBittorrent,
    qbt_daemon: QBittorrentDaemon,
    indexer: TorrentIndexer,
    media: MediaTorrent,
) -> None:
    first = await qbittorrent.add(indexer.release(media), category="tv")
    assert [d.id for d in await qbittorrent.list(category="tv")] == [first]

    qbt_daemon.restart()  # same profile and port: our SID cookie is now unknown to it

    assert await wait_for(qbittorrent, "tv", lambda ids: first in ids) == [first]
    assert await qbittorrent.add(indexer.release(media), category="tv") == first
    assert await qbittorrent.add(magnet_release(media), category="tv") == first
    assert (await qbittorrent.health()).ok


async def test_wrong_password_is_auth_rejected_with_a_clear_message(
    qbt_daemon: QBittorrentDaemon,
) -> None:
    client = adapter(qbt_daemon.url, password="not-the-password")
    with pytest.raises(AuthRejected, match="wrong username or password for 'mediaos'"):
        await client.list(category="tv")
    health = await client.health()
    assert not health.ok and "wrong username or password" in health.message
    await client.aclose()


async def test_login_ban_after_repeated_failures_says_what_to_do(
    qbt_daemon: QBittorrentDaemon,
) -> None:
    client = adapter(qbt_daemon.url, password="not-the-password")
    for _ in range(5):  # qBittorrent's default WebUI\MaxAuthenticationFailCount
        with pytest.raises(AuthRejected, match="wrong username or password"):
            await client.list(category="tv")
    with pytest.raises(AuthRejected, match=r"banned this address.*restart qBittorrent"):
        await client.list(category="tv")
    await client.aclose()


async def test_nothing_listening_is_unreachable() -> None:
    client = adapter(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unreachable, match=r"cannot connect to http://127\.0\.0\.1"):
        await client.list(category="tv")
    assert not (await client.health()).ok
    await client.aclose()


async def test_a_web_server_that_is_not_qbittorrent_is_a_bad_payload(
    not_a_torrent_client: str,
) -> None:
    client = adapter(not_a_torrent_client)
    with pytest.raises(BadPayload, match="not the JSON qBittorrent sends; check the URL"):
        await client.list(category="tv")
    with pytest.raises(BadPayload, match="not a qBittorrent Web UI"):
        await client.pause("0" * 40)  # reads webapiVersion first
    await client.aclose()


@pytest.mark.peer("transmission-daemon")
async def test_pointing_at_transmission_says_it_is_not_qbittorrent(
    tr_daemon: TransmissionDaemon,
) -> None:
    client = adapter(f"http://127.0.0.1:{tr_daemon.port}")
    with pytest.raises(AuthRejected, match="or not qBittorrent at all; check the URL"):
        await client.list(category="tv")
    await client.aclose()


async def test_a_server_that_never_answers_times_out(hanging_server: str) -> None:
    client = adapter(hanging_server, timeout=0.5)
    started = asyncio.get_running_loop().time()
    with pytest.raises(Unreachable, match=r"no answer within 0\.5 s"):
        await client.list(category="tv")
    assert asyncio.get_running_loop().time() - started < 5
    await client.aclose()

"""transmission-daemon 3.00 for real: a restart (new session id) mid-test is invisible, and
every way of pointing the adapter at the wrong thing ends in one typed error."""

from __future__ import annotations

import asyncio

import pytest

from mediaos.adapters.downloaders.transmission import Transmission, rpc_url
from mediaos.core.errors import AuthRejected, BadPayload, Unreachable
from tests.integration.adapters.downloaders.contract import wait_for
from tests.peers.daemon_process import free_port
from tests.peers.media import MediaTorrent
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer, magnet_release
from tests.peers.transmission import TransmissionDaemon

pytestmark = pytest.mark.peer("transmission-daemon")


def adapter(
    url: str, user: str | None = "tr", password: str = "tr-secret", timeout: float = 5
) -> Transmission:
    return Transmission(name="tr", url=url, username=user, password=password, timeout=timeout)


async def test_restart_mid_test_is_recovered_without_a_visible_error(
    transmission: Transmission,
    tr_daemon: TransmissionDaemon,
    indexer: TorrentIndexer,
    media: MediaTorrent,
) -> None:
    first = await transmission.add(indexer.release(media), category="tv")
    assert [d.id for d in await transmission.list(category="tv")] == [first]

    tr_daemon.restart()  # same config dir and port, a new X-Transmission-Session-Id

    assert await wait_for(transmission, "tv", lambda ids: first in ids) == [first]
    assert await transmission.add(magnet_release(media), category="tv") == first
    assert (await transmission.health()).ok


async def test_wrong_password_is_auth_rejected(tr_daemon: TransmissionDaemon) -> None:
    client = adapter(tr_daemon.url, password="not-the-password")
    with pytest.raises(AuthRejected, match="refused the login: wrong username or password"):
        await client.list(category="tv")
    health = await client.health()
    assert not health.ok and "wrong username or password" in health.message
    await client.aclose()


async def test_missing_credentials_say_they_are_needed(tr_daemon: TransmissionDaemon) -> None:
    client = adapter(tr_daemon.url, user=None)
    with pytest.raises(AuthRejected, match="a username and password are needed"):
        await client.list(category="tv")
    await client.aclose()


async def test_the_address_users_paste_reaches_the_rpc(tr_daemon: TransmissionDaemon) -> None:
    assert rpc_url(f"http://127.0.0.1:{tr_daemon.port}") == tr_daemon.url
    client = adapter(f"http://127.0.0.1:{tr_daemon.port}/transmission/")
    assert (await client.health()).version.startswith("3.00")  # type: ignore[union-attr]
    await client.aclose()


async def test_nothing_listening_is_unreachable() -> None:
    client = adapter(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unreachable, match=r"cannot connect to http://127\.0\.0\.1"):
        await client.list(category="tv")
    await client.aclose()


async def test_a_web_server_that_is_not_transmission_is_a_bad_payload(
    not_a_torrent_client: str,
) -> None:
    client = adapter(not_a_torrent_client)
    with pytest.raises(BadPayload, match="does not answer like Transmission's RPC"):
        await client.list(category="tv")
    await client.aclose()


@pytest.mark.peer("qbittorrent-nox")
async def test_pointing_at_qbittorrent_says_it_is_not_transmission(
    qbt_daemon: QBittorrentDaemon,
) -> None:
    client = adapter(qbt_daemon.url)
    with pytest.raises(BadPayload, match="does not answer like Transmission's RPC"):
        await client.list(category="tv")
    await client.aclose()


async def test_a_server_that_never_answers_times_out(hanging_server: str) -> None:
    client = adapter(hanging_server, timeout=0.5)
    started = asyncio.get_running_loop().time()
    with pytest.raises(Unreachable, match=r"no answer within 0\.5 s"):
        await client.list(category="tv")
    assert asyncio.get_running_loop().time() - started < 5
    await client.aclose()

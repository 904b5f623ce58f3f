"""Fixtures for the torrent clients: real daemons on loopback, the adapters pointed at them,
a tracker, generated media with its .torrent, and a loopback "indexer" serving .torrent files.

Every daemon fixture stops its process by PID in `finally`, so a failing test leaves nothing
running. The adapters get the daemons' real URLs and credentials, as a user's YAML would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.adapters.downloaders.transmission import Transmission
from tests.peers.media import MediaTorrent, make_media_torrent
from tests.peers.opentracker import OpenTracker
from tests.peers.qbittorrent import QBittorrentDaemon
from tests.peers.torrent_indexer import TorrentIndexer
from tests.peers.transmission import TransmissionDaemon


@pytest.fixture
def qbt_daemon(tmp_path: Path) -> Iterator[QBittorrentDaemon]:
    daemon = QBittorrentDaemon(tmp_path / "qbt")
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def tr_daemon(tmp_path: Path) -> Iterator[TransmissionDaemon]:
    daemon = TransmissionDaemon(tmp_path / "tr")
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[OpenTracker]:
    """Not started: the test writes the whitelist (its torrent's hash) and starts it."""
    tracker = OpenTracker(tmp_path / "tracker")
    try:
        yield tracker
    finally:
        tracker.stop()


@pytest.fixture
async def qbittorrent(qbt_daemon: QBittorrentDaemon) -> AsyncIterator[QBittorrent]:
    client = QBittorrent(
        name="qbt",
        base_url=qbt_daemon.url,
        username=qbt_daemon.username,
        password=qbt_daemon.password,
        timeout=10,
    )
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def transmission(tr_daemon: TransmissionDaemon) -> AsyncIterator[Transmission]:
    client = Transmission(
        name="tr",
        url=tr_daemon.url,
        username=tr_daemon.username,
        password=tr_daemon.password,
        timeout=10,
    )
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def media(tmp_path: Path) -> MediaTorrent:
    """A private torrent of 2 MB of random bytes, announcing to a port nobody listens on."""
    return make_media_torrent(
        tmp_path / "media", announce_url="http://127.0.0.1:9/announce", size=256 * 1024
    )


@pytest.fixture
async def indexer() -> AsyncIterator[TorrentIndexer]:
    served = TorrentIndexer()
    await served.server.start_server()
    try:
        yield served
    finally:
        await served.server.close()


@pytest.fixture
async def hanging_server() -> AsyncIterator[str]:
    """Accepts connections and requests, and never answers. Yields its base URL."""
    release = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response()

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hang)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        release.set()
        await server.close()


@pytest.fixture
async def not_a_torrent_client() -> AsyncIterator[str]:
    """A loopback web server that is not a torrent client (a router's page, say): 200 and HTML
    for every path and method. Yields its base URL."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<html><body>Router login</body></html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()

"""Fixtures for the Usenet and blackhole download clients.

- `nntp`: the suite's own news server (tests/peers/nntp_server.py), one per test.
- `files`: a loopback HTTP "indexer" serving the NZBs and .torrents releases point at, so
  adapters fetch release files over real HTTP, as they do in production.
- `nzbget_daemon`: the REAL nzbget, with its news server set to `nntp`; stopped by PID.
- `sab_server` / `sabnzbd`: the loopback SABnzbd 4.x and an adapter pointed at it.
- `usenet_release(title, data)`: posts `data` as yEnc articles and returns a release whose
  download URL serves the NZB; `missing_articles=True` posts nothing (a failed download).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from mediaos.adapters.downloaders.nzbget import NZBGet
from mediaos.adapters.downloaders.sabnzbd import SABnzbd
from mediaos.adapters.http import build_client
from mediaos.core.releaseinfo import ReleaseInfo
from tests.peers.nntp_server import NNTPServer, build_nzb, make_articles
from tests.peers.nzbget import NZBGetDaemon
from tests.peers.sabnzbd_server import SABnzbdServer

UsenetRelease = Callable[..., Awaitable[ReleaseInfo]]


class FileHost:
    """Serves fixed bodies by path on 127.0.0.1; `url` of a path includes an API key so tests
    can check that it never leaks."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[bytes, str]] = {}
        self.requests: list[str] = []
        self._runner: web.AppRunner | None = None
        self.base = ""

    def publish(self, name: str, body: bytes, content_type: str = "application/x-nzb") -> str:
        self.bodies[name] = (body, content_type)
        return f"{self.base}/get/{name}?apikey=indexer-secret-key"

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        found = self.bodies.get(request.match_info["name"])
        if found is None:
            return web.Response(status=404, text="no such release")
        return web.Response(body=found[0], content_type=found[1])

    async def _redirect(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        raise web.HTTPFound(f"/get/{request.match_info['name']}?{request.query_string}")

    async def start(self) -> FileHost:
        app = web.Application()
        app.router.add_route("*", "/get/{name}", self._handle)
        app.router.add_get("/redirect/{name}", self._redirect)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
def nntp() -> Iterator[NNTPServer]:
    server = NNTPServer().start()
    try:
        yield server
    finally:
        server.release()
        server.stop()


@pytest.fixture
async def files() -> AsyncIterator[FileHost]:
    host = await FileHost().start()
    try:
        yield host
    finally:
        await host.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(timeout=10.0) as client:
        yield client


@pytest.fixture
def nzbget_daemon(tmp_path: Path, nntp: NNTPServer) -> Iterator[NZBGetDaemon]:
    daemon = NZBGetDaemon(tmp_path / "nzbget", news_port=nntp.port)
    daemon.start()
    try:
        yield daemon
    finally:
        nntp.release()  # a held article would slow nzbget's shutdown
        daemon.stop()


@pytest.fixture
def nzbget(nzbget_daemon: NZBGetDaemon, http: httpx.AsyncClient) -> NZBGet:
    return NZBGet(
        name="nzbget-test",
        url=nzbget_daemon.url,
        http=http,
        username=nzbget_daemon.username,
        password=nzbget_daemon.password,
    )


@pytest.fixture
def usenet_release(nntp: NNTPServer, files: FileHost) -> UsenetRelease:
    async def make(
        title: str,
        data: bytes | None = None,
        *,
        file_name: str = "movie.mkv",
        missing_articles: bool = False,
        part_size: int = 100_000,
    ) -> ReleaseInfo:
        payload = data if data is not None else os.urandom(250_000)
        articles = make_articles(payload, file_name, part_size=part_size)
        if not missing_articles:
            nntp.add(articles)
        url = files.publish(f"{title}.nzb", build_nzb(file_name, articles))
        return ReleaseInfo(
            title=title,
            guid=f"https://indexer.test/details/{title}",
            indexer="loopback-newznab",
            protocol="usenet",
            download_url=url,
            size=len(payload),
        )

    return make


@pytest.fixture
async def sab_server() -> AsyncIterator[SABnzbdServer]:
    server = await SABnzbdServer().start()
    try:
        yield server
    finally:
        server.hang = False
        await server.stop()


@pytest.fixture
def sabnzbd(sab_server: SABnzbdServer, http: httpx.AsyncClient) -> SABnzbd:
    return SABnzbd(name="sab-test", url=sab_server.base, api_key=sab_server.api_key, http=http)

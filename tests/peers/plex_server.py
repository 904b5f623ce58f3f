"""A loopback Plex Media Server (1.40 shapes) for the media-server adapter tests.

It answers `/identity` without a token and `/library/sections` and
`/library/sections/{key}/refresh` only with the right `X-Plex-Token` (header or query, as PMS
reads both), in the XML PMS sends by default. Every refresh is recorded with its section key
and `path`; a refresh without `path` is a full section scan and recorded as such, so tests can
prove the adapter never asks for one. A bad token gets PMS's HTML 401 page.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from aiohttp import web
from aiohttp.test_utils import TestServer

_AGENTS = {
    "movie": ("tv.plex.agents.movie", "Plex Movie"),
    "show": ("tv.plex.agents.series", "Plex TV Series"),
    "artist": ("tv.plex.agents.music", "Plex Music"),
}
_UNAUTHORIZED = (
    "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>"
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    locations: tuple[str, ...]
    type: str = "movie"  # movie | show | artist


@dataclass(frozen=True)
class SectionRefresh:
    key: str
    path: str | None  # None: a full scan of the section
    force: bool


class PlexServer:
    def __init__(
        self,
        *,
        sections: list[Section],
        token: str = "plex-token-abc123",
        version: str = "1.40.2.8395-c67dce28e",
    ) -> None:
        self.sections = sections
        self.token = token
        self.version = version
        self.machine_id = uuid.uuid4().hex
        self.refreshes: list[SectionRefresh] = []
        app = web.Application()
        app.router.add_get("/identity", self._identity)
        app.router.add_get("/library/sections", self._sections)
        app.router.add_get("/library/sections/{key}/refresh", self._refresh)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> PlexServer:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    def _check(self, request: web.Request) -> None:
        presented = request.headers.get("X-Plex-Token") or request.query.get("X-Plex-Token")
        if presented != self.token:
            raise web.HTTPUnauthorized(text=_UNAUTHORIZED, content_type="text/html")

    @staticmethod
    def _xml(body: str) -> web.Response:
        return web.Response(
            text='<?xml version="1.0" encoding="UTF-8"?>\n' + body,
            content_type="application/xml",
        )

    async def _identity(self, request: web.Request) -> web.Response:
        return self._xml(
            f'<MediaContainer size="0" apiVersion="1.1.1" claimed="1" '
            f'machineIdentifier="{self.machine_id}" version="{self.version}"> </MediaContainer>'
        )

    async def _sections(self, request: web.Request) -> web.Response:
        self._check(request)
        now = int(time.time())
        rows = []
        for section in self.sections:
            agent, scanner = _AGENTS.get(section.type, _AGENTS["movie"])
            locations = "".join(
                f"<Location id={quoteattr(str(i + 1))} path={quoteattr(p)} />"
                for i, p in enumerate(section.locations)
            )
            rows.append(
                f'<Directory allowSync="1" art="/:/resources/{section.type}-fanart.jpg" '
                f'composite="/library/sections/{section.key}/composite/{now}" filters="1" '
                f'refreshing="0" thumb="/:/resources/{section.type}.png" '
                f"key={quoteattr(section.key)} type={quoteattr(section.type)} "
                f'title={quoteattr(section.title)} agent="{agent}" scanner="{scanner}" '
                f'language="en-US" uuid="{uuid.uuid4()}" updatedAt="{now}" '
                f'createdAt="{now - 86400}" scannedAt="{now}" content="1" directory="1" '
                f'contentChangedAt="12345" hidden="0">{locations}</Directory>'
            )
        return self._xml(
            f'<MediaContainer size="{len(rows)}" allowSync="0" title1="Plex Library">'
            + "".join(rows)
            + "</MediaContainer>"
        )

    async def _refresh(self, request: web.Request) -> web.Response:
        self._check(request)
        key = request.match_info["key"]
        if key not in {s.key for s in self.sections}:
            raise web.HTTPNotFound()
        self.refreshes.append(
            SectionRefresh(key, request.query.get("path"), request.query.get("force") == "1")
        )
        return web.Response(status=200)

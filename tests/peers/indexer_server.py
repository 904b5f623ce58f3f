"""A loopback Torznab/Newznab server for adapter tests (protocols.md 1.11).

It answers the way Jackett, Prowlarr and nZEDb do (see `indexer_payloads`): `t=caps`,
`t=search|tvsearch|movie|music|book` honouring `cat`, `q`, ids, `season`, `ep`, `offset` and
`limit` (ignoring parameters its caps do not list, as real servers do), errors with HTTP 200
(newznab) or 4xx (Prowlarr), and download endpoints serving .torrent bytes, redirects to
magnets, 404 and 429. Each test configures one `IndexerBehaviour` and can switch on a
hostile mode: malformed XML, an entity bomb, an external entity, 50 MB bodies (declared and
chunked), a server that never answers, an HTML login page, JSON, and a slow drip.

Every request's query is recorded in `behaviour.requests`, so tests assert what was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web
from multidict import MultiMapping

from tests.peers.indexer_payloads import (
    SEARCHING,
    FakeRelease,
    Flavour,
    caps_xml,
    catalogue,
    error_xml,
    feed_xml,
)

Hostile = Literal[
    "malformed", "bomb", "xxe", "huge", "huge_chunked", "hang", "html", "json", "slow_drip"
]
FUNCTION_KINDS = {"tvsearch": "tv", "movie": "movie", "music": "music", "book": "book"}
KIND_ELEMENTS = {
    "tv": "tv-search",
    "movie": "movie-search",
    "music": "music-search",
    "book": "book-search",
    "search": "search",
}
FIFTY_MB = 50 * 1024 * 1024
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title>
<link>http://x/1</link></item></channel></rss>"""
MALFORMED = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off</channel>'
LOGIN_PAGE = b"""<!DOCTYPE html>
<html><head><title>Login</title></head><body><form method="post" action="/login">
<input name="username"><input name="password" type="password"></form></body></html>"""


@dataclass
class IndexerBehaviour:
    flavour: Flavour = "jackett"
    api_key: str | None = "s3cr3t-apikey-0123"
    releases: list[FakeRelease] = field(default_factory=catalogue)
    searching: dict[str, tuple[bool, str | None]] | None = None  # None: the flavour's own
    caps_body: bytes | None = None  # replaces the caps document when set
    error: tuple[int, str, int] | None = None  # (code, description, HTTP status)
    retry_after: str | None = None  # sent with every error answer when set
    hostile: Hostile | None = None
    answer: tuple[int, str, bytes] | None = None  # (status, content type, body) for every call
    torrents: dict[str, bytes] = field(default_factory=dict)  # release id -> .torrent
    grab_limited: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)

    def searches(self) -> dict[str, tuple[bool, str | None]]:
        return self.searching if self.searching is not None else SEARCHING[self.flavour]


class IndexerServer:
    def __init__(self, behaviour: IndexerBehaviour | None = None) -> None:
        self.behaviour = behaviour or IndexerBehaviour()
        self.base = ""
        self._runner: web.AppRunner | None = None
        self._release = asyncio.Event()

    @property
    def api_url(self) -> str:
        paths = {
            "jackett": "/api/v2.0/indexers/tracker/results/torznab/api",
            "prowlarr": "/1/api",
            "nzedb": "/api",
        }
        return self.base + paths[self.behaviour.flavour]

    async def start(self) -> IndexerServer:
        app = web.Application()
        app.router.add_get("/api", self._api)
        app.router.add_get("/1/api", self._api)
        app.router.add_get("/api/v2.0/indexers/tracker/results/torznab/api", self._api)
        app.router.add_get("/dl/tracker/", self._download)
        app.router.add_get("/1/download", self._download)
        app.router.add_get("/getnzb/{name}", self._nzb)
        app.router.add_get("/redirect/{id}", self._redirect)
        app.router.add_get("/loop", self._loop)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the API ---------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        b = self.behaviour
        query = _flat(request.query)
        b.requests.append(query)
        if b.hostile is not None:
            return await self._hostile(request, b.hostile)
        if b.answer is not None:
            status, content_type, body = b.answer
            headers = {"Retry-After": b.retry_after} if b.retry_after else {}
            return web.Response(
                status=status, body=body, headers=headers, content_type=content_type
            )
        function = query.get("t", "")
        open_caps = function == "caps" and b.flavour == "nzedb"  # classic newznab: open caps
        if b.api_key and query.get("apikey") != b.api_key and not open_caps:
            return self._error(100, "Incorrect user credentials", 401)
        if b.error is not None:
            code, description, status = b.error
            return self._error(code, description, status)
        if function == "caps":
            body = b.caps_body or caps_xml(b.flavour, b.searches())
            return web.Response(body=body, content_type="application/xml")
        if function == "search" or function in FUNCTION_KINDS:
            return self._search(function, query)
        return self._error(202, f"No such function ({function})", 400)

    def _error(self, code: int, description: str, status: int) -> web.Response:
        if self.behaviour.flavour == "nzedb" and status != 429:
            status = 200  # classic newznab says everything with 200
        headers = {"Retry-After": self.behaviour.retry_after} if self.behaviour.retry_after else {}
        return web.Response(
            body=error_xml(code, description),
            status=status,
            content_type="application/xml",
            headers=headers,
        )

    def _search(self, function: str, query: dict[str, str]) -> web.Response:
        b = self.behaviour
        kind = FUNCTION_KINDS.get(function, "search")
        available, raw = b.searches().get(KIND_ELEMENTS[kind], (False, None))
        if not available:
            return self._error(203, "Function not available", 400)
        listed = set((raw or "q").split(","))
        found = [r for r in b.releases if _matches(r, kind, query, listed)]
        found.sort(key=lambda r: r.age_hours)
        offset = int(query.get("offset", "0") or 0)
        limit = min(int(query.get("limit", "100") or 100), 100)
        page = found[offset : offset + limit]
        key = b.api_key or "none"
        body = feed_xml(page, b.flavour, self.base, key, offset=offset, total=len(found))
        content_type = "application/rss+xml" if b.flavour != "nzedb" else "text/xml"
        return web.Response(body=body, content_type=content_type)

    # --- hostile answers -------------------------------------------------------------------

    async def _hostile(self, request: web.Request, mode: Hostile) -> web.StreamResponse:
        fixed = {
            "malformed": (MALFORMED, "application/xml"),
            "bomb": (BOMB, "application/xml"),
            "xxe": (XXE, "application/xml"),
            "html": (LOGIN_PAGE, "text/html"),
            "json": (b'{"error": "use /api/v3"}', "application/json"),
        }
        if mode in fixed:
            body, content_type = fixed[mode]
            return web.Response(body=body, content_type=content_type)
        if mode == "hang":
            await self._release.wait()
            return web.Response(status=503)
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        if mode == "huge":
            response.content_length = FIFTY_MB
        await response.prepare(request)
        chunk = b"<item><title>" + b"x" * 65_000 + b"</title></item>"
        sent = 0
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            if mode == "slow_drip":
                await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
                while not self._release.is_set():
                    await response.write(b" ")
                    await asyncio.sleep(0.05)
            else:
                await response.write(b'<rss version="2.0"><channel>')
                while sent < FIFTY_MB - len(chunk):
                    await response.write(chunk)
                    sent += len(chunk)
        return response

    # --- downloads -------------------------------------------------------------------------

    async def _download(self, request: web.Request) -> web.StreamResponse:
        b = self.behaviour
        self.behaviour.requests.append(_flat(request.query))
        if b.api_key and b.api_key not in (
            request.query.get("jackett_apikey"),
            request.query.get("apikey"),
        ):
            return web.Response(status=401)
        if b.grab_limited:
            return web.Response(status=429, headers={"Retry-After": "3600"})
        release_id = request.query.get("path") or request.query.get("link") or ""
        if release_id in b.torrents:
            return web.Response(
                body=b.torrents[release_id], content_type="application/x-bittorrent"
            )
        release = next((r for r in b.releases if r.id == release_id), None)
        if release is not None and release.magnet_only:
            raise web.HTTPFound(release.magnet())
        return web.Response(status=404, text="Not found")

    async def _nzb(self, request: web.Request) -> web.Response:
        nzb = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<nzb xmlns="http://www.newzbin.com/'
            'DTD/2003/nzb"><file poster="p" date="1" subject="s"><groups><group>a.b</group>'
            '</groups><segments><segment bytes="1" number="1">a@b</segment></segments>'
            "</file></nzb>"
        )
        return web.Response(text=nzb, content_type="application/x-nzb")

    async def _redirect(self, request: web.Request) -> web.StreamResponse:
        target = request.match_info["id"]
        raise web.HTTPFound(f"/dl/tracker/?jackett_apikey={self.behaviour.api_key}&path={target}")

    async def _loop(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/loop")


def _flat(query: MultiMapping[str]) -> dict[str, str]:
    return {k.lower(): v for k, v in query.items()}


def _matches(r: FakeRelease, kind: str, query: dict[str, str], listed: set[str]) -> bool:
    if kind != "search" and r.kind != kind:
        return False
    if query.get("cat"):
        wanted = {int(c) for c in query["cat"].split(",") if c.strip().isdigit()}
        if not any(c in wanted or c // 1000 * 1000 in wanted for c in r.categories):
            return False
    ids = {"tvdbid": r.tvdb_id, "tvmazeid": r.tvmaze_id, "tmdbid": r.tmdb_id, "imdbid": r.imdb_id}
    asked = {k: v for k, v in query.items() if k in ids and k in listed}
    if asked and not any(
        ids[k] is not None and int(v.lower().lstrip("t") or 0) == ids[k] for k, v in asked.items()
    ):
        return False
    if "season" in query and "season" in listed and int(query["season"]) != r.season:
        return False
    if "ep" in query and "ep" in listed and int(query["ep"]) != r.episode:
        return False
    words = query.get("q", "").lower().replace(".", " ").split() if "q" in listed else []
    title = r.title.lower().replace(".", " ")
    return all(word in title for word in words)

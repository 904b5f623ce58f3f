"""Loopback servers speaking TVmaze, TMDB v3, TheTVDB v4, MusicBrainz ws/2 and Open Library.

Each is a real aiohttp server on 127.0.0.1 with the routes MediaOS uses and the providers'
auth rules (TMDB's `api_key`/bearer, TheTVDB's login token, MusicBrainz's User-Agent), so
the adapters are tested over real HTTP, never with a mocked client.

`server.faults` switches misbehaviour on for every request whose path starts with
`faults.only` (all by default): a forced status (401/404/429/500/503) with `Retry-After`,
a slow answer, or an oversized streamed body. `server.requests` records what arrived, with
`server.clock()` read at arrival so a fake clock can measure pacing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.peers import metadata_payloads as p

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Faults:
    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    oversized: int = 0  # bytes of streamed junk instead of the answer
    only: str = ""  # path prefix the faults apply to


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float


@dataclass
class MetadataServer:
    provider: str
    app: web.Application
    faults: Faults = field(default_factory=Faults)
    requests: list[Seen] = field(default_factory=list)
    clock: Callable[[], float] = lambda: 0.0
    server: TestServer | None = None
    clients: list[Any] = field(default_factory=list)  # httpx clients to close with the server

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    def paths(self) -> list[str]:
        return [s.path for s in self.requests]

    async def start(self) -> MetadataServer:
        self.server = TestServer(self.app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()
        if self.server is not None:
            await self.server.close()


def _reply(data: object, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _build(provider: str, routes: list[tuple[str, str, Handler]]) -> MetadataServer:
    holder: dict[str, MetadataServer] = {}

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        server = holder["server"]
        server.requests.append(
            Seen(
                request.method,
                request.path,
                dict(request.query),
                dict(request.headers),
                server.clock(),
            )
        )
        faults = server.faults
        if not request.path.startswith(faults.only):
            return await handler(request)
        if faults.delay:
            await asyncio.sleep(faults.delay)
        if faults.status is not None:
            headers = {"Retry-After": faults.retry_after} if faults.retry_after else {}
            body = {"status_code": faults.status, "status_message": "forced by the test"}
            return web.json_response(body, status=faults.status, headers=headers)
        if faults.oversized:
            stream = web.StreamResponse(headers={"Content-Type": "application/json"})
            await stream.prepare(request)
            chunk = b" " * 65536
            for _ in range(faults.oversized // len(chunk) + 1):
                await stream.write(chunk)
            await stream.write_eof()
            return stream
        return await handler(request)

    app = web.Application(middlewares=[middleware])
    for method, path, handler in routes:
        app.router.add_route(method, path, handler)
    server = MetadataServer(provider, app)
    holder["server"] = server
    return server


def _int(request: web.Request, name: str) -> int:
    return int(request.match_info[name])


# --- TVmaze ----------------------------------------------------------------------------------


def tvmaze_server(
    shows: dict[int, Any] | None = None,
    episodes_by_show: dict[int, tuple[list[Any], list[Any]]] | None = None,
) -> MetadataServer:
    """TVmaze serving `metadata_payloads`' shows, or the given ones (the demo's)."""
    known = p.TVMAZE_SHOWS if shows is None else shows
    listed = p.TVMAZE_EPISODES if episodes_by_show is None else episodes_by_show

    async def show(request: web.Request) -> web.Response:
        show_id = _int(request, "id")
        if show_id not in known:
            return _reply({"name": "Not Found", "status": 404}, 404)
        body = dict(known[show_id])
        if request.query.get("embed") == "episodes":
            body["_embedded"] = {"episodes": listed[show_id][0]}
        return _reply(body)

    async def episodes(request: web.Request) -> web.Response:
        regular, specials = listed[_int(request, "id")]
        every = regular + (specials if request.query.get("specials") == "1" else [])
        return _reply(sorted(every, key=lambda e: e["airdate"] or "9999"))

    async def lookup(request: web.Request) -> web.Response:
        for show in known.values():
            ext = show["externals"]
            if (
                request.query.get("thetvdb") == str(ext["thetvdb"])
                or request.query.get("imdb") == ext["imdb"]
            ):
                raise web.HTTPMovedPermanently(
                    f"{request.scheme}://{request.host}/shows/{show['id']}"
                )
        return _reply({"name": "Not Found", "status": 404}, 404)

    def _matches(query: str) -> list[dict[str, Any]]:
        words = query.casefold().split()
        return [s for s in known.values() if all(w in s["name"].casefold() for w in words)]

    async def singlesearch(request: web.Request) -> web.Response:
        found = _matches(request.query.get("q", ""))
        return _reply(found[0]) if found else _reply({"name": "Not Found", "status": 404}, 404)

    async def search(request: web.Request) -> web.Response:
        return _reply([{"score": 0.9, "show": s} for s in _matches(request.query.get("q", ""))])

    return _build(
        "tvmaze",
        [
            ("GET", "/shows/{id}", show),
            ("GET", "/shows/{id}/episodes", episodes),
            ("GET", "/lookup/shows", lookup),
            ("GET", "/singlesearch/shows", singlesearch),
            ("GET", "/search/shows", search),
        ],
    )


# --- TMDB ------------------------------------------------------------------------------------


def tmdb_server(movies: dict[int, Any] | None = None) -> MetadataServer:
    """TMDB serving The Matrix and Breaking Bad, or, given `movies` (the demo's), those movies,
    searched by the words of their titles."""

    def authorised(request: web.Request) -> bool:
        bearer = request.headers.get("Authorization") == f"Bearer {p.TMDB_TOKEN}"
        return bearer or request.query.get("api_key") == p.TMDB_KEY

    def denied() -> web.Response:
        message = "Invalid API key: You must be granted a valid key."
        return _reply({"success": False, "status_code": 7, "status_message": message}, 401)

    def missing() -> web.Response:
        message = "The resource you requested could not be found."
        return _reply({"success": False, "status_code": 34, "status_message": message}, 404)

    def guarded(handler: Callable[[web.Request], web.Response]) -> Handler:
        async def wrapped(request: web.Request) -> web.Response:
            return handler(request) if authorised(request) else denied()

        return wrapped

    def movie(request: web.Request) -> web.Response:
        if movies is not None:
            found = movies.get(_int(request, "id"))
            return _reply(found) if found is not None else missing()
        return _reply(p.MATRIX) if _int(request, "id") == 603 else missing()

    def search_movie(request: web.Request) -> web.Response:
        hits = [p.MATRIX_SEARCH_HIT, p.RELOADED_SEARCH_HIT, p.UNRELEASED_SEARCH_HIT]
        if movies is not None:
            words = request.query.get("query", "").casefold().split()
            fields = ("adult", "id", "original_title", "release_date", "title", "popularity")
            hits = [
                {k: m[k] for k in fields if k in m}
                for m in movies.values()
                if all(w in m["title"].casefold() for w in words)
            ]
        if "year" in request.query:
            hits = [h for h in hits if h["release_date"].startswith(request.query["year"])]
        return _reply({"page": 1, "results": hits, "total_pages": 1, "total_results": len(hits)})

    def find(request: web.Request) -> web.Response:
        ident, source = request.match_info["id"], request.query.get("external_source")
        movies = (
            [{"id": 603, "title": "The Matrix"}]
            if (ident, source) == ("tt0133093", "imdb_id")
            else []
        )
        shows = (
            [{"id": 1396, "name": "Breaking Bad"}]
            if (ident, source) in (("tt0903747", "imdb_id"), ("81189", "tvdb_id"))
            else []
        )
        empty: list[object] = []
        return _reply({"movie_results": movies, "tv_results": shows, "person_results": empty,
                       "tv_episode_results": empty, "tv_season_results": empty})  # fmt: skip

    def tv(request: web.Request) -> web.Response:
        return _reply(p.TMDB_TV) if _int(request, "id") == 1396 else missing()

    def season(request: web.Request) -> web.Response:
        number = _int(request, "n")
        if _int(request, "id") != 1396 or number not in p.TMDB_SEASONS:
            return missing()
        return _reply(p.TMDB_SEASONS[number])

    def search_tv(request: web.Request) -> web.Response:
        hit = {k: p.TMDB_TV[k] for k in ("id", "name", "original_name", "first_air_date")}
        return _reply({"page": 1, "results": [hit], "total_pages": 1, "total_results": 1})

    return _build(
        "tmdb",
        [
            ("GET", "/movie/{id}", guarded(movie)),
            ("GET", "/search/movie", guarded(search_movie)),
            ("GET", "/find/{id}", guarded(find)),
            ("GET", "/tv/{id}", guarded(tv)),
            ("GET", "/tv/{id}/season/{n}", guarded(season)),
            ("GET", "/search/tv", guarded(search_tv)),
        ],
    )


# --- TheTVDB v4 ------------------------------------------------------------------------------


@dataclass
class TVDBState:
    tokens: set[str] = field(default_factory=set)
    logins: int = 0
    page_size: int = 20
    require_pin: bool = True


def tvdb_server() -> tuple[MetadataServer, TVDBState]:
    state = TVDBState()

    def unauthorised() -> web.Response:
        return _reply({"status": "failure", "message": "Unauthorized", "data": None}, 401)

    async def login(request: web.Request) -> web.Response:
        body = await request.json()
        pin_ok = not state.require_pin or body.get("pin") == p.TVDB_PIN
        if body.get("apikey") != p.TVDB_KEY or not pin_ok:
            return unauthorised()
        state.logins += 1
        token = f"eyJ.tvdb-token-{state.logins}"
        state.tokens.add(token)
        return _reply({"status": "success", "data": {"token": token}})

    def guarded(handler: Callable[[web.Request], web.Response]) -> Handler:
        async def wrapped(request: web.Request) -> web.Response:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            return handler(request) if token in state.tokens else unauthorised()

        return wrapped

    def missing() -> web.Response:
        return _reply({"status": "failure", "message": "NotFoundException", "data": None}, 404)

    def extended(request: web.Request) -> web.Response:
        series = p.TVDB_SERIES.get(_int(request, "id"))
        return _reply({"status": "success", "data": series}) if series else missing()

    def episodes(request: web.Request) -> web.Response:
        series_id = _int(request, "id")
        if series_id not in p.TVDB_SERIES:
            return missing()
        page = int(request.query.get("page", "0"))
        every = p.TVDB_EPISODES[series_id]
        chunk = every[page * state.page_size : (page + 1) * state.page_size]
        more = (page + 1) * state.page_size < len(every)
        base = f"https://api4.thetvdb.com/v4/series/{series_id}/episodes/default"
        return _reply(
            {
                "status": "success",
                "data": {"series": p.TVDB_SERIES[series_id], "episodes": chunk},
                "links": {
                    "prev": f"{base}?page={page - 1}" if page else None,
                    "self": f"{base}?page={page}",
                    "next": f"{base}?page={page + 1}" if more else None,
                    "total_items": len(every),
                    "page_size": state.page_size,
                },
            }
        )

    def search(request: web.Request) -> web.Response:
        query = request.query.get("query", "").casefold()
        hits = [
            {"objectID": f"series-{s['id']}", "name": s["name"], "tvdb_id": str(s["id"]),
             "year": s["year"], "type": "series", "primary_language": "jpn"}
            for s in p.TVDB_SERIES.values()
            if query in s["name"].casefold()
        ]  # fmt: skip
        return _reply({"status": "success", "data": hits, "links": {"next": None}})

    server = _build(
        "tvdb",
        [
            ("POST", "/login", login),
            ("GET", "/series/{id}/extended", guarded(extended)),
            ("GET", "/series/{id}/episodes/default", guarded(episodes)),
            ("GET", "/search", guarded(search)),
        ],
    )
    return server, state


# --- MusicBrainz -----------------------------------------------------------------------------

MB_PAGE_CAP = 5  # the real cap is 100; a small one makes the browse page


def musicbrainz_server() -> MetadataServer:
    def polite(handler: Callable[[web.Request], web.Response]) -> Handler:
        async def wrapped(request: web.Request) -> web.Response:
            if not request.headers.get("User-Agent", "").startswith("MediaOS/0.1 ( "):
                return _reply({"error": "Your requests are blocked: no meaningful user-agent"}, 403)
            if request.query.get("fmt") != "json":
                return web.Response(text="<metadata/>", content_type="application/xml")
            return handler(request)

        return wrapped

    def missing() -> web.Response:
        return _reply(
            {
                "error": "Not Found",
                "help": "For usage, please see: https://musicbrainz.org/development/mmd",
            },
            404,
        )

    def artist(request: web.Request) -> web.Response:
        return _reply(p.RADIOHEAD_ARTIST) if request.match_info["id"] == p.RADIOHEAD else missing()

    def release_groups(request: web.Request) -> web.Response:
        if "query" in request.query:
            query = request.query["query"].casefold()
            credit = {"artist-credit": p.OK_COMPUTER_GROUP["artist-credit"], "score": 100}
            hits = [
                {**g, **credit} for g in p.RADIOHEAD_GROUPS if f'"{g["title"].casefold()}"' in query
            ]
            return _reply({"created": "2024-01-01T00:00:00.000Z", "count": len(hits), "offset": 0,
                           "release-groups": hits})  # fmt: skip
        if request.query.get("artist") != p.RADIOHEAD:
            return _reply(
                {"release-group-count": 0, "release-group-offset": 0, "release-groups": []}
            )
        limit = min(int(request.query.get("limit", "25")), MB_PAGE_CAP)
        offset = int(request.query.get("offset", "0"))
        return _reply(
            {
                "release-group-count": len(p.RADIOHEAD_GROUPS),
                "release-group-offset": offset,
                "release-groups": p.RADIOHEAD_GROUPS[offset : offset + limit],
            }
        )

    def release_group(request: web.Request) -> web.Response:
        return (
            _reply(p.OK_COMPUTER_GROUP) if request.match_info["id"] == p.OK_COMPUTER else missing()
        )

    def release(request: web.Request) -> web.Response:
        return (
            _reply(p.OK_COMPUTER_RELEASE)
            if request.match_info["id"] == p.OK_COMPUTER_GB
            else missing()
        )

    def artist_search(request: web.Request) -> web.Response:
        hit = {"id": p.RADIOHEAD, "name": "Radiohead", "sort-name": "Radiohead", "score": 100}
        found = [hit] if "radiohead" in request.query.get("query", "").casefold() else []
        return _reply(
            {
                "created": "2024-01-01T00:00:00.000Z",
                "count": len(found),
                "offset": 0,
                "artists": found,
            }
        )

    return _build(
        "musicbrainz",
        [
            ("GET", "/artist/{id}", polite(artist)),
            ("GET", "/artist", polite(artist_search)),
            ("GET", "/release-group", polite(release_groups)),
            ("GET", "/release-group/{id}", polite(release_group)),
            ("GET", "/release/{id}", polite(release)),
        ],
    )


# --- Open Library ----------------------------------------------------------------------------


def openlibrary_server() -> MetadataServer:
    def missing() -> web.Response:
        return _reply({"error": "notfound", "key": "/"}, 404)

    async def work(request: web.Request) -> web.Response:
        return _reply(p.HOBBIT_WORK) if request.match_info["id"] == "OL262758W" else missing()

    async def editions(request: web.Request) -> web.Response:
        if request.match_info["id"] != "OL262758W":
            return missing()
        links = {"self": "/works/OL262758W/editions.json", "work": "/works/OL262758W"}
        return _reply(
            {"links": links, "size": len(p.HOBBIT_EDITIONS), "entries": p.HOBBIT_EDITIONS}
        )

    async def author(request: web.Request) -> web.Response:
        return _reply(p.TOLKIEN) if request.match_info["id"] == "OL26320A" else missing()

    async def book(request: web.Request) -> web.Response:
        for edition in p.HOBBIT_EDITIONS:
            if edition["key"] == f"/books/{request.match_info['id']}":
                return _reply(edition)
        return missing()

    async def isbn(request: web.Request) -> web.Response:
        for edition in p.HOBBIT_EDITIONS:
            if request.match_info["isbn"] in (
                *edition.get("isbn_10", []),
                *edition.get("isbn_13", []),
            ):
                raise web.HTTPFound(f"{edition['key']}.json")
        return missing()

    async def search(request: web.Request) -> web.Response:
        title = request.query.get("title", "").casefold()
        docs = [p.HOBBIT_SEARCH_DOC] if title and title in "the hobbit" else []
        fields = request.query.get("fields", "").split(",")
        docs = [{k: v for k, v in d.items() if k in fields} for d in docs]  # only what was asked
        return _reply({"numFound": len(docs), "start": 0, "numFoundExact": True, "docs": docs})

    return _build(
        "openlibrary",
        [
            ("GET", "/works/{id}.json", work),
            ("GET", "/works/{id}/editions.json", editions),
            ("GET", "/authors/{id}.json", author),
            ("GET", "/books/{id}.json", book),
            ("GET", "/isbn/{isbn}.json", isbn),
            ("GET", "/search.json", search),
        ],
    )

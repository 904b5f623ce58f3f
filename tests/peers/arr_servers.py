"""Loopback Sonarr (v4) and Radarr (v5) servers answering API v3 like the real ones.

Payloads are written here by hand in the shapes the real products send: camelCase, `0` and
`""` for unknown ids, quality profiles whose rows run lowest to highest with nested groups
("WEB 1080p", ids from 1000), seasons with their own `monitored`, and the many fields
MediaOS ignores (images, statistics, alternate titles), so a parser that forgets
`extra="ignore"` or chokes on `tvMazeId: 0` fails here first.

The servers read only the `X-Api-Key` header (the form the adapter uses) and answer 401
with an empty body otherwise, as Sonarr and Radarr do. `url_base` mimics the "URL Base"
setting (`/sonarr`), which users often forget in the URL they give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web
from aiohttp.test_utils import TestServer

App = Literal["sonarr", "radarr"]
API_KEY = "0123456789abcdef0123456789abcdef"

_SONARR_QUALITIES = {
    "Unknown": (0, "unknown", 0), "SDTV": (1, "television", 480), "DVD": (2, "dvd", 480),
    "WEBDL-1080p": (3, "web", 1080), "HDTV-720p": (4, "television", 720),
    "WEBDL-720p": (5, "web", 720), "Bluray-720p": (6, "bluray", 720),
    "Bluray-1080p": (7, "bluray", 1080), "WEBDL-480p": (8, "web", 480),
    "HDTV-1080p": (9, "television", 1080), "Raw-HD": (10, "televisionRaw", 1080),
    "WEBRip-480p": (12, "webRip", 480), "Bluray-480p": (13, "bluray", 480),
    "WEBRip-720p": (14, "webRip", 720), "WEBRip-1080p": (15, "webRip", 1080),
    "HDTV-2160p": (16, "television", 2160), "WEBRip-2160p": (17, "webRip", 2160),
    "WEBDL-2160p": (18, "web", 2160), "Bluray-2160p": (19, "bluray", 2160),
    "Bluray-1080p Remux": (20, "blurayRaw", 1080), "Bluray-2160p Remux": (21, "blurayRaw", 2160),
    "Bluray-576p": (22, "bluray", 576),
}  # fmt: skip
_RADARR_QUALITIES = {
    "Unknown": (0, "unknown", 0), "SDTV": (1, "tv", 480), "DVD": (2, "dvd", 480),
    "WEBDL-1080p": (3, "webdl", 1080), "HDTV-720p": (4, "tv", 720),
    "WEBDL-720p": (5, "webdl", 720), "Bluray-720p": (6, "bluray", 720),
    "Bluray-1080p": (7, "bluray", 1080), "WEBDL-480p": (8, "webdl", 480),
    "HDTV-1080p": (9, "tv", 1080), "Raw-HD": (10, "tv", 1080), "WEBRip-480p": (12, "webrip", 480),
    "WEBRip-720p": (14, "webrip", 720), "WEBRip-1080p": (15, "webrip", 1080),
    "HDTV-2160p": (16, "tv", 2160), "WEBRip-2160p": (17, "webrip", 2160),
    "WEBDL-2160p": (18, "webdl", 2160), "Bluray-2160p": (19, "bluray", 2160),
    "Bluray-480p": (20, "bluray", 480), "Bluray-576p": (21, "bluray", 576),
    "BR-DISK": (22, "bluray", 1080), "DVD-R": (23, "dvd", 480), "WORKPRINT": (24, "workprint", 0),
    "CAM": (25, "cam", 0), "TELESYNC": (26, "telesync", 0), "TELECINE": (27, "telecine", 0),
    "DVDSCR": (28, "dvd", 480), "REGIONAL": (29, "dvd", 480), "Remux-1080p": (30, "bluray", 1080),
    "Remux-2160p": (31, "bluray", 2160),
}  # fmt: skip
# Bluray-4320p stands for a quality a future *arr version adds and MediaOS does not know yet.
_SONARR_QUALITIES["Bluray-4320p"] = (40, "bluray", 4320)

#: A profile row: a quality name, or (group name, group id, member names). Lowest first.
Row = str | tuple[str, int, tuple[str, ...]]
_SONARR_LADDER: tuple[Row, ...] = (
    "Unknown", "SDTV", ("WEB 480p", 1000, ("WEBDL-480p", "WEBRip-480p")), "DVD", "Bluray-480p",
    "Bluray-576p", "HDTV-720p", "HDTV-1080p", "Raw-HD",
    ("WEB 720p", 1001, ("WEBDL-720p", "WEBRip-720p")), "Bluray-720p",
    ("WEB 1080p", 1002, ("WEBDL-1080p", "WEBRip-1080p")), "Bluray-1080p", "Bluray-1080p Remux",
    "HDTV-2160p", ("WEB 2160p", 1003, ("WEBDL-2160p", "WEBRip-2160p")), "Bluray-2160p",
    "Bluray-2160p Remux", "Bluray-4320p",
)  # fmt: skip
_RADARR_LADDER: tuple[Row, ...] = (
    "Unknown", "WORKPRINT", "CAM", "TELESYNC", "TELECINE", "REGIONAL", "DVDSCR", "SDTV", "DVD",
    "DVD-R", ("WEB 480p", 1000, ("WEBDL-480p", "WEBRip-480p")), "Bluray-480p", "Bluray-576p",
    "HDTV-720p", ("WEB 720p", 1001, ("WEBDL-720p", "WEBRip-720p")), "Bluray-720p", "HDTV-1080p",
    ("WEB 1080p", 1002, ("WEBDL-1080p", "WEBRip-1080p")), "Bluray-1080p", "Remux-1080p",
    "HDTV-2160p", ("WEB 2160p", 1003, ("WEBDL-2160p", "WEBRip-2160p")), "Bluray-2160p",
    "Remux-2160p", "BR-DISK", "Raw-HD",
)  # fmt: skip


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    allowed: frozenset[str]  # quality or group names
    cutoff: str  # a quality or group name
    upgrade_allowed: bool = True
    min_format_score: int = 0


SONARR_PROFILES = (
    Profile(1, "Any", frozenset({"SDTV", "WEB 480p", "DVD", "HDTV-720p", "WEB 720p"}), "SDTV"),
    Profile(2, "SD", frozenset({"SDTV", "WEB 480p", "DVD"}), "SDTV"),
    Profile(4, "HD-1080p", frozenset({"HDTV-1080p", "WEB 1080p", "Bluray-1080p"}), "WEB 1080p"),
    Profile(
        5,
        "Ultra-HD",
        frozenset({"HDTV-2160p", "WEB 2160p", "Bluray-2160p", "Bluray-2160p Remux"}),
        "Bluray-2160p Remux",
    ),
    Profile(
        6,
        "HD - 720p/1080p",
        frozenset({"HDTV-720p", "WEB 720p", "Bluray-720p", "WEB 1080p", "Bluray-4320p"}),
        "Bluray-720p",
        upgrade_allowed=False,
    ),
)
RADARR_PROFILES = (
    Profile(1, "Any", frozenset({"SDTV", "DVD", "WEB 480p", "HDTV-720p", "WEB 720p"}), "SDTV"),
    Profile(
        4,
        "HD-1080p",
        frozenset({"HDTV-1080p", "WEB 1080p", "Bluray-1080p", "Remux-1080p"}),
        "Bluray-1080p",
        min_format_score=10,
    ),
    Profile(
        5,
        "Ultra-HD",
        frozenset({"HDTV-2160p", "WEB 2160p", "Bluray-2160p", "Remux-2160p"}),
        "Remux-2160p",
    ),
)


def _quality(app: App, name: str) -> dict[str, object]:
    qid, source, resolution = (_SONARR_QUALITIES if app == "sonarr" else _RADARR_QUALITIES)[name]
    body: dict[str, object] = {"id": qid, "name": name, "source": source, "resolution": resolution}
    if app == "radarr":
        body["modifier"] = "remux" if "Remux" in name else "none"
    return body


def profile_payload(app: App, profile: Profile) -> dict[str, object]:
    ladder = _SONARR_LADDER if app == "sonarr" else _RADARR_LADDER
    items: list[dict[str, object]] = []
    cutoff = 0
    for row in ladder:
        if isinstance(row, str):
            allowed = row in profile.allowed
            items.append({"quality": _quality(app, row), "items": [], "allowed": allowed})
            if row == profile.cutoff:
                cutoff = (_SONARR_QUALITIES if app == "sonarr" else _RADARR_QUALITIES)[row][0]
            continue
        group, group_id, members = row
        allowed = group in profile.allowed
        items.append(
            {
                "name": group,
                "items": [
                    {"quality": _quality(app, m), "items": [], "allowed": allowed} for m in members
                ],
                "allowed": allowed,
                "id": group_id,
            }
        )
        if group == profile.cutoff:
            cutoff = group_id
    body: dict[str, object] = {
        "name": profile.name,
        "upgradeAllowed": profile.upgrade_allowed,
        "cutoff": cutoff,
        "items": items,
        "minFormatScore": profile.min_format_score,
        "cutoffFormatScore": 0,
        "minUpgradeFormatScore": 1,
        "formatItems": [],
        "id": profile.id,
    }
    if app == "radarr":
        body["language"] = {"id": 1, "name": "English"}
    return body


@dataclass(frozen=True)
class Show:
    id: int
    title: str
    year: int
    tvdb: int
    profile: int
    monitored: bool = True
    seasons: dict[int, bool] = field(default_factory=dict)  # season number -> monitored
    series_type: str = "standard"
    tvmaze: int = 0
    tmdb: int = 0
    imdb: str = ""
    root: str = "/tv/"
    tags: tuple[int, ...] = ()


@dataclass(frozen=True)
class Film:
    id: int
    title: str
    year: int
    tmdb: int
    profile: int
    monitored: bool = True
    imdb: str = ""
    availability: str = "released"
    has_file: bool = True
    root: str = "/movies/"
    tags: tuple[int, ...] = ()


def series_payload(show: Show) -> dict[str, object]:
    slug = show.title.lower().replace(" ", "-")
    path = show.root.rstrip("/") + "/" + show.title.replace(":", "")
    return {
        "title": show.title,
        "alternateTitles": [{"title": show.title.upper(), "seasonNumber": -1}],
        "sortTitle": show.title.lower().removeprefix("the "),
        "status": "continuing" if show.year > 2015 else "ended",
        "ended": show.year <= 2015,
        "overview": "A series.",
        "network": "NBC",
        "airTime": "21:00",
        "images": [{"coverType": "poster", "url": f"/MediaCover/{show.id}/poster.jpg"}],
        "originalLanguage": {"id": 1, "name": "English"},
        "seasons": [
            {
                "seasonNumber": number,
                "monitored": monitored,
                "statistics": {"episodeFileCount": 3, "episodeCount": 3, "totalEpisodeCount": 6},
            }
            for number, monitored in sorted(show.seasons.items())
        ],
        "year": show.year,
        "path": path,
        "qualityProfileId": show.profile,
        "seasonFolder": True,
        "monitored": show.monitored,
        "monitorNewItems": "all",
        "useSceneNumbering": False,
        "runtime": 22,
        "tvdbId": show.tvdb,
        "tvRageId": 0,
        "tvMazeId": show.tvmaze,
        "tmdbId": show.tmdb,
        "firstAired": f"{show.year}-03-24T00:00:00Z",
        "seriesType": show.series_type,
        "cleanTitle": slug.replace("-", ""),
        "imdbId": show.imdb,
        "titleSlug": slug,
        "rootFolderPath": show.root,
        "certification": "TV-14",
        "genres": ["Comedy"],
        "tags": list(show.tags),
        "added": "2021-01-02T10:00:00Z",
        "ratings": {"votes": 1000, "value": 8.6},
        "statistics": {"seasonCount": len(show.seasons), "sizeOnDisk": 123456789},
        "languageProfileId": 1,
        "id": show.id,
    }


def movie_payload(film: Film) -> dict[str, object]:
    body: dict[str, object] = {
        "title": film.title,
        "originalTitle": film.title,
        "originalLanguage": {"id": 1, "name": "English"},
        "alternateTitles": [],
        "sortTitle": film.title.lower(),
        "sizeOnDisk": 8_000_000_000 if film.has_file else 0,
        "status": "released",
        "overview": "A movie.",
        "inCinemas": f"{film.year}-03-31T00:00:00Z",
        "images": [{"coverType": "poster", "remoteUrl": "https://image.tmdb.org/p.jpg"}],
        "website": "",
        "year": film.year,
        "hasFile": film.has_file,
        "youTubeTrailerId": "",
        "studio": "Warner Bros.",
        "path": film.root.rstrip("/") + f"/{film.title} ({film.year})",
        "qualityProfileId": film.profile,
        "monitored": film.monitored,
        "minimumAvailability": film.availability,
        "isAvailable": True,
        "folderName": f"{film.title} ({film.year})",
        "runtime": 136,
        "cleanTitle": film.title.lower().replace(" ", ""),
        "imdbId": film.imdb,
        "tmdbId": film.tmdb,
        "titleSlug": str(film.tmdb),
        "rootFolderPath": film.root,
        "certification": "R",
        "genres": ["Action"],
        "tags": list(film.tags),
        "added": "2020-05-01T12:00:00Z",
        "ratings": {"imdb": {"votes": 2000000, "value": 8.7, "type": "user"}},
        "popularity": 80.5,
        "statistics": {"movieFileCount": int(film.has_file), "sizeOnDisk": 0},
        "id": film.id,
    }
    if film.has_file:
        body["movieFile"] = {
            "id": film.id,
            "quality": {"quality": _quality("radarr", "Bluray-1080p")},
        }
    return body


class ArrServer:
    """One loopback instance; `app` picks Sonarr or Radarr answers."""

    def __init__(
        self,
        app: App,
        *,
        api_key: str = API_KEY,
        items: tuple[Show, ...] | tuple[Film, ...] = (),
        profiles: tuple[Profile, ...] = (),
        tags: dict[int, str] | None = None,
        url_base: str = "",
    ) -> None:
        self.app: App = app
        self.api_key = api_key
        self.items = items
        self.profiles = profiles
        self.tags = tags or {}
        self.url_base = url_base
        self.auth_failures = 0
        self.requests: list[str] = []
        web_app = web.Application()
        api = f"{url_base}/api/v3"
        web_app.router.add_get(f"{api}/system/status", self._status)
        web_app.router.add_get(f"{api}/qualityprofile", self._profiles)
        web_app.router.add_get(f"{api}/tag", self._tags)
        web_app.router.add_get(f"{api}/{'series' if app == 'sonarr' else 'movie'}", self._items)
        self._server = TestServer(web_app, host="127.0.0.1")

    async def __aenter__(self) -> ArrServer:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url(self.url_base)).rstrip("/")

    def _check(self, request: web.Request) -> None:
        self.requests.append(request.path)
        if request.headers.get("X-Api-Key") != self.api_key:
            self.auth_failures += 1
            raise web.HTTPUnauthorized()

    async def _status(self, request: web.Request) -> web.Response:
        self._check(request)
        sonarr = self.app == "sonarr"
        return web.json_response(
            {
                "appName": "Sonarr" if sonarr else "Radarr",
                "instanceName": "Sonarr" if sonarr else "Radarr",
                "version": "4.0.9.2244" if sonarr else "5.8.3.8933",
                "buildTime": "2024-08-16T10:00:00Z",
                "isDebug": False,
                "isProduction": True,
                "isAdmin": False,
                "isUserInteractive": False,
                "startupPath": "/app/bin",
                "appData": "/config",
                "osName": "ubuntu",
                "isDocker": True,
                "isLinux": True,
                "runtimeVersion": "6.0.32",
                "databaseType": "sqLite",
                "authentication": "forms",
                "urlBase": self.url_base,
                "branch": "main" if sonarr else "master",
            }
        )

    async def _profiles(self, request: web.Request) -> web.Response:
        self._check(request)
        return web.json_response([profile_payload(self.app, p) for p in self.profiles])

    async def _tags(self, request: web.Request) -> web.Response:
        self._check(request)
        return web.json_response([{"label": v, "id": k} for k, v in sorted(self.tags.items())])

    async def _items(self, request: web.Request) -> web.Response:
        self._check(request)
        rows = [series_payload(i) if isinstance(i, Show) else movie_payload(i) for i in self.items]
        return web.json_response(rows)


SONARR_SERIES = (
    Show(1, "The Office (US)", 2005, 73244, 4,
         seasons={0: False, **dict.fromkeys(range(1, 10), True)}, tvmaze=526, tmdb=2316,
         imdb="tt0386676", tags=(1,)),
    Show(2, "Jeopardy!", 1984, 70872, 4, seasons={39: False, 40: True, 41: True},
         series_type="daily", tvmaze=1213, imdb="tt0159881"),
    Show(3, "Frieren: Beyond Journey's End", 2023, 424536, 5, seasons={0: False, 1: True},
         series_type="anime", tvmaze=68032, tmdb=209867, imdb="tt22248376", root="/anime/",
         tags=(2, 1)),
    Show(4, "Doctor Who", 1963, 76107, 4, monitored=False, seasons={1: False, 2: False}),
    Show(5, "Doctor Who", 2005, 78804, 6, seasons={0: False, 1: True, 2: True, 3: False}),
    Show(6, 'Marvel\'s Agents of S.H.I.E.L.D. "Slingshot"', 2013, 263365, 6,
         seasons={1: True}, imdb="tt2364582"),
    Show(7, "Cancelled Show", 2019, 350000, 4, monitored=False, seasons={1: True}),
)  # fmt: skip
RADARR_MOVIES = (
    Film(1, "The Matrix", 1999, 603, 4, imdb="tt0133093", tags=(3,)),
    Film(2, "Dune: Part Two", 2024, 693134, 5, imdb="tt15239678", availability="inCinemas",
         has_file=False),
    Film(3, "Amélie", 2001, 194, 4, imdb="tt0211915", root="/movies-foreign/"),
    Film(4, "The Room", 2003, 17473, 4, monitored=False, imdb="tt0368226"),
    Film(5, "Avatar: Fire and Ash", 2025, 83533, 5, availability="announced", has_file=False),
    Film(6, "The 'Burbs", 1989, 11974, 4, imdb="tt0096734"),
)  # fmt: skip
SONARR_TAGS = {1: "Family Night", 2: "anime"}
RADARR_TAGS = {3: "4K-later"}


def sonarr(*, items: tuple[Show, ...] = SONARR_SERIES, url_base: str = "") -> ArrServer:
    return ArrServer(
        "sonarr", items=items, profiles=SONARR_PROFILES, tags=SONARR_TAGS, url_base=url_base
    )


def radarr(*, items: tuple[Film, ...] = RADARR_MOVIES, url_base: str = "") -> ArrServer:
    return ArrServer(
        "radarr", items=items, profiles=RADARR_PROFILES, tags=RADARR_TAGS, url_base=url_base
    )


class NotArrServer:
    """A web server that is not Sonarr: a router's login page answers every path with 200."""

    def __init__(self) -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._page)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> NotArrServer:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    async def _page(self, request: web.Request) -> web.Response:
        html = "<!doctype html><html><body><form>Router login</form></body></html>"
        return web.Response(text=html, content_type="text/html")

"""TheTVDB API v4: series by the ids users already have in their folder names (`{tvdb-81189}`).

- Auth: `POST /login {"apikey", "pin"?}` returns a bearer token valid for about a month. We
  log in lazily, keep the token in memory only, and on a `401` log in again once and retry
  the request; a second refusal is `AuthRejected` (a person must fix the key).
- Episodes come from `/series/{id}/episodes/default?page=N` (500 a page, `links.next` says
  whether more follow); this is the one source with `absoluteNumber`, which anime needs.
- Ids of other services come from `/series/{id}/extended` (`remoteIds`).
- TheTVDB publishes no rate figure; we pace at 10 requests/s and honour `429`.
- The token is sent as a header, so it is never in a cache key or an error message.
"""

from __future__ import annotations

from typing import TypeVar, Unpack

from pydantic import SecretStr

from mediaos.adapters.metadata.base import (
    EpisodeMeta,
    SeriesMeta,
    SeriesStatus,
    SeriesType,
    parse_partial_date,
)
from mediaos.adapters.metadata.gateway import (
    Gateway,
    GatewaySource,
    Params,
    Payload,
    Wiring,
    open_gateway,
)
from mediaos.core.errors import AuthRejected, BadPayload, NotFound
from mediaos.schemas.services import TVDBSpec

NAME = "tvdb"
MAX_PAGES = 40  # 20,000 episodes
_P = TypeVar("_P", bound=Payload)
_STATUS: dict[str, SeriesStatus] = {
    "Continuing": "continuing",
    "Ended": "ended",
    "Upcoming": "upcoming",
}


class _Token(Payload):
    token: str


class _Login(Payload):
    data: _Token


class _Named(Payload):
    name: str


class _RemoteId(Payload):
    id: str
    sourceName: str = ""  # noqa: N815 - TheTVDB's spelling


class _Series(Payload):
    id: int
    name: str
    year: str | None = None
    firstAired: str | None = None  # noqa: N815
    originalLanguage: str | None = None  # noqa: N815
    averageRuntime: int | None = None  # noqa: N815
    status: _Named | None = None
    genres: list[_Named] = []
    aliases: list[_Named] = []
    remoteIds: list[_RemoteId] = []  # noqa: N815


class _SeriesDoc(Payload):
    data: _Series


class _Episode(Payload):
    seasonNumber: int  # noqa: N815
    number: int
    absoluteNumber: int | None = None  # noqa: N815
    name: str | None = None
    aired: str | None = None
    runtime: int | None = None


class _EpisodeData(Payload):
    episodes: list[_Episode] = []


class _Links(Payload):
    next: str | None = None


class _EpisodePage(Payload):
    data: _EpisodeData
    links: _Links = _Links()


class _Hit(Payload):
    tvdb_id: str
    name: str
    year: str | None = None


class _Hits(Payload):
    data: list[_Hit] = []


class TVDB(GatewaySource):
    name = NAME

    def __init__(self, gateway: Gateway, *, api_key: SecretStr, pin: SecretStr | None) -> None:
        super().__init__(gateway)
        self._api_key = api_key
        self._pin = pin
        self._token: str | None = None

    @classmethod
    def from_spec(cls, spec: TVDBSpec, **wiring: Unpack[Wiring]) -> TVDB:
        if spec.api_key is None:
            raise AuthRejected(NAME, "configure", "metadata.tvdb.api_key is not set")
        gateway = open_gateway(NAME, spec.url, calls=10, per=1.0, wiring=wiring)
        return cls(gateway, api_key=spec.api_key, pin=spec.pin)

    async def series(
        self,
        *,
        tvdb: int | None = None,
        tvmaze: int | None = None,
        tmdb: int | None = None,
        imdb: str | None = None,
    ) -> SeriesMeta:
        if tvdb is None:
            raise NotFound(NAME, "series lookup", "needs a tvdb id")
        doc = await self._get(f"/series/{tvdb}/extended", _SeriesDoc, {"short": "true"})
        episodes: list[EpisodeMeta] = []
        for page in range(MAX_PAGES):
            chunk = await self._get(
                f"/series/{tvdb}/episodes/default", _EpisodePage, {"page": page}
            )
            episodes += [_episode(e) for e in chunk.data.episodes]
            if not chunk.links.next:
                break
        return to_series(doc.data, tuple(sorted(episodes, key=lambda e: (e.season, e.number))))

    async def search_series(self, title: str, year: int | None = None) -> tuple[SeriesMeta, ...]:
        params: Params = {"query": title, "type": "series", **({"year": year} if year else {})}
        hits = await self._get("/search", _Hits, params)
        return tuple(
            SeriesMeta(title=h.name, year=_int(h.year), tvdb=_int(h.tvdb_id)) for h in hits.data
        )

    async def _get(self, path: str, model: type[_P], params: Params) -> _P:
        if (hit := await self._gw.from_cache(path, model, params=params)) is not None:
            return hit  # no login needed
        for attempt in (1, 2):
            if self._token is None:
                self._token = await self._login()
            headers = {"Authorization": f"Bearer {self._token}"}
            try:
                return await self._gw.get_json(path, model, params=params, headers=headers)
            except AuthRejected:
                self._token = None  # expired or revoked: one fresh login, then give up
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _login(self) -> str:
        body: dict[str, str] = {"apikey": self._api_key.get_secret_value()}
        if self._pin is not None:
            body["pin"] = self._pin.get_secret_value()
        _, raw = await self._gw.send("POST", "/login", json=body, max_bytes=64 * 1024)
        token = self._gw.parse(raw, _Login, "POST /login").data.token
        if not token:
            raise BadPayload(NAME, "POST /login", "empty token")
        return token


def to_series(raw: _Series, episodes: tuple[EpisodeMeta, ...]) -> SeriesMeta:
    remote = {r.sourceName: r.id for r in raw.remoteIds}
    return SeriesMeta(
        title=raw.name,
        year=_int(raw.year) or _year(raw.firstAired),
        tvdb=raw.id,
        tvmaze=_int(remote.get("TV Maze")),
        tmdb=_int(remote.get("TheMovieDB.com")),
        imdb=remote.get("IMDB"),
        type_hint=_type_hint(raw),
        status=_STATUS.get(raw.status.name if raw.status else "", "unknown"),
        runtime=raw.averageRuntime or None,
        alternative_titles=tuple(dict.fromkeys(a.name for a in raw.aliases if a.name != raw.name)),
        episodes=episodes,
    )


def _episode(e: _Episode) -> EpisodeMeta:
    return EpisodeMeta(
        season=e.seasonNumber,
        number=e.number,
        title=e.name or "",
        absolute=e.absoluteNumber or None,
        air_date=parse_partial_date(e.aired),
        runtime=e.runtime or None,
    )


def _type_hint(raw: _Series) -> SeriesType:
    genres = {g.name for g in raw.genres}
    if genres & {"Talk Show", "News"}:
        return "daily"
    if raw.originalLanguage == "jpn" and genres & {"Anime", "Animation"}:
        return "anime"
    return "standard"


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _year(text: str | None) -> int | None:
    day = parse_partial_date(text)
    return day.year if day else None

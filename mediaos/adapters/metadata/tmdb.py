"""The Movie Database, API v3: movies (the default movie source) and, optionally, series.

- Auth: a v3 API key (32 hex characters) goes in the `api_key` query parameter; a v4 "API
  Read Access Token" (a JWT, `eyJ...`) goes in `Authorization: Bearer`. Both give the same
  v3 access; which one the user pasted is told by its shape. Neither is ever part of a
  cache key or an error message.
- Rate: TMDB's ceiling is "around 40 requests per second" (a mirror says 50); we pace at
  20/s as `protocols.md` advises and honour `429` with `Retry-After`.
- A movie is one request: `/movie/{id}?append_to_response=release_dates,alternative_titles,
  external_ids`. Release dates come per country and type (1 premiere, 2 limited, 3
  theatrical, 4 digital, 5 physical, 6 TV); each kind takes the configured region's date,
  else the earliest anywhere.
- An IMDb id goes through `/find/{imdb}?external_source=imdb_id` first.
- A series is `/tv/{id}` plus one `/tv/{id}/season/{n}` per season. TMDB has no airstamps
  and no absolute numbers.
- TMDB sends `""` for unknown dates and `0` for unknown runtimes; both become `None`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar, Unpack

from pydantic import SecretStr

from mediaos.adapters.metadata.base import (
    EpisodeMeta,
    MovieMeta,
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
from mediaos.core.errors import AuthRejected, NotFound
from mediaos.schemas.services import TMDBSpec

NAME = "tmdb"
MOVIE_APPENDS = "alternative_titles,external_ids,release_dates"
TV_APPENDS = "alternative_titles,external_ids"
_RELEASE_KIND = {1: "premiere", 2: "in_cinemas", 3: "in_cinemas", 4: "digital", 5: "physical"}
_TV_STATUS: dict[str, SeriesStatus] = {
    "Returning Series": "continuing",
    "Ended": "ended",
    "Canceled": "ended",
    "In Production": "upcoming",
    "Planned": "upcoming",
    "Pilot": "upcoming",
}
ANIMATION_GENRE = 16


_P = TypeVar("_P", bound=Payload)


class _Dated(Payload):
    type: int
    release_date: str = ""


class _Country(Payload):
    iso_3166_1: str
    release_dates: list[_Dated] = []


class _Results(Payload):
    results: list[_Country] = []


class _AltTitle(Payload):
    title: str


class _AltTitles(Payload):
    titles: list[_AltTitle] = []  # movies
    results: list[_AltTitle] = []  # series


class _ExternalIds(Payload):
    imdb_id: str | None = None
    tvdb_id: int | None = None


class _Genre(Payload):
    id: int


class _Movie(Payload):
    id: int
    title: str
    original_title: str | None = None
    release_date: str | None = None
    imdb_id: str | None = None
    runtime: int | None = None
    status: str | None = None
    release_dates: _Results = _Results()
    alternative_titles: _AltTitles = _AltTitles()


class _SeasonRef(Payload):
    season_number: int


class _Show(Payload):
    id: int
    name: str
    original_name: str | None = None
    original_language: str | None = None
    first_air_date: str | None = None
    status: str | None = None
    type: str | None = None
    genres: list[_Genre] = []
    episode_run_time: list[int] = []
    seasons: list[_SeasonRef] = []
    external_ids: _ExternalIds = _ExternalIds()
    alternative_titles: _AltTitles = _AltTitles()


class _Episode(Payload):
    season_number: int
    episode_number: int
    name: str | None = None
    air_date: str | None = None
    runtime: int | None = None


class _Season(Payload):
    episodes: list[_Episode] = []


class _Found(Payload):
    id: int


class _Find(Payload):
    movie_results: list[_Found] = []
    tv_results: list[_Found] = []


class _MoviePage(Payload):
    results: list[_Movie] = []


class _ShowPage(Payload):
    results: list[_Show] = []


def is_read_access_token(key: str) -> bool:
    """v4 tokens are JWTs (three base64url parts, `eyJ...`, hundreds of characters);
    v3 keys are 32 hex characters."""
    return key.startswith("eyJ") or key.count(".") == 2 or len(key) > 64


class TMDB(GatewaySource):
    name = NAME

    def __init__(self, gateway: Gateway, *, api_key: SecretStr, language: str = "en-US") -> None:
        super().__init__(gateway)
        self._language = language
        self._region = language.partition("-")[2].upper() or None
        key = api_key.get_secret_value()
        self._secret_params: Mapping[str, str] = {}
        self._headers: Mapping[str, str] = {}
        if is_read_access_token(key):
            self._headers = {"Authorization": f"Bearer {key}"}
        else:
            self._secret_params = {"api_key": key}

    @classmethod
    def from_spec(cls, spec: TMDBSpec, **wiring: Unpack[Wiring]) -> TMDB:
        if spec.api_key is None:
            raise AuthRejected(NAME, "configure", "metadata.tmdb.api_key is not set")
        gateway = open_gateway(NAME, spec.url, calls=20, per=1.0, wiring=wiring)
        return cls(gateway, api_key=spec.api_key, language=spec.language)

    async def movie(self, *, tmdb: int | None = None, imdb: str | None = None) -> MovieMeta:
        if tmdb is None and imdb is not None:
            found = await self._find(imdb, "imdb_id")
            tmdb = found.movie_results[0].id if found.movie_results else None
        if tmdb is None:
            raise NotFound(NAME, "movie lookup", "no TMDB movie for the ids given")
        raw = await self._get(f"/movie/{tmdb}", _Movie, append_to_response=MOVIE_APPENDS)
        return to_movie(raw, self._region)

    async def search_movies(self, title: str, year: int | None = None) -> tuple[MovieMeta, ...]:
        extra = {"year": year} if year else {}
        page = await self._get("/search/movie", _MoviePage, query=title, **extra)
        return tuple(to_movie(m, self._region) for m in page.results)

    async def series(
        self,
        *,
        tvdb: int | None = None,
        tvmaze: int | None = None,
        tmdb: int | None = None,
        imdb: str | None = None,
    ) -> SeriesMeta:
        for external, source in ((imdb, "imdb_id"), (tvdb, "tvdb_id")):
            if tmdb is None and external is not None:
                found = await self._find(str(external), source)
                tmdb = found.tv_results[0].id if found.tv_results else None
        if tmdb is None:
            raise NotFound(NAME, "series lookup", "no TMDB series for the ids given")
        show = await self._get(f"/tv/{tmdb}", _Show, append_to_response=TV_APPENDS)
        episodes: list[EpisodeMeta] = []
        for ref in show.seasons:
            season = await self._get(f"/tv/{tmdb}/season/{ref.season_number}", _Season)
            episodes += [_episode(e) for e in season.episodes]
        return to_series(show, tuple(sorted(episodes, key=lambda e: (e.season, e.number))))

    async def search_series(self, title: str, year: int | None = None) -> tuple[SeriesMeta, ...]:
        extra = {"first_air_date_year": year} if year else {}
        page = await self._get("/search/tv", _ShowPage, query=title, **extra)
        return tuple(to_series(s, ()) for s in page.results)

    async def _find(self, external_id: str, source: str) -> _Find:
        return await self._get(f"/find/{external_id}", _Find, external_source=source)

    async def _get(self, path: str, model: type[_P], **params: str | int) -> _P:
        query: Params = {"language": self._language, **params}
        return await self._gw.get_json(
            path, model, params=query, secret_params=self._secret_params, headers=self._headers
        )


def to_movie(raw: _Movie, region: str | None) -> MovieMeta:
    dates = _release_dates(raw.release_dates, region)
    in_cinemas = dates.get("in_cinemas") or parse_partial_date(raw.release_date)
    titles = dict.fromkeys(t.title for t in raw.alternative_titles.titles if t.title != raw.title)
    return MovieMeta(
        title=raw.title,
        year=in_cinemas.year if in_cinemas else None,
        tmdb=raw.id,
        imdb=raw.imdb_id or None,
        original_title=raw.original_title,
        runtime=raw.runtime or None,
        status=raw.status,
        premiere=dates.get("premiere"),
        in_cinemas=in_cinemas,
        digital=dates.get("digital"),
        physical=dates.get("physical"),
        alternative_titles=tuple(titles),
    )


def _release_dates(results: _Results, region: str | None) -> dict[str, date]:
    """Per kind: the region's earliest date when it has one, else the earliest anywhere."""
    local: dict[str, date] = {}
    anywhere: dict[str, date] = {}
    for country in results.results:
        for entry in country.release_dates:
            kind, day = _RELEASE_KIND.get(entry.type), parse_partial_date(entry.release_date)
            if kind is None or day is None:
                continue
            targets = [anywhere, local] if country.iso_3166_1 == region else [anywhere]
            for target in targets:
                if kind not in target or day < target[kind]:
                    target[kind] = day
    return {**anywhere, **local}


def to_series(show: _Show, episodes: tuple[EpisodeMeta, ...]) -> SeriesMeta:
    first = parse_partial_date(show.first_air_date)
    names = [show.original_name or "", *(t.title for t in show.alternative_titles.results)]
    return SeriesMeta(
        title=show.name,
        year=first.year if first else None,
        tmdb=show.id,
        tvdb=show.external_ids.tvdb_id,
        imdb=show.external_ids.imdb_id or None,
        type_hint=_type_hint(show),
        status=_TV_STATUS.get(show.status or "", "unknown"),
        runtime=next((r for r in show.episode_run_time if r), None),
        alternative_titles=tuple(dict.fromkeys(n for n in names if n and n != show.name)),
        episodes=episodes,
    )


def _episode(e: _Episode) -> EpisodeMeta:
    return EpisodeMeta(
        season=e.season_number,
        number=e.episode_number,
        title=e.name or "",
        air_date=parse_partial_date(e.air_date),
        runtime=e.runtime or None,
    )


def _type_hint(show: _Show) -> SeriesType:
    if show.type in ("News", "Talk Show"):
        return "daily"
    if show.original_language == "ja" and any(g.id == ANIMATION_GENRE for g in show.genres):
        return "anime"
    return "standard"

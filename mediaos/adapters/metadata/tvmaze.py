"""TVmaze (https://api.tvmaze.com): series, seasons and episodes with no API key.

The default series source, so it must cope with the whole catalogue:

- Rate: at least 20 calls per 10 s per IP, then `429`; we pace at exactly that and honour
  `Retry-After`. Cached responses cost nothing.
- A show is two requests: `/shows/{id}?embed=episodes` (the show and its regular episodes)
  and `/shows/{id}/episodes?specials=1` for the specials. TVmaze files a special under the
  season it aired in with `number: null`; MediaOS puts specials in season 0, numbered in
  air order, as Sonarr and Plex expect.
- `/lookup/shows?thetvdb=|imdb=` answers `301` to `/shows/{id}`; the id is read from the
  `Location` (or from the body when the client follows redirects) and cached.
- TVmaze has no absolute numbers; anime numbering is derived from the episode list by
  `mediaos.adapters.metadata.expand`.
"""

from __future__ import annotations

import re
from typing import Unpack

from pydantic import Field, RootModel

from mediaos.adapters.metadata.base import (
    EpisodeMeta,
    SeriesMeta,
    SeriesStatus,
    SeriesType,
    parse_instant,
    parse_partial_date,
)
from mediaos.adapters.metadata.gateway import (
    GatewaySource,
    Payload,
    Wiring,
    open_gateway,
)
from mediaos.core.errors import BadPayload, NotFound
from mediaos.schemas.services import TVmazeSpec

NAME = "tvmaze"
EPISODES_MAX_BYTES = 16 * 1024 * 1024  # a daily show has thousands of episodes
_SHOW_PATH = re.compile(r"/shows/(\d+)")
_STATUS: dict[str, SeriesStatus] = {
    "Running": "continuing",
    "Ended": "ended",
    "In Development": "upcoming",
}


class _Externals(Payload):
    thetvdb: int | None = None
    imdb: str | None = None


class _Episode(Payload):
    season: int
    number: int | None = None
    name: str | None = None
    type: str = "regular"
    airdate: str | None = None
    airstamp: str | None = None
    runtime: int | None = None


class _Embedded(Payload):
    episodes: list[_Episode] = []


class _Show(Payload):
    id: int
    name: str
    type: str | None = None
    language: str | None = None
    genres: list[str] = []
    status: str | None = None
    runtime: int | None = None
    averageRuntime: int | None = None  # noqa: N815 - TVmaze's spelling
    premiered: str | None = None
    externals: _Externals = _Externals()
    embedded: _Embedded | None = Field(None, alias="_embedded")


class _Episodes(RootModel[list[_Episode]]):
    pass


class _Hit(Payload):
    show: _Show


class _Hits(RootModel[list[_Hit]]):
    pass


class TVmaze(GatewaySource):
    name = NAME

    @classmethod
    def from_spec(cls, spec: TVmazeSpec, **wiring: Unpack[Wiring]) -> TVmaze:
        return cls(open_gateway(NAME, spec.url, calls=20, per=10.0, wiring=wiring))

    async def series(
        self,
        *,
        tvdb: int | None = None,
        tvmaze: int | None = None,
        tmdb: int | None = None,
        imdb: str | None = None,
    ) -> SeriesMeta:
        if tvmaze is None and tvdb is not None:
            tvmaze = await self._lookup("thetvdb", str(tvdb))
        elif tvmaze is None and imdb is not None:
            tvmaze = await self._lookup("imdb", imdb)
        if tvmaze is None:
            raise NotFound(NAME, "series lookup", "needs a tvmaze, tvdb or imdb id")
        path = f"/shows/{tvmaze}"
        show = await self._gw.get_json(
            path, _Show, params={"embed": "episodes"}, max_bytes=EPISODES_MAX_BYTES
        )
        everything = await self._gw.get_json(
            f"{path}/episodes", _Episodes, params={"specials": 1}, max_bytes=EPISODES_MAX_BYTES
        )
        regular = show.embedded.episodes if show.embedded else []
        specials = [e for e in everything.root if e.number is None or e.type != "regular"]
        return to_series(show, episodes=to_episodes(regular, specials))

    async def search_series(self, title: str, year: int | None = None) -> tuple[SeriesMeta, ...]:
        """Without a year, TVmaze's own best match (`/singlesearch`); with one, the fuzzy
        search filtered to shows that premiered that year."""
        if year is None:
            try:
                show = await self._gw.get_json("/singlesearch/shows", _Show, params={"q": title})
            except NotFound:
                return ()
            return (to_series(show),)
        hits = await self._gw.get_json("/search/shows", _Hits, params={"q": title})
        return tuple(
            to_series(h.show) for h in hits.root if _year(h.show.premiered) in (year, None)
        )

    async def _lookup(self, source: str, value: str) -> int:
        key = f"{NAME}:/lookup/shows?{source}={value}"
        cache = self._gw.cache
        if cache is not None and (hit := await cache.get(key)) is not None and hit.isdigit():
            return int(hit)
        response, body = await self._gw.send("GET", "/lookup/shows", params={source: value})
        if response.is_redirect:
            match = _SHOW_PATH.search(response.headers.get("location", ""))
            if match is None:
                raise BadPayload(NAME, "GET /lookup/shows", "redirect without a show id")
            show_id = int(match.group(1))
        else:
            show_id = self._gw.parse(body, _Show, "GET /lookup/shows").id
        if cache is not None:
            await cache.put(key, str(show_id).encode(), self._gw.now())
        return show_id


def to_series(show: _Show, *, episodes: tuple[EpisodeMeta, ...] = ()) -> SeriesMeta:
    return SeriesMeta(
        title=show.name,
        year=_year(show.premiered),
        tvmaze=show.id,
        tvdb=show.externals.thetvdb,
        imdb=show.externals.imdb,
        type_hint=_type_hint(show),
        status=_STATUS.get(show.status or "", "unknown"),
        runtime=show.runtime or show.averageRuntime,
        episodes=episodes,
    )


def to_episodes(regular: list[_Episode], specials: list[_Episode]) -> tuple[EpisodeMeta, ...]:
    """Regular episodes as numbered; specials renumbered 1.. in season 0 by air order."""
    values = [_episode(e, e.season, e.number) for e in regular if e.number is not None]
    ordered = sorted(specials, key=lambda e: (e.airstamp or e.airdate or "9999", e.season))
    values += [_episode(e, 0, i) for i, e in enumerate(ordered, start=1)]
    return tuple(sorted(values, key=lambda e: (e.season, e.number)))


def _episode(e: _Episode, season: int, number: int | None) -> EpisodeMeta:
    return EpisodeMeta(
        season=season,
        number=number or 0,
        title=e.name or "",
        air_date=parse_partial_date(e.airdate),
        airstamp=parse_instant(e.airstamp),
        runtime=e.runtime,
    )


def _year(text: str | None) -> int | None:
    day = parse_partial_date(text)
    return day.year if day else None


def _type_hint(show: _Show) -> SeriesType | None:
    if show.type in ("Talk Show", "News"):
        return "daily"
    if show.language == "Japanese" and (show.type == "Animation" or "Anime" in show.genres):
        return "anime"
    return "standard" if show.type else None

"""The metadata roles: what the library loop needs to know about movies, series, music and
books, independent of which service answered.

Why a family `base`: TMDB, TVmaze, TheTVDB, MusicBrainz and Open Library disagree on
nearly every field name, and the reconcilers must not care. Each adapter parses its peer's
JSON with pydantic at the boundary and returns only the frozen values below.

Invariants a reader must not break:

- Values are `frozen=True, slots=True` dataclasses (a long daily show has 10,000 episodes).
- Dates are `datetime.date` (an air date is a calendar day where the show airs); instants
  (`airstamp`) are aware UTC `datetime`s. Unknown is `None`, never `""` or `0`.
- Search results are *shallow*: a series found by title has no episodes, an album found by
  title has no tracks. Call the lookup with the id to get the full value.
- `MetadataCache` is a Protocol so adapters cache raw responses without importing
  `mediaos.state` (adapters and state are sibling layers); the state package implements it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, make_dataclass
from datetime import UTC, date, datetime
from typing import Literal, Protocol, cast

SeriesType = Literal["standard", "daily", "anime"]
SeriesStatus = Literal["continuing", "ended", "upcoming", "unknown"]


@dataclass(frozen=True, slots=True)
class MovieMeta:
    """A movie. Release dates are the earliest of their kind, the configured region first."""

    title: str
    year: int | None
    tmdb: int | None = None
    imdb: str | None = None
    original_title: str | None = None
    runtime: int | None = None  # minutes
    status: str | None = None  # TMDB's: Rumored, Planned, In Production, Released, ...
    premiere: date | None = None  # TMDB release type 1 (festival/premiere)
    in_cinemas: date | None = None  # types 2 and 3 (limited and wide theatrical)
    digital: date | None = None  # type 4
    physical: date | None = None  # type 5
    alternative_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EpisodeMeta:
    """One episode. Specials are season 0; `absolute` is set for anime when known."""

    season: int
    number: int
    title: str = ""
    absolute: int | None = None
    air_date: date | None = None  # local calendar day of first broadcast
    airstamp: datetime | None = None  # aware, UTC
    runtime: int | None = None  # minutes


# EpisodeMeta's slots in the same order, without `frozen`; derived from its fields so the
# two layouts cannot drift apart. Only `episodes_from_columns` builds it.
_EpisodeRow = make_dataclass(
    "_EpisodeRow",
    [(f.name, f.type) for f in fields(EpisodeMeta)],
    slots=True,
    eq=False,
    repr=False,
)


def episodes_from_columns(
    season: Iterable[int],
    number: Iterable[int],
    title: Iterable[str],
    absolute: Iterable[int | None],
    air_date: Iterable[date | None],
    airstamp: Iterable[datetime | None],
    runtime: Iterable[int | None],
) -> tuple[EpisodeMeta, ...]:
    """Episodes from one iterable per field, each equal to `EpisodeMeta(...)` built alone.

    Why: a frozen dataclass's `__init__` stores every field through `object.__setattr__`,
    three times the cost of a plain slot store, and the offline catalog builds 100,000
    episodes (60 ms of `diff`). Each row is built unfrozen with the same slots, then retyped
    to `EpisodeMeta` (CPython allows `__class__` assignment between identical layouts); from
    then on it is an ordinary frozen `EpisodeMeta`.
    """
    rows = list(map(_EpisodeRow, season, number, title, absolute, air_date, airstamp, runtime))
    retype = object.__setattr__
    for row in rows:
        retype(row, "__class__", EpisodeMeta)
    return cast(tuple[EpisodeMeta, ...], tuple(rows))


@dataclass(frozen=True, slots=True)
class SeriesMeta:
    title: str
    year: int | None
    tvdb: int | None = None
    tvmaze: int | None = None
    tmdb: int | None = None
    imdb: str | None = None
    type_hint: SeriesType | None = None  # what the source suggests; the spec's `type` wins
    status: SeriesStatus = "unknown"
    runtime: int | None = None  # typical episode minutes
    alternative_titles: tuple[str, ...] = ()
    episodes: tuple[EpisodeMeta, ...] = ()  # sorted by (season, number)


@dataclass(frozen=True, slots=True)
class TrackMeta:
    disc: int
    position: int
    title: str
    recording: str | None = None  # MusicBrainz recording id
    length_ms: int | None = None


@dataclass(frozen=True, slots=True)
class AlbumMeta:
    """A MusicBrainz release group (the "album" users mean); tracks come from one release."""

    musicbrainz: str  # release-group id
    title: str
    artist: str | None = None
    primary_type: str | None = None  # Album, EP, Single, Broadcast, Other
    secondary_types: tuple[str, ...] = ()  # Compilation, Live, Soundtrack, ...
    first_release: date | None = None  # "1997" and "1997-06" become the first day
    release: str | None = None  # the release id the tracks were taken from
    tracks: tuple[TrackMeta, ...] = ()


@dataclass(frozen=True, slots=True)
class ArtistMeta:
    musicbrainz: str
    name: str
    sort_name: str | None = None
    albums: tuple[AlbumMeta, ...] = ()  # release groups, without tracks


@dataclass(frozen=True, slots=True)
class BookMeta:
    openlibrary: str  # work id, "OL45883W"
    title: str
    author: str | None = None
    first_publish_year: int | None = None
    isbns: tuple[str, ...] = ()


class MetadataCache(Protocol):
    """Raw response bodies by key, so a restart or a second lookup costs no request.

    `get` returns `None` for a missing key or one fetched longer ago than the cache's TTL.
    Keys never contain secrets (adapters build them from the path and public parameters).
    """

    async def get(self, key: str) -> bytes | None: ...

    async def put(self, key: str, body: bytes, fetched_at: datetime) -> None: ...


class MovieSource(Protocol):
    name: str

    async def movie(self, *, tmdb: int | None = None, imdb: str | None = None) -> MovieMeta: ...

    async def search_movies(self, title: str, year: int | None = None) -> tuple[MovieMeta, ...]: ...


class SeriesSource(Protocol):
    """Lookups take whichever ids the user declared; a source uses the first it understands
    and raises `NotFound` when it understands none."""

    name: str

    async def series(
        self,
        *,
        tvdb: int | None = None,
        tvmaze: int | None = None,
        tmdb: int | None = None,
        imdb: str | None = None,
    ) -> SeriesMeta: ...

    async def search_series(
        self, title: str, year: int | None = None
    ) -> tuple[SeriesMeta, ...]: ...


class MusicSource(Protocol):
    name: str

    async def artist(self, musicbrainz: str) -> ArtistMeta: ...

    async def album(self, musicbrainz: str) -> AlbumMeta: ...

    async def search_artists(self, name: str) -> tuple[ArtistMeta, ...]: ...

    async def search_albums(
        self, title: str, artist: str | None = None, year: int | None = None
    ) -> tuple[AlbumMeta, ...]: ...


class BookSource(Protocol):
    name: str

    async def book(
        self, *, openlibrary: str | None = None, isbn: str | None = None
    ) -> BookMeta: ...

    async def search_books(
        self, title: str, author: str | None = None, year: int | None = None
    ) -> tuple[BookMeta, ...]: ...


def parse_partial_date(text: str | None) -> date | None:
    """`"1997-06-16"`, `"1997-06"` and `"1997"` (MusicBrainz, Open Library) to a date;
    `""`, `None` and nonsense to `None`. Partial dates become the first day they cover."""
    if not text:
        return None
    parts = text.strip()[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        return date(numbers[0], *[*numbers[1:3], 1, 1][:2])
    except (ValueError, IndexError):
        return None


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 instant with an offset (`"2011-04-18T01:00:00+00:00"`, `"...Z"`) as aware
    UTC; naive or malformed text is `None` rather than a guess at the zone."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None

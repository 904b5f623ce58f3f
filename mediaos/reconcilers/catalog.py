"""The metadata catalog: what the sources know about each declared item, for `resolve`.

Two roads, one answer shape (`Catalog` plus per-item `Problem`s):

- Online (`apply`, `diff --refresh`): each declared item is looked up through its source
  (the gateway asks the response cache first and fetches when stale). Every success is also
  written as a *snapshot* (`catalog:<kind>:<item key>`, the resolved value as compact JSON)
  into the same cache table.
- Offline (plain `diff`): the snapshots are read back in ONE query, stale ones included,
  and decoded with the C JSON parser. No adapter module is imported on this road (no httpx),
  no request is sent, and no per-item query is made: `diff` on 1,000 series must stay fast.
  A missing snapshot means "not known", which `resolve` reports as a problem.

Why snapshots rather than re-parsing the providers' raw responses offline: a TVmaze series
is three cached responses, a TheTVDB one a login plus pages; the snapshot is one row per item,
independent of the source, and cheap to decode. A snapshot records the declared ids it was
looked up with and the source's name: when the user edits the ids or switches sources, the
old snapshot is not used (the item is "not known" until the next online load).

A failing lookup is a `Problem` for that item, never a crash; the item's last snapshot is
still used then, since stale metadata plans better than none. Lookups run concurrently, a few
at a time (`CONCURRENCY`); the gateway paces each provider itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, Protocol, TypeVar

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    BookMeta,
    BookSource,
    EpisodeMeta,
    MovieMeta,
    MovieSource,
    MusicSource,
    SeriesMeta,
    SeriesSource,
    episodes_from_columns,
)
from mediaos.adapters.metadata.matching import normalise_title, pick
from mediaos.core.actions import ItemKey
from mediaos.core.errors import MediaOSError, NotFound, StateError
from mediaos.reconcilers.base import Problem
from mediaos.reconcilers.desired import Catalog
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.media import ArtistSpec, BookSpec, MovieSpec, SeriesSpec

SNAPSHOT_PREFIX: Final = "catalog:"
SNAPSHOT_VERSION: Final = 3
# Older encodings still read: 2 differs only in a series' airstamps (epoch seconds then, ISO
# text now). The next online load re-encodes every snapshot it writes as the current version.
_READABLE: Final = frozenset({2, SNAPSHOT_VERSION})
CONCURRENCY: Final = 8

T = TypeVar("T")


class SnapshotStore(Protocol):
    """Where snapshots live: `mediaos.state.metadata_cache.SqliteMetadataCache` in the daemon."""

    async def under(self, prefix: str) -> Mapping[str, bytes]:
        """Every stored body whose key starts with `prefix`, however old."""
        ...

    async def put(self, key: str, body: bytes, fetched_at: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class MetadataSources:
    """The sources the runtime built (none when offline or not configured) and the store."""

    movies: MovieSource | None = None
    series: SeriesSource | None = None
    music: MusicSource | None = None
    books: BookSource | None = None
    store: SnapshotStore | None = None
    series_source: str = "tvmaze"
    """The configured series source's name, recorded in snapshots (offline there is no
    source object to ask)."""
    movie_metadata: bool = False
    """Movies have a source configured (TMDB with a key): offline, a movie without a
    snapshot is then worth decoding from the cached responses."""
    cache_only: Callable[[], AbstractAsyncContextManager[MetadataSources]] | None = None
    """Offline: sources that answer from the cached responses only (never the network),
    built on demand for items without a snapshot."""


def snapshot_key(kind: str, item: str) -> str:
    return f"{SNAPSHOT_PREFIX}{kind}:{item}"


async def load_catalog(
    config: MediaOSConfig, sources: MetadataSources, *, offline: bool, now: datetime
) -> tuple[Catalog, tuple[Problem, ...]]:
    """Metadata for every declared item that needs it; see the module docstring."""
    known = await _snapshots(sources.store)
    catalog = _offline(config, sources, known)
    if not offline:
        return await _lookup_all(config, sources, catalog, now, only=None)
    missing = frozenset(_wanted_keys(config, sources) - _keys(catalog))
    if not missing or sources.cache_only is None:
        return catalog, ()
    # Items without a snapshot: decode the providers' cached responses (never the network);
    # what cannot be decoded stays "not known", which `resolve` reports.
    async with sources.cache_only() as cached:
        filled, _ = await _lookup_all(config, cached, catalog, now, only=missing)
    return filled, ()


def _keys(catalog: Catalog) -> set[str]:
    return {*catalog.movies, *catalog.series, *catalog.artists, *catalog.books}


def _wanted_keys(config: MediaOSConfig, sources: MetadataSources) -> set[str]:
    """Declared items a lookup would be made for (the same tests as `_lookup_all`)."""
    keys: set[str] = set()
    if sources.movie_metadata:
        keys.update(m.key() for m in config.movies if not m.suspend)
    keys.update(s.key() for s in config.series if not s.suspend)
    keys.update(a.key() for a in config.music if not a.suspend and _needs_artist(a))
    keys.update(
        b.key() for b in config.books if not b.suspend and (b.title is None or b.author is None)
    )
    return keys


# --- offline ----------------------------------------------------------------------------


async def _snapshots(store: SnapshotStore | None) -> Mapping[str, bytes]:
    if store is None:
        return {}
    return await store.under(SNAPSHOT_PREFIX)


def _offline(
    config: MediaOSConfig, sources: MetadataSources, known: Mapping[str, bytes]
) -> Catalog:
    if not known:
        return Catalog()
    series_source = sources.series_source or config.metadata.series_source
    # Only kinds that have snapshots are walked: computing 10,000 movie keys for nothing
    # would cost a good part of `diff`'s budget.
    kinds = {key[len(SNAPSHOT_PREFIX) :].partition(":")[0] for key in known}
    movies: dict[str, MovieMeta] = {}
    series: dict[str, SeriesMeta] = {}
    artists: dict[str, ArtistMeta] = {}
    books: dict[str, BookMeta] = {}
    for spec in config.movies if "movie" in kinds else ():
        key = spec.key()
        if (m := _read(known, "movie", key, "tmdb", _movie_ids(spec), _decode_movie)) is not None:
            movies[key] = m
    for show in config.series if "series" in kinds else ():
        key = show.key()
        found = _read(known, "series", key, series_source, _series_ids(show), _decode_series)
        if found is not None:
            series[key] = found
    for artist in config.music if "artist" in kinds else ():
        key = artist.key()
        ids = _artist_ids(artist)
        if (a := _read(known, "artist", key, "musicbrainz", ids, _decode_artist)) is not None:
            artists[key] = a
    for book in config.books if "book" in kinds else ():
        key = book.key()
        ids = _book_ids(book)
        if (b := _read(known, "book", key, "openlibrary", ids, _decode_book)) is not None:
            books[key] = b
    return Catalog(movies=movies, series=series, artists=artists, books=books)


def _read(
    known: Mapping[str, bytes],
    kind: str,
    item: str,
    source: str,
    ids: Mapping[str, object],
    decode: Callable[[dict[str, Any], int], T],
) -> T | None:
    """The snapshot of `item` decoded, if one answers this declaration from this source; the
    decoder gets the snapshot's version (only the series encoding differs between them)."""
    body = known.get(snapshot_key(kind, item))
    if body is None:
        return None
    try:
        document = json.loads(body)
        version = document.get("v")
        if (
            version not in _READABLE
            or document.get("source") != source
            or document.get("ids") != _plain(ids)
        ):
            return None
        return decode(document["meta"], version)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # written by another version, or damaged: not known


# --- online -----------------------------------------------------------------------------


async def _lookup_all(
    config: MediaOSConfig,
    sources: MetadataSources,
    fallback: Catalog,
    now: datetime,
    *,
    only: frozenset[str] | None,
) -> tuple[Catalog, tuple[Problem, ...]]:
    """Look up every item that needs metadata (or those in `only`), over `fallback`."""
    limit = asyncio.Semaphore(CONCURRENCY)
    problems: list[Problem] = []
    movies = dict(fallback.movies)
    series = dict(fallback.series)
    artists = dict(fallback.artists)
    books = dict(fallback.books)
    jobs: list[Awaitable[None]] = []

    def job(
        kind: str,
        key: str,
        source_name: str,
        ids: Mapping[str, object],
        lookup: Callable[[], Awaitable[T]],
        encode: Callable[[T], dict[str, object]],
        into: dict[str, T],
    ) -> None:
        if only is not None and key not in only:
            return

        async def run() -> None:
            async with limit:
                try:
                    value = await lookup()
                except MediaOSError as err:
                    problems.append(Problem.of(f"metadata/{source_name}", err, item=ItemKey(key)))
                    return
            into[key] = value
            if sources.store is not None:
                body = _document(source_name, ids, encode(value))
                try:
                    await sources.store.put(snapshot_key(kind, key), body, now)
                except StateError:
                    if only is None:
                        raise  # online, the database must take it; offline it may be read-only

        jobs.append(run())

    if (movie_source := sources.movies) is not None:
        for m in config.movies:
            if not m.suspend:
                lookup = _movie_lookup(movie_source, m)
                job("movie", m.key(), "tmdb", _movie_ids(m), lookup, _encode_movie, movies)
    if (series_source := sources.series) is not None:
        for s in config.series:
            if not s.suspend:
                lookup_s = _series_lookup(series_source, s)
                ids = _series_ids(s)
                job("series", s.key(), series_source.name, ids, lookup_s, _encode_series, series)
    if (music_source := sources.music) is not None:
        for a in config.music:
            if not a.suspend and _needs_artist(a):
                lookup_a = _artist_lookup(music_source, a)
                ids = _artist_ids(a)
                job("artist", a.key(), "musicbrainz", ids, lookup_a, _encode_artist, artists)
    if (book_source := sources.books) is not None:
        for b in config.books:
            if not b.suspend and (b.title is None or b.author is None):
                lookup_b = _book_lookup(book_source, b)
                job("book", b.key(), "openlibrary", _book_ids(b), lookup_b, _encode_book, books)
    await asyncio.gather(*jobs)
    problems.sort(key=lambda p: (p.item or "", p.source))
    catalog = Catalog(movies=movies, series=series, artists=artists, books=books)
    return catalog, tuple(problems)


def _document(source: str, ids: Mapping[str, object], meta: dict[str, object]) -> bytes:
    document = {"v": SNAPSHOT_VERSION, "source": source, "ids": _plain(ids), "meta": meta}
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def series_snapshot(spec: SeriesSpec, meta: SeriesMeta, *, source: str) -> tuple[str, bytes]:
    """The cache key and body `load_catalog` reads offline for `spec`; for tools that fill
    the cache without a source (the benchmarks)."""
    return snapshot_key("series", spec.key()), _document(
        source, _series_ids(spec), _encode_series(meta)
    )


def movie_snapshot(spec: MovieSpec, meta: MovieMeta) -> tuple[str, bytes]:
    """As `series_snapshot`, for a movie (source TMDB)."""
    return snapshot_key("movie", spec.key()), _document(
        "tmdb", _movie_ids(spec), _encode_movie(meta)
    )


def _movie_lookup(source: MovieSource, spec: MovieSpec) -> Callable[[], Awaitable[MovieMeta]]:
    async def lookup() -> MovieMeta:
        if spec.tmdb is not None or spec.imdb is not None:
            return await source.movie(tmdb=spec.tmdb, imdb=spec.imdb)
        title = spec.title or ""
        hit = pick(await source.search_movies(title, spec.year), title, spec.year)
        if hit is None or (hit.tmdb is None and hit.imdb is None):
            raise _not_found(source.name, title, spec.year)
        return await source.movie(tmdb=hit.tmdb, imdb=hit.imdb)

    return lookup


def _series_lookup(source: SeriesSource, spec: SeriesSpec) -> Callable[[], Awaitable[SeriesMeta]]:
    async def lookup() -> SeriesMeta:
        if any(i is not None for i in (spec.tvdb, spec.tvmaze, spec.tmdb, spec.imdb)):
            return await source.series(
                tvdb=spec.tvdb, tvmaze=spec.tvmaze, tmdb=spec.tmdb, imdb=spec.imdb
            )
        title = spec.title or ""
        hit = pick(await source.search_series(title, spec.year), title, spec.year)
        if hit is None:
            raise _not_found(source.name, title, spec.year)
        return await source.series(tvdb=hit.tvdb, tvmaze=hit.tvmaze, tmdb=hit.tmdb, imdb=hit.imdb)

    return lookup


def _needs_artist(spec: ArtistSpec) -> bool:
    """The artist's metadata is needed for `albums: all`, for an artist declared by id only,
    and for an album declared by id only (its title comes from the artist's release groups)."""
    return (
        spec.albums == "all"
        or spec.artist is None
        or any(album.title is None for album in spec.albums)
    )


def _artist_lookup(source: MusicSource, spec: ArtistSpec) -> Callable[[], Awaitable[ArtistMeta]]:
    async def lookup() -> ArtistMeta:
        mbid = spec.musicbrainz
        if mbid is None:
            name = normalise_title(spec.artist or "")
            hits = await source.search_artists(spec.artist or "")
            mbid = next((h.musicbrainz for h in hits if normalise_title(h.name) == name), None)
            if mbid is None:
                raise _not_found(source.name, spec.artist or "", None)
        return await source.artist(mbid)

    return lookup


def _book_lookup(source: BookSource, spec: BookSpec) -> Callable[[], Awaitable[BookMeta]]:
    async def lookup() -> BookMeta:
        if spec.openlibrary is not None or spec.isbn is not None:
            return await source.book(openlibrary=spec.openlibrary, isbn=spec.isbn)
        title = spec.title or ""
        hits = await source.search_books(title, spec.author, spec.year)
        wanted = normalise_title(title)
        hit = next((h for h in hits if normalise_title(h.title) == wanted), None)
        if hit is None:
            raise _not_found(source.name, title, spec.year)
        return await source.book(openlibrary=hit.openlibrary)

    return lookup


def _not_found(source: str, title: str, year: int | None) -> NotFound:
    shown = f"{title} ({year})" if year else title
    return NotFound(source, "search", f"no match for {shown!r}; declare an id to pick one")


# --- identities: which declaration a snapshot answers ------------------------------------


def _movie_ids(spec: MovieSpec) -> dict[str, object]:
    return {"title": spec.title, "year": spec.year, "tmdb": spec.tmdb, "imdb": spec.imdb}


def _series_ids(spec: SeriesSpec) -> dict[str, object]:
    return {
        "title": spec.title,
        "year": spec.year,
        "tvdb": spec.tvdb,
        "tvmaze": spec.tvmaze,
        "tmdb": spec.tmdb,
        "imdb": spec.imdb,
    }


def _artist_ids(spec: ArtistSpec) -> dict[str, object]:
    return {"artist": spec.artist, "musicbrainz": spec.musicbrainz}


def _book_ids(spec: BookSpec) -> dict[str, object]:
    return {
        "title": spec.title,
        "author": spec.author,
        "isbn": spec.isbn,
        "openlibrary": spec.openlibrary,
    }


def _plain(ids: Mapping[str, object]) -> dict[str, object]:
    """Ids as they read back from JSON (so a stored identity compares equal)."""
    return {k: (v if v is None or isinstance(v, int | str) else str(v)) for k, v in ids.items()}


# --- codecs: compact JSON of the metadata values ------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _encode_movie(m: MovieMeta) -> dict[str, object]:
    return {
        "title": m.title,
        "year": m.year,
        "tmdb": m.tmdb,
        "imdb": m.imdb,
        "original_title": m.original_title,
        "runtime": m.runtime,
        "status": m.status,
        "premiere": _day(m.premiere),
        "in_cinemas": _day(m.in_cinemas),
        "digital": _day(m.digital),
        "physical": _day(m.physical),
        "alternative_titles": list(m.alternative_titles),
    }


def _decode_movie(d: dict[str, Any], version: int) -> MovieMeta:
    return MovieMeta(
        title=str(d["title"]),
        year=_int(d.get("year")),
        tmdb=_int(d.get("tmdb")),
        imdb=_str(d.get("imdb")),
        original_title=_str(d.get("original_title")),
        runtime=_int(d.get("runtime")),
        status=_str(d.get("status")),
        premiere=_from_day(d.get("premiere")),
        in_cinemas=_from_day(d.get("in_cinemas")),
        digital=_from_day(d.get("digital")),
        physical=_from_day(d.get("physical")),
        alternative_titles=_strs(d.get("alternative_titles")),
    )


def _encode_series(s: SeriesMeta) -> dict[str, object]:
    return {
        "title": s.title,
        "year": s.year,
        "tvdb": s.tvdb,
        "tvmaze": s.tvmaze,
        "tmdb": s.tmdb,
        "imdb": s.imdb,
        "type_hint": s.type_hint,
        "status": s.status,
        "runtime": s.runtime,
        "alternative_titles": list(s.alternative_titles),
        # One array per field (columns), dates as day ordinals and instants as ISO text
        # (`datetime.fromisoformat` is the fastest aware-datetime constructor): 100,000
        # episodes parse and decode several times faster than as objects.
        "episodes": _episode_columns(s.episodes),
    }


def _episode_columns(episodes: tuple[EpisodeMeta, ...]) -> dict[str, list[object]]:
    return {
        "season": [e.season for e in episodes],
        "number": [e.number for e in episodes],
        "title": [e.title for e in episodes],
        "absolute": [e.absolute for e in episodes],
        "air_date": [e.air_date.toordinal() if e.air_date else None for e in episodes],
        "airstamp": [_instant_text(e.airstamp) if e.airstamp else None for e in episodes],
        "runtime": [e.runtime for e in episodes],
    }


def _instant_text(moment: datetime) -> str:
    """UTC to the second, as version 2 kept it (epoch seconds)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _decode_episodes(columns: dict[str, list[Any]], version: int) -> tuple[EpisodeMeta, ...]:
    days, stamps = columns["air_date"], columns["airstamp"]
    # `map` over a column without gaps runs in C; a column with gaps (unknown dates) takes
    # the comprehension.
    if None in days:
        air_dates: Iterable[date | None] = [
            date.fromordinal(d) if d is not None else None for d in days
        ]
    else:
        air_dates = map(date.fromordinal, days)
    airstamps: Iterable[datetime | None]
    if version == 2:
        airstamps = [datetime.fromtimestamp(t, UTC) if t is not None else None for t in stamps]
    elif None in stamps:
        airstamps = [datetime.fromisoformat(t) if t is not None else None for t in stamps]
    else:
        airstamps = map(datetime.fromisoformat, stamps)
    return episodes_from_columns(
        columns["season"],
        columns["number"],
        columns["title"],
        columns["absolute"],
        air_dates,
        airstamps,
        columns["runtime"],
    )


def _decode_series(d: dict[str, Any], version: int) -> SeriesMeta:
    columns = d["episodes"]
    if not isinstance(columns, dict) or len({len(v) for v in columns.values()}) > 1:
        raise TypeError("episodes")
    return SeriesMeta(
        title=str(d["title"]),
        year=_int(d.get("year")),
        tvdb=_int(d.get("tvdb")),
        tvmaze=_int(d.get("tvmaze")),
        tmdb=_int(d.get("tmdb")),
        imdb=_str(d.get("imdb")),
        type_hint=d.get("type_hint"),
        status=d.get("status", "unknown"),
        runtime=_int(d.get("runtime")),
        alternative_titles=_strs(d.get("alternative_titles")),
        episodes=_decode_episodes(columns, version),
    )


def _encode_artist(a: ArtistMeta) -> dict[str, object]:
    return {
        "musicbrainz": a.musicbrainz,
        "name": a.name,
        "sort_name": a.sort_name,
        "albums": [
            {
                "musicbrainz": x.musicbrainz,
                "title": x.title,
                "artist": x.artist,
                "primary_type": x.primary_type,
                "secondary_types": list(x.secondary_types),
                "first_release": _day(x.first_release),
                "release": x.release,
            }
            for x in a.albums
        ],
    }


def _decode_artist(d: dict[str, Any], version: int) -> ArtistMeta:
    albums = d.get("albums")
    if not isinstance(albums, list):
        raise TypeError("albums")
    return ArtistMeta(
        musicbrainz=str(d["musicbrainz"]),
        name=str(d["name"]),
        sort_name=_str(d.get("sort_name")),
        albums=tuple(
            AlbumMeta(
                musicbrainz=str(x["musicbrainz"]),
                title=str(x["title"]),
                artist=_str(x.get("artist")),
                primary_type=_str(x.get("primary_type")),
                secondary_types=_strs(x.get("secondary_types")),
                first_release=_from_day(x.get("first_release")),
                release=_str(x.get("release")),
            )
            for x in albums
        ),
    )


def _encode_book(b: BookMeta) -> dict[str, object]:
    return {
        "openlibrary": b.openlibrary,
        "title": b.title,
        "author": b.author,
        "first_publish_year": b.first_publish_year,
        "isbns": list(b.isbns),
    }


def _decode_book(d: dict[str, Any], version: int) -> BookMeta:
    return BookMeta(
        openlibrary=str(d["openlibrary"]),
        title=str(d["title"]),
        author=_str(d.get("author")),
        first_publish_year=_int(d.get("first_publish_year")),
        isbns=_strs(d.get("isbns")),
    )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strs(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

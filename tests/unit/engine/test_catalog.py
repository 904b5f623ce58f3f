"""load_catalog(): metadata per declared item, online through sources, offline from snapshots."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    BookMeta,
    EpisodeMeta,
    MovieMeta,
    SeriesMeta,
)
from mediaos.core.errors import NotFound, StateError, Unreachable
from mediaos.reconcilers.catalog import (
    MetadataSources,
    load_catalog,
    movie_snapshot,
    series_snapshot,
    snapshot_key,
)
from mediaos.reconcilers.desired import resolve
from mediaos.schemas.config import MediaOSConfig

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
PIONEER = "series/pioneer-one-2010"

SHOW = SeriesMeta(
    title="Pioneer One",
    year=2010,
    tvmaze=1,
    tvdb=170551,
    imdb="tt1748166",
    type_hint="standard",
    status="ended",
    runtime=40,
    alternative_titles=("Pioneer 1",),
    episodes=(
        EpisodeMeta(0, 1, "Special", None, date(2010, 1, 1), None, 30),
        EpisodeMeta(
            1, 1, "Earthfall", None, date(2010, 6, 1), datetime(2010, 6, 1, 1, tzinfo=UTC), 45
        ),
        EpisodeMeta(1, 2, "The Man From Mars", 2, date(2010, 7, 1), None, None),
        EpisodeMeta(1, 3, "", None, None, None, None),
    ),
)


def config(**sections: Any) -> MediaOSConfig:
    base: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": "/srv/movies", "series": "/srv/tv", "music": "/m"}},
        "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
    }
    base.update(sections)
    return MediaOSConfig.model_validate(base)


PIONEER_CONFIG = config(series=[{"title": "Pioneer One", "year": 2010}])


class Store:
    """The snapshot store as the metadata cache table behaves: bytes by key."""

    def __init__(self, *, readonly: bool = False) -> None:
        self.rows: dict[str, bytes] = {}
        self.readonly = readonly

    async def under(self, prefix: str) -> Mapping[str, bytes]:
        return {k: v for k, v in self.rows.items() if k.startswith(prefix)}

    async def put(self, key: str, body: bytes, fetched_at: datetime) -> None:
        if self.readonly:
            raise StateError("attempt to write a readonly database")
        self.rows[key] = body


class Shows:
    """A series source answering from a table, counting what it was asked."""

    name = "tvmaze"

    def __init__(self, shows: Mapping[int, SeriesMeta], *, fail: Exception | None = None) -> None:
        self.shows = shows
        self.fail = fail
        self.lookups: list[dict[str, Any]] = []
        self.searches: list[tuple[str, int | None]] = []

    async def series(self, **ids: Any) -> SeriesMeta:
        self.lookups.append(ids)
        if self.fail is not None:
            raise self.fail
        if ids.get("tvmaze") not in self.shows:
            raise NotFound("tvmaze", "series lookup", "no such show")
        return self.shows[ids["tvmaze"]]

    async def search_series(self, title: str, year: int | None = None) -> tuple[SeriesMeta, ...]:
        self.searches.append((title, year))
        if self.fail is not None:
            raise self.fail
        return tuple(
            SeriesMeta(title=s.title, year=s.year, tvmaze=s.tvmaze) for s in self.shows.values()
        )


class Films:
    name = "tmdb"

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    async def movie(self, *, tmdb: int | None = None, imdb: str | None = None) -> MovieMeta:
        self.asked.append({"tmdb": tmdb, "imdb": imdb})
        return MovieMeta(title="Sintel", year=2010, tmdb=45745, runtime=15)

    async def search_movies(self, title: str, year: int | None = None) -> tuple[MovieMeta, ...]:
        return (MovieMeta(title="Sintel", year=2010, tmdb=45745),)


async def test_online_looks_a_series_up_by_title_and_year_and_keeps_a_snapshot() -> None:
    store, shows = Store(), Shows({1: SHOW})
    catalog, problems = await load_catalog(
        PIONEER_CONFIG, MetadataSources(series=shows, store=store), offline=False, now=NOW
    )
    assert catalog.series == {PIONEER: SHOW}
    assert problems == ()
    assert shows.searches == [("Pioneer One", 2010)]
    assert shows.lookups[0]["tvmaze"] == 1
    assert list(store.rows) == [snapshot_key("series", PIONEER)]


async def test_offline_reads_the_snapshot_back_equal_to_what_the_source_said() -> None:
    store = Store()
    online = MetadataSources(series=Shows({1: SHOW}), store=store)
    await load_catalog(PIONEER_CONFIG, online, offline=False, now=NOW)
    catalog, problems = await load_catalog(
        PIONEER_CONFIG, MetadataSources(store=store), offline=True, now=NOW
    )
    assert catalog.series[PIONEER] == SHOW
    assert problems == ()


async def test_a_show_with_every_date_known_reads_back_equal_and_in_utc() -> None:
    dated = SeriesMeta(
        title="Pioneer One",
        year=2010,
        episodes=tuple(
            EpisodeMeta(1, n, f"E{n}", n, date(2010, 6, n), datetime(2010, 6, n, 1, 30, tzinfo=UTC))
            for n in (1, 2, 3)
        ),
    )
    store = Store()
    store.rows.update([series_snapshot(PIONEER_CONFIG.series[0], dated, source="tvmaze")])
    catalog, _ = await load_catalog(
        PIONEER_CONFIG, MetadataSources(store=store), offline=True, now=NOW
    )
    assert catalog.series[PIONEER] == dated
    assert all(e.airstamp and e.airstamp.tzinfo is UTC for e in catalog.series[PIONEER].episodes)


async def test_a_version_2_snapshot_with_epoch_airstamps_still_reads() -> None:
    """What MediaOS wrote before airstamps became ISO text: read until the next online load
    replaces it."""
    columns = {
        "season": [1, 1],
        "number": [1, 2],
        "title": ["Earthfall", ""],
        "absolute": [None, None],
        "air_date": [733924, None],
        "airstamp": [1275354000, None],
        "runtime": [45, None],
    }
    meta = {"title": "Pioneer One", "year": 2010, "status": "ended", "episodes": columns}
    ids = {"title": "Pioneer One", "year": 2010, "tvdb": None, "tvmaze": None, "tmdb": None}
    document = {"v": 2, "source": "tvmaze", "ids": {**ids, "imdb": None}, "meta": meta}
    store = Store()
    store.rows[snapshot_key("series", PIONEER)] = json.dumps(document).encode()
    catalog, _ = await load_catalog(
        PIONEER_CONFIG, MetadataSources(store=store), offline=True, now=NOW
    )
    earthfall = datetime(2010, 6, 1, 1, tzinfo=UTC)
    assert catalog.series[PIONEER].episodes == (
        EpisodeMeta(1, 1, "Earthfall", None, date(2010, 6, 1), earthfall, 45),
        EpisodeMeta(1, 2, "", None, None, None, None),
    )
    for version in (1, 4):  # older than any reader knows, or newer than this one
        store.rows[snapshot_key("series", PIONEER)] = json.dumps(
            {**document, "v": version}
        ).encode()
        catalog, _ = await load_catalog(
            PIONEER_CONFIG, MetadataSources(store=store), offline=True, now=NOW
        )
        assert catalog.series == {}


async def test_declared_ids_pick_the_show_without_a_search() -> None:
    shows = Shows({1: SHOW})
    declared = config(series=[{"title": "Pioneer One", "year": 2010, "tvmaze": 1}])
    catalog, _ = await load_catalog(declared, MetadataSources(series=shows), offline=False, now=NOW)
    assert shows.searches == []
    assert catalog.series == {"series/pioneer-one-2010": SHOW}


async def test_offline_without_a_snapshot_knows_nothing_and_resolve_says_so() -> None:
    catalog, problems = await load_catalog(
        PIONEER_CONFIG, MetadataSources(store=Store()), offline=True, now=NOW
    )
    assert catalog.series == {}
    assert problems == ()
    (problem,) = resolve(PIONEER_CONFIG, catalog, NOW).problems
    assert (problem.reason, problem.item) == ("NoMetadata", PIONEER)


async def test_a_snapshot_of_other_ids_or_another_source_is_not_used() -> None:
    store = Store()
    key, body = series_snapshot(PIONEER_CONFIG.series[0], SHOW, source="tvmaze")
    store.rows[key] = body
    other_source = MetadataSources(store=store, series_source="tvdb")
    catalog, _ = await load_catalog(PIONEER_CONFIG, other_source, offline=True, now=NOW)
    assert catalog.series == {}
    # the same key for the user, but now with a TVmaze id: the old lookup does not answer it
    edited = config(series=[{"title": "Pioneer One", "year": 2010, "tvmaze": 2}])
    store.rows[snapshot_key("series", edited.series[0].key())] = body
    catalog, _ = await load_catalog(edited, MetadataSources(store=store), offline=True, now=NOW)
    assert catalog.series == {}


async def test_a_damaged_snapshot_is_not_known_rather_than_a_crash() -> None:
    store = Store()
    store.rows[snapshot_key("series", PIONEER)] = b'{"v": 2, "source": "tvmaze", "ids": {'
    catalog, _ = await load_catalog(
        PIONEER_CONFIG, MetadataSources(store=store), offline=True, now=NOW
    )
    assert catalog.series == {}


async def test_a_failing_lookup_is_a_problem_of_the_item_and_the_last_snapshot_still_serves() -> (
    None
):
    store = Store()
    key, body = series_snapshot(PIONEER_CONFIG.series[0], SHOW, source="tvmaze")
    store.rows[key] = body
    down = Shows({}, fail=Unreachable("tvmaze", "GET /search/shows", "connection refused"))
    catalog, problems = await load_catalog(
        PIONEER_CONFIG, MetadataSources(series=down, store=store), offline=False, now=NOW
    )
    (problem,) = problems
    assert (problem.source, problem.reason, problem.item) == (
        "metadata/tvmaze",
        "Unreachable",
        PIONEER,
    )
    assert catalog.series == {PIONEER: SHOW}


async def test_no_search_hit_close_enough_is_not_found_with_a_hint() -> None:
    wrong = Shows({7: SeriesMeta(title="Pioneer Woman", year=2011, tvmaze=7)})
    _, problems = await load_catalog(
        PIONEER_CONFIG, MetadataSources(series=wrong), offline=False, now=NOW
    )
    (problem,) = problems
    assert problem.reason == "NotFound"
    assert "declare an id" in problem.message


async def test_movies_are_looked_up_only_when_a_movie_source_exists() -> None:
    movies = config(movies=[{"title": "Sintel", "year": 2010}])
    catalog, _ = await load_catalog(movies, MetadataSources(), offline=False, now=NOW)
    assert catalog.movies == {}
    films, store = Films(), Store()
    catalog, _ = await load_catalog(
        movies, MetadataSources(movies=films, store=store), offline=False, now=NOW
    )
    assert catalog.movies["movie/sintel-2010"].runtime == 15
    assert films.asked == [{"tmdb": 45745, "imdb": None}]
    offline, _ = await load_catalog(
        movies, MetadataSources(store=store, movie_metadata=True), offline=True, now=NOW
    )
    assert offline.movies == catalog.movies
    assert movie_snapshot(movies.movies[0], catalog.movies["movie/sintel-2010"])[0] in store.rows


async def test_suspended_items_are_not_looked_up() -> None:
    shows = Shows({1: SHOW})
    suspended = config(series=[{"title": "Pioneer One", "year": 2010, "suspend": True}])
    catalog, _ = await load_catalog(
        suspended, MetadataSources(series=shows), offline=False, now=NOW
    )
    assert (catalog.series, shows.searches) == ({}, [])


async def test_offline_decodes_cached_responses_only_for_items_without_a_snapshot() -> None:
    store = Store(readonly=True)  # a diff beside the daemon: snapshots cannot be written
    two = config(
        series=[
            {"title": "Pioneer One", "year": 2010},
            {"title": "Other", "year": 2020, "tvmaze": 9},
        ]
    )
    other = SeriesMeta(title="Other", year=2020, tvmaze=9)
    store.rows.update([series_snapshot(two.series[1], other, source="tvmaze")])
    cached = Shows({1: SHOW})
    opened: list[bool] = []

    @asynccontextmanager
    async def cache_only() -> AsyncIterator[MetadataSources]:
        opened.append(True)
        yield MetadataSources(series=cached, store=store)

    sources = MetadataSources(store=store, cache_only=cache_only)
    catalog, problems = await load_catalog(two, sources, offline=True, now=NOW)
    assert catalog.series == {PIONEER: SHOW, "series/other-2020": other}
    assert [ids.get("tvmaze") for ids in cached.lookups] == [1]  # "Other" came from its snapshot
    assert problems == ()
    # every item known: the cached-responses road is not even opened
    opened.clear()
    await load_catalog(two.model_copy(update={"series": two.series[1:]}), sources,
                       offline=True, now=NOW)  # fmt: skip
    assert opened == []


async def test_artists_with_all_albums_and_books_without_an_author_are_looked_up() -> None:
    class Music:
        name = "musicbrainz"

        async def artist(self, musicbrainz: str) -> ArtistMeta:
            album = AlbumMeta("rg-1", "OK Computer", primary_type="Album",
                              first_release=date(1997, 6, 16))  # fmt: skip
            return ArtistMeta(musicbrainz, "Radiohead", albums=(album,))

    class Books:
        name = "openlibrary"

        async def book(
            self, *, openlibrary: str | None = None, isbn: str | None = None
        ) -> BookMeta:
            return BookMeta("OL1W", "Dune", author="Frank Herbert", first_publish_year=1965)

    mbid = "a74b1b7f-71a5-4011-9441-d0b5e4122711"
    wanted = config(
        music=[{"artist": "Radiohead", "musicbrainz": mbid}],
        books=[{"title": "Dune", "openlibrary": "OL1W"}],
    )
    store = Store()
    sources = MetadataSources(music=Music(), books=Books(), store=store)  # type: ignore[arg-type]
    catalog, problems = await load_catalog(wanted, sources, offline=False, now=NOW)
    assert problems == ()
    offline, _ = await load_catalog(wanted, MetadataSources(store=store), offline=True, now=NOW)
    assert offline == catalog
    assert [a.title for a in offline.artists[wanted.music[0].key()].albums] == ["OK Computer"]
    assert offline.books[wanted.books[0].key()].author == "Frank Herbert"

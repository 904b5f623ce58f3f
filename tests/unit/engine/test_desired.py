"""resolve(): the YAML plus metadata -> the slots acquisition, downloads and diff share."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    EpisodeMeta,
    MovieMeta,
    SeriesMeta,
)
from mediaos.reconcilers.desired import Catalog, resolve
from mediaos.schemas.config import MediaOSConfig

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def config(**sections: Any) -> MediaOSConfig:
    base: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {
            "roots": {
                "movies": "/srv/movies",
                "series": "/srv/tv",
                "music": "/srv/music",
                "books": "/srv/books",
            }
        },
        "quality": {
            "profiles": {
                "hd": {"allowed": ["WEBDL-1080p", "Bluray-1080p"], "cutoff": "WEBDL-1080p"},
                "uhd": {"allowed": ["WEBDL-2160p"], "cutoff": "WEBDL-2160p"},
                "lossless": {"allowed": ["FLAC"], "cutoff": "FLAC"},
                "ebook": {"allowed": ["EPUB"], "cutoff": "EPUB"},
            },
            "default_profile": "hd",
        },
    }
    base.update(sections)
    return MediaOSConfig.model_validate(base)


def episode(season: int, number: int, aired: date | None, title: str = "") -> EpisodeMeta:
    return EpisodeMeta(season=season, number=number, title=title, air_date=aired, runtime=45)


SHOW = SeriesMeta(
    title="Pioneer One",
    year=2010,
    tvmaze=1,
    runtime=40,
    episodes=(
        episode(0, 1, date(2010, 1, 1), "Pilot special"),
        episode(1, 1, date(2010, 6, 1), "Earthfall"),
        episode(1, 2, date(2010, 7, 1), "The Man From Mars"),
        episode(1, 3, date(2010, 8, 1)),
        episode(2, 1, date(2024, 5, 1)),
        episode(2, 2, date(2024, 7, 1)),  # not aired at NOW
    ),
)


def keys(desired: Any) -> list[str]:
    return [s.unit.key for s in desired.slots]


def test_a_movie_is_one_slot_with_the_default_profile_and_movies_root() -> None:
    desired = resolve(config(movies=[{"title": "Dune", "year": 2021}]), Catalog(), NOW)
    (slot,) = desired.slots
    assert slot.unit.key == "movie/dune-2021"
    assert (slot.unit.kind, slot.unit.title, slot.unit.year) == ("movie", "Dune", 2021)
    assert (slot.profile_name, slot.root) == ("hd", Path("/srv/movies"))
    assert desired.items == {"movie/dune-2021"}
    assert not desired.problems


def test_versions_are_slots_of_their_own_with_their_profile_and_root() -> None:
    movie = {
        "title": "Dune",
        "year": 2021,
        "versions": [{"name": "1080p"}, {"name": "2160p", "profile": "uhd", "root": "/srv/4k"}],
    }
    desired = resolve(config(movies=[movie]), Catalog(), NOW)
    assert keys(desired) == ["movie/dune-2021@1080p", "movie/dune-2021@2160p"]
    uhd = desired.slots[1]
    assert (uhd.profile_name, uhd.root, uhd.version) == ("uhd", Path("/srv/4k"), "2160p")
    assert uhd.item == "movie/dune-2021"


def test_movie_metadata_fills_ids_runtime_dates_and_aliases() -> None:
    meta = MovieMeta(
        title="Dune",
        year=2021,
        tmdb=438631,
        imdb="tt1160419",
        runtime=155,
        digital=date(2021, 10, 22),
        alternative_titles=("Dune: Part One",),
    )
    desired = resolve(
        config(movies=[{"title": "Dune", "year": 2021}]),
        Catalog(movies={"movie/dune-2021": meta}),
        NOW,
    )
    unit = desired.slots[0].unit
    assert (unit.tmdb_id, unit.imdb_id, unit.runtime_minutes) == (438631, "tt1160419", 155)
    assert unit.digital_release == date(2021, 10, 22)
    assert unit.aliases == ("Dune: Part One",)


@pytest.mark.parametrize(
    ("declared", "meta"),
    [
        ({}, MovieMeta(title="Dune", year=2021, tmdb=438631, imdb="tt1160419")),
        ({"tmdb": 1, "imdb": "tt0000001"}, MovieMeta(title="Dune", year=2021, tmdb=438631)),
        ({"tmdb": 1}, None),
        ({}, None),
    ],
)
def test_movie_ids_without_the_unit_are_the_units_ids(
    declared: dict[str, Any], meta: MovieMeta | None
) -> None:
    movies = {"movie/dune-2021": meta} if meta else {}
    desired = resolve(
        config(movies=[{"title": "Dune", "year": 2021, **declared}]), Catalog(movies=movies), NOW
    )
    (slot,) = desired.slots
    assert slot.movie_ids() == (slot.unit.tmdb_id, slot.unit.imdb_id)


def test_a_series_without_metadata_is_a_problem_not_an_empty_series() -> None:
    desired = resolve(config(series=[{"title": "Pioneer One", "year": 2010}]), Catalog(), NOW)
    assert desired.slots == ()
    (problem,) = desired.problems
    assert problem.reason == "NoMetadata"
    assert problem.item == "series/pioneer-one-2010"
    assert "episode list unknown" in problem.message


def test_series_all_wants_aired_regular_episodes_and_full_aired_seasons() -> None:
    catalog = Catalog(series={"series/pioneer-one-2010": SHOW})
    desired = resolve(config(series=[{"title": "Pioneer One", "year": 2010}]), catalog, NOW)
    assert keys(desired) == [
        "series/pioneer-one-2010/s01e01",
        "series/pioneer-one-2010/s01e02",
        "series/pioneer-one-2010/s01e03",
        "series/pioneer-one-2010/s02e01",
        "series/pioneer-one-2010/s01",
    ]
    first = desired.slots[0]
    assert (first.unit.season, first.unit.episodes, first.episode_title) == (1, (1,), "Earthfall")
    assert first.unit.runtime_minutes == 45
    season = desired.slots[-1]
    assert season.unit.kind == "season"
    assert season.covers == tuple(keys(desired)[:3])
    assert season.unit.runtime_minutes == 135


def test_a_season_still_airing_gets_no_season_slot() -> None:
    catalog = Catalog(series={"series/pioneer-one-2010": SHOW})
    desired = resolve(config(series=[{"title": "Pioneer One", "year": 2010}]), catalog, NOW)
    assert "series/pioneer-one-2010/s02" not in keys(desired)


def test_specials_only_when_season_zero_is_listed() -> None:
    catalog = Catalog(series={"series/pioneer-one-2010": SHOW})
    spec = {"title": "Pioneer One", "year": 2010, "seasons": [0]}
    desired = resolve(config(series=[spec]), catalog, NOW)
    assert keys(desired) == ["series/pioneer-one-2010/s00e01"]
    assert desired.slots[0].unit.special


def test_suspended_items_stay_declared_but_want_nothing() -> None:
    cfg = config(movies=[{"title": "Dune", "year": 2021, "suspend": True, "protect": True}])
    desired = resolve(cfg, Catalog(), NOW)
    assert desired.slots == ()
    assert desired.items == {"movie/dune-2021"}
    assert desired.protected == {"movie/dune-2021"}


def test_revision_changes_when_the_spec_changes() -> None:
    one = resolve(config(movies=[{"title": "Dune", "year": 2021}]), Catalog(), NOW)
    two = resolve(
        config(movies=[{"title": "Dune", "year": 2021, "tags": ["kids"]}]), Catalog(), NOW
    )
    assert one.slots[0].revision != two.slots[0].revision
    again = resolve(config(movies=[{"title": "Dune", "year": 2021}]), Catalog(), NOW)
    assert one.slots[0].revision == again.slots[0].revision


def test_listed_albums_and_all_albums_from_metadata() -> None:
    listed = {"artist": "Radiohead", "albums": [{"title": "OK Computer"}], "profile": "lossless"}
    desired = resolve(config(music=[listed]), Catalog(), NOW)
    assert keys(desired) == ["music/radiohead/ok-computer"]
    unit = desired.slots[0].unit
    assert (unit.kind, unit.creator, unit.title) == ("album", "Radiohead", "OK Computer")
    assert desired.items == {"music/radiohead", "music/radiohead/ok-computer"}

    every = {"artist": "Radiohead", "profile": "lossless"}
    assert resolve(config(music=[every]), Catalog(), NOW).problems[0].reason == "NoMetadata"
    meta = ArtistMeta(
        musicbrainz="a74b1b7f-71a5-4011-9441-d0b5e4122711",
        name="Radiohead",
        albums=(
            AlbumMeta(
                musicbrainz="b1",
                title="Kid A",
                primary_type="Album",
                first_release=date(2000, 10, 2),
            ),
            AlbumMeta(musicbrainz="b2", title="Creep", primary_type="Single"),
        ),
    )
    full = resolve(config(music=[every]), Catalog(artists={"music/radiohead": meta}), NOW)
    assert keys(full) == ["music/radiohead/kid-a"]
    assert full.slots[0].unit.year == 2000


def test_a_book_is_one_slot() -> None:
    book = {"author": "Frank Herbert", "title": "Dune", "profile": "ebook"}
    desired = resolve(config(books=[book]), Catalog(), NOW)
    (slot,) = desired.slots
    assert (slot.unit.key, slot.unit.kind, slot.unit.creator) == (
        "book/frank-herbert/dune",
        "book",
        "Frank Herbert",
    )


@pytest.mark.parametrize("section", ["movies", "series"])
def test_no_root_for_the_kind_is_a_problem(section: str) -> None:
    item = {"title": "Dune", "year": 2021}
    cfg = config(**{section: [item]}, library={"roots": {}})
    catalog = Catalog(series={"series/dune-2021": SHOW})
    desired = resolve(cfg, catalog, NOW)
    assert desired.slots == ()
    assert desired.problems[0].reason == "NoProfileOrRoot"


def test_slot_keys_are_unique() -> None:
    catalog = Catalog(series={"series/pioneer-one-2010": SHOW})
    cfg = config(
        movies=[{"title": "Dune", "year": 2021, "versions": [{"name": "a"}, {"name": "b"}]}],
        series=[{"title": "Pioneer One", "year": 2010, "seasons": "all"}],
    )
    found = keys(resolve(cfg, catalog, NOW))
    assert len(found) == len(set(found))


def test_an_album_declared_by_id_waits_for_its_title_then_takes_it_from_metadata() -> None:
    mbid = "48117b82-8a94-3f5c-a8b7-6f5ad6d7cb08"
    artist = {"artist": "Daft Punk", "albums": [{"musicbrainz": mbid}], "profile": "lossless"}
    desired = resolve(config(music=[artist]), Catalog(), NOW)
    assert desired.slots == ()
    assert desired.problems[0].reason == "NoMetadata"
    assert "album title unknown" in desired.problems[0].message
    meta = ArtistMeta(
        musicbrainz="056e4f3e-d505-4dad-8ec1-d04f521cbb56",
        name="Daft Punk",
        albums=(AlbumMeta(musicbrainz=mbid, title="Discovery", first_release=date(2001, 3, 12)),),
    )
    known = resolve(config(music=[artist]), Catalog(artists={"music/daft-punk": meta}), NOW)
    (slot,) = known.slots
    assert slot.key == f"music/daft-punk/mbid-{mbid}"  # the declared key, not the title's
    assert (slot.unit.title, slot.unit.year) == ("Discovery", 2001)

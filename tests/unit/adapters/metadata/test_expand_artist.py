from __future__ import annotations

from datetime import UTC, date, datetime

from mediaos.adapters.metadata.base import AlbumMeta, ArtistMeta
from mediaos.adapters.metadata.expand import album_kinds, expand_artist
from mediaos.schemas.media import ArtistSpec

NOW = datetime(2024, 3, 1, tzinfo=UTC)
MBID = "a74b1b7f-71a5-4011-9441-d0b5e4122711"
OK = "b1392450-e666-3926-a536-22c65f834433"

ARTIST = ArtistMeta(
    musicbrainz=MBID,
    name="Radiohead",
    albums=(
        AlbumMeta(OK, "OK Computer", primary_type="Album", first_release=date(1997, 5, 21)),
        AlbumMeta("e1", "Airbag", primary_type="EP", first_release=date(1998, 4, 21)),
        AlbumMeta(
            "l1",
            "I Might Be Wrong",
            primary_type="Album",
            secondary_types=("Live",),
            first_release=date(2001, 11, 12),
        ),
        AlbumMeta("n1", "New Album", primary_type="Album", first_release=date(2024, 6, 1)),
        AlbumMeta("t1", "Untitled", primary_type="Album"),
    ),
)


def titles(albums: tuple[AlbumMeta, ...]) -> list[str]:
    return [a.title for a in albums]


def test_all_wants_the_discography_of_the_chosen_types() -> None:
    spec = ArtistSpec(artist="Radiohead")
    assert titles(expand_artist(spec, ARTIST, NOW)) == ["OK Computer", "New Album", "Untitled"]
    spec = ArtistSpec(artist="Radiohead", album_types=["ep", "live"])
    assert titles(expand_artist(spec, ARTIST, NOW)) == ["Airbag", "I Might Be Wrong"]


def test_without_future_nothing_released_after_the_item_was_added() -> None:
    spec = ArtistSpec(artist="Radiohead", future=False)
    assert titles(expand_artist(spec, ARTIST, NOW)) == ["OK Computer"]


def test_listed_albums_match_by_id_or_by_title_and_year() -> None:
    spec = ArtistSpec.model_validate(
        {
            "artist": "Radiohead",
            "albums": [
                {"musicbrainz": OK},
                {"title": "airbag", "year": 1998},
                {"title": "I Might Be Wrong", "year": 1990},
                {"title": "Missing"},
            ],
        }
    )
    assert titles(expand_artist(spec, ARTIST, NOW)) == ["OK Computer", "Airbag"]


def test_secondary_types_decide_what_an_album_counts_as() -> None:
    assert album_kinds(ARTIST.albums[2]) == {"live"}
    assert album_kinds(ARTIST.albums[0]) == {"album"}
    assert album_kinds(AlbumMeta("x", "x")) == frozenset()

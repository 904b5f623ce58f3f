"""Wanted media: movies, series, music and books, with per-item overrides and versions.

Why `versions`: a 2160p copy for the living room and a 1080p copy for travel, or an ebook and
an audiobook of the same title, are separate wanted units with their own profile and root.
Sonarr/Radarr users need a second instance for that; here it is a list.

Every item has a key (see `mediaos.schemas.keys`) that `diff`, `explain`, the API and action
keys use; it is derived from the title and year, or from an id when no title is given.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from mediaos.schemas.keys import book_key, movie_key, music_key, series_key
from mediaos.schemas.types import ConfigPath, Language, Name, Spec


def _no_items() -> Any:
    """An empty-list default that pydantic builds with `list()` instead of deep-copying `[]`
    for every item that omits the field (three per item: ~25 ms of loading 11,000 items);
    the published schema still shows `default: []`."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def _pattern(regex: str, example: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} does not look like {example}")
        return value

    return AfterValidator(check)


ImdbId = Annotated[
    str,
    _pattern(r"tt\d{7,10}", "an IMDb id (tt0133093)"),
    WithJsonSchema({"type": "string", "pattern": r"^tt\d{7,10}$"}),
]
MusicBrainzId = Annotated[
    str,
    _pattern(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "a MusicBrainz id"),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"}),
]
Isbn = Annotated[
    str,
    _pattern(r"\d{9}[\dX]|\d{13}", "an ISBN-10 or ISBN-13 (digits only)"),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{9}[\dX]|\d{13})$"}),
]
OpenLibraryId = Annotated[
    str,
    _pattern(r"OL\d+[WM]", "an Open Library work or edition id (OL45883W)"),
    WithJsonSchema({"type": "string", "pattern": r"^OL\d+[WM]$"}),
]
Year = Annotated[int, Field(ge=1870, le=2100)]


class VersionSpec(Spec):
    name: Name
    """Version name, part of the item key (movie/dune-2021@2160p)."""
    profile: Name | None = None
    """Quality profile of this version; the item's when absent."""
    root: ConfigPath | None = None
    """Library root of this version; the item's when absent."""
    subtitles: list[Language] | None = None
    """Subtitle languages of this version; the item's when absent."""


class ItemSpec(Spec):
    profile: Name | None = None
    """Quality profile; quality.default_profile when absent."""
    root: ConfigPath | None = None
    """Library root for this item; library.roots of its kind when absent."""
    subtitles: list[Language] | None = None
    """Subtitle languages for this item; subtitles.languages when absent."""
    tags: list[Name] = _no_items()
    """Tags select indexers, delay profiles and notifications."""
    versions: list[VersionSpec] = _no_items()
    """Several copies of the item, each its own wanted unit; names are unique per item."""
    protect: bool = False
    """Never prune or recycle this item's files, whatever else the YAML says."""
    suspend: bool = False
    """Keep observing this item but take no action on it."""
    pin: str | None = None
    """Keep exactly this release (guid or info-hash) and never replace it."""

    def version_names(self) -> list[str | None]:
        return [v.name for v in self.versions] or [None]


class MovieSpec(ItemSpec):
    title: str | None = Field(None, min_length=1)
    """Title as released (the parser matches releases against it and its aliases)."""
    year: Year | None = None
    """Release year; with the title it identifies the movie."""
    tmdb: int | None = Field(None, ge=1)
    """TMDB id."""
    imdb: ImdbId | None = None
    """IMDb id."""
    aliases: list[str] = _no_items()
    """Other titles releases may use (foreign titles, AKAs)."""
    minimum_availability: Literal["announced", "in_cinemas", "released"] = "released"
    """Do not grab before this stage, so CAMs and fakes of unreleased movies are skipped."""

    @model_validator(mode="after")
    def _identified(self) -> MovieSpec:
        if self.tmdb is None and self.imdb is None and (self.title is None or self.year is None):
            raise ValueError("a movie needs title and year, or a tmdb or imdb id")
        return self

    def key(self) -> str:
        return self.item_key

    @cached_property
    def item_key(self) -> str:
        """Computed once: every loop asks, and slugs are not free."""
        return movie_key(self.title, self.year, self.tmdb, self.imdb)


class SeriesSpec(ItemSpec):
    title: str | None = Field(None, min_length=1)
    """Title as released."""
    year: Year | None = None
    """First-aired year, to tell apart series with the same title."""
    tvdb: int | None = Field(None, ge=1)
    """TheTVDB id."""
    tvmaze: int | None = Field(None, ge=1)
    """TVmaze id."""
    tmdb: int | None = Field(None, ge=1)
    """TMDB id."""
    imdb: ImdbId | None = None
    """IMDb id."""
    aliases: list[str] = _no_items()
    """Other titles releases may use."""
    type: Literal["standard", "daily", "anime"] = "standard"
    """standard matches SxxEyy, daily matches air dates, anime matches absolute numbers."""
    seasons: Literal["all", "future", "none"] | list[Annotated[int, Field(ge=0)]] = "all"
    """Seasons wanted: all, future (episodes not yet aired), none, or a list (0 = specials)."""
    season_folders: bool = True
    """Put episodes in per-season folders."""

    @model_validator(mode="after")
    def _identified(self) -> SeriesSpec:
        if self.title is None and all(
            i is None for i in (self.tvdb, self.tvmaze, self.tmdb, self.imdb)
        ):
            raise ValueError("a series needs a title or a tvdb, tvmaze, tmdb or imdb id")
        return self

    def key(self) -> str:
        return self.item_key

    @cached_property
    def item_key(self) -> str:
        """Computed once: every loop asks, and slugs are not free."""
        return series_key(self.title, self.year, self.tvdb, self.tvmaze, self.tmdb, self.imdb)


class AlbumSpec(Spec):
    title: str | None = Field(None, min_length=1)
    """Album title."""
    year: Year | None = None
    """Release year, to tell apart albums with the same title."""
    musicbrainz: MusicBrainzId | None = None
    """MusicBrainz release-group id."""
    profile: Name | None = None
    """Quality profile of this album; the artist's when absent."""

    @model_validator(mode="after")
    def _identified(self) -> AlbumSpec:
        if self.title is None and self.musicbrainz is None:
            raise ValueError("an album needs a title or a musicbrainz id")
        return self


class ArtistSpec(ItemSpec):
    artist: str | None = Field(None, min_length=1)
    """Artist name."""
    musicbrainz: MusicBrainzId | None = None
    """MusicBrainz artist id."""
    albums: Literal["all"] | list[AlbumSpec] = "all"
    """all (the whole discography of the chosen types) or a list of albums."""
    album_types: list[Literal["album", "ep", "single", "compilation", "live", "soundtrack"]] = [
        "album"
    ]
    """Release types that count as the discography."""
    future: bool = True
    """Also want albums released after this item was declared."""

    @model_validator(mode="after")
    def _identified(self) -> ArtistSpec:
        if self.artist is None and self.musicbrainz is None:
            raise ValueError("music needs an artist name or a musicbrainz id")
        return self

    def key(self) -> str:
        return self.item_key

    @cached_property
    def item_key(self) -> str:
        """Computed once: every loop asks, and slugs are not free."""
        return music_key(self.artist, self.musicbrainz)

    def album_keys(self) -> list[str]:
        if self.albums == "all":
            return []
        return [
            music_key(self.artist, self.musicbrainz, a.title, a.musicbrainz) for a in self.albums
        ]


class BookSpec(ItemSpec):
    author: str | None = Field(None, min_length=1)
    """Author name."""
    title: str | None = Field(None, min_length=1)
    """Book title."""
    year: Year | None = None
    """First publication year."""
    isbn: Isbn | None = None
    """ISBN-10 or ISBN-13."""
    openlibrary: OpenLibraryId | None = None
    """Open Library work or edition id."""
    aliases: list[str] = _no_items()
    """Other titles releases may use."""

    @model_validator(mode="after")
    def _identified(self) -> BookSpec:
        if (self.author is None or self.title is None) and (
            self.isbn is None and self.openlibrary is None
        ):
            raise ValueError("a book needs author and title, or an isbn or openlibrary id")
        return self

    def key(self) -> str:
        return self.item_key

    @cached_property
    def item_key(self) -> str:
        """Computed once: every loop asks, and slugs are not free."""
        return book_key(self.author, self.title, self.isbn, self.openlibrary)

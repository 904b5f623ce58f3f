"""The naming tokens: what each `{Token Name}` of a template means (protocols.md 9.2).

Why a table of small functions: `check_template` must know every token at config time and
`render` must fill it, so both read the same two dictionaries; a token added here is
immediately both valid and rendered.

Invariants a reader must not break:
- Keys are normalised spellings (`normalise_token`): lower case, separators (`- ._`) as one
  space. `{Air-Date}` and `{Air Date}` are one token: the separator does the dashes.
- Text functions return plain text (possibly empty), never None; number functions return an
  int or None. Cleaning and case are the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

MultiEpisodeStyle = Literal["prefixed_range", "extend", "duplicate", "repeat", "scene", "range"]
MULTI_EPISODE_STYLES: tuple[MultiEpisodeStyle, ...] = (
    "prefixed_range",
    "extend",
    "duplicate",
    "repeat",
    "scene",
    "range",
)


@dataclass(frozen=True, slots=True)
class NamingValues:
    """Everything a template may name. Unknown values stay None/empty and render empty."""

    # Series and episodes.
    series_title: str | None = None
    series_year: int | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    air_date: date | None = None
    episode_titles: tuple[str, ...] = ()
    anime: bool = False
    # Movies, albums and books share the release year.
    movie_title: str | None = None
    movie_original_title: str | None = None
    movie_collection: str | None = None
    movie_certification: str | None = None
    release_year: int | None = None
    edition_tags: tuple[str, ...] = ()
    artist_name: str | None = None
    album_title: str | None = None
    track: int | None = None
    disc: int | None = None
    track_title: str | None = None
    author_name: str | None = None
    book_title: str | None = None
    # Quality and media info.
    quality_title: str | None = None
    revision: int = 1
    real: int = 0
    video_codec: str | None = None
    video_bit_depth: int | None = None
    audio_codec: str | None = None
    audio_channels: str | None = None
    audio_languages: tuple[str, ...] = ()
    subtitle_languages: tuple[str, ...] = ()
    dynamic_range_types: tuple[str, ...] = ()
    three_d: bool = False
    # Provenance and ids.
    release_group: str | None = None
    release_hash: str | None = None
    original_title: str | None = None
    original_filename: str | None = None
    custom_formats: tuple[str, ...] = ()
    tvdb_id: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    tvmaze_id: int | None = None


def normalise_token(spelled: str) -> str:
    return re.sub(r"[- ._]+", " ", spelled).strip().lower()


def episode_numbers(episodes: tuple[int, ...]) -> list[int]:
    return sorted(set(episodes))


_ARTICLE = re.compile(r"^(The|An|A) (.*?)((?: *\([^)]+\))*)$", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"\s*\((?:19|20)\d{2}\)$")
_CLEAN_REMOVE = re.compile(r"[\"'`´’:;,!?¿¡()\[\]{}<>|*~^=]")
_PART = re.compile(r"\s*(?:\(\d+\)|,?\s*part\s*\d+)$", re.IGNORECASE)


def title_the(title: str) -> str:
    """ "The Office (US)" -> "Office, The (US)", as Sonarr's `TitleThe`."""
    match = _ARTICLE.match(title)
    if not match:
        return title
    return f"{match.group(2)}, {match.group(1)}{match.group(3)}".strip()


def clean_title(title: str) -> str:
    """Sonarr's `CleanTitle`: `&` spelled out, punctuation gone, one space between words."""
    title = title.replace("&", "and").replace("/", " ").replace("\\", " ")
    return " ".join(_CLEAN_REMOVE.sub("", title).split())


def title_year(title: str, year: int | None) -> str:
    if year is None or title.endswith(f"({year})"):
        return title
    return f"{title} ({year})"


def without_year(title: str) -> str:
    return _YEAR_SUFFIX.sub("", title)


def first_character(title: str) -> str:
    for char in title_the(title):
        if char.isalnum():
            return char.upper()
    return "_"


def episode_title(titles: tuple[str, ...]) -> str:
    """One title per file: "Pilot (1)" + "Pilot (2)" -> "Pilot"; others joined by " + "."""
    unique = list(dict.fromkeys(t.strip() for t in titles if t.strip()))
    if len(unique) > 1:
        bases = {_PART.sub("", t) for t in unique}
        if len(bases) == 1:
            return bases.pop()
    return " + ".join(unique)


def quality_proper(v: NamingValues) -> str:
    if v.revision < 2:
        return ""
    return f"v{v.revision}" if v.anime else "Proper"


def quality_full(v: NamingValues) -> str:
    parts = (v.quality_title or "", quality_proper(v), "REAL" if v.real > 0 else "")
    return " ".join(p for p in parts if p)


def _languages(codes: tuple[str, ...], *, skip_english_only: bool) -> str:
    upper = [c.split("-")[0].upper() for c in codes if c]
    upper = list(dict.fromkeys(upper))
    if not upper or (skip_english_only and upper == ["EN"]):
        return ""
    return "[" + "+".join(upper) + "]"


def _dynamic_range(v: NamingValues) -> str:
    return "HDR" if v.dynamic_range_types else ""


def _simple(v: NamingValues) -> str:
    return " ".join(p for p in (v.video_codec or "", v.audio_codec or "") if p)


def _full(v: NamingValues) -> str:
    audio = _languages(v.audio_languages, skip_english_only=True)
    subs = _languages(v.subtitle_languages, skip_english_only=False)
    return " ".join(p for p in (_simple(v), audio, subs) if p)


def _text(value: str | int | None) -> str:
    return "" if value is None else str(value)


def _family(
    prefix: str,
    get: Callable[[NamingValues], str | None],
    year: Callable[[NamingValues], int | None],
) -> dict[str, Callable[[NamingValues], str]]:
    """The variants Sonarr and Radarr derive from one title: `{Series TitleThe}`..."""

    def base(v: NamingValues) -> str:
        return get(v) or ""

    def with_year(v: NamingValues) -> str:
        return title_year(base(v), year(v)) if base(v) else ""

    variants: dict[str, Callable[[NamingValues], str]] = {
        "title": base,
        "titlethe": lambda v: title_the(base(v)),
        "titleyear": with_year,
        "titlewithoutyear": lambda v: without_year(base(v)),
        "titlefirstcharacter": lambda v: first_character(base(v)) if base(v) else "",
        "cleantitle": lambda v: clean_title(base(v)),
        "cleantitlethe": lambda v: clean_title(title_the(base(v))),
        "cleantitleyear": lambda v: clean_title(with_year(v)),
        "cleantitlewithoutyear": lambda v: clean_title(without_year(base(v))),
    }
    return {f"{prefix} {suffix}": fn for suffix, fn in variants.items()}


TEXT_TOKENS: dict[str, Callable[[NamingValues], str]] = {
    **_family("series", lambda v: v.series_title, lambda v: v.series_year),
    "series year": lambda v: _text(v.series_year),
    **_family("movie", lambda v: v.movie_title, lambda v: v.release_year),
    "movie originaltitle": lambda v: v.movie_original_title or "",
    "movie cleanoriginaltitle": lambda v: clean_title(v.movie_original_title or ""),
    "movie collection": lambda v: v.movie_collection or "",
    "movie certification": lambda v: v.movie_certification or "",
    "release year": lambda v: _text(v.release_year),
    "edition tags": lambda v: " ".join(v.edition_tags),
    "air date": lambda v: v.air_date.strftime("%Y %m %d") if v.air_date else "",
    "episode title": lambda v: episode_title(v.episode_titles),
    "episode cleantitle": lambda v: clean_title(episode_title(v.episode_titles)),
    "quality full": quality_full,
    "quality title": lambda v: v.quality_title or "",
    "quality proper": quality_proper,
    "quality real": lambda v: "REAL" if v.real > 0 else "",
    "mediainfo simple": _simple,
    "mediainfo full": _full,
    "mediainfo videocodec": lambda v: v.video_codec or "",
    "mediainfo videobitdepth": lambda v: _text(v.video_bit_depth),
    "mediainfo audiocodec": lambda v: v.audio_codec or "",
    "mediainfo audiochannels": lambda v: v.audio_channels or "",
    "mediainfo audiolanguages": lambda v: _languages(v.audio_languages, skip_english_only=True),
    "mediainfo audiolanguagesall": lambda v: _languages(v.audio_languages, skip_english_only=False),
    "mediainfo subtitlelanguages": lambda v: _languages(
        v.subtitle_languages, skip_english_only=False
    ),
    "mediainfo videodynamicrange": _dynamic_range,
    "mediainfo videodynamicrangetype": lambda v: " ".join(v.dynamic_range_types),
    "mediainfo 3d": lambda v: "3D" if v.three_d else "",
    "release group": lambda v: v.release_group or "",
    "release hash": lambda v: v.release_hash or "",
    "original title": lambda v: v.original_title or "",
    "original filename": lambda v: v.original_filename or "",
    "custom formats": lambda v: " ".join(v.custom_formats),
    "imdbid": lambda v: v.imdb_id or "",
    "artist name": lambda v: v.artist_name or "",
    "artist cleanname": lambda v: clean_title(v.artist_name or ""),
    "album title": lambda v: v.album_title or "",
    "album cleantitle": lambda v: clean_title(v.album_title or ""),
    "track title": lambda v: v.track_title or "",
    "track cleantitle": lambda v: clean_title(v.track_title or ""),
    "author name": lambda v: v.author_name or "",
    "author cleanname": lambda v: clean_title(v.author_name or ""),
    "book title": lambda v: v.book_title or "",
    "book cleantitle": lambda v: clean_title(v.book_title or ""),
}

NUMBER_TOKENS: dict[str, Callable[[NamingValues], int | None]] = {
    "season": lambda v: v.season,
    "episode": lambda v: min(v.episodes) if v.episodes else None,
    "absolute": lambda v: min(v.absolute_episodes) if v.absolute_episodes else None,
    "track": lambda v: v.track,
    "medium": lambda v: v.disc,
    "tvdbid": lambda v: v.tvdb_id,
    "tmdbid": lambda v: v.tmdb_id,
    "tvmazeid": lambda v: v.tvmaze_id,
}

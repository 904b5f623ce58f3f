"""Desired-state YAML written as text, for `mediaos adopt`.

Why text and not a round-trip dumper: an adopted library of 11,000 items must be written in
well under a second, and the result should read like a hand-written file (one item per
block, comments for what could not be identified). Strings are written as JSON strings,
which are valid YAML double-quoted scalars, so no title can break the file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_LINE = "# yaml-language-server: $schema=https://mediaos.dev/schemas/mediaos.schema.json"


@dataclass(frozen=True, slots=True)
class AdoptedMovie:
    title: str
    year: int | None
    tmdb: int | None = None
    imdb: str | None = None


@dataclass(frozen=True, slots=True)
class AdoptedSeries:
    title: str
    year: int | None = None
    tvdb: int | None = None
    tvmaze: int | None = None
    imdb: str | None = None
    seasons: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class AdoptedArtist:
    artist: str
    albums: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class AdoptedBook:
    author: str
    title: str
    year: int | None = None


@dataclass
class Adopted:
    roots: dict[str, Path]
    movies: list[AdoptedMovie] = field(default_factory=list)
    series: list[AdoptedSeries] = field(default_factory=list)
    music: list[AdoptedArtist] = field(default_factory=list)
    books: list[AdoptedBook] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


_PROFILES = {
    "movies": (
        "adopted-video",
        "[SDTV, DVD, WEBRip-480p, WEBDL-480p, Bluray-480p, Bluray-576p, "
        "HDTV-720p, WEBRip-720p, WEBDL-720p, Bluray-720p, HDTV-1080p, WEBRip-1080p, "
        "WEBDL-1080p, Bluray-1080p, Remux-1080p, HDTV-2160p, WEBRip-2160p, WEBDL-2160p, "
        "Bluray-2160p, Remux-2160p]",
        "Bluray-1080p",
    ),
    "music": (
        "adopted-audio",
        "[MP3-192, MP3-256, MP3-VBR-V0, AAC-256, MP3-320, AAC-320, ALAC, FLAC, FLAC 24bit]",
        "FLAC",
    ),
    "books": ("adopted-books", "[PDF, MOBI, AZW3, EPUB]", "EPUB"),
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _kv(key: str, value: object) -> str:
    if isinstance(value, str):
        return f"{key}: {_q(value)}"
    return f"{key}: {value}"


def render_adopted(adopted: Adopted, *, sources: Sequence[str], written_on: str) -> str:
    """The desired state describing `adopted`, as YAML text that `mediaos validate` accepts."""
    out = [
        SCHEMA_LINE,
        f"# Written by `mediaos adopt` on {written_on} from: {', '.join(sources)}.",
        "# Profiles below keep what you have (upgrades off); edit them to start upgrading.",
        "version: 1",
        "library:",
        "  roots:",
    ]
    out += [f"    {kind}: {_q(str(path))}" for kind, path in sorted(adopted.roots.items())]
    families = {"movies": "movies", "series": "movies", "music": "music", "books": "books"}
    used = sorted({families[k] for k in adopted.roots if _has_items(adopted, k)})
    if used:
        out += ["quality:", "  profiles:"]
        for family in used:
            name, allowed, cutoff = _PROFILES[family]
            out += [
                f"    {name}:",
                f"      allowed: {allowed}",
                f"      cutoff: {cutoff}",
                "      upgrades: false",
            ]
    profile_of = {k: _PROFILES[families[k]][0] for k in families}
    if adopted.movies:
        out.append("movies:")
        for movie in adopted.movies:
            out.append(f"  - {_kv('title', movie.title)}")
            out += [
                f"    {_kv(k, v)}"
                for k, v in (("year", movie.year), ("tmdb", movie.tmdb), ("imdb", movie.imdb))
                if v is not None
            ]
            out.append(f"    profile: {profile_of['movies']}")
    if adopted.series:
        out.append("series:")
        for show in adopted.series:
            out.append(f"  - {_kv('title', show.title)}")
            out += [
                f"    {_kv(k, v)}"
                for k, v in (
                    ("year", show.year),
                    ("tvdb", show.tvdb),
                    ("tvmaze", show.tvmaze),
                    ("imdb", show.imdb),
                )
                if v is not None
            ]
            out.append(f"    seasons: [{', '.join(str(s) for s in show.seasons)}]")
            out.append(f"    profile: {profile_of['series']}")
    if adopted.music:
        out.append("music:")
        for artist in adopted.music:
            out.append(f"  - {_kv('artist', artist.artist)}")
            out.append("    albums:")
            for title, year in artist.albums:
                out.append(f"      - {_kv('title', title)}")
                if year:
                    out.append(f"        year: {year}")
            out.append(f"    profile: {profile_of['music']}")
    if adopted.books:
        out.append("books:")
        for book in adopted.books:
            out += [f"  - {_kv('author', book.author)}", f"    {_kv('title', book.title)}"]
            if book.year:
                out.append(f"    year: {book.year}")
            out.append(f"    profile: {profile_of['books']}")
    if adopted.unmatched:
        out.append("# Not identified, so not declared (fix the names, or import them by hand):")
        out += [f"#   {_comment(path)}: {_comment(reason)}" for path, reason in adopted.unmatched]
    return "\n".join(out) + "\n"


def _has_items(adopted: Adopted, kind: str) -> bool:
    return bool(getattr(adopted, kind))


def _comment(text: str) -> str:
    """One line of comment text: no newlines or control characters from file names."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)

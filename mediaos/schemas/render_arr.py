"""Desired-state YAML for a library adopted from Sonarr/Radarr, written as text.

Why a renderer next to `render.py` rather than inside it: a scanned library gets the fixed
"adopted-*" profiles with upgrades off, while an *arr instance brings its own profiles, a
profile per item, series types, minimum availability, per-item root folders and tags. The
values extend `render.py`'s (`ArrAdopted` is an `Adopted`, `ArrMovieItem` an `AdoptedMovie`),
so either renderer accepts them; this one writes the extra fields.

Invariants: the output validates with `mediaos.schemas.load.load_config` (tests check it);
strings are JSON strings (valid YAML double-quoted scalars) so no title can break the file;
comments never carry control characters; 11,000 items render in well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from mediaos.schemas.render import SCHEMA_LINE, Adopted, AdoptedMovie, AdoptedSeries


@dataclass(frozen=True, slots=True)
class ArrMovieItem(AdoptedMovie):
    profile: str | None = None
    minimum_availability: str = "released"  # announced | in_cinemas | released
    root: str | None = None  # only when not the library root for movies
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArrSeriesItem(AdoptedSeries):
    tmdb: int | None = None
    type: str = "standard"  # standard | daily | anime
    profile: str | None = None
    root: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AdoptedProfile:
    name: str  # a valid profile name (lower-case slug)
    allowed: tuple[str, ...]  # canonical quality names, lowest to highest
    cutoff: str
    upgrades: bool
    origin: str  # 'Sonarr profile "HD-1080p"', written as a comment above the profile


@dataclass
class ArrAdopted(Adopted):
    profiles: list[AdoptedProfile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one sentence each, written as comments


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def render_arr_adopted(adopted: ArrAdopted, *, sources: Sequence[str], written_on: str) -> str:
    """The desired state describing `adopted`, as YAML text that `mediaos validate` accepts."""
    out = [
        SCHEMA_LINE,
        f"# Written by `mediaos adopt` on {written_on} from: {_comment(', '.join(sources))}.",
        "# Only monitored items are declared; paths are as Sonarr/Radarr see them.",
        "version: 1",
    ]
    if adopted.roots:
        out += ["library:", "  roots:"]
        out += [f"    {kind}: {_q(str(path))}" for kind, path in sorted(adopted.roots.items())]
    if adopted.profiles:
        out += ["quality:", "  profiles:"]
        for profile in adopted.profiles:
            out += [
                f"    # from {_comment(profile.origin)}",
                f"    {profile.name}:",
                f"      allowed: {_flow(profile.allowed)}",
                f"      cutoff: {_q(profile.cutoff)}",
                f"      upgrades: {'true' if profile.upgrades else 'false'}",
            ]
    if adopted.movies:
        out.append("movies:")
        for movie in adopted.movies:
            out += _movie_lines(movie)
    if adopted.series:
        out.append("series:")
        for show in adopted.series:
            out += _series_lines(show)
    if adopted.notes:
        out.append("# Notes from adoption:")
        out += [f"#   {_comment(note)}" for note in adopted.notes]
    if adopted.unmatched:
        out.append("# Not declared:")
        out += [f"#   {_comment(what)}: {_comment(why)}" for what, why in adopted.unmatched]
    return "\n".join(out) + "\n"


def _fields(pairs: Sequence[tuple[str, object]]) -> list[str]:
    lines = []
    for key, value in pairs:
        if value is None or value == () or value == "":
            continue
        if isinstance(value, tuple):
            lines.append(f"    {key}: {_flow([str(v) for v in value])}")
        elif isinstance(value, str):
            lines.append(f"    {key}: {_q(value)}")
        else:
            lines.append(f"    {key}: {value}")
    return lines


def _movie_lines(movie: AdoptedMovie) -> list[str]:
    lines = [f"  - title: {_q(movie.title)}"]
    pairs: list[tuple[str, object]] = [
        ("year", movie.year),
        ("tmdb", movie.tmdb),
        ("imdb", movie.imdb),
    ]
    if isinstance(movie, ArrMovieItem):
        availability = (
            None if movie.minimum_availability == "released" else movie.minimum_availability
        )
        pairs += [
            ("minimum_availability", availability),
            ("profile", movie.profile),
            ("root", movie.root),
            ("tags", movie.tags),
        ]
    return lines + _fields(pairs)


def _series_lines(show: AdoptedSeries) -> list[str]:
    lines = [f"  - title: {_q(show.title)}"]
    pairs: list[tuple[str, object]] = [
        ("year", show.year),
        ("tvdb", show.tvdb),
        ("tvmaze", show.tvmaze),
    ]
    if isinstance(show, ArrSeriesItem):
        pairs.append(("tmdb", show.tmdb))
    pairs.append(("imdb", show.imdb))
    if isinstance(show, ArrSeriesItem) and show.type != "standard":
        pairs.append(("type", show.type))
    lines += _fields(pairs)
    lines.append(f"    seasons: [{', '.join(str(s) for s in show.seasons)}]")
    if isinstance(show, ArrSeriesItem):
        lines += _fields([("profile", show.profile), ("root", show.root), ("tags", show.tags)])
    return lines

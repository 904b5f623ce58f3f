"""Desired state, resolved: the YAML plus metadata turned into the slots the library must fill.

Why one pure module: `diff`, `apply`, the RSS matcher, the downloads loop (which names the
files it imports) and the benchmarks all need the same answer to "what is wanted, judged
by which profile, stored under which root". It takes values (the config, the `Catalog` of
metadata, `now`) and returns values; no I/O, so `diff` can run it offline on cached metadata.

Rules, as *arr users know them:
- A movie is one slot, or one per `versions` entry (`movie/dune-2021@2160p`), each with
  its own profile and root.
- A series is one slot per wanted episode (`expand_series`: `all` is seasons 1 and up,
  specials only when 0 is listed) that has aired, plus one `season` slot per season whose
  wanted episodes have all aired; the acquisition planner decides when a season pack is
  worth searching for. Episodes not aired yet are not slots: nothing can be grabbed for them.
- A series with no metadata yet (never fetched, or the fetch failed) is a `Problem`, not an
  empty series: `diff` says the episode list is unknown instead of claiming all is well.
- An artist's listed albums are slots (`music/<artist>/<album>`); `albums: all` needs the
  artist's metadata. A book is one slot.
- `suspend: true` keeps the item declared (nothing is removed) but plans no acquisition.

Invariants: slot keys are unique; `Desired.items` holds every declared item key, suspended
ones included, since the removal loop must not treat a suspended item as removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    BookMeta,
    EpisodeMeta,
    MovieMeta,
    SeriesMeta,
)
from mediaos.adapters.metadata.expand import (
    album_kinds,
    expand_series,
    has_aired,
)
from mediaos.core.actions import ItemKey, revision_of
from mediaos.core.wanted import WantedUnit
from mediaos.reconcilers.base import Problem
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.keys import episode_key, music_key, slugify, versioned
from mediaos.schemas.media import ArtistSpec, BookSpec, ItemSpec, MovieSpec, SeriesSpec
from mediaos.schemas.quality import ProfileSpec

SlotKind = Literal["movies", "series", "music", "books"]


@dataclass(frozen=True, slots=True)
class Catalog:
    """Metadata known for declared items, by declared item key (`MovieSpec.key()` ...).

    Built by the engine from the metadata cache (offline) or the sources (`--refresh`);
    a missing entry means "not known", never "has nothing".
    """

    movies: Mapping[str, MovieMeta] = field(default_factory=dict)
    series: Mapping[str, SeriesMeta] = field(default_factory=dict)
    artists: Mapping[str, ArtistMeta] = field(default_factory=dict)
    books: Mapping[str, BookMeta] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Slot:
    """One place in the library to fill: what to look for, how to judge it, where it goes."""

    unit: WantedUnit
    """`unit.key` is the key of every action, condition and decision for this slot."""
    item: str
    """The declared item it comes from (`series/pioneer-one-2010`), without unit or version."""
    kind: SlotKind
    profile_name: str
    profile: ProfileSpec
    root: Path
    """Library root the slot's files live under."""
    revision: str
    """`revision_of` the declaring spec: changes when the user edits the item."""
    protect: bool = False
    covers: tuple[str, ...] = ()
    """A season slot: the episode slot keys a pack fills. Others: empty."""
    episode_title: str = ""
    """Episodes: the episode's title, for naming."""
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Desired:
    """Everything wanted, in config order, and what could not be resolved."""

    slots: tuple[Slot, ...]
    items: frozenset[str]
    """Every declared item key (suspended ones too)."""
    protected: frozenset[str]
    """Declared item keys with `protect: true`."""
    problems: tuple[Problem, ...] = ()

    def by_key(self) -> dict[str, Slot]:
        return {s.unit.key: s for s in self.slots}


class _Resolver:
    def __init__(self, config: MediaOSConfig) -> None:
        self.config = config
        profiles = config.quality.profiles
        self.only = next(iter(profiles)) if len(profiles) == 1 else None

    def profile(self, *names: str | None) -> tuple[str, ProfileSpec] | None:
        for name in (*names, self.config.quality.default_profile, self.only):
            if name is not None and name in self.config.quality.profiles:
                return name, self.config.quality.profiles[name]
        return None

    def root(self, kind: SlotKind, *overrides: Path | None) -> Path | None:
        for path in overrides:
            if path is not None:
                return path
        roots = self.config.library.roots
        return {
            "movies": roots.movies,
            "series": roots.series,
            "music": roots.music,
            "books": roots.books,
        }[kind]


def resolve(config: MediaOSConfig, catalog: Catalog, now: datetime) -> Desired:
    """The slots `config` wants given what `catalog` knows at `now`; see the module docstring."""
    resolver = _Resolver(config)
    slots: list[Slot] = []
    problems: list[Problem] = []
    items: set[str] = set()
    protected: set[str] = set()

    def declare(spec: ItemSpec, key: str) -> bool:
        items.add(key)
        if spec.protect:
            protected.add(key)
        return not spec.suspend

    for movie in config.movies:
        key = movie.key()
        if declare(movie, key):
            slots.extend(_movie_slots(movie, key, catalog.movies.get(key), resolver, problems))
    for series in config.series:
        key = series.key()
        if declare(series, key):
            slots.extend(
                _series_slots(series, key, catalog.series.get(key), resolver, now, problems)
            )
    for artist in config.music:
        key = artist.key()
        items.update(artist.album_keys())
        if declare(artist, key):
            slots.extend(_album_slots(artist, key, catalog.artists.get(key), resolver, problems))
    for book in config.books:
        key = book.key()
        if declare(book, key):
            slots.extend(_book_slots(book, key, catalog.books.get(key), resolver, problems))
    return Desired(tuple(slots), frozenset(items), frozenset(protected), tuple(problems))


def _revision(spec: ItemSpec) -> str:
    return revision_of(spec.model_dump_json(exclude_defaults=True))


def _no_metadata(message: str, key: str) -> Problem:
    return Problem("metadata", "NoMetadata", message, ItemKey(key))


def _missing(what: str, key: str, problems: list[Problem]) -> None:
    problems.append(Problem("config", "NoProfileOrRoot", f"{key}: no {what} to use", ItemKey(key)))


def _movie_slots(
    spec: MovieSpec,
    key: str,
    meta: MovieMeta | None,
    resolver: _Resolver,
    problems: list[Problem],
) -> list[Slot]:
    revision = _revision(spec)
    title = spec.title or (meta.title if meta else None)
    if title is None:
        problems.append(_no_metadata(f"{key}: title unknown until metadata is fetched", key))
        return []
    aliases = tuple(dict.fromkeys([*spec.aliases, *(meta.alternative_titles if meta else ())]))
    versions: list[tuple[str | None, str | None, Path | None]] = [
        (v.name, v.profile, v.root) for v in spec.versions
    ] or [(None, None, None)]
    slots = []
    for version, profile_name, root_override in versions:
        unit_key = versioned(key, version)
        profile = resolver.profile(profile_name, spec.profile)
        root = resolver.root("movies", root_override, spec.root)
        if profile is None or root is None:
            _missing("quality profile" if profile is None else "movies root", unit_key, problems)
            continue
        unit = WantedUnit(
            key=unit_key,
            kind="movie",
            title=title,
            aliases=aliases,
            year=spec.year or (meta.year if meta else None),
            imdb_id=spec.imdb or (meta.imdb if meta else None),
            tmdb_id=spec.tmdb or (meta.tmdb if meta else None),
            runtime_minutes=meta.runtime if meta else None,
            profile=profile[0],
            tags=tuple(spec.tags),
            minimum_availability=spec.minimum_availability,
            in_cinemas=meta.in_cinemas if meta else None,
            digital_release=meta.digital if meta else None,
            physical_release=meta.physical if meta else None,
            pin=spec.pin,
        )
        slots.append(
            Slot(unit, key, "movies", *profile, root, revision, spec.protect, version=version)
        )
    return slots


def _series_slots(
    spec: SeriesSpec,
    key: str,
    meta: SeriesMeta | None,
    resolver: _Resolver,
    now: datetime,
    problems: list[Problem],
) -> list[Slot]:
    if meta is None:
        problems.append(
            _no_metadata(
                f"{key}: episode list unknown (metadata not fetched yet; "
                "`mediaos diff --refresh` or `apply` fetches it)",
                key,
            )
        )
        return []
    profile = resolver.profile(spec.profile)
    root = resolver.root("series", spec.root)
    if profile is None or root is None:
        _missing("quality profile" if profile is None else "series root", key, problems)
        return []
    revision = _revision(spec)
    title = spec.title or meta.title
    aliases = tuple(dict.fromkeys([*spec.aliases, *meta.alternative_titles]))
    year = spec.year or meta.year
    common = {
        "title": title,
        "aliases": aliases,
        "year": year,
        "imdb_id": spec.imdb or meta.imdb,
        "tvdb_id": spec.tvdb or meta.tvdb,
        "tmdb_id": spec.tmdb or meta.tmdb,
        "series_type": spec.type,
        "profile": profile[0],
        "tags": tuple(spec.tags),
        "pin": spec.pin,
    }
    slots: list[Slot] = []
    by_season: dict[int, list[EpisodeMeta]] = {}
    unaired: set[int] = set()
    for episode in expand_series(spec, meta, now):
        if not has_aired(episode, now):
            unaired.add(episode.season)
            continue
        by_season.setdefault(episode.season, []).append(episode)
        unit = WantedUnit(
            key=episode_key(key, episode.season, episode.number),
            kind="episode",
            season=episode.season,
            episodes=(episode.number,),
            absolute_episodes=(episode.absolute,) if episode.absolute is not None else (),
            air_date=episode.air_date,
            special=episode.season == 0,
            runtime_minutes=episode.runtime or meta.runtime,
            **common,  # type: ignore[arg-type]
        )
        slots.append(
            Slot(
                unit,
                key,
                "series",
                *profile,
                root,
                revision,
                spec.protect,
                episode_title=episode.title,
            )
        )
    for season, episodes in by_season.items():
        if season in unaired or season == 0 or len(episodes) < 2:
            continue
        runtimes = [e.runtime or meta.runtime for e in episodes]
        unit = WantedUnit(
            key=f"{key}/s{season:02d}",
            kind="season",
            season=season,
            episodes=tuple(e.number for e in episodes),
            runtime_minutes=sum(r for r in runtimes if r) if all(runtimes) else None,
            **common,  # type: ignore[arg-type]
        )
        covers = tuple(episode_key(key, season, e.number) for e in episodes)
        slots.append(
            Slot(unit, key, "series", *profile, root, revision, spec.protect, covers=covers)
        )
    return slots


def _album_slots(
    spec: ArtistSpec,
    key: str,
    meta: ArtistMeta | None,
    resolver: _Resolver,
    problems: list[Problem],
) -> list[Slot]:
    root = resolver.root("music", spec.root)
    revision = _revision(spec)
    artist = spec.artist or (meta.name if meta else None)
    wanted: list[tuple[str, str | None, int | None, str | None]] = []  # title, mbid, year, profile
    if spec.albums == "all":
        if meta is None:
            problems.append(_no_metadata(f"{key}: album list unknown until fetched", key))
            return []
        kinds = frozenset(spec.album_types)
        for album in meta.albums:
            if album_kinds(album) & kinds or _primary(album) in kinds:
                year = album.first_release.year if album.first_release else None
                wanted.append((album.title, album.musicbrainz, year, None))
    else:
        wanted = [(a.title or "", a.musicbrainz, a.year, a.profile) for a in spec.albums]
    slots = []
    for title, mbid, year, own_profile in wanted:
        unit_key = music_key(spec.artist, spec.musicbrainz, title or None, mbid)
        profile = resolver.profile(own_profile, spec.profile)
        if profile is None or root is None or artist is None:
            _missing("quality profile or music root", unit_key, problems)
            continue
        unit = WantedUnit(
            key=unit_key,
            kind="album",
            title=title or artist,
            year=year,
            creator=artist,
            profile=profile[0],
            tags=tuple(spec.tags),
            pin=spec.pin,
        )
        slots.append(Slot(unit, key, "music", *profile, root, revision, spec.protect))
    return slots


def _primary(album: AlbumMeta) -> str:
    return slugify(album.primary_type or "album")


def _book_slots(
    spec: BookSpec,
    key: str,
    meta: BookMeta | None,
    resolver: _Resolver,
    problems: list[Problem],
) -> list[Slot]:
    title = spec.title or (meta.title if meta else None)
    author = spec.author or (meta.author if meta else None)
    profile = resolver.profile(spec.profile)
    root = resolver.root("books", spec.root)
    if title is None or author is None:
        problems.append(_no_metadata(f"{key}: title unknown until metadata is fetched", key))
        return []
    if profile is None or root is None:
        _missing("quality profile or books root", key, problems)
        return []
    unit = WantedUnit(
        key=key,
        kind="book",
        title=title,
        aliases=tuple(spec.aliases),
        year=spec.year or (meta.first_publish_year if meta else None),
        creator=author,
        profile=profile[0],
        tags=tuple(spec.tags),
        pin=spec.pin,
    )
    return [Slot(unit, key, "books", *profile, root, _revision(spec), spec.protect)]

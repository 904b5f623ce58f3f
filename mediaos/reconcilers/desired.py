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

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, partial
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

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
from mediaos.core.actions import ItemKey
from mediaos.core.wanted import WantedUnit
from mediaos.reconcilers.base import Problem
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.keys import music_key, slugify, versioned
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


class Slot:
    """One place in the library to fill: what to look for, how to judge it, where it goes.

    Why not a frozen dataclass: a library of 100,000 episodes makes 100,000 slots on every
    `diff`, and most of them are only looked up by key (held? grabbed?). The `WantedUnit`
    the decision engine needs is built on first use (from a factory here; episode and movie
    slots are subclasses that keep their metadata and build it themselves, without this
    constructor's generality), so planning a large, mostly complete library costs a key and
    a few references per slot. Treat it as immutable. The subclasses set every field
    themselves rather than call this constructor (one call less per slot): a new field is
    set in all three.
    """

    __slots__ = (
        "_make",
        "_unit",
        "covers",
        "episode_title",
        "item",
        "key",
        "kind",
        "profile",
        "profile_name",
        "protect",
        "revision",
        "root",
        "version",
    )

    def __init__(
        self,
        unit: WantedUnit | Callable[[], WantedUnit],
        item: str,
        kind: SlotKind,
        profile_name: str,
        profile: ProfileSpec,
        root: Path,
        revision: str,
        protect: bool = False,
        covers: tuple[str, ...] = (),
        episode_title: str = "",
        version: str | None = None,
        *,
        key: str | None = None,
    ) -> None:
        if isinstance(unit, WantedUnit):
            self._unit: WantedUnit | None = unit
            self._make: Callable[[], WantedUnit] | None = None
            self.key: str = unit.key
        else:
            if key is None:
                raise ValueError("a Slot built from a factory needs its key")
            self._unit, self._make, self.key = None, unit, key
        self.item = item
        """The declared item it comes from (`series/pioneer-one-2010`), no unit or version."""
        self.kind = kind
        self.profile_name = profile_name
        self.profile = profile
        self.root = root
        """Library root the slot's files live under."""
        self.revision = revision
        """A hash of the declaring spec: changes when the user edits the item."""
        self.protect = protect
        self.covers = covers
        """A season slot: the episode slot keys a pack fills. Others: empty."""
        self.episode_title = episode_title
        """Episodes: the episode's title, for naming."""
        self.version = version

    @property
    def unit(self) -> WantedUnit:
        """What releases are judged against; `unit.key == key`."""
        if self._unit is None:
            assert self._make is not None
            self._unit = self._make()
        return self._unit

    def movie_ids(self) -> tuple[int | None, str | None]:
        """(TMDB id, IMDb id) of a movie slot, for finding its file by id."""
        return self.unit.tmdb_id, self.unit.imdb_id

    def __repr__(self) -> str:
        return f"Slot({self.key!r}, profile={self.profile_name!r}, root={str(self.root)!r})"

    def _identity(self) -> tuple[object, ...]:
        return (self.key, self.item, self.kind, self.profile_name, self.root, self.revision)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Slot):
            return NotImplemented
        return self._identity() == other._identity() and self.unit == other.unit

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True, slots=True)
class Desired:
    """Everything wanted, in config order, and what could not be resolved."""

    slots: tuple[Slot, ...]
    items: frozenset[str]
    """Every declared item key (suspended ones too)."""
    protected: frozenset[str]
    """Declared item keys with `protect: true`."""
    problems: tuple[Problem, ...] = ()
    _index: dict[str, Slot] = field(default_factory=dict, init=False, repr=False, compare=False)

    def by_key(self) -> Mapping[str, Slot]:
        """Slots by key, built once (every loop asks; 100,000 slots cost 10 ms a build)."""
        if not self._index and self.slots:
            self._index.update(zip(map(_KEY_OF, self.slots), self.slots, strict=True))
        return self._index


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
        return self.roots[kind]

    @cached_property
    def roots(self) -> dict[SlotKind, Path | None]:
        roots = self.config.library.roots
        return {
            "movies": roots.movies,
            "series": roots.series,
            "music": roots.music,
            "books": roots.books,
        }


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
    """`revision_of` for an item spec. Item specs hold no secrets, so the dump is hashed
    as it is (10,000 movies: 30 ms instead of 150 ms through the generic JSON round trip)."""
    dumped = type(spec).__pydantic_serializer__.to_json(spec, exclude_defaults=True)
    return hashlib.sha256(dumped).hexdigest()[:16]


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
    versions: list[tuple[str | None, str | None, Path | None]] = [
        (v.name, v.profile, v.root) for v in spec.versions
    ] or [(None, None, None)]
    slots: list[Slot] = []
    for version, profile_name, root_override in versions:
        unit_key = versioned(key, version)
        profile = resolver.profile(profile_name, spec.profile)
        root = resolver.root("movies", root_override, spec.root)
        if profile is None or root is None:
            _missing("quality profile" if profile is None else "movies root", unit_key, problems)
            continue
        slots.append(
            _MovieSlot(unit_key, key, *profile, root, revision, spec, meta, title, version)
        )
    return slots


class _MovieSlot(Slot):
    """A movie (version)'s slot; its unit is built on first use, as most movies of a large
    library are only looked up by key (held at the cutoff: nothing to judge)."""

    __slots__ = ("meta", "spec", "title")

    def __init__(
        self,
        key: str,
        item: str,
        profile_name: str,
        profile: ProfileSpec,
        root: Path,
        revision: str,
        spec: MovieSpec,
        meta: MovieMeta | None,
        title: str,
        version: str | None,
    ) -> None:
        self.key = key
        self.item = item
        self.kind = "movies"
        self.profile_name = profile_name
        self.profile = profile
        self.root = root
        self.revision = revision
        self.protect = spec.protect
        self.covers = ()
        self.episode_title = ""
        self.version = version
        self._unit = None
        self._make = None
        self.spec, self.meta, self.title = spec, meta, title

    def movie_ids(self) -> tuple[int | None, str | None]:
        spec, meta = self.spec, self.meta  # as `unit` has them, without building it
        return spec.tmdb or (meta.tmdb if meta else None), spec.imdb or (
            meta.imdb if meta else None
        )

    @property
    def unit(self) -> WantedUnit:
        if self._unit is None:
            spec, meta = self.spec, self.meta
            self._unit = WantedUnit(
                key=self.key,
                kind="movie",
                title=self.title,
                aliases=tuple(
                    dict.fromkeys([*spec.aliases, *(meta.alternative_titles if meta else ())])
                ),
                year=spec.year or (meta.year if meta else None),
                imdb_id=spec.imdb or (meta.imdb if meta else None),
                tmdb_id=spec.tmdb or (meta.tmdb if meta else None),
                runtime_minutes=meta.runtime if meta else None,
                profile=self.profile_name,
                tags=tuple(spec.tags),
                minimum_availability=spec.minimum_availability,
                in_cinemas=meta.in_cinemas if meta else None,
                digital_release=meta.digital if meta else None,
                physical_release=meta.physical if meta else None,
                pin=spec.pin,
            )
        return self._unit


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
    common: dict[str, Any] = {
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
    shared = (WantedUnit(key=key, kind="episode", **common), meta.runtime)
    today = now.date()
    wanted = expand_series(spec, meta, now)
    aired = [e for e in wanted if has_aired(e, now, today)]
    unaired = (
        {e.season for e in wanted if not has_aired(e, now, today)}
        if len(aired) < len(wanted)
        else set()
    )
    name, judged_by, protect, two = profile[0], profile[1], spec.protect, _TWO_DIGITS
    # The hot loop of a large `diff` (100,000 episodes): one object per episode, the key
    # built from a table (`:02d` formatting costs more than the rest of the loop).
    episode_slots = [
        _EpisodeSlot(
            f"{key}/s{two[e.season]}e{two[e.number]}"
            if 0 <= e.season < 100 and 0 <= e.number < 100
            else f"{key}/s{e.season:02d}e{e.number:02d}",
            key,
            name,
            judged_by,
            root,
            revision,
            protect,
            e,
            shared,
        )
        for e in aired
    ]
    slots: list[Slot] = list(episode_slots)
    by_season: dict[int, list[_EpisodeSlot]] = {}
    for season, run in groupby(episode_slots, key=_SEASON_OF):  # runs of one season
        by_season.setdefault(season, []).extend(run)
    for season, episodes in by_season.items():
        if season in unaired or season == 0 or len(episodes) < 2:
            continue
        metas = [e.episode for e in episodes]
        runtimes = [e.runtime or meta.runtime for e in metas]
        season_key = f"{key}/s{season:02d}"
        make_season = partial(
            WantedUnit,
            key=season_key,
            kind="season",
            season=season,
            episodes=tuple(e.number for e in metas),
            runtime_minutes=sum(r for r in runtimes if r) if all(runtimes) else None,
            **common,
        )
        covers = tuple(e.key for e in episodes)
        slots.append(
            Slot(
                make_season,
                key,
                "series",
                *profile,
                root,
                revision,
                spec.protect,
                covers=covers,
                key=season_key,
            )
        )
    return slots


_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_KEY_OF = attrgetter("key")
_SEASON_OF = attrgetter("episode.season")


class _EpisodeSlot(Slot):
    """An episode's slot, built without `Slot.__init__`'s generality (100,000 per `diff`):
    the series' values are passed once; the unit is built from the series' template and the
    episode on first use."""

    __slots__ = ("episode", "template")

    def __init__(
        self,
        key: str,
        item: str,
        profile_name: str,
        profile: ProfileSpec,
        root: Path,
        revision: str,
        protect: bool,
        episode: EpisodeMeta,
        template: tuple[WantedUnit, int | None],
    ) -> None:
        self.key = key
        self.item = item
        self.kind = "series"
        self.profile_name = profile_name
        self.profile = profile
        self.root = root
        self.revision = revision
        self.protect = protect
        self.covers = ()
        self.version = None
        self.episode_title = episode.title
        self._unit = None
        self._make = None
        self.episode = episode
        """The episode's metadata."""
        self.template = template
        """The series' unit and typical runtime."""

    @property
    def unit(self) -> WantedUnit:
        if self._unit is None:
            e = self.episode
            template, runtime = self.template
            self._unit = replace(
                template,
                key=self.key,
                season=e.season,
                episodes=(e.number,),
                absolute_episodes=(e.absolute,) if e.absolute is not None else (),
                air_date=e.air_date,
                special=e.season == 0,
                runtime_minutes=e.runtime or runtime,
            )
        return self._unit


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
    known = {a.musicbrainz: a for a in meta.albums} if meta else {}
    slots = []
    for declared, mbid, year, own_profile in wanted:
        unit_key = music_key(spec.artist, spec.musicbrainz, declared or None, mbid)
        found = known.get(mbid) if mbid else None
        title = declared or (found.title if found else "")
        if year is None and found is not None and found.first_release is not None:
            year = found.first_release.year
        if not title or artist is None:
            # Searching by an artist name alone would grab any of their albums.
            missing = "artist name" if artist is None else "album title"
            problems.append(
                _no_metadata(f"{unit_key}: {missing} unknown until metadata is fetched", unit_key)
            )
            continue
        profile = resolver.profile(own_profile, spec.profile)
        if profile is None or root is None:
            _missing("quality profile or music root", unit_key, problems)
            continue
        unit = WantedUnit(
            key=unit_key,
            kind="album",
            title=title,
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

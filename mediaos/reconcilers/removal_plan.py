"""The removal planner: what stops when an item leaves the YAML, and the mass-removal guard.

Rules:
- A live grab whose item is no longer declared is cancelled (`Cancel`: removed from its
  client with its data). So is a live grab of a declared, resolved item for a unit it no
  longer wants (seasons narrowed, a version dropped). A season pack's grab (`series/x/sNN`)
  is wanted while any episode slot of that season is: the season slot itself disappears as
  soon as metadata adds an episode not aired yet, which must not cancel the pack.
- Library files are pruned (`Prune`: moved to the recycle bin, never deleted) only when
  `library.prune` is on, a recycle bin is configured, and the file:
  - lies under a MediaOS root and was identified (an unmatched file is never pruned), and
    belongs to no declared item; or
  - is an episode of a declared series whose episodes are known (it has slots), whose
    `seasons` is an explicit list, and whose season is not in that list (the list was
    narrowed). Never because an episode is not a slot: slots leave out episodes not aired
    yet or without a date (an early release, a TBA), specials under `all`, and past
    seasons under `future`, all of which a library may rightly hold. So nothing is pruned
    for airing, season 0 only when the list omits it, nothing under `all`, `future` or
    `none`; or
  - was imported by MediaOS for a movie version no longer declared, while the movie still
    declares other versions (no versions at all: the old file may fill the plain slot);
  and its item is not `protect: true`.
- "Belongs to a declared item" is generous on purpose, since a wrong "no" loses a file from
  the library: the item key or its parent (`series/x` for `series/x/s01e02`), the same slug
  with or without a year, any id in common (tmdb, imdb, tvdb), or the title's slug equal to
  a declared title or alias of the same kind.
- Guard: when the actions would touch more than `max_removals` items (distinct items such
  as `series/x`, not episodes or files), the pass plans none of them and reports
  `MassRemovalRefused` (a half-synced Git checkout must never empty a library) unless
  `--allow-mass-removal` was given.

Pure: values in, values out; no clock (nothing here depends on time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Final

from mediaos.core.actions import Action, Cancel, ItemKey, Plan, Prune
from mediaos.reconcilers.base import Observed, Problem
from mediaos.reconcilers.desired import Desired
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.keys import episode_key, slugify
from mediaos.state.downloads import DownloadRecord
from mediaos.state.grabs import GrabRecord

MASS_REMOVAL_REFUSED: Final = "MassRemovalRefused"
PRUNE_NEEDS_RECYCLE_BIN: Final = "PruneNeedsRecycleBin"
_YEAR: Final = re.compile(r"-(?:19|20)\d{2}$")
_EPISODE: Final = re.compile(r"/s(\d{2,})e(\d{2,})$")
_SEASON_OF: Final = re.compile(r"^(.+/s\d{2,})e\d{2,}$")
_FAMILY: Final = {"movie": "movie", "episode": "series", "track": "music", "book": "book"}


@dataclass(frozen=True, slots=True)
class LibraryFile:
    """A media file of the library index, with what its name said."""

    root: str
    path: str
    """Relative to `root`, `/`-separated."""
    kind: str
    item_key: str | None
    title: str | None = None
    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None

    @property
    def full_path(self) -> PurePosixPath:
        return PurePosixPath(self.root) / self.path


@dataclass(frozen=True, slots=True)
class DeclaredItem:
    """What a declared item is known by: its key, ids and title slugs."""

    key: str
    ids: frozenset[str] = frozenset()
    slugs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovalObserved(Observed):
    grabs: tuple[GrabRecord, ...] = ()
    """Live grabs."""
    files: tuple[LibraryFile, ...] = ()
    """Media files of the library index under MediaOS roots."""
    imported: tuple[DownloadRecord, ...] = ()
    """Downloads MediaOS imported, with the library paths it wrote."""
    declared: tuple[DeclaredItem, ...] = ()
    listed_seasons: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """Per declared series whose `seasons` is an explicit list: that list."""
    prune: bool = False
    recycle_bin: bool = False
    max_removals: int = 10
    allow_mass_removal: bool = False


@dataclass(frozen=True, slots=True)
class RemovalPlan:
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...] = ()
    refused: int = 0
    """How many items the guard held back (0: nothing refused)."""


def listed_seasons(config: MediaOSConfig) -> dict[str, frozenset[int]]:
    """The seasons each series lists explicitly (`all`, `future`, `none`: absent)."""
    return {
        series.key(): frozenset(series.seasons)
        for series in config.series
        if isinstance(series.seasons, list)
    }


def declared_items(config: MediaOSConfig, desired: Desired) -> tuple[DeclaredItem, ...]:
    """Every declared item with its ids and title slugs, from the YAML and the slots."""
    found: dict[str, tuple[set[str], set[str]]] = {}

    def add(key: str, ids: Iterable[object], titles: Iterable[str | None]) -> None:
        known_ids, slugs = found.setdefault(key, (set(), set()))
        known_ids.update(str(i).lower() for i in ids if i is not None)
        slugs.update(_bare(slugify(t)) for t in titles if t)

    for movie in config.movies:
        add(movie.key(), [movie.tmdb and f"tmdb-{movie.tmdb}", movie.imdb],
            [movie.title, *movie.aliases])  # fmt: skip
    for series in config.series:
        add(series.key(), [series.tvdb and f"tvdb-{series.tvdb}", series.imdb,
                           series.tmdb and f"tmdb-{series.tmdb}"],
            [series.title, *series.aliases])  # fmt: skip
    for artist in config.music:
        add(artist.key(), [artist.musicbrainz], [artist.artist])
    for book in config.books:
        add(book.key(), [book.isbn], [book.title, *book.aliases])
    seen: set[tuple[str, str]] = set()
    for slot in desired.slots:
        # Every unit of an item shares its titles and ids (an album: its artist), so one
        # unit per item is enough; building 100,000 episode units would cost seconds.
        if (slot.item, slot.kind) in seen and slot.kind != "music":
            continue
        seen.add((slot.item, slot.kind))
        unit = slot.unit
        ids = [unit.tmdb_id and f"tmdb-{unit.tmdb_id}", unit.imdb_id,
               unit.tvdb_id and f"tvdb-{unit.tvdb_id}"]  # fmt: skip
        titles = [unit.title, *unit.aliases] if unit.kind != "album" else [unit.creator]
        add(slot.item, ids, titles)
    return tuple(
        DeclaredItem(key, frozenset(ids - {"0", "none"}), frozenset(slugs - {""}))
        for key, (ids, slugs) in sorted(found.items())
    )


def _item_of(key: str) -> str:
    """The item a unit key belongs to (`series/x` for `series/x/s01e02`, `movie/y` for
    `movie/y@2160p`): the guard counts items, so one series with many episodes is one."""
    return "/".join(key.split("@", 1)[0].split("/")[:2])


def _bare(slug: str) -> str:
    return _YEAR.sub("", slug)


class _Owners:
    """Which declared item a key or a library file belongs to (see the module rules)."""

    def __init__(self, desired: Desired, declared: Iterable[DeclaredItem]) -> None:
        self.keys = set(desired.items)
        self.by_bare: dict[str, str] = {}
        self.by_id: dict[tuple[str, str], str] = {}
        self.by_slug: dict[tuple[str, str], str] = {}
        for item in declared:
            self.keys.add(item.key)
            family = item.key.partition("/")[0]
            for known in item.ids:
                self.by_id.setdefault((family, known), item.key)
            for title in item.slugs:
                self.by_slug.setdefault((family, title), item.key)
        for key in sorted(self.keys):
            family, _, slug = key.split("@", 1)[0].partition("/")
            if "/" not in slug:
                self.by_bare.setdefault(f"{family}/{_bare(slug)}", key)

    def of_key(self, key: str) -> str | None:
        base = key.split("@", 1)[0]
        parts = base.split("/")
        for end in range(len(parts), 1, -1):
            candidate = "/".join(parts[:end])
            if candidate in self.keys:
                return candidate
        if len(parts) >= 2:
            return self.by_bare.get(f"{parts[0]}/{_bare(parts[1])}")
        return None

    def of_file(self, file: LibraryFile) -> str | None:
        if file.item_key is not None:
            owner = self.of_key(file.item_key)
            if owner is not None:
                return owner
        family = _FAMILY.get(file.kind, "")
        ids = [file.tmdb and f"tmdb-{file.tmdb}", file.imdb, file.tvdb and f"tvdb-{file.tvdb}"]
        for known in ids:
            if known and (family, str(known).lower()) in self.by_id:
                return self.by_id[(family, str(known).lower())]
        if file.title:
            return self.by_slug.get((family, _bare(slugify(file.title))))
        return None


def plan_removal(desired: Desired, observed: RemovalObserved) -> RemovalPlan:
    """The removal actions for one pass, or none and a problem when the guard holds."""
    if not observed.grabs and not observed.prune:
        return RemovalPlan((), ())  # nothing to cancel, nothing may be pruned: no index built
    owners = _Owners(desired, observed.declared)
    wanted = {s.key for s in desired.slots} | {k for s in desired.slots for k in s.covers}
    resolved = {s.item for s in desired.slots}
    seasons: set[str] | None = None  # built only when a grab needs it: 100,000 keys cost
    actions: list[Action] = []
    problems: list[Problem] = []
    for grab in observed.grabs:
        owner = owners.of_key(grab.item_key)
        if owner is None:
            why = f"{grab.item_key} is no longer in the desired state"
        elif owner in resolved and grab.item_key not in wanted:
            if seasons is None:
                seasons = {m.group(1) for k in wanted if (m := _SEASON_OF.match(k))}
            if grab.item_key in seasons:
                continue
            why = f"{grab.item_key} is no longer wanted by {owner}"
        else:
            continue
        actions.append(
            Cancel(item=ItemKey(grab.item_key), reason=f"{why}; cancelling {grab.title}",
                   client=grab.client, download_id=grab.download_id)
        )  # fmt: skip
    if observed.prune and not observed.recycle_bin:
        problems.append(
            Problem("removal", PRUNE_NEEDS_RECYCLE_BIN,
                    "library.prune is on but library.recycle_bin is not set; nothing is pruned")
        )  # fmt: skip
    elif observed.prune:
        actions += _prunes(desired, observed, owners, wanted, resolved)
    items = {_item_of(a.item) for a in actions}
    if len(items) > observed.max_removals and not observed.allow_mass_removal:
        message = (
            f"this pass would cancel or prune {len(items)} items, more than "
            f"library.max_removals ({observed.max_removals}); nothing was removed. If that "
            "is intended, run again with --allow-mass-removal"
        )
        problems.append(Problem("removal", MASS_REMOVAL_REFUSED, message))
        return RemovalPlan((), tuple(problems), len(items))
    return RemovalPlan(Plan.of(actions).actions, tuple(problems))


def _prunes(
    desired: Desired,
    observed: RemovalObserved,
    owners: _Owners,
    wanted: set[str],
    resolved: set[str],
) -> list[Action]:
    protected = desired.protected
    actions: list[Action] = []
    indexed = {str(f.full_path) for f in observed.files}
    for file in observed.files:
        if file.item_key is None:
            continue
        owner = owners.of_file(file)
        if owner is None:
            reason = f"{file.item_key} is no longer in the desired state"
            actions.append(_prune(file.item_key, file.full_path, reason))
            continue
        numbers = _EPISODE.search(file.item_key)
        listed = observed.listed_seasons.get(owner)
        if file.kind != "episode" or owner in protected or owner not in resolved:
            continue
        if listed is None or not numbers:
            continue
        season, episode = int(numbers.group(1)), int(numbers.group(2))
        if season not in listed:
            key = episode_key(owner, season, episode)
            reason = f"{key} is in season {season}, no longer listed in {owner}'s seasons"
            actions.append(_prune(key, file.full_path, reason))
    kept = {p for r in observed.imported if r.item_key in wanted for p in r.imported_paths}
    # Only an item that still has versions drops one: an item whose versions were all
    # removed is wanted as one plain slot, which the old files may well fill.
    versioned = {s.item for s in desired.slots if s.version is not None}
    for record in observed.imported:
        owner = owners.of_key(record.item_key)
        if "@" not in record.item_key or record.item_key in wanted or owner is None:
            continue
        if owner in protected or owner not in resolved or owner not in versioned:
            continue
        for path in record.imported_paths:
            if path in indexed and path not in kept:
                reason = f"{record.item_key} is no longer a wanted version"
                actions.append(_prune(record.item_key, PurePosixPath(path), reason))
    return actions


def _prune(item: str, path: PurePosixPath, reason: str) -> Prune:
    return Prune(item=ItemKey(item), reason=f"{reason}; to the recycle bin", path=path)

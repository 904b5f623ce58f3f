"""What the library holds for each slot: the file, its quality, and its `Grade`.

Why from the index and not the disk: `diff` must plan 100,000 episodes in well under a
second, offline. The scanner (`mediaos.reconcilers.library`) already read every file's name
into `library_files`; this module reads one root with ONE query and matches slots to rows by
dictionary lookups, never a scan per slot.

How a slot finds its file (folder names vary, so several ways, most specific first):
- movies: the item key the folder gives (`movie/<slug>-<year>`), else the tmdb or imdb id
  in the folder name; a version slot looks in its own root (versions with a root of their
  own are told apart by it; versions sharing a root share the file);
- episodes: the series folder (by tvdb id, else slug of title and year, else slug of the
  title when the folder has no year), then season and episode numbers (a multi-episode
  file holds each of its episodes), or the air date (daily) or absolute number (anime);
- albums and books: the item key.

The grade: quality from the index; the format score is unknown from a name (0); the
revision (proper, repack, v2, REAL) comes from the parser, run only on the few names that
carry such a word, since parsing 100,000 names would cost seconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from mediaos.reconcilers.desired import Desired, Slot
from mediaos.releases.parse import parse
from mediaos.releases.upgrades import Grade, Revision, quality_weights
from mediaos.schemas.keys import slugify
from mediaos.state.db import StateDB
from mediaos.state.library_index import HeldRow, held_rows

_REVISION_WORD: Final = re.compile(r"(?i)(?:\b|_)(?:proper|repack|rerip|real|v[2-9])(?:\b|_)")
_EPISODE_SUFFIX: Final = re.compile(r"/s(\d{2,})e(\d{2,})$")


@dataclass(frozen=True, slots=True)
class Holding:
    """One library file filling a slot."""

    path: str
    """Absolute path (root joined with the file's relative path)."""
    quality: str
    grade: Grade


Holdings = Mapping[str, Holding]


def slot_key(slot: Slot) -> str:
    """The slot's key without building its `WantedUnit` when the slot can say it cheaply."""
    key = getattr(slot, "key", None)
    return key if isinstance(key, str) else slot.unit.key


def episode_numbers(key: str) -> tuple[int, int] | None:
    """(season, episode) from an episode slot key `series/x/s01e02`."""
    match = _EPISODE_SUFFIX.search(key)
    return (int(match.group(1)), int(match.group(2))) if match else None


@lru_cache(maxsize=65536)
def _revision(name: str) -> Revision:
    return Revision.of(parse(name)) if _REVISION_WORD.search(name) else Revision()


def _holding(root: str, row: HeldRow) -> Holding:
    directory, name, quality = row[2], row[3], row[4] or "Unknown"
    path = f"{root}/{directory}/{name}" if directory else f"{root}/{name}"
    return Holding(path, quality, Grade(quality, 0, _revision(name)))


def _ints(text: str) -> tuple[int, ...]:
    inner = text[1:-1]
    if not inner:
        return ()
    if "," not in inner:
        return (int(inner),)
    return tuple(json.loads(text))


class RootIndex:
    """One root's media files, indexed every way a slot may look for them."""

    def __init__(self, root: str, rows: Iterable[HeldRow]) -> None:
        self.by_key: dict[str, list[HeldRow]] = {}
        self.by_id: dict[tuple[str, object], list[HeldRow]] = {}
        self.episodes: dict[tuple[object, ...], list[HeldRow]] = {}
        self.root = root
        for row in rows:
            kind, item_key = row[0], row[1]
            if kind == "episode":
                self._episode(row)
                continue
            if item_key:
                self.by_key.setdefault(item_key, []).append(row)
            if kind == "movie":
                if row[11] is not None:
                    self.by_id.setdefault(("tmdb", row[11]), []).append(row)
                if row[12]:
                    self.by_id.setdefault(("imdb", row[12].lower()), []).append(row)

    def _episode(self, row: HeldRow) -> None:
        _, _, _, _, _, season, episodes, air_date, absolute, title, year, _, _, tvdb = row
        shows: list[object] = []
        if tvdb is not None:
            shows.append(("tvdb", tvdb))
        if title:
            slug = _slug(title)
            shows.append(f"{slug}-{year}" if year else slug)
        numbers = _ints(episodes)
        for show in shows:
            if season is not None:
                for number in numbers:
                    self.episodes.setdefault((show, season, number), []).append(row)
            if air_date:
                self.episodes.setdefault((show, "date", air_date), []).append(row)
            for number in _ints(absolute):
                self.episodes.setdefault((show, "abs", number), []).append(row)


@lru_cache(maxsize=65536)
def _slug(title: str) -> str:
    return slugify(title)


def _series_shows(slot: Slot) -> tuple[object, ...]:
    unit = slot.unit
    shows: list[object] = []
    if unit.tvdb_id is not None:
        shows.append(("tvdb", unit.tvdb_id))
    for title in unit.all_titles():
        slug = _slug(title)
        if unit.year:
            shows.append(f"{slug}-{unit.year}")
        shows.append(slug)
    return tuple(dict.fromkeys(shows))


def _best(rows: list[HeldRow], slot: Slot, index: RootIndex) -> Holding | None:
    if not rows:
        return None
    if len(rows) == 1:
        return _holding(index.root, rows[0])
    weights = quality_weights(slot.profile)
    held = [_holding(index.root, row) for row in rows]
    return max(held, key=lambda h: (weights.get(h.quality, -1), h.grade.revision, h.path))


def read_holdings(state: StateDB, desired: Desired) -> dict[str, Holding]:
    """The file held for each slot that has one, by slot key (season slots excluded: a
    season is held when its episodes are). One query per root used by a slot."""
    indexes: dict[Path, RootIndex] = {}
    for slot in desired.slots:
        if slot.root not in indexes:
            root = str(slot.root)
            indexes[slot.root] = RootIndex(root, held_rows(state, root))
    return _match_holdings(desired.slots, indexes)


def _match_holdings(slots: Iterable[Slot], indexes: Mapping[Path, RootIndex]) -> dict[str, Holding]:
    held: dict[str, Holding] = {}
    shows_of: dict[str, tuple[object, ...]] = {}
    special_series: dict[str, bool] = {}
    for slot in slots:
        index = indexes.get(slot.root)
        if index is None or slot.covers:
            continue
        key = slot_key(slot)
        found: Holding | None = None
        if slot.kind == "series":
            if slot.item not in shows_of:
                shows_of[slot.item] = _series_shows(slot)
                special_series[slot.item] = slot.unit.series_type != "standard"
            found = _episode_holding(slot, key, shows_of[slot.item], index, special_series)
        elif slot.kind == "movies":
            found = _movie_holding(slot, index)
        else:
            found = _best(index.by_key.get(key, []), slot, index)
        if found is not None:
            held[key] = found
    return held


def _episode_holding(
    slot: Slot,
    key: str,
    shows: tuple[object, ...],
    index: RootIndex,
    special_series: Mapping[str, bool],
) -> Holding | None:
    numbers = episode_numbers(key)
    lookups: list[tuple[object, ...]] = []
    if numbers is not None:
        lookups += [(show, *numbers) for show in shows]
    if special_series[slot.item]:
        unit = slot.unit
        if unit.air_date is not None:
            lookups += [(show, "date", unit.air_date.isoformat()) for show in shows]
        for number in unit.absolute_episodes:
            lookups += [(show, "abs", number) for show in shows]
    for lookup in lookups:
        rows = index.episodes.get(lookup)
        if rows:
            return _best(rows, slot, index)
    return None


def _movie_holding(slot: Slot, index: RootIndex) -> Holding | None:
    rows = index.by_key.get(slot.item)
    if rows:
        return _best(rows, slot, index)
    unit = slot.unit
    ids: list[tuple[str, object]] = []
    if unit.tmdb_id is not None:
        ids.append(("tmdb", unit.tmdb_id))
    if unit.imdb_id:
        ids.append(("imdb", unit.imdb_id.lower()))
    for id_ in ids:
        rows = index.by_id.get(id_)
        if rows:
            return _best(rows, slot, index)
    return None

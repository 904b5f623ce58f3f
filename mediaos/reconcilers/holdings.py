"""What the library holds for each slot: the file, its quality, and its `Grade`.

Why from the index and not the disk: `diff` must plan 100,000 episodes in well under a
second, offline. The scanner (`mediaos.reconcilers.library`) already read every file's name
into `library_files`; this module reads one root with ONE query and matches slots to rows by
dictionary lookups, never a scan per slot.

How a slot finds its file (folder names vary, so several ways, most specific first):
- movies: the item key the folder gives (`movie/<slug>-<year>`), else the tmdb or imdb id
  in the folder name; a version slot looks in its own root (versions with a root of their
  own are told apart by it; versions sharing a root share the file);
- episodes: the scanner keys an episode file `<series folder key>/s01e02` (or `/<air date>`,
  `/abs012`). A series slot is paired with the series folders of its root by identity (the
  tvdb id; else the slug of title and year; else the slug of the title when the folder has
  no year), once per series, and each episode is then one dict lookup under each paired
  folder. A multi-episode file holds each of its episodes;
- albums and books: the item key.

The grade: quality from the index; the format score is unknown (`score_known` False, which
meets a `cutoff_score` and is never beaten by score alone: `mediaos.releases.upgrades`); the
revision (proper, repack, v2, REAL) comes from the parser, run lazily (`Holding.grade`) and
only on names that carry such a word: the cutoff ignores revisions, so only slots with
candidates to compare ever parse, and parsing 100,000 names would cost seconds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from mediaos.reconcilers.desired import Desired, Slot
from mediaos.releases.parse import parse
from mediaos.releases.upgrades import Grade, Revision, quality_weights
from mediaos.schemas.keys import slugify
from mediaos.state.db import StateDB
from mediaos.state.library_index import HeldFiles, HeldRow, held_files


class Holding(NamedTuple):
    """One library file filling a slot. A named tuple: 100,000 are made per `diff`."""

    root: str
    relative: str
    """The file's path under `root`, '/'-separated."""
    quality: str

    @property
    def path(self) -> str:
        """Absolute path of the file."""
        return f"{self.root}/{self.relative}"

    @property
    def grade(self) -> Grade:
        """Quality, an unknown score, and the revision the name shows (parsed
        on first use: only slots with candidates to compare ever ask)."""
        return _grade(self.quality, self.relative)


Holdings = Mapping[str, Holding]


def episode_numbers(key: str) -> tuple[int, int] | None:
    """(season, episode) from an episode slot key `series/x/s01e02`."""
    cut = key.rfind("/s")
    if cut < 0:
        return None
    season, sep, episode = key[cut + 2 :].partition("e")
    if not sep or not season.isdigit() or not episode.isdigit():
        return None
    return int(season), int(episode)


_REVISION_WORD = re.compile(r"(?i)proper|repack|rerip|real|v[2-9]")


@lru_cache(maxsize=64)
def plain_grade(quality: str) -> Grade:
    """A held file's grade for the cutoff: quality only (see the module docstring)."""
    return Grade(quality, score_known=False)


@lru_cache(maxsize=4096)
def _grade(quality: str, relative: str) -> Grade:
    name = relative.rsplit("/", 1)[-1]
    if _REVISION_WORD.search(name):
        return Grade(quality, 0, Revision.of(parse(name)), score_known=False)
    return plain_grade(quality)


def _holding(root: str, row: HeldRow) -> Holding:
    return Holding(root, row[1], row[2] or "Unknown")


@lru_cache(maxsize=65536)
def _slug(title: str) -> str:
    return slugify(title)


class RootIndex:
    """One root's media files: by item key (episode files also under each further episode
    of a multi-episode file), by movie id, and the root's series folders by identity."""

    def __init__(self, root: str, files: HeldFiles) -> None:
        self.root = root
        self.folders: dict[object, set[str]] = {}
        """Series identity (tvdb id, slug-year, or slug) -> folder key prefixes."""
        rows = files.rows
        self.single: dict[str, HeldRow] = {row[0]: row for row in rows}
        self.by_key: dict[str, list[HeldRow]] = {}
        if len(self.single) < len(rows):  # copies of one item: keep them all
            for row in rows:
                self.by_key.setdefault(row[0], []).append(row)
            self.by_key = {k: v for k, v in self.by_key.items() if len(v) > 1}
        for prefix, title, year, tvdb in files.folders:
            self._folder(title, year, tvdb, prefix)
        for item_key, season, episodes in files.multi:
            first = self.single.get(item_key)
            if first is None:
                continue
            prefix = item_key[: item_key.rfind("/")]
            for number in json.loads(episodes)[1:]:
                self._add(f"{prefix}/s{season:02d}e{number:02d}", first)
        self.by_id: dict[tuple[str, object], list[HeldRow]] = {}
        for item_key, tmdb, imdb in files.movie_ids:
            found = self.rows(item_key) or []
            if tmdb is not None:
                self.by_id.setdefault(("tmdb", tmdb), []).extend(found)
            if imdb:
                self.by_id.setdefault(("imdb", imdb.lower()), []).extend(found)

    def _add(self, key: str, row: HeldRow) -> None:
        listed = self.by_key.get(key)
        if listed is not None:
            listed.append(row)
            return
        present = self.single.get(key)
        if present is None:
            self.single[key] = row
        else:
            self.by_key[key] = [present, row]

    def rows(self, key: str) -> list[HeldRow] | None:
        """The rows filed under `key` (several when copies or multi-episode files overlap)."""
        listed = self.by_key.get(key)
        if listed is not None:
            return listed
        row = self.single.get(key)
        return None if row is None else [row]

    def _folder(self, title: str | None, year: int | None, tvdb: int | None, prefix: str) -> None:
        self.folders.setdefault(prefix, set()).add(prefix)
        if tvdb is not None:
            self.folders.setdefault(("tvdb", tvdb), set()).add(prefix)
        if title:
            slug = _slug(title)
            self.folders.setdefault(f"{slug}-{year}" if year else slug, set()).add(prefix)

    def prefixes(self, slot: Slot) -> tuple[str, ...]:
        """The series folders (as key prefixes) that belong to `slot`'s series, its own
        key's folder first."""
        unit = slot.unit
        identities: list[object] = [slot.item]
        if unit.tvdb_id is not None:
            identities.append(("tvdb", unit.tvdb_id))
        for title in unit.all_titles():
            slug = _slug(title)
            if unit.year:
                identities.append(f"{slug}-{unit.year}")
            identities.append(slug)
        found: dict[str, None] = {}
        for identity in identities:
            for prefix in sorted(self.folders.get(identity, ())):
                found[prefix] = None
        return tuple(found)


def _best(rows: list[HeldRow], slot: Slot, index: RootIndex) -> Holding:
    if len(rows) == 1:
        return _holding(index.root, rows[0])
    weights = quality_weights(slot.profile)
    held = [_holding(index.root, row) for row in rows]
    return max(held, key=lambda h: (weights.get(h.quality, -1), h.grade.revision, h.relative))


def read_holdings(state: StateDB, desired: Desired) -> dict[str, Holding]:
    """The file held for each slot that has one, by slot key (season slots excluded: a
    season is held when its episodes are). One query per root used by a slot."""
    indexes: dict[str, RootIndex] = {}
    last: Path | None = None
    for slot in desired.slots:
        if slot.root is last:  # slots share their root objects; str(Path) is slow
            continue
        last = slot.root
        root = str(last)
        if root not in indexes:
            indexes[root] = RootIndex(root, held_files(state, root))
    return _match_holdings(desired.slots, indexes)


def _match_holdings(slots: Iterable[Slot], indexes: Mapping[str, RootIndex]) -> dict[str, Holding]:
    held: dict[str, Holding] = {}
    paired: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {}
    last_path: object = None
    root = ""
    # Slots come grouped by item (a series' episodes follow each other): the series is
    # paired with its folders once per run, and each episode is one dict lookup per folder.
    for (item, kind, path), run in groupby(slots, key=_group):
        if path is not last_path:  # str(Path) is slow; slots share their root object
            last_path, root = path, str(path)
        index = indexes[root]
        if kind == "series":
            _match_episodes(item, run, index, root, paired, held)
            continue
        for slot in run:
            if slot.covers:
                continue
            rows = _movie_rows(slot, index) if kind == "movies" else index.rows(slot.key)
            if rows:
                held[slot.key] = _best(rows, slot, index)
    return held


def _group(slot: Slot) -> tuple[str, str, Path]:
    return slot.item, slot.kind, slot.root


def _match_episodes(
    item: str,
    run: Iterable[Slot],
    index: RootIndex,
    root: str,
    paired: dict[tuple[str, str], tuple[tuple[str, ...], bool]],
    held: dict[str, Holding],
) -> None:
    """One series' episode slots (season slots skipped: a season is held when its episodes
    are) matched to the files under the series' folders."""
    episodes = [slot for slot in run if not slot.covers]
    if not episodes:
        return
    known = paired.get((root, item))
    if known is None:
        first = episodes[0]
        known = paired[(root, item)] = (
            index.prefixes(first),
            first.unit.series_type != "standard",
        )
    prefixes, special = known
    if not prefixes:
        return  # no folder of this series in the root: nothing is held
    single, copies, cut = index.single, index.by_key, len(item)
    if len(prefixes) == 1 and not copies:
        # The usual case, one folder and no copies: one lookup per episode (a Holding made
        # by `tuple.__new__`, without the named tuple's Python-level constructor).
        prefix, make = prefixes[0], tuple.__new__
        missed: list[Slot] = []
        for slot in episodes:
            key = slot.key
            if not key.startswith(item):
                missed.append(slot)
            elif (row := single.get(prefix + key[cut:])) is not None:
                held[key] = make(Holding, (root, row[1], row[2] or "Unknown"))
            elif special:  # daily and anime files may be filed by air date or number
                missed.append(slot)
        episodes = missed
    for slot in episodes:
        key = slot.key
        suffix = key[cut:] if key.startswith(item) else key[key.rfind("/") :]
        # Each folder in turn: its single file for the episode, unless that key has copies;
        # then the rows the long way (copies, multi-episode files, dates, absolute numbers).
        for prefix in prefixes:
            found = prefix + suffix
            row = single.get(found)
            if row is not None and not (copies and found in copies):
                held[key] = _holding(root, row)
                break
        else:
            rows = _episode_rows(slot, key, index, prefixes, special, suffix)
            if rows:
                held[key] = _best(rows, slot, index)


def _episode_rows(
    slot: Slot, key: str, index: RootIndex, prefixes: tuple[str, ...], special: bool, suffix: str
) -> list[HeldRow] | None:
    for prefix in prefixes:
        rows = index.rows(prefix + suffix)
        if rows:
            return rows
    if special:
        unit = slot.unit
        tails = [f"/{unit.air_date.isoformat()}"] if unit.air_date else []
        tails += [f"/abs{n:03d}" for n in unit.absolute_episodes]
        for prefix in prefixes:
            for tail in tails:
                rows = index.rows(prefix + tail)
                if rows:
                    return rows
    return None


def _movie_rows(slot: Slot, index: RootIndex) -> list[HeldRow] | None:
    rows = index.rows(slot.item)
    if rows or not index.by_id:
        return rows
    tmdb, imdb = slot.movie_ids()
    if tmdb is not None:
        rows = index.by_id.get(("tmdb", tmdb))
        if rows:
            return rows
    if imdb:
        return index.by_id.get(("imdb", imdb.lower()))
    return None

"""`FeedMatcher`: which wanted slots one RSS feed item could fill, in O(1) per item.

Why an index: an RSS sync meets 10,000 feed items and 100,000 wanted episodes; judging every
item against every slot would be a billion decisions. The matcher is built ONCE per sync
(clean title -> series/movies/albums/books, plus imdb/tmdb/tvdb indexes), and each item is
looked up by its parsed title or ids, then by season and episode. Only the slots it returns
are handed to the decision engine, which still has the final word (a matcher hit is a
candidate, not an acceptance), so the index may over-approximate but must never miss.

Rules: series by id (tvdb, imdb) when the release carries one, else by clean title (titles
and aliases, with and without the year); a season pack goes to the season slot, episodes to
their episode slots (daily series by air date, anime by absolute number too). Movies by id,
else clean title with the year within one. Albums by artist and album, books by author and
title (by title alone when the release names no creator).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final, TypeVar

from mediaos.core.qualities import MediaFamily
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.desired import Slot
from mediaos.reconcilers.holdings import episode_numbers
from mediaos.releases.matching import clean_title
from mediaos.releases.model import ParsedRelease

YEAR_TOLERANCE: Final = 1
T = TypeVar("T")


@dataclass(slots=True)
class _Show:
    year: int | None
    standard: bool = True
    """Standard numbering only: episode slots are read from their keys, no unit built."""
    episodes: dict[tuple[int, int], Slot] = field(default_factory=dict)
    seasons: dict[int, Slot] = field(default_factory=dict)
    dates: dict[date, Slot] = field(default_factory=dict)
    absolute: dict[int, Slot] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def _clean(title: str) -> str:
    """`clean_title`, cached: a feed names the same shows over and over."""
    return clean_title(title)


def _titles(titles: Iterable[str], year: int | None) -> set[str]:
    found = {_clean(t) for t in titles if t}
    if year is not None:
        found |= {f"{t}{year}" for t in list(found)}
    found.discard("")
    return found


class FeedMatcher:
    """The slots of a `Desired`, indexed for feed items; build once, `match` many times."""

    def __init__(self, slots: Sequence[Slot]) -> None:
        self._shows_by_title: dict[str, list[_Show]] = {}
        self._shows_by_id: dict[tuple[str, object], list[_Show]] = {}
        self._movies_by_title: dict[str, list[Slot]] = {}
        self._movies_by_id: dict[tuple[str, object], list[Slot]] = {}
        self._works: dict[tuple[str, str], list[Slot]] = {}
        self._works_by_title: dict[tuple[str, str], list[Slot]] = {}
        shows: dict[str, _Show] = {}
        for slot in slots:
            if slot.kind == "series":
                show = shows.get(slot.item)
                if show is None:
                    show = shows[slot.item] = self._add_show(slot)
                self._add_series_slot(show, slot)
            elif slot.kind == "movies":
                self._add_movie(slot)
            else:
                self._add_work(slot)

    # --- building ------------------------------------------------------------------------

    def _add_show(self, slot: Slot) -> _Show:
        unit = slot.unit
        show = _Show(unit.year, unit.series_type == "standard")
        for title in _titles(unit.all_titles(), unit.year):
            self._shows_by_title.setdefault(title, []).append(show)
        for id_ in (("tvdb", unit.tvdb_id), ("imdb", _imdb(unit.imdb_id))):
            if id_[1] is not None:
                self._shows_by_id.setdefault(id_, []).append(show)
        return show

    def _add_series_slot(self, show: _Show, slot: Slot) -> None:
        if slot.covers:
            season = slot.unit.season
            if season is not None:
                show.seasons[season] = slot
            return
        numbers = episode_numbers(slot.key)
        if numbers is not None:
            show.episodes[numbers] = slot
        unit = slot.unit if numbers is None or not show.standard else None
        if unit is not None:
            if unit.air_date is not None:
                show.dates[unit.air_date] = slot
            for number in unit.absolute_episodes:
                show.absolute[number] = slot
            if numbers is None and unit.season is not None:
                for episode in unit.episodes:
                    show.episodes[(unit.season, episode)] = slot

    def _add_movie(self, slot: Slot) -> None:
        unit = slot.unit
        for title in _titles(unit.all_titles(), None):
            self._movies_by_title.setdefault(title, []).append(slot)
        for id_ in (("tmdb", unit.tmdb_id), ("imdb", _imdb(unit.imdb_id))):
            if id_[1] is not None:
                self._movies_by_id.setdefault(id_, []).append(slot)

    def _add_work(self, slot: Slot) -> None:
        unit = slot.unit
        creator = clean_title(unit.creator or "")
        tag = slot.kind
        for title in _titles(unit.all_titles(), None):
            self._works.setdefault((creator, title), []).append(slot)
            self._works_by_title.setdefault((tag, title), []).append(slot)

    # --- matching ------------------------------------------------------------------------

    def match(self, release: ReleaseInfo, parsed: ParsedRelease) -> tuple[Slot, ...]:
        """The slots `release` could fill (the decision engine judges them)."""
        if parsed.family is MediaFamily.AUDIO:
            return self._match_work("music", parsed.artist, parsed.album or parsed.title)
        if parsed.family is MediaFamily.BOOK:
            return self._match_work("books", parsed.author, parsed.book_title or parsed.title)
        if (
            parsed.episodes
            or parsed.seasons
            or parsed.season is not None
            or parsed.air_date is not None
            or parsed.absolute_episodes
            or parsed.full_season
        ):
            return self._match_series(release, parsed)
        return self._match_movie(release, parsed)

    def _match_series(self, release: ReleaseInfo, parsed: ParsedRelease) -> tuple[Slot, ...]:
        shows = self._by_ids(
            self._shows_by_id,
            (("tvdb", release.tvdb_id or parsed.tvdb_id), ("imdb", _imdb(release.imdb_id))),
        )
        if not shows:
            shows = self._by_titles(self._shows_by_title, parsed)
        found: list[Slot] = []
        for show in shows:
            if _year_differs(show.year, parsed.year) and parsed.air_date is None:
                continue
            seasons = parsed.seasons or (() if parsed.season is None else (parsed.season,))
            if parsed.full_season or (seasons and not parsed.episodes and not parsed.air_date):
                found += [show.seasons[s] for s in seasons if s in show.seasons]
                continue
            if parsed.season is not None:
                for episode in parsed.episodes:
                    slot = show.episodes.get((parsed.season, episode))
                    if slot is not None:
                        found.append(slot)
            if parsed.air_date is not None and parsed.air_date in show.dates:
                found.append(show.dates[parsed.air_date])
            found += [show.absolute[n] for n in parsed.absolute_episodes if n in show.absolute]
        return tuple(dict.fromkeys(found))

    def _match_movie(self, release: ReleaseInfo, parsed: ParsedRelease) -> tuple[Slot, ...]:
        slots = self._by_ids(
            self._movies_by_id,
            (
                ("tmdb", release.tmdb_id or parsed.tmdb_id),
                ("imdb", _imdb(release.imdb_id or parsed.imdb_id)),
            ),
        )
        if slots:
            return tuple(dict.fromkeys(slots))
        found = self._by_titles(self._movies_by_title, parsed)
        return tuple(dict.fromkeys(s for s in found if not _year_differs(s.unit.year, parsed.year)))

    def _match_work(self, kind: str, creator: str | None, title: str | None) -> tuple[Slot, ...]:
        if not title:
            return ()
        clean = _clean(title)
        if creator:
            return tuple(self._works.get((_clean(creator), clean), ()))
        return tuple(self._works_by_title.get((kind, clean), ()))

    @staticmethod
    def _by_ids(
        index: dict[tuple[str, object], list[T]], ids: Iterable[tuple[str, object]]
    ) -> list[T]:
        for id_ in ids:
            if id_[1] is not None and id_ in index:
                return index[id_]
        return []

    @staticmethod
    def _by_titles(index: dict[str, list[T]], parsed: ParsedRelease) -> list[T]:
        found: list[T] = []
        for title in _titles((parsed.title or "", *parsed.titles), parsed.year):
            found += index.get(title, ())
        return found


def _imdb(value: str | None) -> str | None:
    return value.casefold() if value else None


def _year_differs(wanted: int | None, found: int | None) -> bool:
    return wanted is not None and found is not None and abs(wanted - found) > YEAR_TOLERANCE

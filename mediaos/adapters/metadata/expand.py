"""Pure expansion: a declared series or artist plus its metadata -> the concrete units wanted.

Why here and pure: the library and acquisition loops need the same answer in `plan`, which
must not do I/O, and the rules (Sonarr's and Lidarr's, which users already know) deserve
unit tests with a fixed `now`. It takes values and returns values; it sits beside the
metadata values it reads, which the layers allow reconcilers to import.

The rules:

- `seasons: all` is every regular season (1 and up); specials (season 0) are wanted only
  when `0` is listed explicitly, as Sonarr leaves specials unmonitored.
- `seasons: future` is every regular episode airing after `since` (the item's added date,
  else `now`), and every announced episode with no date yet: the scheduled metadata refresh
  then picks up episodes announced later.
- `seasons: none` wants nothing; a list wants exactly those seasons.
- Anime: when the source gives no absolute numbers (TVmaze, TMDB), regular episodes are
  numbered 1..N in (season, number) order, which is how fansub releases count.
- `EpisodeIndex` finds an episode by `SxxEyy`, by absolute number (anime) and by air date
  (daily shows, where releases are named `Show.2024.01.31`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from mediaos.adapters.metadata.base import AlbumMeta, ArtistMeta, EpisodeMeta, SeriesMeta
from mediaos.schemas.media import ArtistSpec, SeriesSpec


def expand_series(
    spec: SeriesSpec, meta: SeriesMeta, now: datetime, *, added: datetime | None = None
) -> tuple[EpisodeMeta, ...]:
    """The episodes `spec` wants, in (season, number) order, absolute numbers filled for
    anime. Includes episodes not aired yet; `has_aired` tells them apart."""
    episodes = with_absolute_numbers(meta.episodes) if spec.type == "anime" else meta.episodes
    seasons = spec.seasons
    if seasons == "none":
        return ()
    if seasons == "all":
        return tuple(e for e in episodes if e.season > 0)
    if seasons == "future":
        since = added or now
        return tuple(e for e in episodes if e.season > 0 and airs_after(e, since))
    listed = frozenset(seasons)
    return tuple(e for e in episodes if e.season in listed)


def with_absolute_numbers(episodes: Iterable[EpisodeMeta]) -> tuple[EpisodeMeta, ...]:
    """Episodes with `absolute` set: the source's numbers when it has any, else 1..N over the
    regular episodes in (season, number) order. Specials never get one."""
    ordered = sorted(episodes, key=lambda e: (e.season, e.number))
    if any(e.absolute is not None for e in ordered if e.season > 0):
        return tuple(ordered)
    counter = 0
    numbered: list[EpisodeMeta] = []
    for episode in ordered:
        if episode.season > 0:
            counter += 1
            episode = replace(episode, absolute=counter)
        numbered.append(episode)
    return tuple(numbered)


def airs_after(episode: EpisodeMeta, since: datetime) -> bool:
    """True when the episode airs after `since`, or has no date yet (announced, to come).
    A bare air date on the day of `since` counts as after: the time is unknown."""
    if episode.airstamp is not None:
        return episode.airstamp > since
    if episode.air_date is not None:
        return episode.air_date >= since.date()
    return True


def has_aired(episode: EpisodeMeta, now: datetime, today: date | None = None) -> bool:
    """True once the episode has aired; a bare air date counts from the start of that day.
    `today` is `now.date()`, passed by callers looping over 100,000 episodes."""
    if episode.airstamp is not None:
        return episode.airstamp <= now
    return episode.air_date is not None and episode.air_date <= (today or now.date())


class EpisodeIndex:
    """Find episodes the three ways release names count them."""

    def __init__(self, episodes: Iterable[EpisodeMeta]) -> None:
        self._by_number: dict[tuple[int, int], EpisodeMeta] = {}
        self._by_absolute: dict[int, EpisodeMeta] = {}
        self._by_date: dict[date, list[EpisodeMeta]] = {}
        for e in episodes:
            self._by_number.setdefault((e.season, e.number), e)
            if e.absolute is not None:
                self._by_absolute.setdefault(e.absolute, e)
            if e.air_date is not None and e.season > 0:
                self._by_date.setdefault(e.air_date, []).append(e)

    @classmethod
    def of(cls, spec: SeriesSpec, meta: SeriesMeta) -> EpisodeIndex:
        """The index of every episode of `meta`, with absolute numbers for an anime."""
        anime = spec.type == "anime"
        return cls(with_absolute_numbers(meta.episodes) if anime else meta.episodes)

    def by_number(self, season: int, number: int) -> EpisodeMeta | None:
        return self._by_number.get((season, number))

    def by_absolute(self, absolute: int) -> EpisodeMeta | None:
        return self._by_absolute.get(absolute)

    def by_air_date(self, day: date) -> tuple[EpisodeMeta, ...]:
        """Daily shows: every regular episode aired that day (usually one)."""
        return tuple(self._by_date.get(day, ()))


def album_kinds(album: AlbumMeta) -> frozenset[str]:
    """What an album counts as for `album_types`: its secondary types (compilation, live,
    soundtrack) when it has any, else its primary type (album, ep, single)."""
    kinds = album.secondary_types or ((album.primary_type,) if album.primary_type else ())
    return frozenset(k.lower() for k in kinds)


def expand_artist(
    spec: ArtistSpec, meta: ArtistMeta, now: datetime, *, added: datetime | None = None
) -> tuple[AlbumMeta, ...]:
    """The albums `spec` wants: the listed ones (by MusicBrainz id, else title and year), or
    the whole discography of `album_types`; without `future`, nothing released after the
    item was declared (`added`, else `now`)."""
    if spec.albums != "all":
        wanted: list[AlbumMeta] = []
        for declared in spec.albums:
            for album in meta.albums:
                if declared.musicbrainz is not None:
                    hit = album.musicbrainz == declared.musicbrainz
                else:
                    same_title = album.title.casefold() == (declared.title or "").casefold()
                    year = album.first_release.year if album.first_release else None
                    hit = same_title and declared.year in (None, year)
                if hit:
                    wanted.append(album)
                    break
        return tuple(wanted)
    types = frozenset(spec.album_types)
    cutoff = (added or now).date()
    return tuple(
        a
        for a in meta.albums
        if album_kinds(a) & types
        and (spec.future or (a.first_release is not None and a.first_release <= cutoff))
    )

"""The wanted unit: one thing the library should hold, as the decision engine judges releases.

Why a value of its own, in `core`: the reconcilers build these from the YAML desired state
plus metadata (titles, air dates, runtimes, release dates), and the pure decision engine in
`mediaos.releases` judges every release against one. Neither layer may import the other the
wrong way round, and the decision engine must not know the YAML's shape (versions, seasons
lists, defaults): by the time a `WantedUnit` exists, everything is resolved.

Invariants a reader must not break:
- `key` is the item key of `mediaos.schemas.keys` plus the unit's part ("movie/dune-2021@2160p",
  "series/the-office-2005/s02e01", "series/the-office-2005/s02"); decisions carry it.
- `runtime_minutes` is the runtime of the whole unit (the sum of a season's episodes), since
  size limits are MiB per minute of what the release contains.
- Dates are calendar dates from metadata; the decision engine compares them with the `now`
  it is given, never with a clock.
- Sequences are tuples, so the value stays hashable and immutable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

WantedKind = Literal["movie", "episode", "season", "album", "book"]
SeriesType = Literal["standard", "daily", "anime"]
Availability = Literal["announced", "in_cinemas", "released"]


@dataclass(frozen=True, slots=True)
class WantedUnit:
    """What a release must be to fill one slot of the library."""

    key: str
    """Item key plus unit, e.g. "series/the-office-2005/s02e01"; decisions are filed under it."""
    kind: WantedKind
    """movie, episode (one or more episodes of one file), season (a full-season pack),
    album or book."""
    title: str
    """Main title (movie, series, album or book title)."""
    aliases: tuple[str, ...] = ()
    """Other titles releases may use: foreign titles, AKAs, scene names."""
    year: int | None = None
    """Release year (movie, album, book) or first-aired year (series); +-1 is tolerated."""
    creator: str | None = None
    """Artist of an album or author of a book; checked when the release names one."""
    imdb_id: str | None = None
    """IMDb id; a release carrying the same id matches whatever its title says."""
    tmdb_id: int | None = None
    """TMDB id, used like imdb_id."""
    tvdb_id: int | None = None
    """TheTVDB id, used like imdb_id."""
    season: int | None = None
    """Season number of an episode or season unit (0 = specials)."""
    episodes: tuple[int, ...] = ()
    """Episode numbers within the season (episode units)."""
    absolute_episodes: tuple[int, ...] = ()
    """Absolute episode numbers (anime), matched before season/episode numbers."""
    air_date: date | None = None
    """Air date of the episode; daily series match releases by it."""
    series_type: SeriesType = "standard"
    """standard matches SxxEyy, daily matches air dates, anime matches absolute numbers."""
    special: bool = False
    """A special (season 0): size limits are not checked, as in Sonarr."""
    runtime_minutes: int | None = None
    """Runtime of the whole unit in minutes; size limits scale with it."""
    profile: str = "default"
    """Name of the quality profile judging releases, for messages."""
    tags: tuple[str, ...] = ()
    """Item tags (they chose the delay profile and indexers; carried for explanations)."""
    languages: tuple[str, ...] = ()
    """Audio languages wanted (ISO 639-1); empty uses the profile's list."""
    minimum_availability: Availability = "released"
    """Movies: the earliest stage at which releases may be grabbed."""
    announced: date | None = None
    """Movies: when the movie was announced (informational; announced means "any time")."""
    in_cinemas: date | None = None
    """Movies: first cinema release date."""
    digital_release: date | None = None
    """Movies: digital (streaming, VOD) release date."""
    physical_release: date | None = None
    """Movies: disc release date."""
    pin: str | None = None
    """A guid or info-hash: keep exactly this release and reject every other one."""

    def all_titles(self) -> tuple[str, ...]:
        """The title followed by its aliases."""
        return (self.title, *self.aliases)

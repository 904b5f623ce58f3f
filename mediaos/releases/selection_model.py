"""The values of an import selection: download files, wanted items, picks and skips.

Why frozen slotted dataclasses: plans are compared in tests, shown by `diff` and handed
from the pure planner to the importer; nothing may change them on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from mediaos.releases.model import ParsedRelease
from mediaos.releases.sidecars import extension_of

Role = Literal["video", "audio", "book", "audiobook"]
SkipReason = Literal[
    "sample", "extra", "junk", "archive", "ignored", "unwanted", "unmatched", "duplicate"
]


@dataclass(frozen=True, slots=True)
class DownloadFile:
    """One file of a download: path relative to the download root, `/`-separated."""

    path: str
    size: int

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def extension(self) -> str:
        return extension_of(self.path)


@dataclass(frozen=True, slots=True)
class EpisodeRef:
    """One wanted episode, known by any of its numbers (from metadata)."""

    season: int | None = None
    episode: int | None = None
    absolute: int | None = None
    air_date: date | None = None


@dataclass(frozen=True, slots=True)
class WantedMovie:
    title: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class WantedEpisodes:
    series_title: str
    episodes: tuple[EpisodeRef, ...]
    series_type: Literal["standard", "daily", "anime"] = "standard"


@dataclass(frozen=True, slots=True)
class WantedAlbum:
    artist: str
    album: str


@dataclass(frozen=True, slots=True)
class WantedBook:
    author: str
    title: str


Wanted = WantedMovie | WantedEpisodes | WantedAlbum | WantedBook


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A file travelling with a pick; `suffix` follows the pick's new stem (`.en.srt`),
    or is the whole new name for album-level extras (`cover.jpg`)."""

    file: DownloadFile
    suffix: str


@dataclass(frozen=True, slots=True)
class Pick:
    file: DownloadFile
    role: Role
    parsed: ParsedRelease
    episodes: tuple[EpisodeRef, ...] = ()
    track: int | None = None
    disc: int | None = None
    track_title: str | None = None
    sidecars: tuple[Sidecar, ...] = ()


@dataclass(frozen=True, slots=True)
class Skip:
    file: DownloadFile
    reason: SkipReason
    detail: str


@dataclass(frozen=True, slots=True)
class SelectionPlan:
    picks: tuple[Pick, ...]
    skipped: tuple[Skip, ...]
    missing: tuple[EpisodeRef, ...] = ()
    extras: tuple[Sidecar, ...] = ()

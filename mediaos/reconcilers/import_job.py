"""What importing one download as one slot means: which files, under which *arr names.

Pure: the files of a download (names and sizes, listed by the caller), the slot, the naming
section and the release title in; a `ImportJob` out (the selection plan and the full
destination path of every pick). The downloads loop applies it, its pending-intent check
compares it with the disk, and `mediaos import PATH --as ITEM` uses the same function, so an
import named by hand and one done by the loop cannot disagree on a name.

Rules, as Sonarr/Radarr/Lidarr/Readarr name things:
- movie: `<root>/<movie_folder>/<movie_file><ext>`;
- episode (or a season pack covering several episode slots):
  `<root>/<series_folder>/<season_folder or specials_folder>/<episode_file><ext>`, the
  daily or anime template by the series type; a file holding several episodes gets the
  multi-episode style;
- album: `<root>/<artist_folder>/<album_folder>/<track_file><ext>`;
- book: `<root>/<author_folder>/<book_file><ext>`.
With `naming.rename` off the file keeps its release name; folders still follow templates.

Invariant: every destination is under the slot's root (render_path refuses `..`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mediaos.reconcilers.desired import Slot
from mediaos.releases.naming import NamingValues, kept_name, options_of, render_path
from mediaos.releases.parse import parse
from mediaos.releases.selection import (
    DownloadFile,
    EpisodeRef,
    Pick,
    SelectionPlan,
    Wanted,
    WantedAlbum,
    WantedBook,
    WantedEpisodes,
    WantedMovie,
    select_files,
)
from mediaos.schemas.library import LibrarySpec


@dataclass(frozen=True, slots=True)
class ImportJob:
    plan: SelectionPlan
    destinations: Mapping[str, Path]
    """Per picked download file (relative path): its full library path, extension included."""

    @property
    def folder(self) -> Path | None:
        """The folder of the first pick: what media servers are told to rescan."""
        if not self.plan.picks:
            return None
        return self.destinations[self.plan.picks[0].file.path].parent


def wanted_of(slot: Slot, episode_slots: Mapping[str, Slot]) -> Wanted:
    """The selection model of a slot; a season slot wants every episode it covers."""
    unit = slot.unit
    match unit.kind:
        case "movie":
            return WantedMovie(unit.title, unit.year)
        case "episode":
            return WantedEpisodes(unit.title, (_ref(slot),), unit.series_type)
        case "season":
            refs = tuple(_ref(episode_slots[k]) for k in slot.covers if k in episode_slots)
            return WantedEpisodes(unit.title, refs, unit.series_type)
        case "album":
            return WantedAlbum(unit.creator or "", unit.title)
        case "book":
            return WantedBook(unit.creator or "", unit.title)
    raise ValueError(f"unknown slot kind {unit.kind!r}")


def _ref(slot: Slot) -> EpisodeRef:
    unit = slot.unit
    return EpisodeRef(
        unit.season,
        unit.episodes[0] if unit.episodes else None,
        unit.absolute_episodes[0] if unit.absolute_episodes else None,
        unit.air_date,
    )


def import_job(
    slot: Slot,
    files: Sequence[DownloadFile],
    library: LibrarySpec,
    *,
    release_title: str = "",
    episode_slots: Mapping[str, Slot] | None = None,
    season_folders: bool = True,
) -> ImportJob:
    """The selection and destinations of importing `files` as `slot`; see the module rules.

    `episode_slots` (slot key -> slot) gives a season pack its episodes' numbers and titles;
    `season_folders` is the series' own setting (False: episodes in the series folder).
    """
    episodes = episode_slots or {}
    plan = select_files(
        files,
        wanted_of(slot, episodes),
        extra_extensions=library.import_extra_files,
        ignore=library.ignore,
    )
    destinations = {
        pick.file.path: slot.root
        / _relative(slot, pick, library, release_title, episodes, season_folders)
        for pick in plan.picks
    }
    return ImportJob(plan, destinations)


def _relative(
    slot: Slot,
    pick: Pick,
    library: LibrarySpec,
    release_title: str,
    episode_slots: Mapping[str, Slot],
    season_folders: bool,
) -> str:
    naming = library.naming
    options = options_of(naming)
    values = naming_values(slot, pick, release_title, episode_slots)
    extension = "." + pick.file.extension if pick.file.extension else ""
    unit = slot.unit
    if unit.kind == "movie":
        folders, file = [naming.movie_folder], naming.movie_file
    elif unit.kind in ("episode", "season"):
        season = values.season
        season_folder = naming.specials_folder if season == 0 else naming.season_folder
        folders = [naming.series_folder, season_folder][: 2 if season_folders else 1]
        file = {"daily": naming.daily_episode_file, "anime": naming.anime_episode_file}.get(
            unit.series_type, naming.episode_file
        )
    elif unit.kind == "album":
        folders, file = [naming.artist_folder, naming.album_folder], naming.track_file
    else:
        folders, file = [naming.author_folder], naming.book_file
    parts = [render_path(folder, values, options) for folder in folders]
    if naming.rename:
        parts.append(render_path(file, values, options, extension=extension))
    else:
        parts.append(kept_name(pick.file.name))
    return "/".join(parts)


def naming_values(
    slot: Slot, pick: Pick, release_title: str, episode_slots: Mapping[str, Slot]
) -> NamingValues:
    """Template values for one picked file: titles and ids from the slot (metadata), quality
    and group from the release name, falling back to the file's own name."""
    unit = slot.unit
    release = parse(release_title) if release_title else pick.parsed
    quality = release.quality if release.quality != "Unknown" else pick.parsed.quality
    base = NamingValues(
        quality_title=None if quality == "Unknown" else quality,
        revision=max(release.version, 2 if release.proper or release.repack else 1),
        real=int(release.real),
        video_codec=release.codec,
        audio_codec=release.audio,
        audio_channels=release.audio_channels,
        dynamic_range_types=release.hdr,
        three_d=release.three_d,
        edition_tags=release.edition,
        release_group=release.release_group or pick.parsed.release_group,
        original_title=release_title or None,
        original_filename=pick.file.name,
        imdb_id=unit.imdb_id,
        tmdb_id=unit.tmdb_id,
        tvdb_id=unit.tvdb_id,
    )
    match unit.kind:
        case "movie":
            return replace(base, movie_title=unit.title, release_year=unit.year)
        case "episode" | "season":
            season, numbers, absolute, air_date, titles = _episode_fields(slot, pick, episode_slots)
            return replace(
                base,
                series_title=unit.title,
                series_year=unit.year,
                anime=unit.series_type == "anime",
                season=season,
                episodes=numbers,
                absolute_episodes=absolute,
                air_date=air_date,
                episode_titles=titles,
            )
        case "album":
            return replace(
                base,
                artist_name=unit.creator,
                album_title=unit.title,
                release_year=unit.year,
                track=pick.track,
                disc=pick.disc,
                track_title=pick.track_title,
            )
        case _:
            return replace(
                base, author_name=unit.creator, book_title=unit.title, release_year=unit.year
            )


def _neighbours(slot: Slot, episode_slots: Mapping[str, Slot]) -> list[Slot]:
    """The episode slots a file for `slot` may hold: a pack's covered episodes, else the
    series' own episodes (never every slot of the library: building 100,000 units is slow)."""
    if slot.covers:
        return [episode_slots[k] for k in slot.covers if k in episode_slots]
    return [s for s in episode_slots.values() if s.item == slot.item and not s.covers]


def _episode_fields(
    slot: Slot, pick: Pick, episode_slots: Mapping[str, Slot]
) -> tuple[int | None, tuple[int, ...], tuple[int, ...], date | None, tuple[str, ...]]:
    """Numbers of the episodes this file holds, and their titles from the episode slots."""
    refs = pick.episodes or ((_ref(slot),) if slot.unit.kind == "episode" else ())
    by_number = {
        (s.unit.season, s.unit.episodes[0] if s.unit.episodes else None): s
        for s in (*_neighbours(slot, episode_slots), slot)
        if s.unit.kind == "episode"
    }
    season = next((r.season for r in refs if r.season is not None), slot.unit.season)
    numbers = tuple(r.episode for r in refs if r.episode is not None)
    titles = tuple(
        by_number[(season, n)].episode_title for n in numbers if (season, n) in by_number
    )
    absolute = tuple(r.absolute for r in refs if r.absolute is not None)
    air_date = next((r.air_date for r in refs if r.air_date is not None), None)
    return season, numbers, absolute, air_date, titles


def slot_folder(slot: Slot, library: LibrarySpec, *, season_folders: bool = True) -> Path:
    """The folder a slot's files go to, from the folder templates alone (no file yet): what
    an `Import` action shows as its destination in `diff`."""
    naming = library.naming
    options = options_of(naming)
    unit = slot.unit
    values = NamingValues(
        movie_title=unit.title,
        series_title=unit.title,
        series_year=unit.year,
        season=unit.season,
        artist_name=unit.creator,
        album_title=unit.title,
        author_name=unit.creator,
        book_title=unit.title,
        release_year=unit.year,
        imdb_id=unit.imdb_id,
        tmdb_id=unit.tmdb_id,
        tvdb_id=unit.tvdb_id,
    )
    if unit.kind == "movie":
        folders = [naming.movie_folder]
    elif unit.kind in ("episode", "season"):
        season = naming.specials_folder if unit.season == 0 else naming.season_folder
        folders = [naming.series_folder, season][: 2 if season_folders else 1]
    elif unit.kind == "album":
        folders = [naming.artist_folder, naming.album_folder]
    else:
        folders = [naming.author_folder]
    return slot.root.joinpath(*(render_path(f, values, options) for f in folders))

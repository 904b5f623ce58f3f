"""Where the library lives, how files get there and what they are called.

Naming defaults are the *arr defaults (protocols.md 9.1) so that a library built by
Sonarr/Radarr is already named the way MediaOS would name it. Pruning is off by default:
nothing in a library is deleted unless the YAML asks for it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from mediaos.schemas.types import ConfigPath, FileMode, Name, Spec


class ImportMode(StrEnum):
    HARDLINK = "hardlink"
    COPY = "copy"
    MOVE = "move"


class RootsSpec(Spec):
    movies: ConfigPath | None = None
    """Folder that holds one folder per movie."""
    series: ConfigPath | None = None
    """Folder that holds one folder per series."""
    music: ConfigPath | None = None
    """Folder that holds one folder per artist."""
    books: ConfigPath | None = None
    """Folder that holds one folder per author."""


class NamingSpec(Spec):
    rename: bool = True
    """Rename imported files with the templates below; off keeps release names
    (folders still follow the folder templates)."""
    replace_illegal_characters: bool = True
    """Replace characters that are illegal on some filesystems instead of deleting them."""
    colon_replacement: Literal["smart", "delete", "dash", "space_dash", "space_dash_space"] = (
        "smart"
    )
    """How ':' in titles is written: smart turns ': ' into ' - ' and other ':' into '-'."""
    multi_episode_style: Literal[
        "prefixed_range", "extend", "duplicate", "repeat", "scene", "range"
    ] = "prefixed_range"
    """How a file holding several episodes is numbered (prefixed_range: S01E01-E03)."""
    movie_folder: str = "{Movie Title} ({Release Year})"
    """Folder of a movie, relative to its root."""
    movie_file: str = "{Movie Title} ({Release Year}) {Quality Full}"
    """File name of a movie, without extension."""
    series_folder: str = "{Series Title}"
    """Folder of a series, relative to its root."""
    season_folder: str = "Season {season}"
    """Folder of a season inside the series folder."""
    specials_folder: str = "Specials"
    """Folder of season 0 inside the series folder."""
    episode_file: str = (
        "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}"
    )
    """File name of an episode of a standard series."""
    daily_episode_file: str = "{Series Title} - {Air-Date} - {Episode Title} {Quality Full}"
    """File name of an episode of a daily show."""
    anime_episode_file: str = (
        "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}"
    )
    """File name of an episode of an anime series."""
    artist_folder: str = "{Artist Name}"
    """Folder of an artist in the music root."""
    album_folder: str = "{Album Title} ({Release Year})"
    """Folder of an album inside the artist folder."""
    track_file: str = "{track:00} - {Track Title}"
    """File name of a track, without extension."""
    author_folder: str = "{Author Name}"
    """Folder of an author in the books root."""
    book_file: str = "{Book Title} ({Release Year})"
    """File name of a book or audiobook, without extension."""


class PathMappingSpec(Spec):
    remote: str = Field(min_length=1)
    """A path as a download client reports it (e.g. /downloads inside its container)."""
    local: ConfigPath
    """The same folder as MediaOS sees it."""
    client: Name | None = None
    """Only for this download client; all clients when absent."""


class OwnershipSpec(Spec):
    user: str | int | None = None
    """Owner of imported files (name or uid); unchanged when absent."""
    group: str | int | None = None
    """Group of imported files (name or gid); unchanged when absent."""


class LibrarySpec(Spec):
    roots: RootsSpec = RootsSpec()
    """Root folder per media kind."""
    downloads: ConfigPath | None = None
    """Where completed downloads appear locally, when no path mapping says otherwise."""
    import_mode: ImportMode = ImportMode.HARDLINK
    """How completed downloads enter the library: hardlink (no extra space; torrents keep
    seeding), copy, or move (the source is removed only after the copy is verified)."""
    hardlink_fallback: Literal["copy", "fail"] = "fail"
    """When a hardlink is impossible (different filesystems): copy anyway, or fail with a
    clear condition instead of silently doubling disk use."""
    naming: NamingSpec = NamingSpec()
    """File and folder naming templates, with the *arr tokens."""
    path_mappings: list[PathMappingSpec] = []
    """Translate download-client paths to local paths."""
    recycle_bin: ConfigPath | None = None
    """Replaced and pruned files go here first; when absent they are only ever kept."""
    recycle_retention: int = Field(30, ge=0)
    """Days a file stays in the recycle bin before it is emptied (0 keeps forever)."""
    prune: bool = False
    """Remove files of items taken out of the YAML (to the recycle bin). Off by default."""
    max_removals: int = Field(10, ge=0)
    """A pass that would remove or prune more items than this refuses until
    --allow-mass-removal is given."""
    owner: OwnershipSpec = OwnershipSpec()
    """Ownership given to imported files and folders."""
    mode: FileMode | None = None
    """Permissions of imported files, octal (e.g. '0664'); unchanged when absent."""
    folder_mode: FileMode | None = None
    """Permissions of created folders, octal (e.g. '0775'); unchanged when absent."""
    min_free_space: int = Field(1024, ge=0)
    """MiB that must stay free on a library filesystem; imports stop below it."""
    import_extra_files: list[str] = ["srt", "ass", "ssa", "sub", "idx", "vtt", "nfo"]
    """Extensions of files that travel along with an imported video."""
    ignore: list[str] = ["*sample*", "*.partial~", "@eaDir", ".*"]
    """Glob patterns of files and folders the scanner and importer never touch."""

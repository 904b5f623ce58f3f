"""The root of the desired state: everything a user declares, in one model.

Checks that need the whole config (a profile named by an item exists, names are unique) are
in `mediaos.schemas.references`, run by the loader, so that each problem can point at the
line that has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from mediaos.schemas.downloads import DownloadClientSpec
from mediaos.schemas.indexers import IndexerSpec
from mediaos.schemas.library import LibrarySpec
from mediaos.schemas.media import ArtistSpec, BookSpec, MovieSpec, SeriesSpec
from mediaos.schemas.quality import QualitySpec
from mediaos.schemas.server import BackupSpec, RequestsSpec, SchedulesSpec, ServerSpec, UserSpec
from mediaos.schemas.services import (
    MediaServerSpec,
    MetadataSpec,
    NotificationSpec,
    SubtitlesSpec,
)
from mediaos.schemas.types import ConfigPath, Spec

#: Top-level sections that are lists: files merge them by concatenation, and the identity
#: of each element (see `mediaos.schemas.references.IDENTITY`) must be unique.
LIST_SECTIONS = (
    "movies",
    "series",
    "music",
    "books",
    "indexers",
    "download_clients",
    "media_servers",
    "notifications",
    "users",
)


class MediaOSConfig(Spec):
    """The desired state of a media library."""

    version: Literal[1]
    """Version of this file format."""
    data_dir: ConfigPath = Field(Path("data"), validate_default=True)
    """Where the state database, caches and backups live; --data-dir and MEDIAOS_DATA_DIR
    override it. Like every relative path in the config, relative to the config's folder."""
    library: LibrarySpec = LibrarySpec()
    """Library folders, import and naming."""
    quality: QualitySpec = QualitySpec()
    """Quality sizes, profiles, custom formats and delays."""
    indexers: list[IndexerSpec] = []
    """Where releases are searched."""
    download_clients: list[DownloadClientSpec] = []
    """Where releases are downloaded."""
    metadata: MetadataSpec = MetadataSpec()
    """Metadata sources."""
    subtitles: SubtitlesSpec = SubtitlesSpec()
    """Subtitle languages and providers."""
    media_servers: list[MediaServerSpec] = []
    """Servers told to refresh after imports."""
    notifications: list[NotificationSpec] = []
    """Where events are sent."""
    movies: list[MovieSpec] = []
    """Wanted movies."""
    series: list[SeriesSpec] = []
    """Wanted series."""
    music: list[ArtistSpec] = []
    """Wanted music, per artist."""
    books: list[BookSpec] = []
    """Wanted books and audiobooks."""
    schedules: SchedulesSpec = SchedulesSpec()
    """When each background job runs."""
    server: ServerSpec = ServerSpec()
    """The HTTP API and page."""
    users: list[UserSpec] = []
    """Who may use the API, with which role."""
    requests: RequestsSpec = RequestsSpec()
    """How users' requests become desired state."""
    backup: BackupSpec = BackupSpec()
    """State database backups."""

    @model_validator(mode="before")
    @classmethod
    def _validate_default_paths(cls, data: object) -> object:
        """Sections holding relative paths are validated even when absent, so that their
        defaults resolve against the config's folder too."""
        if isinstance(data, dict):
            return {"requests": {}, "backup": {}, **data}
        return data

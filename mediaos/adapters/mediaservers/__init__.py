"""Media servers told about imports: Jellyfin and Emby (`Jellyfin`), Plex (`Plex`).

Both implement the `MediaServer` Protocol of `base`; the daemon's runtime picks the class from
`MediaServerSpec.type` and hands it an `httpx.AsyncClient` built by `mediaos.adapters.http`.
"""

from __future__ import annotations

from mediaos.adapters.mediaservers.base import (
    LibrarySection,
    MediaServer,
    ServerHealth,
    map_path,
    section_for,
)
from mediaos.adapters.mediaservers.jellyfin import Jellyfin
from mediaos.adapters.mediaservers.plex import Plex

__all__ = [
    "Jellyfin",
    "LibrarySection",
    "MediaServer",
    "Plex",
    "ServerHealth",
    "map_path",
    "section_for",
]

"""Media servers told about imports: Jellyfin and Emby (`Jellyfin`), Plex (`Plex`).

Both implement the `MediaServer` Protocol of `base`; the daemon's runtime picks the class from
`MediaServerSpec.type` and hands it an `httpx.AsyncClient` built by `mediaos.adapters.http`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from mediaos.adapters.mediaservers.base import (
    LibrarySection,
    MediaServer,
    ServerHealth,
    map_path,
    section_for,
)

if TYPE_CHECKING:
    from mediaos.adapters.mediaservers.jellyfin import Jellyfin
    from mediaos.adapters.mediaservers.plex import Plex

# The products (and httpx) load on first use: importing `base`, as the downloads loop does,
# must not, since `mediaos diff` never talks to a media server.
_LAZY = {"Jellyfin": "jellyfin", "Plex": "plex"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Jellyfin",
    "LibrarySection",
    "MediaServer",
    "Plex",
    "ServerHealth",
    "map_path",
    "section_for",
]

"""A loopback Jellyfin (10.9) or Emby (4.8) server for the media-server adapter tests.

It speaks the endpoints MediaOS uses with the shapes the real servers send (PascalCase JSON,
`/Library/VirtualFolders` rows with `Locations`, `LibraryOptions`, `ItemId`), checks the API
key the way each product reads it, and records every refresh it receives together with the
library the real server would have scanned for that path (or `None`, which the real server
silently ignores). Jellyfin mode reads only `Authorization: MediaBrowser ... Token="..."`
(the form Jellyfin 12 keeps); Emby mode reads `X-Emby-Token`, `X-MediaBrowser-Token` or the
`api_key` query parameter.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web
from aiohttp.test_utils import TestServer

_TOKEN = re.compile(r'(?i)\bToken="([^"]*)"')
_TYPES = {"tv": "tvshows", "movies": "movies", "music": "music", "books": "books"}


@dataclass(frozen=True)
class Library:
    name: str
    locations: tuple[str, ...]
    kind: str = "movies"  # tv | movies | music | books
    item_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Refresh:
    endpoint: str  # "media-updated" | "item-refresh" | "library-refresh"
    path: str | None
    library: str | None  # the library the real server would scan; None = ignored
    update_type: str | None = None


def _inside(path: str, root: str) -> bool:
    norm = path.replace("\\", "/").rstrip("/")
    base = root.replace("\\", "/").rstrip("/")
    return norm == base or norm.startswith(base + "/")


class JellyfinServer:
    def __init__(
        self,
        *,
        libraries: list[Library],
        api_key: str = "0123456789abcdef0123456789abcdef",
        flavour: Literal["jellyfin", "emby"] = "jellyfin",
        version: str | None = None,
    ) -> None:
        self.libraries = libraries
        self.api_key = api_key
        self.flavour = flavour
        self.version = version or ("10.9.11" if flavour == "jellyfin" else "4.8.10.0")
        self.server_id = uuid.uuid4().hex
        self.refreshes: list[Refresh] = []
        self.auth_failures = 0
        app = web.Application()
        app.router.add_get("/System/Info/Public", self._public_info)
        app.router.add_get("/System/Info", self._info)
        app.router.add_get("/Library/VirtualFolders", self._virtual_folders)
        app.router.add_post("/Library/Media/Updated", self._media_updated)
        app.router.add_post("/Library/Refresh", self._library_refresh)
        app.router.add_post("/Items/{item_id}/Refresh", self._item_refresh)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> JellyfinServer:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    def library_of(self, path: str) -> str | None:
        best: tuple[int, str] | None = None
        for library in self.libraries:
            for location in library.locations:
                if _inside(path, location) and (best is None or len(location) > best[0]):
                    best = (len(location), library.name)
        return best[1] if best else None

    # --- authentication ----------------------------------------------------------------------

    def _presented_key(self, request: web.Request) -> str | None:
        if self.flavour == "jellyfin":
            match = _TOKEN.search(request.headers.get("Authorization", ""))
            return match.group(1) if match else None
        return (
            request.headers.get("X-Emby-Token")
            or request.headers.get("X-MediaBrowser-Token")
            or request.query.get("api_key")
        )

    def _check(self, request: web.Request) -> None:
        if self._presented_key(request) != self.api_key:
            self.auth_failures += 1
            if self.flavour == "emby":
                raise web.HTTPUnauthorized(text="Access token is invalid or expired.")
            raise web.HTTPUnauthorized()

    # --- handlers ----------------------------------------------------------------------------

    async def _public_info(self, request: web.Request) -> web.Response:
        info: dict[str, object] = {
            "LocalAddress": self.url,
            "ServerName": "nas",
            "Version": self.version,
            "Id": self.server_id,
        }
        if self.flavour == "jellyfin":
            info |= {
                "ProductName": "Jellyfin Server",
                "OperatingSystem": "",
                "StartupWizardCompleted": True,
            }
        else:
            info |= {"LocalAddresses": [self.url], "RemoteAddresses": [], "WanAddress": ""}
        return web.json_response(info)

    async def _info(self, request: web.Request) -> web.Response:
        self._check(request)
        return web.json_response(
            {
                "OperatingSystemDisplayName": "Linux",
                "HasPendingRestart": False,
                "IsShuttingDown": False,
                "SupportsLibraryMonitor": True,
                "WebSocketPortNumber": 8096,
                "CanSelfRestart": True,
                "HasUpdateAvailable": False,
                "LocalAddress": self.url,
                "ServerName": "nas",
                "Version": self.version,
                "Id": self.server_id,
                "ProgramDataPath": "/config",
                "CachePath": "/cache",
                **({"ProductName": "Jellyfin Server"} if self.flavour == "jellyfin" else {}),
            }
        )

    async def _virtual_folders(self, request: web.Request) -> web.Response:
        self._check(request)
        rows = [
            {
                "Name": lib.name,
                "Locations": list(lib.locations),
                "CollectionType": _TYPES.get(lib.kind, lib.kind),
                "LibraryOptions": {
                    "Enabled": True,
                    "EnableRealtimeMonitor": True,
                    "PathInfos": [{"Path": p} for p in lib.locations],
                    "SaveLocalMetadata": False,
                },
                "ItemId": lib.item_id,
                "PrimaryImageItemId": lib.item_id,
                "RefreshStatus": "Idle",
                **({"Id": lib.item_id, "Guid": lib.item_id} if self.flavour == "emby" else {}),
            }
            for lib in self.libraries
        ]
        return web.json_response(rows)

    async def _media_updated(self, request: web.Request) -> web.Response:
        self._check(request)
        body = await request.json()
        for update in body.get("Updates", []):
            path = update["Path"]
            self.refreshes.append(
                Refresh("media-updated", path, self.library_of(path), update.get("UpdateType"))
            )
        return web.Response(status=204)

    async def _library_refresh(self, request: web.Request) -> web.Response:
        self._check(request)
        self.refreshes.append(Refresh("library-refresh", None, None))
        return web.Response(status=204)

    async def _item_refresh(self, request: web.Request) -> web.Response:
        self._check(request)
        wanted = request.match_info["item_id"]
        for lib in self.libraries:
            if lib.item_id == wanted:
                self.refreshes.append(Refresh("item-refresh", None, lib.name))
                return web.Response(status=204)
        raise web.HTTPNotFound()

"""Jellyfin (10.8 and later) and Emby (4.x): one adapter, two ways of presenting the key.

Why one module: Emby is Jellyfin's ancestor and both still share the endpoints MediaOS needs
(`/Library/VirtualFolders`, `/Library/Media/Updated`, `/System/Info[/Public]`); only the
authentication differs. Jellyfin gets `Authorization: MediaBrowser ..., Token="<key>"`, the
only form Jellyfin 12 still accepts; Emby gets `X-Emby-Token`, which every 4.x release reads.
The key never goes into a URL, so it cannot leak through an error or a proxy log.

Why `/Library/Media/Updated` and not `/Library/Refresh`: the former tells the server that one
folder changed and it rescans only that folder (what Sonarr does); the latter validates every
library and blocks until done, minutes on a large library. The server silently ignores an
update for a path outside its libraries, so the libraries are read first and a path no library
contains is a `NotFound` naming both sides, instead of a refresh that does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.alias_generators import to_pascal

from mediaos import __version__
from mediaos.adapters.http import fetch
from mediaos.adapters.mediaservers.base import (
    LibrarySection,
    ServerHealth,
    map_path,
    no_library,
    section_for,
)
from mediaos.core.errors import BadPayload
from mediaos.schemas.services import MediaServerSpec

Flavour = Literal["jellyfin", "emby"]
_MAX_BYTES = 4 * 1024 * 1024
_T = TypeVar("_T")


class _Peer(BaseModel):
    """Jellyfin and Emby answer in PascalCase; unknown fields are ignored."""

    model_config = ConfigDict(alias_generator=to_pascal, extra="ignore", populate_by_name=True)


class _PublicInfo(_Peer):
    server_name: str | None = None
    version: str | None = None
    product_name: str | None = None  # Jellyfin only: "Jellyfin Server"
    id: str | None = None


class _VirtualFolder(_Peer):
    name: str
    locations: list[str] = []
    item_id: str | None = None
    collection_type: str | None = None


_PUBLIC_INFO = TypeAdapter(_PublicInfo)
_FOLDERS = TypeAdapter(list[_VirtualFolder])


class Jellyfin:
    """A Jellyfin or Emby server; `flavour` picks the authentication header."""

    def __init__(
        self,
        *,
        name: str,
        url: str,
        api_key: str,
        http: httpx.AsyncClient,
        flavour: Flavour = "jellyfin",
        path_mappings: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.flavour: Flavour = flavour
        self._url = url.rstrip("/")
        self._http = http
        self._mappings = dict(path_mappings or {})
        if flavour == "jellyfin":
            self._auth = {
                "Authorization": (
                    f'MediaBrowser Client="MediaOS", Device="MediaOS", '
                    f'DeviceId="mediaos-{name}", Version="{__version__}", Token="{api_key}"'
                )
            }
        else:
            self._auth = {"X-Emby-Token": api_key}

    @classmethod
    def from_spec(cls, spec: MediaServerSpec, *, http: httpx.AsyncClient) -> Jellyfin:
        if spec.type == "plex":
            raise ValueError("a plex server needs the Plex adapter")
        return cls(
            name=spec.name,
            url=spec.url,
            api_key=spec.api_key.get_secret_value(),
            http=http,
            flavour=spec.type,
            path_mappings=spec.path_mappings,
        )

    async def sections(self) -> list[LibrarySection]:
        """The server's libraries with their folders, as the server sees them."""
        body = await self._call("GET", "/Library/VirtualFolders", operation="list libraries")
        folders = self._parse(_FOLDERS, body, "list libraries")
        return [
            LibrarySection(id=f.item_id or f.name, title=f.name, locations=tuple(f.locations))
            for f in folders
        ]

    async def refresh(self, path: Path) -> None:
        server_path = map_path(path, self._mappings)
        sections = await self.sections()
        if section_for(server_path, sections) is None:
            raise no_library(self.name, server_path, sections)
        update = {"Updates": [{"Path": server_path, "UpdateType": "Created"}]}
        await self._call("POST", "/Library/Media/Updated", operation="refresh", payload=update)

    async def health(self) -> ServerHealth:
        body = await self._call("GET", "/System/Info/Public", operation="health", auth=False)
        info = self._parse(_PUBLIC_INFO, body, "health")
        if info.version is None or info.id is None:
            raise BadPayload(self.name, "health", "not a Jellyfin or Emby server")
        looks_like_jellyfin = "jellyfin" in (info.product_name or "").lower()
        product = info.product_name or "Emby Server"  # Emby's public info has no ProductName
        if self.flavour == "jellyfin" and not looks_like_jellyfin:
            message = "the server answers like Emby, not Jellyfin: set type: emby"
            return ServerHealth(ok=False, product=product, version=info.version, message=message)
        if self.flavour == "emby" and looks_like_jellyfin:
            message = "the server is Jellyfin, not Emby: set type: jellyfin"
            return ServerHealth(ok=False, product=product, version=info.version, message=message)
        await self._call("GET", "/System/Info", operation="health")  # is the key accepted?
        message = f"{product} {info.version} accepts the key"
        return ServerHealth(ok=True, product=product, version=info.version, message=message)

    async def _call(
        self,
        method: str,
        endpoint: str,
        *,
        operation: str,
        auth: bool = True,
        payload: object = None,
    ) -> bytes:
        headers = {"Accept": "application/json", **(self._auth if auth else {})}
        _, body = await fetch(
            self._http,
            method,
            self._url + endpoint,
            adapter=self.name,
            operation=operation,
            max_bytes=_MAX_BYTES,
            headers=headers,
            json=payload,
        )
        return body

    def _parse(self, adapter: TypeAdapter[_T], body: bytes, operation: str) -> _T:
        """Peer JSON becomes typed values here or a `BadPayload`; a proxy's HTML login page
        (the usual "wrong URL") ends up here too."""
        try:
            return adapter.validate_json(body)
        except ValidationError as err:
            raise BadPayload(
                self.name, operation, f"not a {self.flavour.capitalize()} API answer"
            ) from err

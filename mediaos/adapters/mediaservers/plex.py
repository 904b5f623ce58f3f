"""Plex Media Server: a partial scan of the one section whose folders contain the import.

Why a partial scan: `GET /library/sections/{key}/refresh?path=<folder>` makes Plex walk only
that folder; without `path` it rescans the whole section. The section is chosen by its
`<Location path=...>` elements (longest match) after the user's path mappings, so a 4K movie
never triggers a scan of the TV section.

Why XML: every PMS release since the first answers XML by default, while the JSON form has
changed shape over the years (`_children` on old servers); XML is parsed with defusedxml, so a
hostile or broken proxy cannot expand entities. The token travels in the `X-Plex-Token`
header, never in the query string, so no error or access log can show it.

Plex scans folders: when the path is an existing file, its folder is scanned.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped, unused-ignore]

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

_MAX_BYTES = 4 * 1024 * 1024


class Plex:
    """A Plex Media Server reached with a token (X-Plex-Token)."""

    def __init__(
        self,
        *,
        name: str,
        url: str,
        token: str,
        http: httpx.AsyncClient,
        path_mappings: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self._url = url.rstrip("/")
        self._http = http
        self._mappings = dict(path_mappings or {})
        self._headers = {
            "Accept": "application/xml",
            "X-Plex-Token": token,
            "X-Plex-Client-Identifier": f"mediaos-{name}",
            "X-Plex-Product": "MediaOS",
            "X-Plex-Version": __version__,
        }

    @classmethod
    def from_spec(cls, spec: MediaServerSpec, *, http: httpx.AsyncClient) -> Plex:
        if spec.type != "plex":
            raise ValueError(f"a {spec.type} server needs the Jellyfin adapter")
        return cls(
            name=spec.name,
            url=spec.url,
            token=spec.api_key.get_secret_value(),
            http=http,
            path_mappings=spec.path_mappings,
        )

    async def sections(self) -> list[LibrarySection]:
        """Library sections with their `Location` folders, as Plex sees them."""
        root = await self._xml("/library/sections", operation="list libraries")
        return [
            LibrarySection(
                id=directory.get("key", ""),
                title=directory.get("title", ""),
                locations=tuple(
                    location.get("path", "") for location in directory.iter("Location")
                ),
            )
            for directory in root.iter("Directory")
            if directory.get("key")
        ]

    async def refresh(self, path: Path) -> None:
        folder = path.parent if path.is_file() else path
        server_path = map_path(folder, self._mappings)
        sections = await self.sections()
        section = section_for(server_path, sections)
        if section is None:
            raise no_library(self.name, server_path, sections)
        await fetch(
            self._http,
            "GET",
            f"{self._url}/library/sections/{section.id}/refresh",
            adapter=self.name,
            operation="refresh",
            max_bytes=_MAX_BYTES,
            headers=self._headers,
            params={"path": server_path},
        )

    async def health(self) -> ServerHealth:
        identity = await self._xml("/identity", operation="health")
        version = identity.get("version")
        if identity.tag != "MediaContainer" or version is None:
            raise BadPayload(self.name, "health", "not a Plex Media Server answer")
        sections = await self.sections()  # /identity answers without a token; this does not
        message = f"Plex Media Server {version} accepts the token ({len(sections)} sections)"
        return ServerHealth(ok=True, product="Plex Media Server", version=version, message=message)

    async def _xml(self, endpoint: str, *, operation: str) -> Element:
        _, body = await fetch(
            self._http,
            "GET",
            self._url + endpoint,
            adapter=self.name,
            operation=operation,
            max_bytes=_MAX_BYTES,
            headers=self._headers,
        )
        try:
            root: Element = fromstring(body)
        except (ParseError, DefusedXmlException) as err:
            raise BadPayload(self.name, operation, "not a Plex XML answer") from err
        if root.tag != "MediaContainer":
            raise BadPayload(self.name, operation, f"unexpected <{root.tag}> from Plex")
        return root

"""Every `MediaServer` implementation keeps the same contract (see contract.py)."""

from __future__ import annotations

from pathlib import Path

import httpx

from mediaos.adapters.mediaservers import Jellyfin, Plex
from tests.integration.adapters.mediaservers.conftest import MAPPINGS
from tests.integration.adapters.mediaservers.contract import check_mediaserver_contract
from tests.peers.jellyfin_server import JellyfinServer
from tests.peers.plex_server import PlexServer

INSIDE = Path("/srv/library/tv/Severance/Season 01")
EXPECTED = "/media/tv/Severance/Season 01"
OUTSIDE = Path("/srv/elsewhere/Severance")


async def test_jellyfin_keeps_the_contract(
    jellyfin_peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    server = Jellyfin(
        name="jf",
        url=jellyfin_peer.url,
        api_key=jellyfin_peer.api_key,
        http=http,
        path_mappings=MAPPINGS,
    )
    await check_mediaserver_contract(
        server,
        inside=INSIDE,
        expected_scan=EXPECTED,
        outside=OUTSIDE,
        scanned=lambda: [r.path for r in jellyfin_peer.refreshes],
    )


async def test_emby_keeps_the_contract(emby_peer: JellyfinServer, http: httpx.AsyncClient) -> None:
    server = Jellyfin(
        name="emby",
        url=emby_peer.url,
        api_key=emby_peer.api_key,
        http=http,
        flavour="emby",
        path_mappings=MAPPINGS,
    )
    await check_mediaserver_contract(
        server,
        inside=INSIDE,
        expected_scan=EXPECTED,
        outside=OUTSIDE,
        scanned=lambda: [r.path for r in emby_peer.refreshes],
    )


async def test_plex_keeps_the_contract(plex_peer: PlexServer, http: httpx.AsyncClient) -> None:
    server = Plex(
        name="plex", url=plex_peer.url, token=plex_peer.token, http=http, path_mappings=MAPPINGS
    )
    await check_mediaserver_contract(
        server,
        inside=INSIDE,
        expected_scan=EXPECTED,
        outside=OUTSIDE,
        scanned=lambda: [r.path for r in plex_peer.refreshes],
    )

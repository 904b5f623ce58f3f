"""Loopback Jellyfin, Emby and Plex servers with several libraries, and an HTTP client.

The libraries overlap on purpose: "4K Movies" sits inside "Movies" on the server's disk,
so picking the first match instead of the deepest one fails a test.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from mediaos.adapters.http import build_client
from tests.peers.jellyfin_server import JellyfinServer, Library
from tests.peers.plex_server import PlexServer, Section

#: Local library root -> the same folder inside the media server's container.
MAPPINGS = {"/srv/library": "/media", "/srv/downloads-4k": "/media/movies/4k"}

JELLYFIN_LIBRARIES = [
    Library("Movies", ("/media/movies",), "movies"),
    Library("4K Movies", ("/media/movies/4k",), "movies"),
    Library("Shows", ("/media/tv", "/mnt/extra/tv"), "tv"),
    Library("Music", ("/media/music",), "music"),
]

PLEX_SECTIONS = [
    Section("1", "Movies", ("/media/movies",), "movie"),
    Section("2", "TV Shows", ("/media/tv", "/mnt/extra/tv"), "show"),
    Section("3", "Music", ("/media/music",), "artist"),
    Section("7", "4K Movies", ("/media/movies/4k",), "movie"),
]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(timeout=5.0) as client:
        yield client


@pytest.fixture
async def jellyfin_peer() -> AsyncIterator[JellyfinServer]:
    async with JellyfinServer(libraries=JELLYFIN_LIBRARIES, flavour="jellyfin") as peer:
        yield peer


@pytest.fixture
async def emby_peer() -> AsyncIterator[JellyfinServer]:
    async with JellyfinServer(libraries=JELLYFIN_LIBRARIES, flavour="emby") as peer:
        yield peer


@pytest.fixture
async def plex_peer() -> AsyncIterator[PlexServer]:
    async with PlexServer(sections=PLEX_SECTIONS) as peer:
        yield peer


@pytest.fixture
def dead_url() -> str:
    """A loopback URL where nothing listens (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

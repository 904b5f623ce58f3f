"""Fixtures for the metadata adapters: loopback servers, a fake clock, a real SQLite cache.

The fake clock drives both the rate limiters (monotonic seconds, `sleep` advances time
instantly) and the cache's TTL (wall time), so pacing and expiry are measured without
sleeping. The cache is the real `SqliteMetadataCache` over a migrated database file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from mediaos.adapters.http import build_client
from mediaos.adapters.metadata.gateway import Gateway
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.metadata_cache import SqliteMetadataCache
from tests.peers.metadata_servers import (
    MetadataServer,
    TVDBState,
    musicbrainz_server,
    openlibrary_server,
    tmdb_server,
    tvdb_server,
    tvmaze_server,
)

TTL = timedelta(hours=12)
START = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.seconds - 1000.0)

    async def sleep(self, delay: float) -> None:
        self.slept.append(delay)
        self.seconds += delay

    def advance(self, delta: timedelta) -> None:
        self.seconds += delta.total_seconds()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateDB]:
    with open_database(tmp_path / "data") as opened:
        upgrade(opened)
        yield opened


@pytest.fixture
def cache(state: StateDB, clock: FakeClock) -> SqliteMetadataCache:
    return SqliteMetadataCache(state, ttl=TTL, now=clock.wall)


def limiter(clock: FakeClock, calls: int, per: float) -> RateLimiter:
    return RateLimiter(calls, per, monotonic=clock.monotonic, sleep=clock.sleep)


def gateway(
    server: MetadataServer,
    clock: FakeClock,
    cache: SqliteMetadataCache | None,
    *,
    calls: int = 100,
    per: float = 1.0,
    client: httpx.AsyncClient | None = None,
) -> Gateway:
    server.clock = clock.monotonic
    client = client or build_client(base_url=server.url)
    server.clients.append(client)
    return Gateway(
        provider=server.provider,
        client=client,
        limiter=limiter(clock, calls, per),
        cache=cache,
        now=clock.wall,
    )


@pytest.fixture
async def tvmaze() -> AsyncIterator[MetadataServer]:
    server = await tvmaze_server().start()
    yield server
    await server.close()


@pytest.fixture
async def tmdb() -> AsyncIterator[MetadataServer]:
    server = await tmdb_server().start()
    yield server
    await server.close()


@pytest.fixture
async def tvdb() -> AsyncIterator[tuple[MetadataServer, TVDBState]]:
    server, tvdb_state = tvdb_server()
    await server.start()
    yield server, tvdb_state
    await server.close()


@pytest.fixture
async def musicbrainz() -> AsyncIterator[MetadataServer]:
    server = await musicbrainz_server().start()
    yield server
    await server.close()


@pytest.fixture
async def openlibrary() -> AsyncIterator[MetadataServer]:
    server = await openlibrary_server().start()
    yield server
    await server.close()

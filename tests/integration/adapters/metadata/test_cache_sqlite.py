"""The metadata cache end to end: adapters over loopback servers, a real SQLite file, a fake
clock for the TTL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr

from mediaos.adapters.metadata.tmdb import TMDB
from mediaos.adapters.metadata.tvmaze import TVmaze
from mediaos.core.errors import PeerBusy
from mediaos.state import StateDB, open_database
from mediaos.state.metadata_cache import SqliteMetadataCache
from tests.integration.adapters.metadata.conftest import TTL, FakeClock, gateway
from tests.peers import metadata_payloads as p
from tests.peers.metadata_servers import MetadataServer


def tmdb_adapter(server: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache) -> TMDB:
    return TMDB(gateway(server, clock, cache), api_key=SecretStr(p.TMDB_KEY))


async def test_a_second_lookup_is_served_from_the_sqlite_file(
    tmdb: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache, state: StateDB
) -> None:
    first = await tmdb_adapter(tmdb, clock, cache).movie(tmdb=603)
    tmdb.faults.status = 500  # the peer is down: only the cache can answer now
    again = await tmdb_adapter(tmdb, clock, cache).movie(tmdb=603)
    assert again == first
    assert len(tmdb.requests) == 1
    with open_database(state.path.parent) as reopened:  # a restart reads the same rows
        rows = reopened.db.execute("SELECT key FROM metadata_cache").fetchall()
    assert [r[0] for r in rows] == [
        "tmdb:/movie/603?append_to_response=alternative_titles%2Cexternal_ids%2Crelease_dates"
        "&language=en-US"
    ]


async def test_entries_expire_after_the_ttl(
    tvmaze: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache
) -> None:
    source = TVmaze(gateway(tvmaze, clock, cache, calls=20, per=10.0))
    await source.series(tvmaze=249)
    clock.advance(TTL - timedelta(seconds=1))
    await source.series(tvmaze=249)
    assert len(tvmaze.requests) == 2, "still fresh"
    clock.advance(timedelta(seconds=2))
    await source.series(tvmaze=249)
    assert len(tvmaze.requests) == 4, "expired: both requests made again"


async def test_secrets_never_reach_the_cache_keys(
    tmdb: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache, state: StateDB
) -> None:
    await tmdb_adapter(tmdb, clock, cache).search_movies("The Matrix")
    keys = [r[0] for r in state.db.execute("SELECT key FROM metadata_cache").fetchall()]
    assert keys and all(p.TMDB_KEY not in k and "api_key" not in k for k in keys)


async def test_failed_answers_are_not_cached(
    tmdb: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache, state: StateDB
) -> None:
    tmdb.faults.status = 500
    source = tmdb_adapter(tmdb, clock, cache)
    with pytest.raises(PeerBusy):
        await source.movie(tmdb=603)
    assert state.db.execute("SELECT count(*) FROM metadata_cache").fetchone()[0] == 0


async def test_prune_removes_only_expired_rows(
    clock: FakeClock, cache: SqliteMetadataCache, state: StateDB
) -> None:
    await cache.put("old", b"{}", clock.wall())
    clock.advance(TTL)
    await cache.put("new", b"{}", clock.wall())
    assert await cache.get("old") is None
    assert await cache.get("new") == b"{}"
    assert cache.prune() == 1
    assert [r[0] for r in state.db.execute("SELECT key FROM metadata_cache")] == ["new"]


async def test_put_overwrites_and_get_is_a_miss_for_unknown_keys(
    clock: FakeClock, cache: SqliteMetadataCache
) -> None:
    assert await cache.get("missing") is None
    await cache.put("k", b"one", clock.wall())
    await cache.put("k", b"two", clock.wall())
    assert await cache.get("k") == b"two"

"""The per-indexer rate limit from `IndexerSpec.rate_limit` holds against a real server,
measured with a fake clock (nothing sleeps) and by counting the requests the server saw."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.core.errors import RateLimited
from tests.integration.adapters.indexers.conftest import FakeClock, StartServer, adapter_for

QUERY = SearchQuery(kind="search", text="matrix")


async def test_requests_are_spaced_by_the_configured_limit(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    clock = FakeClock()
    indexer = adapter_for(server, http, clock=clock, rate_limit={"requests": 2, "per": "10s"})
    started, real = clock.now, time.monotonic()
    for _ in range(5):  # caps + 5 searches = 6 requests
        await indexer.search(QUERY)
    assert len(server.behaviour.requests) == 6
    assert clock.now - started == 20.0, "6 requests at 2 per 10 s need 20 s of waiting"
    assert clock.sleeps == [10.0, 10.0]
    assert time.monotonic() - real < 2.0, "the fake clock did the waiting"


async def test_the_default_limit_is_one_request_per_two_seconds(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    clock = FakeClock()
    indexer = adapter_for(server, http, clock=clock, rate_limit={})
    await indexer.search(QUERY)
    await indexer.rss()
    assert len(server.behaviour.requests) == 3
    assert clock.sleeps == [2.0, 2.0]


async def test_cached_caps_do_not_spend_the_budget(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    clock = FakeClock()
    indexer = adapter_for(server, http, clock=clock, rate_limit={"requests": 1, "per": 1})
    for _ in range(3):
        await indexer.caps()
    assert [r["t"] for r in server.behaviour.requests] == ["caps"]
    assert clock.sleeps == []


async def test_a_retry_after_pause_is_kept_for_every_caller(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    clock = FakeClock()
    indexer = adapter_for(server, http, clock=clock)
    await indexer.caps()
    server.behaviour.error, server.behaviour.retry_after = (429, "Too many requests", 429), "120"
    with pytest.raises(RateLimited):
        await indexer.search(QUERY)
    server.behaviour.error = server.behaviour.retry_after = None
    sent = len(server.behaviour.requests)
    clock.now += 100
    with pytest.raises(RateLimited) as caught:
        await indexer.rss()
    assert caught.value.retry_after == timedelta(seconds=20)
    assert len(server.behaviour.requests) == sent, "nothing is sent during the pause"
    clock.now += 20
    assert (await indexer.rss()).releases

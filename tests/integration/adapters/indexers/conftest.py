"""Fixtures for indexer adapter tests: loopback Torznab/Newznab servers and adapters on them.

Servers listen on 127.0.0.1 port 0 and are stopped (releasing hanging handlers) at teardown.
Timeouts are small (2 s) so a hostile server costs a test seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Literal

import httpx
import pytest

from mediaos.adapters.http import build_client
from mediaos.adapters.indexers.newznab import Newznab, indexer_from_spec
from mediaos.schemas.indexers import IndexerSpec
from tests.peers.indexer_server import IndexerBehaviour, IndexerServer

TIMEOUT = 2.0
StartServer = Callable[..., Awaitable[IndexerServer]]


class FakeClock:
    """Monotonic seconds that only move when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(timeout=TIMEOUT) as client:
        yield client


@pytest.fixture
async def start_server() -> AsyncIterator[StartServer]:
    started: list[IndexerServer] = []

    async def start(**behaviour: Any) -> IndexerServer:
        server = await IndexerServer(IndexerBehaviour(**behaviour)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.stop()


def spec_for(
    server: IndexerServer,
    *,
    type: Literal["torznab", "newznab"] | None = None,
    api_key: str | None = "",
    **fields: Any,
) -> IndexerSpec:
    behaviour = server.behaviour
    kind = type or ("newznab" if behaviour.flavour == "nzedb" else "torznab")
    values: dict[str, Any] = {
        "name": f"{behaviour.flavour}-test",
        "type": kind,
        "url": server.api_url,
        "api_key": behaviour.api_key if api_key == "" else api_key,
        "rate_limit": {"requests": 1000, "per": 1},
        "timeout": TIMEOUT,
    }
    values.update(fields)
    return IndexerSpec(**values)


def adapter_for(server: IndexerServer, client: httpx.AsyncClient, **fields: Any) -> Newznab:
    clock = fields.pop("clock", None)
    spec = spec_for(server, **fields)
    if clock is None:
        return indexer_from_spec(spec, client)
    return indexer_from_spec(spec, client, clock=clock, sleep=clock.sleep)

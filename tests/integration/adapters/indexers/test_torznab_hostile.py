"""Hostile indexers: every bad answer ends in a typed error within the configured timeout,
for Torznab and Newznab alike, and the adapter works again once the server behaves."""

from __future__ import annotations

import time

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.core.errors import AdapterError, BadPayload, Unreachable
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for

TIMEOUT = 1.0
HOSTILE = [
    ("malformed", BadPayload, "malformed XML"),
    ("bomb", BadPayload, "DTD or entities"),
    ("xxe", BadPayload, "DTD or entities"),
    ("huge", BadPayload, "too large"),
    ("huge_chunked", BadPayload, "larger than"),
    ("html", BadPayload, "HTML page"),
    ("json", BadPayload, "malformed XML"),
    ("hang", Unreachable, "timed out|no complete answer"),
    ("slow_drip", Unreachable, f"within {TIMEOUT:g} s"),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("flavour", ["jackett", "nzedb"])
@pytest.mark.parametrize(("mode", "expected", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
async def test_hostile_answers_end_in_typed_errors_within_the_timeout(
    flavour: str,
    mode: str,
    expected: type[AdapterError],
    words: str,
    start_server: StartServer,
    http: httpx.AsyncClient,
) -> None:
    server = await start_server(flavour=flavour, hostile=mode)
    indexer = adapter_for(server, http, timeout=TIMEOUT)
    started = time.monotonic()
    with pytest.raises(expected, match=words) as caught:
        await indexer.search(SearchQuery(kind="tv", text="Breaking Bad", season=3))
    assert time.monotonic() - started < TIMEOUT + 1.0
    assert (server.behaviour.api_key or "?") not in str(caught.value)

    server.behaviour.hostile = None
    page = await indexer.search(SearchQuery(kind="tv", text="Breaking Bad", season=3))
    assert page.releases, "one hostile answer leaves no broken state behind"


async def test_a_bomb_is_refused_before_expansion(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett", hostile="bomb")
    started = time.process_time()
    with pytest.raises(BadPayload):
        await adapter_for(server, http).rss()
    assert time.process_time() - started < 0.5, "no entity was expanded"

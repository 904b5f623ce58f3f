"""Indexer `<error>` codes, HTTP statuses and `Retry-After` become the right typed errors,
for Prowlarr-style (4xx + XML) and classic newznab (200 + XML) servers; the API key never
shows in an error or a log line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unsupported,
)
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for

QUERY = SearchQuery(kind="search", text="matrix")
CODES = [
    (100, "Incorrect user credentials", 401, AuthRejected),
    (101, "Account suspended", 403, AuthRejected),
    (102, "Insufficient privileges/not authorized", 403, AuthRejected),
    (200, "Missing parameter", 400, BadPayload),
    (201, "Incorrect parameter", 400, BadPayload),
    (202, "No such function", 400, Unsupported),
    (203, "Function not available", 400, Unsupported),
    (300, "No such item", 404, NotFound),
    (429, "Query limit reached", 429, RateLimited),
    (500, "Request limit reached", 500, RateLimited),
    (501, "Download limit reached", 500, RateLimited),
    (900, "Unknown error", 500, PeerBusy),
    (910, "API disabled", 200, Unsupported),
    (410, "Indexer is disabled", 410, Unsupported),
]


def chain(err: BaseException | None) -> str:
    text = ""
    while err is not None:
        text += f"{err!s} {err!r} "
        err = err.__cause__ or err.__context__
    return text


@pytest.mark.parametrize("flavour", ["prowlarr", "nzedb"])
@pytest.mark.parametrize(
    ("code", "description", "status", "expected"), CODES, ids=[str(c[0]) for c in CODES]
)
async def test_error_codes_map_to_typed_errors(
    flavour: str,
    code: int,
    description: str,
    status: int,
    expected: type[AdapterError],
    start_server: StartServer,
    http: httpx.AsyncClient,
) -> None:
    server = await start_server(flavour=flavour, error=(code, description, status))
    indexer = adapter_for(server, http)
    with pytest.raises(expected) as caught:
        await indexer.search(QUERY)
    assert f"indexer error {code}" in str(caught.value)
    assert description in str(caught.value)
    assert (server.behaviour.api_key or "?") not in chain(caught.value)


async def test_a_wrong_key_is_an_auth_error_without_the_key(
    start_server: StartServer, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = await start_server(flavour="prowlarr")
    indexer = adapter_for(server, http, api_key="wrong-key-987")
    with pytest.raises(AuthRejected) as caught:
        await indexer.rss()
    assert "wrong-key-987" not in chain(caught.value)
    ours = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith(("mediaos", "httpx"))
    )
    assert "wrong-key-987" not in ours, "the server's own access log is not ours to judge"
    assert "apikey=***" in ours, "requests are logged, redacted"


async def test_missing_key_on_classic_newznab_says_a_key_is_needed(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    body = b'<?xml version="1.0"?><error code="200" description="Missing parameter (apikey)"/>'
    server = await start_server(flavour="nzedb", answer=(200, "text/xml", body))
    with pytest.raises(AuthRejected, match="requires an API key"):
        await adapter_for(server, http, api_key=None).rss()


async def test_http_429_retry_after_seconds_is_surfaced(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(
        flavour="prowlarr", error=(429, "Rate limited", 429), retry_after="120"
    )
    with pytest.raises(RateLimited) as caught:
        await adapter_for(server, http).search(QUERY)
    assert caught.value.retry_after == timedelta(seconds=120)
    assert len(server.behaviour.requests) == 1, "a limit is not hammered with retries"


async def test_http_429_without_xml_and_with_an_http_date(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    when = format_datetime(now + timedelta(minutes=10), usegmt=True)
    server = await start_server(
        flavour="jackett", answer=(429, "text/plain", b"slow down"), retry_after=when
    )
    indexer = adapter_for(server, http)
    indexer._now = lambda: now  # the wall clock the Retry-After date is compared with
    with pytest.raises(RateLimited) as caught:
        await indexer.rss()
    assert caught.value.retry_after == timedelta(minutes=10)


async def test_api_next_available_is_the_retry_hint(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(hours=2))
    body = (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:newznab="http://www.newznab.com/'
        f'DTD/2010/feeds/attributes/"><channel><newznab:apilimits apiCurrent="100" '
        f'apiMax="100" apiNextAvailable="{later}"/><error code="500" '
        f'description="Request limit reached"/></channel></rss>'
    ).encode()
    server = await start_server(flavour="nzedb", answer=(200, "text/xml", body))
    indexer = adapter_for(server, http)
    indexer._now = lambda: now
    with pytest.raises(RateLimited) as caught:
        await indexer.rss()
    assert caught.value.retry_after == timedelta(hours=2)


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (500, None, PeerBusy),
        (502, None, PeerBusy),
        (503, "30", RateLimited),
        (404, None, NotFound),
        (400, None, BadPayload),
    ],
)
async def test_http_errors_without_xml_use_the_status(
    status: int,
    retry_after: str | None,
    expected: type[AdapterError],
    start_server: StartServer,
    http: httpx.AsyncClient,
) -> None:
    server = await start_server(
        flavour="jackett", answer=(status, "text/plain", b"oops"), retry_after=retry_after
    )
    with pytest.raises(expected):
        await adapter_for(server, http).rss()


async def test_an_unreachable_indexer_is_unreachable(http: httpx.AsyncClient) -> None:
    from tests.peers.indexer_server import IndexerServer

    server = await IndexerServer().start()
    await server.stop()  # the port is closed now
    with pytest.raises(AdapterError) as caught:
        await adapter_for(server, http).caps()
    assert type(caught.value).__name__ == "Unreachable"
    assert "s3cr3t" not in chain(caught.value)

"""Odd and hostile SABnzbd answers end in typed errors, within the client's timeout."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mediaos.adapters.downloaders.sabnzbd import SABnzbd
from mediaos.adapters.http import build_client
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unreachable,
)
from tests.peers.nzbget import free_port
from tests.peers.sabnzbd_server import SABnzbdServer

SLOT = b'{"nzo_id": "SABnzbd_nzo_1", "filename": "x", "cat": "tv", "status": "Queued"'
HOSTILE = [
    ("login page", 200, b"<html><body>SABnzbd login</body></html>", "text/html", BadPayload),
    ("plain-text key error", 200, b"error: API Key Incorrect", "text/plain", AuthRejected),
    ("plain-text other error", 200, b"error: expects one parameter", "text/plain", BadPayload),
    ("json status false", 200, b'{"status": false, "error": "not implemented"}', "", BadPayload),
    ("json key error", 200, b'{"status": false, "error": "API Key Incorrect"}', "", AuthRejected),
    (
        "hostname check",
        403,
        b"Access denied - Hostname verification failed: https://sabnzbd.org/hostname-check",
        "text/plain",
        AuthRejected,
    ),
    ("a list, not an object", 200, b"[1, 2, 3]", "", BadPayload),
    ("queue missing", 200, b'{"history": {"slots": []}}', "", BadPayload),
    ("slots not a list", 200, b'{"queue": {"slots": {"a": 1}}}', "", BadPayload),
    (
        "number that is not",
        200,
        b'{"queue": {"slots": [' + SLOT + b', "mb": "lots"}]}}',
        "",
        BadPayload,
    ),
    (
        "empty job id",
        200,
        b'{"queue": {"slots": [{"nzo_id": "", "filename": "x", "status": "Queued"}]}}',
        "",
        BadPayload,
    ),
    ("truncated json", 200, b'{"queue": {"slots": [', "", BadPayload),
    ("not found", 404, b"Not found", "text/plain", NotFound),
    ("rate limited", 429, b"slow down", "text/plain", RateLimited),
    ("server error", 500, b"Traceback (most recent call last): ...", "text/plain", PeerBusy),
    ("50 MB body", 200, b"HUGE", "", BadPayload),
]


@pytest.mark.parametrize(
    ("status", "body", "ctype", "error"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
async def test_a_hostile_queue_answer_is_a_typed_error_without_the_key(
    sabnzbd: SABnzbd,
    sab_server: SABnzbdServer,
    status: int,
    body: bytes,
    ctype: str,
    error: type[AdapterError],
) -> None:
    if body == b"HUGE":  # built here, not at import: collection stays cheap
        body = b"[" + b"0," * (25 * 1024 * 1024) + b"0]"
    sab_server.override("queue", body, status=status, ctype=ctype)
    with pytest.raises(error) as caught:
        await sabnzbd.list(category="tv")
    assert sab_server.api_key not in str(caught.value)
    assert len(str(caught.value)) < 400


async def test_a_hanging_sabnzbd_is_unreachable_within_the_timeout(
    sab_server: SABnzbdServer,
) -> None:
    sab_server.hang = True
    async with build_client(timeout=0.5) as http:
        client = SABnzbd(name="sab", url=sab_server.base, api_key=sab_server.api_key, http=http)
        started = asyncio.get_running_loop().time()
        with pytest.raises(Unreachable, match="timed out"):
            await client.list(category="tv")
    assert asyncio.get_running_loop().time() - started < 3


async def test_nothing_listening_is_unreachable(http: httpx.AsyncClient) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    client = SABnzbd(name="sab", url=url, api_key="secret-api-key-123", http=http)
    with pytest.raises(Unreachable) as caught:
        await client.health()
    assert "secret-api-key-123" not in str(caught.value)

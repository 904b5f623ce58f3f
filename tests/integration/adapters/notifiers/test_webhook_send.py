"""Webhook delivery: the JSON event, custom headers, and every failure as a typed error."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from mediaos.adapters.http import build_client
from mediaos.adapters.notifiers import Webhook, event_json
from mediaos.core.errors import (
    AuthRejected,
    BadPayload,
    PeerBusy,
    RateLimited,
    Unreachable,
)
from mediaos.schemas.services import WebhookSpec
from tests.integration.adapters.notifiers.conftest import sample_event
from tests.peers.webhook_server import WebhookServer

TOKEN = "tok-9f8e7d6c5b4a"


async def test_the_json_event_is_posted_as_is(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    event = sample_event()
    await Webhook(name="hook", url=receiver.url + "/mediaos", http=http).send(event)
    (request,) = receiver.received
    assert (request.method, request.path, request.content_type) == (
        "POST",
        "/mediaos",
        "application/json",
    )
    assert request.json() == {
        "schema_version": 1,
        "event": "import",
        "item": "movie/dune-2021",
        "title": "Imported Dune (2021)",
        "message": "Dune (2021) Bluray-2160p imported from qbittorrent",
        "occurred_at": "2026-03-14T15:09:26+00:00",
        "data": {
            "quality": "Bluray-2160p",
            "size": 58_000_000_000,
            "upgrade": False,
            "score": 12.5,
            "indexer": None,
        },
    }
    assert request.json() == json.loads(json.dumps(event_json(event)))
    assert request.headers["User-Agent"].startswith("MediaOS/")


async def test_configured_headers_are_sent_and_stay_out_of_errors(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    spec = WebhookSpec.model_validate(
        {
            "name": "ha",
            "type": "webhook",
            "url": receiver.url + "/api/webhook/mediaos",
            "headers": {"Authorization": f"Bearer {TOKEN}", "X-Source": "nas"},
        }
    )
    hook = Webhook.from_spec(spec, http=http)
    await hook.send(sample_event())
    assert receiver.received[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert receiver.received[0].headers["X-Source"] == "nas"
    receiver.respond_with(500)
    with pytest.raises(PeerBusy) as caught:
        await hook.send(sample_event())
    assert TOKEN not in str(caught.value)


async def test_429_surfaces_retry_after_as_rate_limited(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    receiver.respond_with(429, {"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        await Webhook(name="hook", url=receiver.url, http=http).send(sample_event())
    assert caught.value.retry_after == timedelta(seconds=120)


async def test_503_with_an_http_date_is_rate_limited_and_5xx_is_busy(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    hook = Webhook(name="hook", url=receiver.url, http=http)
    receiver.respond_with(503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    with pytest.raises(RateLimited) as limited:
        await hook.send(sample_event())
    assert limited.value.retry_after is not None
    assert limited.value.retry_after > timedelta(days=365)
    receiver.respond_with(502)
    with pytest.raises(PeerBusy) as busy:
        await hook.send(sample_event())
    assert busy.value.retry_after is None


async def test_refused_credentials_are_auth_rejected(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    receiver.respond_with(401)
    with pytest.raises(AuthRejected):
        await Webhook(name="hook", url=receiver.url, http=http).send(sample_event())


async def test_a_token_in_the_url_never_shows_in_errors(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    url = f"{receiver.url}/api/webhooks/1234567890/{TOKEN}?token={TOKEN}"
    receiver.respond_with(500)
    with pytest.raises(PeerBusy) as caught:
        await Webhook(name="discord", url=url, http=http).send(sample_event())
    assert TOKEN not in str(caught.value)
    assert receiver.received[0].path.endswith(TOKEN)


async def test_a_hanging_endpoint_times_out_as_unreachable(receiver: WebhookServer) -> None:
    receiver.respond_with(200, delay=3.0)
    async with build_client(timeout=0.3) as http:
        with pytest.raises(Unreachable):
            await Webhook(name="hook", url=receiver.url, http=http).send(sample_event())


async def test_a_dead_endpoint_is_unreachable(http: httpx.AsyncClient) -> None:
    async with WebhookServer() as gone:
        url = gone.url
    with pytest.raises(Unreachable):
        await Webhook(name="hook", url=url, http=http).send(sample_event())


async def test_a_redirect_is_not_taken_for_delivery(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    receiver.respond_with(301, {"Location": "https://example.invalid/new"})
    with pytest.raises(BadPayload, match="redirects"):
        await Webhook(name="hook", url=receiver.url, http=http).send(sample_event())

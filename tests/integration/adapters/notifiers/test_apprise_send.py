"""Apprise: a real send through the apprise library to the loopback receiver."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

import pytest

from mediaos.adapters.notifiers import AppriseNotifier
from mediaos.core.errors import PeerBusy, PermanentError, Unreachable
from mediaos.schemas.services import AppriseSpec
from tests.integration.adapters.notifiers.conftest import sample_event
from tests.peers.webhook_server import WebhookServer

pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")

TOKEN = "AbCdEf0123456789tokenXYZ"


async def test_a_json_url_delivers_the_event(receiver: WebhookServer) -> None:
    spec = AppriseSpec.model_validate(
        {"name": "apprise", "type": "apprise", "urls": [f"json://{receiver.host_port}/{TOKEN}"]}
    )
    event = sample_event(kind="failure", title="Download failed", message="Dune: stalled")
    await AppriseNotifier.from_spec(spec).send(event)
    (request,) = receiver.received
    assert request.path == f"/{TOKEN}"
    assert request.json() == {
        "version": "1.0",
        "title": "Download failed",
        "message": "Dune: stalled",
        "attachments": [],
        "type": "failure",
    }


async def test_a_form_url_delivers_the_event(receiver: WebhookServer) -> None:
    notifier = AppriseNotifier(name="form", urls=[f"form://{receiver.host_port}/hook"])
    await notifier.send(sample_event())
    (request,) = receiver.received
    fields = parse_qs(request.body.decode("utf-8"))
    assert request.content_type == "application/x-www-form-urlencoded"
    assert fields["title"] == ["Imported Dune (2021)"]
    assert fields["type"] == ["success"]


async def test_a_failing_target_is_named_by_position_without_its_token(
    receiver: WebhookServer, caplog: pytest.LogCaptureFixture
) -> None:
    async with WebhookServer() as gone:
        dead = f"json://{gone.host_port}/{TOKEN}?-token={TOKEN}"
    notifier = AppriseNotifier(name="alerts", urls=[f"json://{receiver.host_port}/ok", dead])
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PeerBusy) as caught:
        await notifier.send(sample_event())
    assert str(caught.value) == (
        "alerts: send import: 1 of 2 targets did not take the notification: #2 (json://)"
    )
    assert len(receiver.received) == 1, "the working target still got it"
    assert caplog.records, "apprise logged the failure"
    assert TOKEN not in caplog.text


async def test_a_refusing_target_is_peer_busy(receiver: WebhookServer) -> None:
    receiver.respond_with(500)
    with pytest.raises(PeerBusy):
        await AppriseNotifier(name="a", urls=[f"json://{receiver.host_port}/"]).send(sample_event())


async def test_an_unusable_url_is_permanent_and_not_echoed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    bad = f"nosuchservice://{TOKEN}@example.invalid"
    with pytest.raises(PermanentError) as caught:
        await AppriseNotifier(name="a", urls=[bad]).send(sample_event())
    assert "#1 (nosuchservice://)" in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text


async def test_a_slow_target_times_out_as_unreachable(receiver: WebhookServer) -> None:
    receiver.respond_with(200, delay=1.0)
    notifier = AppriseNotifier(name="a", urls=[f"json://{receiver.host_port}/"], timeout=0.2)
    with pytest.raises(Unreachable, match="did not finish"):
        await notifier.send(sample_event())

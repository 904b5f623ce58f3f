"""The contract every `Notifier` keeps, run against each implementation.

Each notifier is pointed at the loopback `WebhookServer` in a way that delivers a JSON body
with `title` and `message` keys (the webhook's own JSON, or Apprise's `json://`), and built
with `secret` somewhere in its configuration (URL path or header).
"""

from __future__ import annotations

import pytest

from mediaos.adapters.notifiers import Notifier
from mediaos.core.errors import TemporaryError
from tests.integration.adapters.notifiers.conftest import NASTY, sample_event
from tests.peers.webhook_server import WebhookServer


async def check_notifier_contract(
    notifier: Notifier, receiver: WebhookServer, *, secret: str
) -> None:
    event = sample_event()
    await notifier.send(event)
    assert len(receiver.received) == 1, "one event, one delivery"
    payload = receiver.received[0].json()
    assert isinstance(payload, dict)
    assert (payload["title"], payload["message"]) == (event.title, event.message)

    tricky = sample_event(title=NASTY, message=NASTY)
    await notifier.send(tricky)
    payload = receiver.received[1].json()
    assert isinstance(payload, dict)
    assert (payload["title"], payload["message"]) == (NASTY, NASTY)

    receiver.respond_with(503)
    with pytest.raises(TemporaryError) as caught:
        await notifier.send(event)
    assert secret not in str(caught.value), "errors never show a secret"
    assert len(receiver.received) == 3

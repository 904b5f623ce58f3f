"""Every `Notifier` implementation keeps the same contract (see contract.py)."""

from __future__ import annotations

import httpx

from mediaos.adapters.notifiers import AppriseNotifier, Webhook
from tests.integration.adapters.notifiers.contract import check_notifier_contract
from tests.peers.webhook_server import WebhookServer

SECRET = "s3cr3t-T0KEN-a1b2c3"


async def test_webhook_with_the_json_event_keeps_the_contract(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    hook = Webhook(name="hook", url=f"{receiver.url}/hooks/{SECRET}", http=http)
    await check_notifier_contract(hook, receiver, secret=SECRET)


async def test_webhook_with_a_json_template_keeps_the_contract(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    template = '{"title": "{title}", "message": "{message}", "kind": "{event}"}'
    hook = Webhook(
        name="hook",
        url=receiver.url,
        http=http,
        template=template,
        headers={"Authorization": f"Bearer {SECRET}"},
    )
    await check_notifier_contract(hook, receiver, secret=SECRET)


async def test_apprise_keeps_the_contract(receiver: WebhookServer) -> None:
    notifier = AppriseNotifier(name="apprise", urls=[f"json://{receiver.host_port}/{SECRET}"])
    await check_notifier_contract(notifier, receiver, secret=SECRET)

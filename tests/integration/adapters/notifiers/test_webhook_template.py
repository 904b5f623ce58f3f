"""Webhook templates: known placeholders filled, JSON kept valid whatever the values hold."""

from __future__ import annotations

import json

import httpx
import pytest

from mediaos.adapters.notifiers import Webhook, render_template
from mediaos.core.errors import PermanentError
from tests.integration.adapters.notifiers.conftest import NASTY, sample_event
from tests.peers.webhook_server import WebhookServer

DISCORD = '{"content": "**{title}**\\n{message}", "username": "MediaOS ({event})"}'


@pytest.mark.parametrize(
    "value",
    [NASTY, 'only "quotes"', "back\\slash", "new\nline\r\n", "\u2028\u2029", "{title}", ""],
)
async def test_json_template_stays_valid_json_with_hostile_values(
    receiver: WebhookServer, http: httpx.AsyncClient, value: str
) -> None:
    hook = Webhook(name="discord", url=receiver.url, http=http, template=DISCORD)
    await hook.send(sample_event(title=value, message=value))
    (request,) = receiver.received
    assert request.content_type == "application/json"
    assert request.json() == {
        "content": f"**{value}**\n{value}",
        "username": "MediaOS (import)",
    }


def test_unknown_and_unsafe_placeholders_stay_literal() -> None:
    template = "{unknown} {data.missing} {title.__class__} {title!r} {0} {item}"
    assert render_template(template, sample_event()) == (
        "{unknown} {data.missing} {title.__class__} {title!r} {0} movie/dune-2021"
    )


def test_values_are_not_expanded_twice() -> None:
    event = sample_event(title="{message}", message="secret-ish")
    assert render_template("{title}|{message}", event) == "{message}|secret-ish"


async def test_data_values_become_json_literals(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    template = (
        '{"size": {data.size}, "upgrade": {data.upgrade}, "score": {data.score}, '
        '"indexer": {data.indexer}, "quality": "{data.quality}", "at": "{occurred_at}"}'
    )
    await Webhook(name="hook", url=receiver.url, http=http, template=template).send(sample_event())
    assert receiver.received[0].json() == {
        "size": 58_000_000_000,
        "upgrade": False,
        "score": 12.5,
        "indexer": None,
        "quality": "Bluray-2160p",
        "at": "2026-03-14T15:09:26+00:00",
    }


async def test_a_text_template_is_sent_as_plain_text(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    template = "[{event}] {title}: {message}"
    event = sample_event(title='Dune "Part Two"', message="done ✓")
    await Webhook(name="ntfy", url=receiver.url, http=http, template=template).send(event)
    (request,) = receiver.received
    assert request.content_type == "text/plain"
    assert request.body.decode("utf-8") == '[import] Dune "Part Two": done ✓'


async def test_a_template_that_cannot_be_json_is_refused_before_sending(
    receiver: WebhookServer, http: httpx.AsyncClient
) -> None:
    hook = Webhook(name="hook", url=receiver.url, http=http, template='{"title": {title}}')
    with pytest.raises(PermanentError, match="not valid JSON"):
        await hook.send(sample_event())
    assert receiver.received == []


def test_rendered_json_template_parses_for_every_event_kind() -> None:
    for kind in ("grab", "import", "upgrade", "failure", "health", "request", "removal"):
        body = render_template(DISCORD, sample_event(kind=kind, title=NASTY))
        assert json.loads(body)["username"] == f"MediaOS ({kind})"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{title} imported", "Imported Dune (2021) imported"),
        ("[{event}] {item}", "[import] movie/dune-2021"),
        ("{data.size} bytes", "58000000000 bytes"),
    ],
)
def test_templates_opening_with_a_brace_can_still_be_text(template: str, expected: str) -> None:
    assert render_template(template, sample_event()) == expected


def test_a_value_with_no_json_spelling_becomes_null() -> None:
    event = sample_event(data={"ratio": float("nan")})
    assert json.loads(render_template('{"ratio": {data.ratio}}', event)) == {"ratio": None}

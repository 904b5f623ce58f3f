"""A loopback receiver, an HTTP client and sample events for the notifier tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from mediaos.adapters.http import build_client
from mediaos.adapters.notifiers import Event
from tests.peers.webhook_server import WebhookServer

#: Quotes, backslashes, newlines, a tab, a NUL, accents, CJK, an emoji and a placeholder.
NASTY = 'He said "hi" \\o/\nline 2\ttab \x00 Amélie 千と千尋 🎬 {message} </script>'


def sample_event(**changes: Any) -> Event:
    values: dict[str, Any] = {
        "kind": "import",
        "item": "movie/dune-2021",
        "title": "Imported Dune (2021)",
        "message": "Dune (2021) Bluray-2160p imported from qbittorrent",
        "occurred_at": datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC),
        "data": {
            "quality": "Bluray-2160p",
            "size": 58_000_000_000,
            "upgrade": False,
            "score": 12.5,
            "indexer": None,
        },
    }
    values.update(changes)
    return Event(**values)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(timeout=2.0) as client:
        yield client


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookServer]:
    async with WebhookServer() as server:
        yield server

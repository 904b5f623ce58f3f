"""A loopback HTTP receiver for notification tests: records every request it gets.

It stands in for any webhook endpoint (Discord/Slack-style relays, Home Assistant, n8n) and, as
Apprise's `json://` and `form://` plugins post to arbitrary HTTP endpoints, also for a real
Apprise target. Tests script its answers: `respond_with(429, {"Retry-After": "120"})` makes
the next request fail that way; by default it answers 200.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


class WebhookServer:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self._scripted: deque[tuple[int, dict[str, str], float]] = deque()
        self.default_status = 200
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._receive)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> WebhookServer:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    @property
    def host_port(self) -> str:
        return f"{self._server.host}:{self._server.port}"

    def respond_with(
        self, status: int, headers: dict[str, str] | None = None, *, delay: float = 0.0
    ) -> None:
        """Answer the next request with `status` after `delay` seconds (queued: call again
        for later requests)."""
        self._scripted.append((status, headers or {}, delay))

    async def _receive(self, request: web.Request) -> web.Response:
        self.received.append(
            Received(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
                body=await request.read(),
            )
        )
        status, headers, delay = (
            self._scripted.popleft() if self._scripted else (self.default_status, {}, 0.0)
        )
        if delay:
            await asyncio.sleep(delay)
        return web.Response(status=status, headers=headers, text="" if status < 300 else "nope")

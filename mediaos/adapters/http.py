"""One place that builds HTTP clients and turns HTTP failures into typed errors.

Every adapter talks HTTP through `httpx.AsyncClient`s built here, so that timeouts, response
size caps, `Retry-After` handling and secret redaction cannot be forgotten by one adapter.
Tests hand adapters clients pointed at loopback servers (or an `httpx` transport): the seam is
the `client` argument, never a global.
"""

from __future__ import annotations

import email.utils
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import httpx

from mediaos.core.errors import (
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unreachable,
)
from mediaos.core.redaction import redact

USER_AGENT = "MediaOS/0.1 (+https://github.com/mediaos/mediaos)"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def build_client(
    *,
    base_url: str = "",
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    follow_redirects: bool = False,
) -> httpx.AsyncClient:
    """An AsyncClient with the project's defaults: connect/read timeouts, our User-Agent."""
    _redact_httpx_logs()
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        transport=transport,
        follow_redirects=follow_redirects,
    )


class _RedactingFilter(logging.Filter):
    """httpx logs every request URL at INFO ("HTTP Request: GET ...?apikey=..."): the line is
    rendered once and its secrets replaced before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = redact_url(record.getMessage())
            record.args = None
        return True


_LOG_FILTER = _RedactingFilter()


def _redact_httpx_logs() -> None:
    """Idempotent; done when a client is built rather than at import (no import side effects)."""
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if _LOG_FILTER not in logger.filters:
            logger.addFilter(_LOG_FILTER)


def redact_url(url: str) -> str:
    """The URL with API keys, passkeys, tokens and user:password@ replaced by `***`."""
    return redact(url)


def retry_after(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """`Retry-After` as seconds or an HTTP date, bounded below by zero."""
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - now, timedelta(0))


def raise_for_status(
    response: httpx.Response, *, adapter: str, operation: str, now: datetime | None = None
) -> None:
    """Map an HTTP status to the error tree; 2xx and 3xx pass."""
    status = response.status_code
    if status < 400:
        return
    hint = retry_after(response.headers, now or datetime.now(UTC))
    if status in (401, 403):
        raise AuthRejected(adapter, operation, f"HTTP {status}: credentials refused")
    if status == 404:
        raise NotFound(adapter, operation, "HTTP 404: not found (is the URL right?)")
    if status == 429:
        raise RateLimited(adapter, operation, "HTTP 429: rate limited", retry_after=hint)
    if status == 503 and hint is not None:
        raise RateLimited(adapter, operation, "HTTP 503 with Retry-After", retry_after=hint)
    if status >= 500:
        raise PeerBusy(adapter, operation, f"HTTP {status}", retry_after=hint)
    raise BadPayload(adapter, operation, f"HTTP {status}")


async def read_bounded(
    response: httpx.Response, *, adapter: str, operation: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The body of a streamed response, refusing more than `max_bytes` (a 50 MB "RSS feed"
    must not fill a NAS's memory)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise BadPayload(adapter, operation, f"response of {int(declared):,} bytes is too large")
    chunks: list[bytes] = []
    total = 0
    try:
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > max_bytes:
                raise BadPayload(adapter, operation, f"response larger than {max_bytes:,} bytes")
            chunks.append(chunk)
    except httpx.TimeoutException as err:
        raise Unreachable(adapter, operation, "timed out reading the response") from err
    except httpx.TransportError as err:
        raise Unreachable(adapter, operation, f"connection failed: {type(err).__name__}") from err
    return b"".join(chunks)


async def fetch(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    adapter: str,
    operation: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **kwargs: object,
) -> tuple[httpx.Response, bytes]:
    """Send a request, map transport failures and HTTP statuses, and read a bounded body."""
    try:
        request = client.build_request(method, url, **kwargs)  # type: ignore[arg-type]
        response = await client.send(request, stream=True)
    except httpx.TimeoutException as err:
        raise Unreachable(adapter, operation, "timed out") from err
    except httpx.TransportError as err:
        raise Unreachable(adapter, operation, f"connection failed: {type(err).__name__}") from err
    try:
        raise_for_status(response, adapter=adapter, operation=operation)
        body = await read_bounded(
            response, adapter=adapter, operation=operation, max_bytes=max_bytes
        )
    finally:
        await response.aclose()
    return response, body

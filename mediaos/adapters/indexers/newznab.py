"""The Newznab and Torznab indexer adapter: one class, a `protocol` switch (protocols.md 1).

Torznab is Newznab with torrent attributes and the same requests, so `Torznab` only changes
which enclosures count as releases. Every call goes through `_call`, the one place that:

- waits for the per-indexer rate limit (`RateLimiter`, from `IndexerSpec.rate_limit`);
- sends `apikey` and never shows it: logs and errors see `redact_url(...)` only;
- bounds the whole exchange by `timeout` (connect, headers *and* body: a server dripping one
  byte a second never trips a per-read timeout) and the body by `max_bytes`;
- reads an XML `<error>` before the HTTP status (Prowlarr puts the reason in a 400 body),
  and turns HTTP 429 + `Retry-After` or `apiNextAvailable` into `RateLimited(retry_after=)`;
  until that pause is over, every call fails fast with `RateLimited` and sends nothing, so
  one item's retry cannot hammer an indexer another item was told to leave alone.

Caps are cached (`caps_ttl`, a day by default; Sonarr keeps them seven). When an indexer has
no `t=caps` (error 202/203) or answers it with a document that is not `<caps>`, Sonarr's
fallback caps are used for an hour, so text search still works; XML, auth and limit errors
are not papered over (Sonarr's rule).
Releases' `download_url` keeps the key because grabbing needs it; never log it as it is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from xml.etree.ElementTree import Element

import httpx
from pydantic import SecretStr

from mediaos.adapters.http import raise_for_status, read_bounded, redact_url, retry_after
from mediaos.adapters.indexers.base import Caps, Health, SearchPage, SearchQuery
from mediaos.adapters.indexers.caps import FALLBACK_CAPS, parse_caps
from mediaos.adapters.indexers.feed import read_feed
from mediaos.adapters.indexers.queries import Params, rss_params, search_params
from mediaos.adapters.indexers.ratelimit import MonotonicClock, RateLimiter, Sleeper
from mediaos.adapters.indexers.replies import load_xml, raise_for_error
from mediaos.core.errors import (
    AdapterError,
    BadPayload,
    RateLimited,
    Unreachable,
    Unsupported,
)
from mediaos.core.releaseinfo import TransferProtocol
from mediaos.schemas.indexers import IndexerSpec

log = logging.getLogger(__name__)

FEED_MAX_BYTES = 8 * 1024 * 1024
CAPS_MAX_BYTES = 2 * 1024 * 1024
CAPS_TTL = 24 * 3600.0
FALLBACK_TTL = 3600.0
_ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Newznab:
    """A Newznab (usenet) indexer: nZEDb, NNTmux, newznab, Prowlarr's usenet feeds."""

    protocol: ClassVar[TransferProtocol] = "usenet"

    def __init__(
        self,
        *,
        name: str,
        url: str,
        client: httpx.AsyncClient,
        api_key: SecretStr | None = None,
        categories: Sequence[int] = (),
        limiter: RateLimiter | None = None,
        timeout: float = 30.0,
        max_bytes: int = FEED_MAX_BYTES,
        clock: MonotonicClock = time.monotonic,
        now: Callable[[], datetime] = _utcnow,
        caps_ttl: float = CAPS_TTL,
    ) -> None:
        self.name = name
        self._url = url
        self._client = client
        self._api_key = api_key
        self._categories = tuple(categories)
        self._limiter = limiter or RateLimiter(1, 2.0, clock=clock)
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._clock = clock
        self._now = now
        self._caps_ttl = caps_ttl
        self._caps: Caps | None = None
        self._caps_expire = 0.0
        self._limited_until = 0.0

    async def caps(self) -> Caps:
        """The indexer's capabilities, from cache while fresh."""
        if self._caps is not None and self._clock() < self._caps_expire:
            return self._caps
        root = await self._call([("t", "caps")], operation="caps", max_bytes=CAPS_MAX_BYTES)
        try:
            caps, ttl = parse_caps(root, adapter=self.name), self._caps_ttl
        except BadPayload as err:
            log.warning("%s; using fallback caps", err)
            caps, ttl = FALLBACK_CAPS, FALLBACK_TTL
        self._caps, self._caps_expire = caps, self._clock() + ttl
        return caps

    async def search(self, query: SearchQuery) -> SearchPage:
        caps = await self._usable_caps()
        params = search_params(query, caps, adapter=self.name, configured=self._categories)
        return await self._feed(params, operation="search")

    async def rss(self, categories: Sequence[int] = ()) -> SearchPage:
        caps = await self._usable_caps()
        params = rss_params(caps, tuple(categories) or self._categories)
        return await self._feed(params, operation="rss")

    async def health(self) -> Health:
        """Caps read afresh, then one small search: the only way to prove the API key works
        (classic newznab serves caps without one)."""
        self._caps = None
        try:
            caps = await self.caps()
            params = [(k, "1" if k == "limit" else v) for k, v in rss_params(caps, ())]
            page = await self._feed(params, operation="health")
        except AdapterError as err:
            return Health(False, str(err))
        kinds = sorted(k for k, s in caps.searches.items() if s.available)
        title = caps.server_title or self.name
        return Health(True, f"{title}: searches {', '.join(kinds)}; {len(page.releases)} found")

    async def _usable_caps(self) -> Caps:
        try:
            return await self.caps()
        except Unsupported as err:  # error 202/203: no t=caps on this server
            log.warning("%s; using fallback caps", err)
            self._caps, self._caps_expire = FALLBACK_CAPS, self._clock() + FALLBACK_TTL
            return FALLBACK_CAPS

    async def _feed(self, params: Params, *, operation: str) -> SearchPage:
        root = await self._call(params, operation=operation, max_bytes=self._max_bytes)
        page = read_feed(root, indexer=self.name, protocol=self.protocol)
        if page.skipped:
            log.debug("%s: %d unusable items skipped", self.name, page.skipped)
        offset = int(dict(params).get("offset", "0"))
        return SearchPage(page.releases, offset, page.total)

    async def _call(self, params: Params, *, operation: str, max_bytes: int) -> Element:
        """One API request: limit, send, bound, classify. Returns the checked root element."""
        self._refuse_while_limited(operation)
        await self._limiter.acquire()
        key = self._api_key.get_secret_value() if self._api_key else None
        query = [*params, ("apikey", key)] if key else params
        request = self._client.build_request(
            "GET",
            self._url,
            params=tuple(query),
            headers={"Accept": _ACCEPT},
            timeout=self._timeout,
        )
        log.debug("%s: GET %s", self.name, redact_url(str(request.url)))
        try:
            async with asyncio.timeout(self._timeout):
                response, body = await self._exchange(request, operation, max_bytes)
        except TimeoutError as err:
            raise Unreachable(
                self.name, operation, f"no complete answer within {self._timeout:g} s"
            ) from err
        try:
            return self._classify(response, body, operation=operation, key_sent=bool(key))
        except RateLimited as err:
            if err.retry_after is not None:  # honour it for every caller, not just this one
                self._limited_until = self._clock() + err.retry_after.total_seconds()
            raise

    def _refuse_while_limited(self, operation: str) -> None:
        left = self._limited_until - self._clock()
        if left > 0:
            raise RateLimited(
                self.name,
                operation,
                f"the indexer asked for a pause; {left:.0f} s left",
                retry_after=timedelta(seconds=left),
            )

    def _classify(
        self, response: httpx.Response, body: bytes, *, operation: str, key_sent: bool
    ) -> Element:
        """The root element of a good answer; the typed error of a bad one."""
        now, name, status = self._now(), self.name, response.status_code
        if 300 <= status < 400:
            where = redact_url(response.headers.get("location", "?"))
            raise BadPayload(name, operation, f"HTTP {status} redirect to {where}; use that URL")
        hint = retry_after(response.headers, now)
        if status >= 400:
            try:
                root: Element | None = load_xml(body, adapter=name, operation=operation)
            except BadPayload:
                root = None  # not XML: the HTTP status is all there is to say
            if root is not None:
                raise_for_error(
                    root,
                    adapter=name,
                    operation=operation,
                    api_key_sent=key_sent,
                    hint=hint,
                    now=now,
                )
            raise_for_status(response, adapter=name, operation=operation, now=now)
        checked = load_xml(body, adapter=name, operation=operation)
        raise_for_error(
            checked, adapter=name, operation=operation, api_key_sent=key_sent, hint=hint, now=now
        )
        return checked

    async def _exchange(
        self, request: httpx.Request, operation: str, max_bytes: int
    ) -> tuple[httpx.Response, bytes]:
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as err:
            raise Unreachable(self.name, operation, "timed out") from err
        except httpx.TransportError as err:
            raise Unreachable(
                self.name, operation, f"connection failed: {type(err).__name__}"
            ) from err
        try:
            body = await read_bounded(
                response, adapter=self.name, operation=operation, max_bytes=max_bytes
            )
        finally:
            await response.aclose()
        return response, body


class Torznab(Newznab):
    """A Torznab (torrent) indexer: Jackett, Prowlarr, trackers with a native Torznab API."""

    protocol: ClassVar[TransferProtocol] = "torrent"


def indexer_from_spec(
    spec: IndexerSpec,
    client: httpx.AsyncClient,
    *,
    clock: MonotonicClock = time.monotonic,
    sleep: Sleeper = asyncio.sleep,
    now: Callable[[], datetime] = _utcnow,
) -> Newznab:
    """The adapter for one configured indexer; `client` is shared (see `http.build_client`)."""
    kind = Torznab if spec.type == "torznab" else Newznab
    limiter = RateLimiter(
        spec.rate_limit.requests, spec.rate_limit.per.total_seconds(), clock=clock, sleep=sleep
    )
    return kind(
        name=spec.name,
        url=spec.url,
        client=client,
        api_key=spec.api_key,
        categories=spec.categories,
        limiter=limiter,
        timeout=spec.timeout.total_seconds(),
        clock=clock,
        now=now,
    )

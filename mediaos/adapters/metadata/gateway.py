"""The one road every metadata request takes: cache, pace, fetch, bound, parse.

Why one gateway for five products: each provider differs in URLs and auth, but the rules
around a request are the same and must not be forgotten by one adapter:

1. the cache is asked first (a hit costs no request and no rate-limit slot);
2. the provider's `RateLimiter` is waited on, and a `429`/`503 + Retry-After` holds it;
3. `mediaos.adapters.http.fetch` sends the request, maps statuses to the error tree and
   reads at most `max_bytes`;
4. pydantic parses the body at the boundary; a body we refuse is a `BadPayload` whose
   message names the first bad field, never the body;
5. only a body that parsed is written to the cache.

Secrets travel in `secret_params` or `headers`; they are never part of a cache key or of an
error message (operations are `"GET /movie/603"`, without the query).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TypedDict, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from mediaos.adapters.http import build_client, fetch
from mediaos.adapters.metadata.base import MetadataCache
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.core.errors import BadPayload, RateLimited

DEFAULT_MAX_BYTES = 4 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)
Params = Mapping[str, str | int]


class Payload(BaseModel):
    """Base of every peer payload model: unknown fields are ignored (providers add fields
    all the time), values are immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


def utc_now() -> datetime:
    return datetime.now(UTC)


def cache_key(provider: str, path: str, params: Params | None = None) -> str:
    """`"tmdb:/movie/603?append_to_response=...&language=en-US"`: stable (sorted) and public."""
    query = urlencode(sorted((k, str(v)) for k, v in (params or {}).items()))
    return f"{provider}:{path}" + (f"?{query}" if query else "")


class Gateway:
    def __init__(
        self,
        *,
        provider: str,
        client: httpx.AsyncClient,
        limiter: RateLimiter,
        cache: MetadataCache | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.provider = provider
        self.client = client
        self.limiter = limiter
        self.cache = cache
        self.now = now

    async def get_json(
        self,
        path: str,
        model: type[M],
        *,
        params: Params | None = None,
        secret_params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        cached: bool = True,
    ) -> M:
        """GET `path` and parse it as `model`, through the cache unless `cached=False`."""
        if cached and (hit := await self.from_cache(path, model, params=params)) is not None:
            return hit
        _, body = await self.send(
            "GET",
            path,
            params={**(params or {}), **(secret_params or {})},
            headers=headers,
            max_bytes=max_bytes,
        )
        value = self.parse(body, model, f"GET {path}")
        if cached and self.cache is not None:
            await self.cache.put(cache_key(self.provider, path, params), body, self.now())
        return value

    async def from_cache(
        self, path: str, model: type[M], *, params: Params | None = None
    ) -> M | None:
        """The cached answer to GET `path`, or `None`: lets an adapter skip a login when
        everything it needs is cached."""
        if self.cache is None:
            return None
        body = await self.cache.get(cache_key(self.provider, path, params))
        if body is None:
            return None
        try:
            return model.model_validate_json(body)
        except ValidationError:
            return None  # written by an older model: fetch it again

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        json: object = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> tuple[httpx.Response, bytes]:
        """One paced request, no cache; statuses already mapped to typed errors."""
        await self.limiter.wait()
        extra: dict[str, object] = {}
        if json is not None:
            extra["json"] = json
        try:
            return await fetch(
                self.client,
                method,
                path,
                adapter=self.provider,
                operation=f"{method} {path}",
                max_bytes=max_bytes,
                params=dict(params or {}),
                headers=dict(headers or {}),
                **extra,
            )
        except RateLimited as err:
            self.limiter.hold(err.retry_after)
            raise

    def parse(self, body: bytes, model: type[M], operation: str) -> M:
        try:
            return model.model_validate_json(body)
        except ValidationError as err:
            first = err.errors(include_input=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "the document"
            raise BadPayload(
                self.provider, operation, f"unexpected JSON at {where}: {first['type']}"
            ) from err


class Wiring(TypedDict, total=False):
    """What the daemon (or a test) may hand any metadata adapter's `from_spec`: a shared cache,
    an HTTP client or rate limiter to use instead of new ones, and the clock."""

    cache: MetadataCache | None
    client: httpx.AsyncClient | None
    limiter: RateLimiter | None
    now: Callable[[], datetime]


def open_gateway(
    provider: str,
    url: str,
    *,
    calls: int,
    per: float,
    wiring: Wiring,
    headers: Mapping[str, str] | None = None,
    follow_redirects: bool = False,
) -> Gateway:
    """A gateway for one provider: its base URL, its published rate (`calls` per `per`
    seconds), and whatever `wiring` supplies instead of the defaults."""
    client = wiring.get("client") or build_client(
        base_url=url, headers=headers, follow_redirects=follow_redirects
    )
    return Gateway(
        provider=provider,
        client=client,
        limiter=wiring.get("limiter") or RateLimiter(calls, per),
        cache=wiring.get("cache"),
        now=wiring.get("now") or utc_now,
    )


class GatewaySource:
    """Base of the metadata adapters: each holds one gateway and closes its client."""

    def __init__(self, gateway: Gateway) -> None:
        self._gw = gateway

    async def aclose(self) -> None:
        """Close the HTTP client (the daemon does at shutdown)."""
        await self._gw.client.aclose()

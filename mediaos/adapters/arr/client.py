"""Read-only clients for a running Sonarr or Radarr (API v3), for `mediaos adopt`.

Why read-only and why here: adopting must never change the user's *arr instance (they keep it
running until MediaOS has proven itself), so only GET endpoints exist. The API key travels in
the `X-Api-Key` header, never in a URL, so it cannot leak through an error, a log line or a
proxy log.

Errors, in the shared tree (`mediaos.core.errors`):

- a refused key (401/403), or no key in the env -> `AuthRejected`
- nothing listening, DNS, timeout               -> `Unreachable`
- a server that is not the expected product     -> `BadPayload` saying what answered instead
  (Radarr when Sonarr was asked, a web page, a 404 for the API: a wrong port or URL base)
- a body that does not parse, or is too big     -> `BadPayload` naming the endpoint only

`connect` asks `/api/v3/system/status` first, like a Home Assistant config flow tests the
connection before saving, so a wrong URL fails with one clear sentence instead of a parse
error on `/series`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from mediaos.adapters.arr.payloads import (
    App,
    ArrMovie,
    ArrQualityProfile,
    ArrSeries,
    ArrStatus,
    ArrTag,
)
from mediaos.adapters.http import fetch
from mediaos.core.errors import AuthRejected, BadPayload, NotFound

#: A library of 20,000 items is 60-100 MB of JSON on /movie or /series; more is refused.
MAX_LIST_BYTES = 256 * 1024 * 1024
MAX_SMALL_BYTES = 4 * 1024 * 1024
API_KEY_ENV: dict[App, str] = {"sonarr": "SONARR_API_KEY", "radarr": "RADARR_API_KEY"}
_PRODUCT: dict[App, str] = {"sonarr": "Sonarr", "radarr": "Radarr"}

_T = TypeVar("_T")
_STATUS = TypeAdapter(ArrStatus)
_TAGS = TypeAdapter(list[ArrTag])
_PROFILES = TypeAdapter(list[ArrQualityProfile])
_SERIES = TypeAdapter(list[ArrSeries])
_MOVIES = TypeAdapter(list[ArrMovie])


def api_key_from_env(app: App, env: Mapping[str, str]) -> str:
    """The key from SONARR_API_KEY / RADARR_API_KEY. A missing key is `AuthRejected` before
    any request: like a refused one, only the user can fix it."""
    name = API_KEY_ENV[app]
    key = env.get(name, "").strip()
    if not key:
        where = f"{_PRODUCT[app]}'s Settings > General > Security"
        raise AuthRejected(app, "API key", f"{name} is not set; export the key shown in {where}")
    return key


class ArrClient:
    """What Sonarr and Radarr share: status, quality profiles and tags."""

    app: App

    def __init__(self, *, url: str, api_key: str, http: httpx.AsyncClient) -> None:
        self.url = url.rstrip("/")
        self._headers = {"X-Api-Key": api_key, "Accept": "application/json"}
        self._http = http
        self.status: ArrStatus | None = None

    @property
    def product(self) -> str:
        return _PRODUCT[self.app]

    async def connect(self) -> ArrStatus:
        """Check that the URL is the expected product and the key is accepted."""
        try:
            body = await self._get("/api/v3/system/status", "system status", MAX_SMALL_BYTES)
        except NotFound as err:
            raise BadPayload(
                self.app, "system status", f"no {self.product} API v3 at this URL ({err})"
            ) from err
        status = self._parse(_STATUS, body, "system status")
        answered = (status.app_name or "").strip()
        if answered.lower() != self.app:
            other = f"{answered} answered" if answered else "the server is not Sonarr or Radarr"
            raise BadPayload(self.app, "system status", f"expected {self.product}, but {other}")
        self.status = status
        return status

    async def quality_profiles(self) -> list[ArrQualityProfile]:
        body = await self._get("/api/v3/qualityprofile", "quality profiles", MAX_SMALL_BYTES)
        return self._parse(_PROFILES, body, "quality profiles")

    async def tags(self) -> dict[int, str]:
        body = await self._get("/api/v3/tag", "tags", MAX_SMALL_BYTES)
        return {tag.id: tag.label for tag in self._parse(_TAGS, body, "tags")}

    async def _get(self, endpoint: str, operation: str, max_bytes: int) -> bytes:
        _, body = await fetch(
            self._http,
            "GET",
            self.url + endpoint,
            adapter=self.app,
            operation=operation,
            max_bytes=max_bytes,
            headers=self._headers,
        )
        return body

    def _parse(self, adapter: TypeAdapter[_T], body: bytes, operation: str) -> _T:
        """A web page (the usual "wrong URL base") or a changed shape becomes a `BadPayload`
        naming the first bad field, never echoing the body."""
        try:
            return adapter.validate_json(body)
        except ValidationError as err:
            first = err.errors(include_input=False, include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise BadPayload(
                self.app,
                operation,
                f"not a {self.product} API v3 answer ({where}: {first['msg']})",
            ) from err


class Sonarr(ArrClient):
    app: App = "sonarr"

    async def series(self) -> list[ArrSeries]:
        body = await self._get("/api/v3/series", "list series", MAX_LIST_BYTES)
        return self._parse(_SERIES, body, "list series")


class Radarr(ArrClient):
    app: App = "radarr"

    async def movies(self) -> list[ArrMovie]:
        body = await self._get("/api/v3/movie", "list movies", MAX_LIST_BYTES)
        return self._parse(_MOVIES, body, "list movies")

"""qBittorrent through its Web API v2 (4.5 as Debian ships it; 4.6, 5.0 and 5.2 by version).

Why it is written this way (protocols.md section 2):
- Login answers are odd and unforgiving: a wrong password is HTTP 200 `Fails.` up to 5.1 and
  401 from 5.2, and after five failures qBittorrent bans the IP (403 on login) for an hour. A
  refused login is therefore never retried: it becomes `AuthRejected` with a message saying
  what the user must do.
- The SID cookie expires silently (inactivity, a restart of qBittorrent). Any protected call
  answering 403 triggers exactly one re-login and one retry; the caller never sees it.
- qBittorrent rejects a request whose Referer/Origin names another host (CSRF check), so both
  are sent on every request, naming the configured base URL.
- Features are decided on `app/webapiVersion`, never on the program version, and it is re-read
  after every login and right before each version-dependent call, because a restart may have
  been an upgrade: API 2.11 (5.0) renamed pause/resume to stop/start and `paused` to `stopped`;
  API 2.14 (5.2) answers adds with JSON and 409 when nothing was added (the hash decides).
- The pure half (rows, states, add forms) lives in `qbittorrent_payloads.py`.

Invariants: the info-hash is known before an add (see `resolve_torrent_source`) and the client
is asked for it first, so adding twice gives one torrent; only the given category is listed;
`torrents/delete` always carries `deleteFiles` (4.5+ answer 400 without it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import TypeAdapter, ValidationError

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState
from mediaos.adapters.downloaders.qbittorrent_payloads import (
    ADAPTER,
    API_STOP_START,
    CATEGORIES,
    TORRENTS,
    AddOptions,
    Category,
    Torrent,
    flag,
    parse_version,
    to_download_state,
)
from mediaos.adapters.http import build_client, raise_for_status, read_bounded, redact_url
from mediaos.adapters.torrentfiles import normalise_info_hash, resolve_torrent_source
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    Unreachable,
)
from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol
from mediaos.schemas.downloads import QBittorrentSpec

__all__ = ["AddOptions", "QBittorrent"]

_MAX_BODY: Final = 20 * 1024 * 1024  # torrents/info for a few thousand torrents
_BANNED: Final = (
    "qBittorrent has banned this address after too many failed logins; fix the password, "
    "then wait for the ban to end (1 hour by default) or restart qBittorrent"
)
_CSRF: Final = (
    "HTTP 401: qBittorrent's CSRF or Host header check refused the request; use the address "
    "it listens on"
)
_BASIC: Final = (
    "asks for HTTP authentication, which qBittorrent 4.x does not: a proxy in front of it, "
    "or not qBittorrent at all; check the URL"
)

T = TypeVar("T")


class QBittorrent:
    """A `Downloader` for one qBittorrent Web UI. The httpx client is injected (or built from
    the spec's timeout) and also downloads .torrent files, so one seam serves tests."""

    protocol: TransferProtocol = "torrent"

    def __init__(
        self,
        *,
        name: str,
        base_url: str,
        username: str = "admin",
        password: str | None = None,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        options: AddOptions | None = None,
    ) -> None:
        self.name = name
        self._base = base_url.rstrip("/")
        self._where = redact_url(self._base)
        parts = urlsplit(self._base)
        self._headers = {"Referer": self._base + "/", "Origin": f"{parts.scheme}://{parts.netloc}"}
        self._credentials = {"username": username, "password": password or ""}
        self._http = http or build_client(timeout=timeout)
        self._timeout = timeout
        self._options = options or AddOptions()
        self._category_paths: dict[str, str] = {}
        self._sid: str | None = None
        self._api: tuple[int, ...] | None = None
        self._login_lock = asyncio.Lock()

    @classmethod
    def from_spec(
        cls, spec: QBittorrentSpec, *, http: httpx.AsyncClient | None = None
    ) -> QBittorrent:
        seed_time = spec.seed_time
        return cls(
            name=spec.name,
            base_url=spec.url,
            username=spec.username,
            password=spec.password.get_secret_value() if spec.password else None,
            http=http,
            timeout=spec.timeout.total_seconds(),
            options=AddOptions(
                save_path=spec.save_path, start_paused=spec.start_paused,
                sequential=spec.sequential, seed_ratio=spec.seed_ratio,
                seed_time_minutes=int(seed_time.total_seconds() // 60) if seed_time else None,
                tags=tuple(spec.tags),
            ),
        )  # fmt: skip

    # --- the Downloader role ------------------------------------------------------------

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        source = await resolve_torrent_source(release, self._http, adapter=ADAPTER)
        if await self._present(source.info_hash):
            return source.info_hash
        api = await self._api_version(fresh=True)
        save_path = self._category_paths.get(category, self._options.save_path)
        form = self._options.form(category, save_path=save_path, api=api)
        if all_tags := [*self._options.tags, *tags]:
            form["tags"] = ",".join(all_tags)
        files = None
        if source.magnet is not None:
            form["urls"] = source.magnet
        else:
            assert source.torrent is not None
            files = {"torrents": (f"{source.info_hash}.torrent", source.torrent)}
        response, body = await self._call(
            "POST", "torrents/add", "add", data=form, files=files, allow=(409,)
        )
        # `Fails.`/409 also mean "already there" (a concurrent add): the hash decides.
        refused = response.status_code == 409 or body.strip() == b"Fails."
        if await self._present(source.info_hash, wait=5.0) or not refused:
            return source.info_hash
        raise PeerBusy(ADAPTER, "add", "qBittorrent refused the torrent (is it still starting?)")

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        rows = await self._torrents({"category": category})
        return [to_download_state(r, client=self.name) for r in rows if r.category == category]

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        form = {"hashes": _hash_of(download_id), "deleteFiles": flag(delete_files)}
        await self._call("POST", "torrents/delete", "remove", data=form)

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        wanted = save_path if save_path is not None else self._options.save_path
        if wanted is not None:
            self._category_paths[category] = wanted
        _, body = await self._call("GET", "torrents/categories", "read categories")
        current = _parse(CATEGORIES, body, "read categories").get(category)
        form = {"category": category, "savePath": wanted or ""}
        if current is None:
            response, _ = await self._call(
                "POST", "torrents/createCategory", "create category", data=form, allow=(409,)
            )
            if response.status_code != 409:  # 409: created meanwhile, or an invalid name
                return
            _, body = await self._call("GET", "torrents/categories", "read categories")
            if category not in _parse(CATEGORIES, body, "read categories"):
                raise BadPayload(ADAPTER, "create category", f"invalid name {category!r}")
            current = Category()
        if wanted is not None and current.savePath.rstrip("/") != wanted.rstrip("/"):
            await self._call("POST", "torrents/editCategory", "edit category", data=form)

    async def health(self) -> ClientHealth:
        try:
            _, body = await self._call("GET", "app/version", "read version")
            version = body.decode("utf-8", "replace").strip()
            api = await self._api_version()
        except AdapterError as err:
            return ClientHealth(ok=False, version=None, message=str(err))
        if parse_version(version) is None:
            return ClientHealth(ok=False, version=None, message="not a qBittorrent Web UI")
        api_text = ".".join(map(str, api))
        return ClientHealth(
            ok=True, version=version, message=f"qBittorrent {version} (API {api_text})"
        )

    # --- beyond the role: pausing (named stop/start from API 2.11) ------------------------

    async def pause(self, download_id: str) -> None:
        await self._set_running(download_id, running=False)

    async def resume(self, download_id: str) -> None:
        await self._set_running(download_id, running=True)

    async def _set_running(self, download_id: str, *, running: bool) -> None:
        new = await self._api_version(fresh=True) >= API_STOP_START
        action = ("start" if new else "resume") if running else ("stop" if new else "pause")
        form = {"hashes": _hash_of(download_id)}
        await self._call("POST", f"torrents/{action}", action, data=form)

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    async def _torrents(self, params: Mapping[str, str]) -> Sequence[Torrent]:
        _, body = await self._call("GET", "torrents/info", "list", params=params)
        return _parse(TORRENTS, body, "list")

    async def _present(self, info_hash: str, *, wait: float = 0.0) -> bool:
        """Whether the client has the torrent, polling up to `wait` seconds (4.5 registers an
        added torrent asynchronously, Sonarr polls the same way)."""
        loop = asyncio.get_running_loop()
        deadline, delay = loop.time() + wait, 0.05
        while True:
            if await self._torrents({"hashes": info_hash}):
                return True
            if loop.time() + delay > deadline:
                return False
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.5)

    async def _api_version(self, *, fresh: bool = False) -> tuple[int, ...]:
        """The Web API version. `fresh` re-reads it right before a call whose form depends on
        it: that read also renews an expired session, so a restart into an upgrade between two
        calls cannot leave us sending 4.x names to 5.x."""
        if self._api is None or fresh:
            _, body = await self._call("GET", "app/webapiVersion", "read API version")
            api = parse_version(body.decode("utf-8", "replace"))
            if api is None:
                raise BadPayload(ADAPTER, "read API version", "not a qBittorrent Web UI")
            self._api = api
        return self._api

    async def _call(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes]] | None = None,
        allow: tuple[int, ...] = (),
    ) -> tuple[httpx.Response, bytes]:
        """One API call; a 403 (expired or unknown SID) costs one login and one retry."""
        sid = self._sid
        response, body = await self._send(method, path, operation, params, data, files)
        if response.status_code == 403:
            await self._login(stale=sid)
            response, body = await self._send(method, path, operation, params, data, files)
            if response.status_code == 403:
                raise AuthRejected(ADAPTER, operation, "session refused right after logging in")
        if response.status_code not in allow:
            self._raise_for(response, operation)
        return response, body

    async def _login(self, *, stale: str | None) -> None:
        async with self._login_lock:
            if self._sid != stale:  # another task logged in meanwhile
                return
            self._sid, self._api = None, None
            response, body = await self._send(
                "POST", "auth/login", "login", None, self._credentials, None
            )
            refused = f"wrong username or password for {self._credentials['username']!r}"
            if response.status_code == 403:
                raise AuthRejected(ADAPTER, "login", _BANNED)
            if response.status_code == 401 and "www-authenticate" not in response.headers:
                raise AuthRejected(ADAPTER, "login", f"{refused} (or a Host/Referer mismatch)")
            self._raise_for(response, "login")
            if body.strip() == b"Fails.":
                raise AuthRejected(ADAPTER, "login", refused)
            if body.strip() != b"Ok.":
                raise BadPayload(ADAPTER, "login", f"{self._where} does not answer like a "
                                 "qBittorrent Web UI; check the URL")  # fmt: skip
            self._sid = response.cookies.get("SID") or None

    async def _send(
        self,
        method: str,
        path: str,
        operation: str,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        files: Mapping[str, tuple[str, bytes]] | None,
    ) -> tuple[httpx.Response, bytes]:
        headers = dict(self._headers)
        if self._sid:
            headers["Cookie"] = f"SID={self._sid}"
        try:
            request = self._http.build_request(
                method, f"{self._base}/api/v2/{path}", params=params, data=data, files=files,
                headers=headers, timeout=self._timeout,
            )  # fmt: skip
            response = await self._http.send(request, stream=True)
        except httpx.TimeoutException as err:
            raise Unreachable(ADAPTER, operation, f"no answer within {self._timeout:g} s") from err
        except httpx.TransportError as err:
            failure = f"cannot connect to {self._where}: {type(err).__name__}"
            raise Unreachable(ADAPTER, operation, failure) from err
        try:
            body = await read_bounded(response, adapter=ADAPTER, operation=operation,
                                      max_bytes=_MAX_BODY)  # fmt: skip
        finally:
            await response.aclose()
        return response, body

    def _raise_for(self, response: httpx.Response, operation: str) -> None:
        status = response.status_code
        if status == 404:
            failure = f"no qBittorrent Web API at {self._where} (HTTP 404); check the URL"
            raise NotFound(ADAPTER, operation, failure)
        if status == 401:
            basic = "www-authenticate" in response.headers
            raise AuthRejected(ADAPTER, operation, f"{self._where} {_BASIC}" if basic else _CSRF)
        if 300 <= status < 400:
            failure = f"HTTP {status} redirect: {self._where} is not the Web UI address"
            raise NotFound(ADAPTER, operation, failure)
        if status in (400, 409, 415):
            raise BadPayload(ADAPTER, operation, f"qBittorrent refused the request (HTTP {status})")
        raise_for_status(response, adapter=ADAPTER, operation=operation)


def _hash_of(download_id: str) -> str:
    info_hash = normalise_info_hash(download_id)
    if info_hash is None:
        raise NotFound(ADAPTER, "find torrent", f"{download_id!r} is not an info-hash")
    return info_hash


def _parse(adapter: TypeAdapter[T], body: bytes, operation: str) -> T:
    try:
        return adapter.validate_json(body)
    except ValidationError as err:
        raise BadPayload(
            ADAPTER, operation, "not the JSON qBittorrent sends; check the URL"
        ) from err

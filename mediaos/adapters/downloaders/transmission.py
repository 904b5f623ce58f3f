"""Transmission through its RPC (3.00 as Debian ships it; 4.x by `rpc-version`).

Why it is written this way (protocols.md section 3):
- Every call needs the `X-Transmission-Session-Id` the daemon hands out with a 409; the id
  changes whenever the daemon restarts, so a 409 is answered by storing the new id and
  repeating the call, at any time, and what was learnt about the daemon (its version) is
  forgotten, because a restart may have been an upgrade.
- RPC errors come back as HTTP 200 with a `result` other than `success`: every reply is checked.
  A duplicate add is `result: "duplicate torrent"` on 3.00 and `success` with
  `torrent-duplicate` on 4.x: both mean "already there" and give the existing hash.
- Categories follow Sonarr: each category is a sub-folder of the download folder, and a label
  of the same name. 3.00 ignores `labels` on `torrent-add` (RPC 16), so there they are set by
  a `torrent-set` right after; 4.x (RPC 17+) takes them on the add. A torrent counts as ours when
  it carries the label, or has no labels and sits in the category's folder.
- Completion is `leftUntilDone == 0`; `isFinished` means "stopped at its seeding goal".

Invariants: the info-hash is known before an add and asked for first; `torrent-remove`
always says whether to delete local data; nothing outside the category is listed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState, DownloadStatus
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
from mediaos.schemas.downloads import TransmissionSpec

ADAPTER: Final = "transmission"
SESSION_HEADER: Final = "X-Transmission-Session-Id"
_RPC_LABELS_ON_ADD: Final = 17  # Transmission 4.0
_MAX_BODY: Final = 20 * 1024 * 1024
_FIELDS: Final = [
    "hashString", "name", "downloadDir", "totalSize", "sizeWhenDone", "leftUntilDone",
    "percentDone", "status", "error", "errorString", "eta", "isStalled", "uploadRatio",
    "secondsSeeding", "labels", "metadataPercentComplete",
]  # fmt: skip
M = TypeVar("M", bound=BaseModel)
_LOCAL_ERROR: Final = 3  # disk full, permissions: the torrent cannot go on by itself


class Torrent(BaseModel):
    model_config = ConfigDict(extra="ignore")
    hashString: str  # noqa: N815 (the peer's names, here and below)
    name: str = ""
    downloadDir: str = ""  # noqa: N815
    totalSize: int = 0  # noqa: N815
    sizeWhenDone: int = 0  # noqa: N815
    leftUntilDone: int = 0  # noqa: N815
    percentDone: float = 0.0  # noqa: N815
    status: int = 0
    error: int = 0
    errorString: str = ""  # noqa: N815
    eta: int = -1
    isStalled: bool = False  # noqa: N815
    uploadRatio: float = 0.0  # noqa: N815
    secondsSeeding: int = 0  # noqa: N815
    labels: list[str] = []
    metadataPercentComplete: float = 1.0  # noqa: N815


class _Torrents(BaseModel):
    torrents: list[Torrent]


class _Added(BaseModel):
    model_config = ConfigDict(extra="ignore")
    hashString: str  # noqa: N815


class _AddReply(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    added: _Added | None = Field(None, alias="torrent-added")
    duplicate: _Added | None = Field(None, alias="torrent-duplicate")


class _Session(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    version: str = "?"
    rpc_version: int = Field(alias="rpc-version")
    download_dir: str = Field("", alias="download-dir")


def to_download_state(row: Torrent, *, client: str, category: str) -> DownloadState:
    """One `torrent-get` object as a `DownloadState` (Sonarr's mapping, protocols.md 3.4)."""
    done = row.leftUntilDone == 0 and row.sizeWhenDone > 0
    if row.error == _LOCAL_ERROR:
        status = DownloadStatus.FAILED
    elif row.totalSize == 0 or row.metadataPercentComplete < 1.0 or row.status in (1, 2, 3):
        status = DownloadStatus.QUEUED  # no metadata yet, verifying, or waiting in the queue
    elif done:
        status = DownloadStatus.SEEDING if row.status in (5, 6) else DownloadStatus.COMPLETED
    elif row.status == 0:
        status = DownloadStatus.PAUSED
    else:
        status = DownloadStatus.STALLED if row.isStalled else DownloadStatus.DOWNLOADING
    name = row.name
    return DownloadState(
        id=row.hashString.lower(),
        name=name,
        client=client,
        protocol="torrent",
        category=category,
        status=status,
        progress=min(max(row.percentDone, 0.0), 1.0),
        size=row.sizeWhenDone or row.totalSize or None,
        eta=0 if done else (row.eta if row.eta >= 0 else None),
        save_path=row.downloadDir or None,
        content_path=f"{row.downloadDir.rstrip('/')}/{name}" if row.downloadDir else None,
        ratio=9999.0
        if row.uploadRatio == -2
        else (None if row.uploadRatio < 0 else row.uploadRatio),
        seeding_time=row.secondsSeeding,
        error=row.errorString[:300] if row.error else None,
        info_hash=row.hashString.lower(),
    )


def rpc_url(url: str) -> str:
    """The RPC endpoint for what users paste: `http://host:9091` and `.../transmission` work."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path in ("", "/transmission", "/transmission/web"):
        path = "/transmission/rpc"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


class Transmission:
    """A `Downloader` for one transmission-daemon; the httpx client is injected or built."""

    protocol: TransferProtocol = "torrent"

    def __init__(
        self,
        *,
        name: str,
        url: str,
        username: str | None = None,
        password: str | None = None,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        download_dir: str | None = None,
        start_paused: bool = False,
        seed_ratio: float | None = None,
        tags: Sequence[str] = (),
    ) -> None:
        self.name = name
        self._url = rpc_url(url)
        token = base64.b64encode(f"{username}:{password or ''}".encode()).decode("ascii")
        self._auth = f"Basic {token}" if username else None
        self._http = http or build_client(timeout=timeout)
        self._timeout = timeout
        self._download_dir = download_dir
        self._start_paused = start_paused
        self._seed_ratio = seed_ratio
        self._tags = tuple(tags)
        self._session_id: str | None = None
        self._session: _Session | None = None
        self._category_dirs: dict[str, str] = {}

    @classmethod
    def from_spec(
        cls, spec: TransmissionSpec, *, http: httpx.AsyncClient | None = None
    ) -> Transmission:
        return cls(
            name=spec.name,
            url=spec.url,
            username=spec.username,
            password=spec.password.get_secret_value() if spec.password else None,
            http=http,
            timeout=spec.timeout.total_seconds(),
            download_dir=spec.download_dir,
            start_paused=spec.start_paused,
            seed_ratio=spec.seed_ratio,
            tags=spec.tags,
        )

    # --- the Downloader role ------------------------------------------------------------

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        source = await resolve_torrent_source(release, self._http, adapter=ADAPTER)
        if await self._torrents([source.info_hash]):
            return source.info_hash
        session = await self._session_info()
        labels = [t for t in dict.fromkeys([category, *self._tags, *tags]) if t and "," not in t]
        arguments: dict[str, Any] = {
            "download-dir": await self._category_dir(category),
            "paused": self._start_paused,
        }
        if source.magnet is not None:
            arguments["filename"] = source.magnet
        else:
            assert source.torrent is not None
            arguments["metainfo"] = base64.b64encode(source.torrent).decode("ascii")
        if session.rpc_version >= _RPC_LABELS_ON_ADD:
            arguments["labels"] = labels
        reply = await self._rpc("torrent-add", arguments, "add", ok=("duplicate torrent",))
        parsed = _validate(_AddReply, reply, "add")
        if parsed.duplicate is not None:  # added meanwhile by someone else: leave it alone
            return parsed.duplicate.hashString.lower()
        if parsed.added is None:
            raise BadPayload(ADAPTER, "add", "Transmission's reply names no torrent")
        info_hash = parsed.added.hashString.lower()
        settings: dict[str, Any] = {}
        if session.rpc_version < _RPC_LABELS_ON_ADD:
            settings["labels"] = labels
        if self._seed_ratio is not None:
            settings.update(seedRatioLimit=self._seed_ratio, seedRatioMode=1)
        if settings:
            await self._rpc("torrent-set", {"ids": [info_hash], **settings}, "set labels")
        return info_hash

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        folder = (await self._category_dir(category)).rstrip("/")
        return [
            to_download_state(row, client=self.name, category=category)
            for row in await self._torrents(None)
            if category in row.labels or (not row.labels and row.downloadDir.rstrip("/") == folder)
        ]

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        info_hash = normalise_info_hash(download_id)
        if info_hash is None:
            raise NotFound(ADAPTER, "remove", f"{download_id!r} is not an info-hash")
        arguments = {"ids": [info_hash], "delete-local-data": delete_files}
        await self._rpc("torrent-remove", arguments, "remove")

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        """Transmission has no category objects: remember the folder, and check we can talk."""
        if save_path is not None:
            self._category_dirs[category] = save_path
        await self._session_info()

    async def health(self) -> ClientHealth:
        try:
            session = await self._session_info(fresh=True)
        except AdapterError as err:
            return ClientHealth(ok=False, version=None, message=str(err))
        message = f"Transmission {session.version} (RPC {session.rpc_version})"
        return ClientHealth(ok=True, version=session.version, message=message)

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    async def _category_dir(self, category: str) -> str:
        if category in self._category_dirs:
            return self._category_dirs[category]
        base = self._download_dir or (await self._session_info()).download_dir
        return f"{base.rstrip('/')}/{category}"

    async def _session_info(self, *, fresh: bool = False) -> _Session:
        if self._session is None or fresh:
            reply = await self._rpc("session-get", {}, "read session")
            self._session = _validate(_Session, reply, "read session")
        return self._session

    async def _torrents(self, ids: Sequence[str] | None) -> Sequence[Torrent]:
        arguments: dict[str, Any] = {"fields": _FIELDS}
        if ids is not None:
            arguments["ids"] = list(ids)
        reply = await self._rpc("torrent-get", arguments, "list")
        return _validate(_Torrents, reply, "list").torrents

    async def _rpc(
        self, method: str, arguments: Mapping[str, Any], operation: str, *, ok: tuple[str, ...] = ()
    ) -> Mapping[str, Any]:
        """One RPC call: the 409 session-id exchange (twice at most, for a restart between the
        two), HTTP statuses to typed errors, and `result` checked."""
        payload = json.dumps({"method": method, "arguments": arguments}).encode()
        for _ in range(3):
            response, body = await self._send(payload, operation)
            if response.status_code != 409:
                break
            session_id = response.headers.get(SESSION_HEADER)
            if not session_id:
                raise BadPayload(
                    ADAPTER, operation, "HTTP 409 without a session id: not Transmission?"
                )
            if self._session_id is not None:
                self._session = None  # restarted: maybe another version now
            self._session_id = session_id
        else:
            raise PeerBusy(ADAPTER, operation, "Transmission keeps changing its session id")
        self._raise_for(response, operation)
        try:
            reply = json.loads(body)
            result = reply["result"]
            found = reply.get("arguments", {})
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise BadPayload(
                ADAPTER,
                operation,
                f"{redact_url(self._url)} does not answer like Transmission's RPC; check the URL",
            ) from err
        if result != "success" and result not in ok:
            raise BadPayload(ADAPTER, operation, f"Transmission says: {str(result)[:200]}")
        if not isinstance(found, dict):
            raise BadPayload(ADAPTER, operation, "Transmission's reply has no arguments object")
        return found

    async def _send(self, payload: bytes, operation: str) -> tuple[httpx.Response, bytes]:
        headers = {"Content-Type": "application/json"}
        if self._session_id:
            headers[SESSION_HEADER] = self._session_id
        if self._auth is not None:
            headers["Authorization"] = self._auth
        try:
            request = self._http.build_request(
                "POST", self._url, content=payload, headers=headers, timeout=self._timeout
            )
            response = await self._http.send(request, stream=True)
        except httpx.TimeoutException as err:
            raise Unreachable(ADAPTER, operation, f"no answer within {self._timeout:g} s") from err
        except httpx.TransportError as err:
            raise Unreachable(
                ADAPTER,
                operation,
                f"cannot connect to {redact_url(self._url)}: {type(err).__name__}",
            ) from err
        try:
            body = await read_bounded(
                response, adapter=ADAPTER, operation=operation, max_bytes=_MAX_BODY
            )
        finally:
            await response.aclose()
        return response, body

    def _raise_for(self, response: httpx.Response, operation: str) -> None:
        status = response.status_code
        if status == 401:
            what = (
                "wrong username or password" if self._auth else "a username and password are needed"
            )
            raise AuthRejected(ADAPTER, operation, f"Transmission refused the login: {what}")
        if status == 403:
            raise AuthRejected(
                ADAPTER,
                operation,
                "Transmission refused this address (rpc-whitelist)"
                " or locked its RPC after too many failed logins (restart it)",
            )
        if status == 421:
            raise AuthRejected(
                ADAPTER,
                operation,
                "Transmission refused the host name in the URL; "
                "use its IP address or add the name to rpc-host-whitelist",
            )
        if 300 <= status < 400 or status == 404:
            raise NotFound(
                ADAPTER,
                operation,
                f"no Transmission RPC at {redact_url(self._url)} "
                f"(HTTP {status}); the URL ends in /transmission/rpc",
            )
        if 400 <= status < 500:
            raise BadPayload(ADAPTER, operation, f"HTTP {status}: {redact_url(self._url)} does "
                             "not answer like Transmission's RPC; check the URL")  # fmt: skip
        raise_for_status(response, adapter=ADAPTER, operation=operation)


def _validate(model: type[M], reply: Mapping[str, Any], operation: str) -> M:
    try:
        return model.model_validate(reply)
    except ValidationError as err:
        raise BadPayload(
            ADAPTER, operation, "Transmission's reply is not what its RPC sends"
        ) from err

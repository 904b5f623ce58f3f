"""NZBGet (21 and later) over JSON-RPC: the `Downloader` role for Usenet.

Why it looks the way it does (protocols.md section 4):
- NZBGet's JSON parser is a flat token scanner that reads every value after `"params"`, so
  the request object is serialised with `params` LAST and post-processing parameters go as
  flat alternating name/value strings. Reordering `_envelope` breaks `append` silently.
- `append` uses the v16+ signature exactly (ten positional values then PP parameters); the
  upstream docs' `AutoCategory` is v25.3+ and would shift every later value on v21.
- The NZB is fetched by MediaOS (bounded, validated) and sent base64, as Sonarr does, so
  the indexer's API key is never stored in NZBGet's queue.
- Idempotence is ours: each grab carries `mediaos_id=<key>` (a hash of indexer and guid)
  as a PP parameter and as DupeKey; `add` looks for it, or for the same name in the same
  category, in the queue and the visible history before appending. DupeMode is `FORCE`
  because MediaOS decides upgrades and re-grabs; NZBGet's own dupe logic must not park one.
- Credentials go in a Basic header (21.0 does not URL-decode credentials in the path).
- NZBGet cannot create categories over RPC without rewriting its whole configuration and
  reloading, so `ensure` checks and explains instead of changing anything.
- Removing a finished download drops its history record; NZBGet never deletes completed
  files over RPC, so `delete_files` only affects queued (partial) downloads.
"""

from __future__ import annotations

import base64
import builtins
import hashlib
import itertools
import json
import posixpath
from collections.abc import Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState, DownloadStatus
from mediaos.adapters.http import fetch
from mediaos.adapters.releasefiles import fetch_release_file, parse_nzb, safe_stem
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, Unreachable, Unsupported
from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol
from mediaos.schemas.downloads import NZBGetSpec

ADAPTER = "nzbget"
MIN_MAJOR = 21
MAX_RPC_BYTES = 32 * 1024 * 1024
ID_PARAMETER = "mediaos_id"
PRIORITIES = {"very_low": -100, "low": -50, "normal": 0, "high": 50, "very_high": 100, "force": 900}
#: Group statuses after the download proper: post-processing (par, unpack, move, scripts).
# fmt: off
POST_PROCESSING = frozenset({
    "PP_QUEUED", "LOADING_PARS", "VERIFYING_SOURCES", "REPAIRING", "VERIFYING_REPAIRED",
    "RENAMING", "UNPACKING", "MOVING", "POST_UNPACK_RENAMING", "EXECUTING_SCRIPT", "PP_FINISHED",
})
# fmt: on
#: History `WARNING/...` kinds whose files are still usable (a script or check was skipped).
HARMLESS_WARNINGS = frozenset({"SCRIPT", "SKIPPED"})

READ_ONLY = frozenset({"version", "config", "listgroups", "history", "status"})

RpcValue = str | int | bool | list[int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Parameter(_Model):
    name: str = Field(alias="Name")
    value: str = Field(alias="Value")


class _Item(_Model):
    """The fields a queue group and a history item share."""

    nzb_id: int = Field(alias="NZBID")
    name: str = Field(alias="NZBName")
    kind: str = Field("NZB", alias="Kind")
    category: str = Field("", alias="Category")
    status: str = Field(alias="Status")
    dest_dir: str = Field("", alias="DestDir")
    final_dir: str = Field("", alias="FinalDir")
    size_lo: int = Field(0, alias="FileSizeLo")
    size_hi: int = Field(0, alias="FileSizeHi")
    health: int = Field(1000, alias="Health")
    dupe_key: str = Field("", alias="DupeKey")
    parameters: list[_Parameter] = Field(default_factory=list, alias="Parameters")

    @property
    def size(self) -> int:
        return self.size_hi * 2**32 + self.size_lo

    def parameter(self, name: str) -> str | None:
        return next((p.value for p in self.parameters if p.name == name), None)


class _Group(_Item):
    remaining_lo: int = Field(0, alias="RemainingSizeLo")
    remaining_hi: int = Field(0, alias="RemainingSizeHi")
    paused_lo: int = Field(0, alias="PausedSizeLo")
    paused_hi: int = Field(0, alias="PausedSizeHi")
    active_downloads: int = Field(0, alias="ActiveDownloads")


class _Status(_Model):
    download_rate: int = Field(0, alias="DownloadRate")
    download_paused: bool = Field(False, alias="DownloadPaused")


class _RpcError(_Model):
    code: int = 0
    message: str = ""


class _Envelope(_Model):
    result: object = None
    error: _RpcError | None = None


_V = TypeVar("_V")
_GROUPS = TypeAdapter(list[_Group])
_HISTORY = TypeAdapter(list[_Item])
_CONFIG = TypeAdapter(list[_Parameter])
_STATUS = TypeAdapter(_Status)


def release_key(release: ReleaseInfo) -> str:
    """Stable id of a grab: the same indexer release always gives the same key."""
    return hashlib.sha256(f"{release.indexer}\n{release.guid}".encode()).hexdigest()[:24]


def category_dir(config: dict[str, str], category: str) -> str | None:
    """Where NZBGet puts a category's downloads, from `config()` (keys case-folded);
    None when the category is not defined."""
    for index in itertools.count(1):
        name = config.get(f"category{index}.name")
        if name is None:
            return None
        if name.casefold() == category.casefold():
            own_dir = config.get(f"category{index}.destdir", "")
            if own_dir:
                return own_dir
            dest = config.get("destdir", "")
            return posixpath.join(dest, name) if config.get("appendcategorydir") != "no" else dest
    return None  # pragma: no cover - itertools.count never ends


def queue_state(group: _Group, status: _Status, client: str) -> DownloadState:
    """A queue group as a `DownloadState` (Sonarr's mapping, plus post-processing)."""
    remaining = group.remaining_hi * 2**32 + group.remaining_lo
    paused = group.paused_hi * 2**32 + group.paused_lo
    if group.status in POST_PROCESSING:
        state, remaining = DownloadStatus.DOWNLOADING, 0
    elif group.status == "PAUSED" or status.download_paused or (remaining == paused != 0):
        state = DownloadStatus.PAUSED
    elif group.status == "DOWNLOADING" or group.active_downloads > 0:
        state = DownloadStatus.DOWNLOADING
    else:
        state = DownloadStatus.QUEUED
    progress = 1.0 - remaining / group.size if group.size else 0.0
    eta = remaining // status.download_rate if status.download_rate > 0 and remaining else None
    return _state(group, client, state, min(max(progress, 0.0), 1.0), eta, None)


def history_state(item: _Item, client: str) -> DownloadState:
    """A history item: `SUCCESS/*` completed, `FAILURE/*` and `DELETED/*` failed with NZBGet's
    own reason, `WARNING/*` failed unless only a script or a check was skipped."""
    kind, _, detail = item.status.partition("/")
    usable = kind == "SUCCESS" or (kind == "WARNING" and detail in HARMLESS_WARNINGS)
    error = None if kind == "SUCCESS" else item.status
    if kind == "FAILURE" and detail == "HEALTH":
        error = f"{item.status} (health {item.health / 10:.1f}%)"
    status = DownloadStatus.COMPLETED if usable else DownloadStatus.FAILED
    return _state(item, client, status, 1.0 if usable else 0.0, None, error)


def _state(
    item: _Item,
    client: str,
    status: DownloadStatus,
    progress: float,
    eta: int | None,
    error: str | None,
) -> DownloadState:
    content = item.final_dir or item.dest_dir or None
    return DownloadState(
        id=str(item.nzb_id),
        name=item.name,
        client=client,
        protocol="usenet",
        category=item.category,
        status=status,
        progress=progress,
        size=item.size or None,
        eta=eta,
        save_path=posixpath.dirname(content) if content else None,
        content_path=content,
        error=error[:500] if error else None,
    )


class NZBGet:
    """A `Downloader` for one NZBGet instance; `http` is the caller's client (timeouts)."""

    protocol: TransferProtocol = "usenet"

    def __init__(
        self,
        *,
        name: str,
        url: str,
        http: httpx.AsyncClient,
        username: str = "nzbget",
        password: str | None = None,
        priority: int = 0,
    ) -> None:
        self.name = name
        parsed = httpx.URL(url)
        if parsed.userinfo and password is None:  # http://user:pass@host:6789, decoded
            username, password = parsed.username, parsed.password
        self._endpoint = str(parsed.copy_with(userinfo=b"")).rstrip("/") + "/jsonrpc"
        self._http = http
        self._priority = priority
        self._headers = {"Content-Type": "application/json"}
        if password is not None:
            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"
        self._ids = itertools.count(1)

    @classmethod
    def from_spec(cls, spec: NZBGetSpec, *, http: httpx.AsyncClient) -> NZBGet:
        password = spec.password.get_secret_value() if spec.password else None
        return cls(
            name=spec.name,
            url=spec.url,
            http=http,
            username=spec.username,
            password=password,
            priority=PRIORITIES[spec.nzb_priority],
        )

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        if release.protocol != "usenet":
            raise Unsupported(ADAPTER, "add", "NZBGet downloads Usenet releases only")
        if not release.download_url:
            raise BadPayload(ADAPTER, "add", "the release has no NZB download URL")
        key, stem = release_key(release), safe_stem(release.title)
        existing = await self._find(key, stem, category)
        if existing is not None:
            return existing
        nzb = await fetch_release_file(self._http, release.download_url, adapter=ADAPTER)
        parse_nzb(nzb, adapter=ADAPTER)
        params: list[RpcValue] = [
            f"{stem}.nzb",
            base64.b64encode(nzb).decode(),
            category,
            self._priority,
            False,  # AddToTop
            False,  # AddPaused
            f"mediaos:{key}",  # DupeKey
            0,  # DupeScore
            "FORCE",  # DupeMode
            ID_PARAMETER,
            key,
        ]
        if tags:
            params += ["mediaos_tags", ",".join(tags)]
        nzb_id = await self._call("append", *params)  # never retried: it is not idempotent
        if not isinstance(nzb_id, int) or isinstance(nzb_id, bool) or nzb_id <= 0:
            raise BadPayload(ADAPTER, "append", f"NZBGet refused the NZB (returned {nzb_id!r})")
        return str(nzb_id)

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        groups, history = await self._groups(), await self._history()
        status = self._parse(_STATUS, await self._call("status"), "status")
        wanted = category.casefold()
        states = [queue_state(g, status, self.name) for g in groups if _in(g, wanted)]
        states += [history_state(h, self.name) for h in history if _in(h, wanted)]
        return states

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        if not download_id.isdigit():
            raise NotFound(ADAPTER, "remove", "an NZBGet download id is a number")
        ids = [int(download_id)]
        if any(g.nzb_id == ids[0] for g in await self._groups()):
            # A partial download is worthless: drop it and its temp files, no history record.
            await self._call("editqueue", "GroupFinalDelete", "", ids)
        elif any(h.nzb_id == ids[0] for h in await self._history()):
            command = "HistoryFinalDelete" if delete_files else "HistoryDelete"
            await self._call("editqueue", command, "", ids)

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        config = {
            p.name.casefold(): p.value
            for p in self._parse(_CONFIG, await self._call("config"), "config")
        }
        dest = category_dir(config, category)
        if dest is None:
            raise NotFound(
                ADAPTER,
                "ensure category",
                f"category {category!r} is not defined in NZBGet; add it under Settings >"
                " Categories (NZBGet cannot create categories over JSON-RPC)",
            )
        if save_path and posixpath.normpath(save_path) != posixpath.normpath(dest):
            raise Unsupported(
                ADAPTER,
                "ensure category",
                f"category {category!r} saves to {dest!r}, not {save_path!r}; change its"
                " DestDir in NZBGet's settings",
            )

    async def health(self) -> ClientHealth:
        version = await self._call("version")
        if not isinstance(version, str):
            raise BadPayload(ADAPTER, "version", "the version is not a string")
        major = version.split(".")[0].split("-")[0]
        if not major.isdigit() or int(major) < MIN_MAJOR:
            return ClientHealth(False, version, f"NZBGet {version} is older than {MIN_MAJOR}.0")
        return ClientHealth(True, version, f"NZBGet {version}")

    async def _find(self, key: str, stem: str, category: str) -> str | None:
        wanted = category.casefold()
        for item in [*(await self._groups()), *(await self._history())]:
            same_key = item.parameter(ID_PARAMETER) == key or item.dupe_key == f"mediaos:{key}"
            if same_key or (item.name == stem and _in(item, wanted)):
                return str(item.nzb_id)
        return None

    async def _groups(self) -> builtins.list[_Group]:
        return self._parse(_GROUPS, await self._call("listgroups"), "listgroups")

    async def _history(self) -> builtins.list[_Item]:
        items = self._parse(_HISTORY, await self._call("history", False), "history")
        return [item for item in items if item.kind != "DUP"]  # DUP rows hold no download

    async def _call(self, method: str, *params: RpcValue) -> object:
        content = _envelope(method, next(self._ids), [*params])
        try:
            body = await self._post(method, content)
        except Unreachable:
            # A pooled keep-alive connection may have died with a restarted NZBGet; reads
            # are safe to send once more on a fresh connection.
            if method not in READ_ONLY:
                raise
            body = await self._post(method, content)
        try:
            envelope = _Envelope.model_validate_json(body)
        except ValidationError as err:
            raise BadPayload(
                ADAPTER, method, "not an NZBGet JSON-RPC answer (wrong URL or service?)"
            ) from err
        if envelope.error is not None:
            raise _rpc_error(method, envelope.error)
        return envelope.result

    async def _post(self, method: str, content: bytes) -> bytes:
        _, body = await fetch(
            self._http,
            "POST",
            self._endpoint,
            adapter=ADAPTER,
            operation=method,
            max_bytes=MAX_RPC_BYTES,
            content=content,
            headers=self._headers,
        )
        return body

    def _parse(self, adapter: TypeAdapter[_V], value: object, method: str) -> _V:
        try:
            return adapter.validate_python(value)
        except ValidationError as err:
            raise BadPayload(ADAPTER, method, "unexpected answer shape") from err


def _envelope(method: str, request_id: int, params: list[RpcValue]) -> bytes:
    """The request body with `params` last: NZBGet would read a later key as a parameter."""
    head = json.dumps({"method": method, "id": request_id})[:-1]
    return f'{head}, "params": {json.dumps(params)}}}'.encode()


def _in(item: _Item, wanted: str) -> bool:
    return item.category.casefold() == wanted


def _rpc_error(method: str, error: _RpcError) -> Exception:
    message = error.message[:200]
    if error.code == 401:
        return AuthRejected(ADAPTER, method, f"access denied ({message})")
    if error.code == 1:
        return Unsupported(ADAPTER, method, f"NZBGet does not know this method ({message})")
    return BadPayload(ADAPTER, method, f"NZBGet error {error.code}: {message}")

"""SABnzbd over its `/api`: the `Downloader` role for Usenet (3.7 and 4.x).

Why it looks the way it does (protocols.md section 5):
- Every call sends `output=json` (before 4.3 the default output is plain text), and the
  answer is still checked for plain text: key errors come as HTTP 403 `API Key Incorrect`,
  older versions answer `error: ...` with 200, newer ones `{"status": false, "error": ...}`.
  All of them end in typed errors here; the API key is a query parameter, so it is never put
  into an error message or a log line (the caller's client redacts URLs).
- SABnzbd has no per-job custom parameter, so idempotence keys on the job name MediaOS
  gives (`nzbname`, the sanitised release title) within the category, in queue and history.
- By default the NZB is fetched by MediaOS and uploaded with `addfile`, so the indexer's key
  is not stored in SABnzbd's history; `fetch_nzb=False` uses `addurl` for set-ups where only
  SABnzbd can reach the indexer.
- Queue slot numbers are strings (`"123.45"`); pydantic's lax parsing turns them into floats
  and anything else into `BadPayload`. History `Deleted` rows are ignored (Sonarr does too).
- Categories can be created over the API (`set_config`), so `ensure` does it.
"""

from __future__ import annotations

import builtins
import json
import posixpath
from collections.abc import Mapping, Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState, DownloadStatus
from mediaos.adapters.http import raise_for_status, read_bounded
from mediaos.adapters.releasefiles import fetch_release_file, parse_nzb, safe_stem
from mediaos.core.errors import AuthRejected, BadPayload, Unreachable, Unsupported
from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol
from mediaos.schemas.downloads import SABnzbdSpec

ADAPTER = "sabnzbd"
MIN_MAJOR = 3
MAX_API_BYTES = 32 * 1024 * 1024
HISTORY_LIMIT = 1000
PRIORITIES = {"low": -1, "normal": 0, "high": 1, "force": 2}
QUEUED = frozenset({"Grabbing", "Queued", "Checking", "Propagating", "Idle"})
DOWNLOADING = frozenset({"Downloading", "Fetching"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


_M = TypeVar("_M", bound=_Model)


class _QueueSlot(_Model):
    nzo_id: str = Field(min_length=1)
    filename: str
    cat: str = ""
    status: str
    mb: float = 0.0
    mbleft: float = 0.0
    percentage: float = 0.0
    timeleft: str = ""


class _Queue(_Model):
    paused: bool = False
    slots: list[_QueueSlot] = Field(default_factory=list)


class _QueueAnswer(_Model):
    queue: _Queue


class _HistorySlot(_Model):
    nzo_id: str = Field(min_length=1)
    name: str
    category: str = ""
    status: str
    fail_message: str = ""
    storage: str | None = None
    bytes: int = 0


class _History(_Model):
    slots: list[_HistorySlot] = Field(default_factory=list)


class _HistoryAnswer(_Model):
    history: _History


class _Added(_Model):
    nzo_ids: list[str] = Field(default_factory=list)


class _Category(_Model):
    name: str
    dir: str = ""


class _Categories(_Model):
    categories: list[_Category] = Field(default_factory=list)


class _ConfigAnswer(_Model):
    config: _Categories


class _Version(_Model):
    version: str


def seconds(timeleft: str) -> int | None:
    """`H:MM:SS` or `D:HH:MM:SS` as seconds; None for anything else."""
    parts = timeleft.strip().split(":")
    if not 2 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
        return None
    total = 0
    for part, unit in zip(reversed(parts), (1, 60, 3600, 86400), strict=False):
        total += int(part) * unit
    return total


def queue_state(slot: _QueueSlot, *, paused: bool, client: str) -> DownloadState:
    if slot.status == "Paused" or (paused and slot.status not in DOWNLOADING):
        status = DownloadStatus.PAUSED
    elif slot.status in DOWNLOADING:
        status = DownloadStatus.DOWNLOADING
    else:
        status = DownloadStatus.QUEUED
    size = int(slot.mb * 2**20) or None
    return DownloadState(
        id=slot.nzo_id,
        name=slot.filename,
        client=client,
        protocol="usenet",
        category=_category(slot.cat),
        status=status,
        progress=min(max(slot.percentage / 100, 0.0), 1.0),
        size=size,
        eta=seconds(slot.timeleft) if status is DownloadStatus.DOWNLOADING else None,
        save_path=None,
        content_path=None,
    )


def history_state(slot: _HistorySlot, *, client: str) -> DownloadState:
    """Completed and Failed are final; any other history status is post-processing."""
    if slot.status == "Completed":
        status, progress, error = DownloadStatus.COMPLETED, 1.0, None
    elif slot.status == "Failed":
        status, progress = DownloadStatus.FAILED, 0.0
        error = (slot.fail_message or "Failed")[:500]
    else:
        status, progress, error = DownloadStatus.DOWNLOADING, 1.0, None
    return DownloadState(
        id=slot.nzo_id,
        name=slot.name,
        client=client,
        protocol="usenet",
        category=_category(slot.category),
        status=status,
        progress=progress,
        size=slot.bytes or None,
        eta=None,
        save_path=posixpath.dirname(slot.storage) if slot.storage else None,
        content_path=slot.storage,
        error=error,
    )


class SABnzbd:
    """A `Downloader` for one SABnzbd; `url` is the web root (`http://host:8080/sabnzbd`)."""

    protocol: TransferProtocol = "usenet"

    def __init__(
        self,
        *,
        name: str,
        url: str,
        api_key: str,
        http: httpx.AsyncClient,
        priority: int = 0,
        fetch_nzb: bool = True,
    ) -> None:
        self.name = name
        self._endpoint = url.rstrip("/") + "/api"
        self._api_key = api_key
        self._http = http
        self._priority = priority
        self._fetch_nzb = fetch_nzb

    def __repr__(self) -> str:
        return f"SABnzbd(name={self.name!r}, endpoint={self._endpoint!r})"  # no key

    @classmethod
    def from_spec(cls, spec: SABnzbdSpec, *, http: httpx.AsyncClient) -> SABnzbd:
        return cls(
            name=spec.name,
            url=spec.url,
            api_key=spec.api_key.get_secret_value(),
            http=http,
            priority=PRIORITIES[spec.nzb_priority],
        )

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        if release.protocol != "usenet":
            raise Unsupported(ADAPTER, "add", "SABnzbd downloads Usenet releases only")
        if not release.download_url:
            raise BadPayload(ADAPTER, "add", "the release has no NZB download URL")
        stem = safe_stem(release.title)
        for state in await self._states():
            if state.name == stem and _same(state.category, category):
                return state.id
        form = {"cat": category, "priority": str(self._priority), "nzbname": stem}
        if self._fetch_nzb:
            nzb = await fetch_release_file(self._http, release.download_url, adapter=ADAPTER)
            parse_nzb(nzb, adapter=ADAPTER)
            files = {"name": (f"{stem}.nzb", nzb, "application/x-nzb")}
            answer = await self._call("addfile", form, files=files)
        else:
            answer = await self._call("addurl", {**form, "name": release.download_url})
        added = _parse(_Added, answer, "add")
        if not added.nzo_ids or not added.nzo_ids[0]:
            raise BadPayload(ADAPTER, "add", "SABnzbd accepted the NZB but returned no job id")
        return added.nzo_ids[0]

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        return [s for s in await self._states() if _same(s.category, category)]

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        del_files = "1" if delete_files else "0"
        queue = _parse(_QueueAnswer, await self._call("queue"), "queue").queue
        if any(slot.nzo_id == download_id for slot in queue.slots):
            params = {"name": "delete", "value": download_id, "del_files": del_files}
            await self._call("queue", params)
            return
        # archive=0: since 4.3 a deleted history job is otherwise archived, not removed.
        params = {"name": "delete", "value": download_id, "del_files": del_files, "archive": "0"}
        await self._call("history", params)

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        config = _parse(
            _ConfigAnswer, await self._call("get_config", {"section": "categories"}), "get_config"
        )
        found = next((c for c in config.config.categories if _same(c.name, category)), None)
        if found is not None and (save_path is None or found.dir == save_path):
            return
        keyword = found.name if found is not None else category  # keep the user's casing
        params = {"section": "categories", "keyword": keyword, "dir": save_path or ""}
        await self._call("set_config", params)

    async def health(self) -> ClientHealth:
        version = _parse(_Version, await self._call("version"), "version").version
        await self._call("get_cats")  # proves the key: `version` needs none
        major = version.split(".")[0]
        if not major.isdigit() or int(major) < MIN_MAJOR:
            return ClientHealth(False, version, f"SABnzbd {version} is older than {MIN_MAJOR}.0")
        return ClientHealth(True, version, f"SABnzbd {version}")

    async def _states(self) -> builtins.list[DownloadState]:
        queue = _parse(_QueueAnswer, await self._call("queue"), "queue").queue
        params = {"limit": str(HISTORY_LIMIT)}
        history = _parse(_HistoryAnswer, await self._call("history", params), "history").history
        # "Deleted" jobs are on their way out (queue) or removed by a person (history).
        states = [
            queue_state(s, paused=queue.paused, client=self.name)
            for s in queue.slots
            if s.status != "Deleted"
        ]
        states += [
            history_state(s, client=self.name) for s in history.slots if s.status != "Deleted"
        ]
        return states

    async def _call(
        self,
        mode: str,
        params: Mapping[str, str] | None = None,
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> object:
        query = {"mode": mode, "output": "json", "apikey": self._api_key, **(params or {})}
        method = "POST" if files else "GET"
        try:
            request = self._http.build_request(method, self._endpoint, params=query, files=files)
            response = await self._http.send(request, stream=True)
        except httpx.TimeoutException as err:
            raise Unreachable(ADAPTER, mode, "timed out") from err
        except httpx.TransportError as err:
            raise Unreachable(ADAPTER, mode, f"connection failed: {type(err).__name__}") from err
        try:
            body = await read_bounded(
                response, adapter=ADAPTER, operation=mode, max_bytes=MAX_API_BYTES
            )
        finally:
            await response.aclose()
        text = body[:300].decode("utf-8", "replace").strip()
        if response.status_code == 403 or text.lower().startswith("error:"):
            raise _api_error(mode, text.removeprefix("error:").strip())
        raise_for_status(response, adapter=ADAPTER, operation=mode)
        try:
            answer = json.loads(body)
        except ValueError as err:
            raise BadPayload(
                ADAPTER, mode, "not a SABnzbd JSON answer (wrong URL or service?)"
            ) from err
        if isinstance(answer, dict) and answer.get("status") is False:
            raise _api_error(mode, str(answer.get("error") or "request refused"))
        return answer


def _api_error(mode: str, message: str) -> Exception:
    message = message[:200]
    if "api key" in message.lower():
        return AuthRejected(ADAPTER, mode, f"SABnzbd refused the API key ({message})")
    if "hostname verification" in message.lower():
        return AuthRejected(
            ADAPTER,
            mode,
            "SABnzbd refused the host name; use an IP address or"
            " add the name to its host_whitelist",
        )
    if message.lower().startswith("access denied") or not message:
        return AuthRejected(ADAPTER, mode, f"SABnzbd denied access ({message or 'HTTP 403'})")
    return BadPayload(ADAPTER, mode, f"SABnzbd error: {message}")


def _parse(model: type[_M], value: object, mode: str) -> _M:
    try:
        return model.model_validate(value)
    except ValidationError as err:
        raise BadPayload(ADAPTER, mode, "unexpected answer shape from SABnzbd") from err


def _category(value: str) -> str:
    return "" if value in ("None", "*") else value


def _same(left: str, right: str) -> bool:
    return left.casefold() == right.casefold()

"""The `Downloader` role: what the downloads loop needs from a download client.

Invariants every implementation keeps:
- `add` is idempotent: a release whose info-hash (or NZB name/guid) the client already has is
  not added again; the existing download's id is returned.
- `list` returns only downloads in the category MediaOS owns, with a normalised status.
- Expired sessions (qBittorrent SID cookie, Transmission session id) are renewed
  transparently; only a refused login surfaces, as `AuthRejected`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol


class DownloadStatus(StrEnum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    PAUSED = "paused"
    STALLED = "stalled"
    COMPLETED = "completed"  # finished, not seeding (or a usenet download post-processed)
    SEEDING = "seeding"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DownloadState:
    id: str  # info-hash for torrents, the client's id for usenet
    name: str
    client: str
    protocol: TransferProtocol
    category: str
    status: DownloadStatus
    progress: float  # 0.0 - 1.0
    size: int | None  # bytes
    eta: int | None  # seconds
    save_path: str | None  # as the client sees it
    content_path: str | None  # file or folder of the download, as the client sees it
    ratio: float | None = None
    seeding_time: int | None = None  # seconds
    error: str | None = None  # the client's own words, bounded
    info_hash: str | None = None


@dataclass(frozen=True, slots=True)
class ClientHealth:
    ok: bool
    version: str | None
    message: str


class Downloader(Protocol):
    name: str
    protocol: TransferProtocol

    async def add(
        self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()
    ) -> str: ...

    async def list(self, *, category: str) -> Sequence[DownloadState]: ...

    async def remove(self, download_id: str, *, delete_files: bool) -> None: ...

    async def ensure(self, *, category: str, save_path: str | None = None) -> None: ...

    async def health(self) -> ClientHealth: ...

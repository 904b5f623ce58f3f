"""What qBittorrent's Web API sends and takes, as values: torrent rows, states, add forms.

Why apart from `qbittorrent.py`: this is the pure half of the adapter (no I/O), so the state
table of protocols.md 2.6 and the version-dependent add form can be read and tested without a
client. Invariants: an unknown state never raises (it counts as downloading, as qBittorrent
adds states over time); rows are parsed by pydantic with unknown fields ignored, because every
release adds fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel, ConfigDict, TypeAdapter

from mediaos.adapters.downloaders.base import DownloadState, DownloadStatus

ADAPTER: Final = "qbittorrent"
_INFINITE_ETA: Final = 8_640_000
API_STOP_START: Final = (2, 11, 0)  # qBittorrent 5.0: stop/start, `stopped`, stopped* states
_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)")

#: protocols.md 2.6, with 5.0's stopped* names; anything unknown counts as downloading.
_STATES: Final[Mapping[str, DownloadStatus]] = {
    **dict.fromkeys(("error", "missingFiles"), DownloadStatus.FAILED),
    **dict.fromkeys(("uploading", "stalledUP", "queuedUP", "forcedUP"), DownloadStatus.SEEDING),
    **dict.fromkeys(("pausedUP", "stoppedUP"), DownloadStatus.COMPLETED),
    **dict.fromkeys(("downloading", "forcedDL", "moving"), DownloadStatus.DOWNLOADING),
    **dict.fromkeys(("pausedDL", "stoppedDL"), DownloadStatus.PAUSED),
    "stalledDL": DownloadStatus.STALLED,
    **dict.fromkeys(
        (
            "metaDL",
            "forcedMetaDL",
            "queuedDL",
            "checkingDL",
            "checkingUP",
            "checkingResumeData",
            "allocating",
        ),
        DownloadStatus.QUEUED,
    ),  # fmt: skip  (checkingUP: complete, but not importable until the check ends)
}
_ERRORS: Final[Mapping[str, str]] = {
    "error": "qBittorrent stopped the torrent after an I/O error (see its log)",
    "missingFiles": "qBittorrent cannot find the torrent's files on disk",
}


class Torrent(BaseModel):
    model_config = ConfigDict(extra="ignore")
    hash: str
    name: str = ""
    state: str = "unknown"
    category: str = ""
    progress: float = 0.0
    size: int = 0
    total_size: int = 0
    eta: int = _INFINITE_ETA
    save_path: str = ""
    content_path: str = ""
    ratio: float = 0.0
    seeding_time: int = 0


class Category(BaseModel):
    model_config = ConfigDict(extra="ignore")
    savePath: str = ""  # noqa: N815 (the peer's name)


TORRENTS = TypeAdapter(list[Torrent])
CATEGORIES = TypeAdapter(dict[str, Category])


def parse_version(text: str) -> tuple[int, ...] | None:
    """`v4.5.2` or `2.8.19` as a tuple; None when the text is not a version at all."""
    found = _VERSION.match(text.strip())
    return tuple(int(part) for part in found.group(1).split(".")) if found else None


def to_download_state(row: Torrent, *, client: str) -> DownloadState:
    """One `torrents/info` object in the vocabulary of `DownloadState` (protocols.md 2.5)."""
    status = _STATES.get(row.state, DownloadStatus.DOWNLOADING)
    done = status in (DownloadStatus.COMPLETED, DownloadStatus.SEEDING)
    eta = None if row.eta < 0 or row.eta >= _INFINITE_ETA else row.eta
    return DownloadState(
        id=row.hash.lower(),
        name=row.name,
        client=client,
        protocol="torrent",
        category=row.category,
        status=status,
        progress=min(max(row.progress, 0.0), 1.0),
        size=next((n for n in (row.size, row.total_size) if n > 0), None),  # -1: no metadata
        eta=0 if done else eta,
        save_path=row.save_path or None,
        content_path=row.content_path or None,
        ratio=9999.0 if row.ratio < 0 else row.ratio,  # -1 means "more than 9999"
        seeding_time=row.seeding_time,
        error=_ERRORS.get(row.state),
        info_hash=row.hash.lower(),
    )


@dataclass(frozen=True, slots=True)
class AddOptions:
    """How torrents are added, from the client's YAML; `form` is the pure part of an add."""

    save_path: str | None = None  # the category's, when `ensure` was not told another
    start_paused: bool = False
    sequential: bool = False
    seed_ratio: float | None = None
    seed_time_minutes: int | None = None
    tags: tuple[str, ...] = ()

    def form(self, category: str, *, save_path: str | None, api: tuple[int, ...]) -> dict[str, str]:
        stopped = "stopped" if api >= API_STOP_START else "paused"
        form = {"category": category, stopped: flag(self.start_paused)}
        # Without automatic torrent management (qBittorrent's default) a category's save path
        # is not applied to new torrents: name it, so downloads land where `ensure` said.
        if save_path is not None:
            form.update(savepath=save_path, autoTMM="false")
        if self.sequential:
            form["sequentialDownload"] = "true"
        if self.seed_ratio is not None:
            form["ratioLimit"] = str(self.seed_ratio)
        if self.seed_time_minutes is not None:
            form["seedingTimeLimit"] = str(self.seed_time_minutes)
        return form


def flag(value: bool) -> str:
    return "true" if value else "false"

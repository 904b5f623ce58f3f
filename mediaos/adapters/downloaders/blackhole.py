"""A blackhole: release files dropped into a watch folder, results read from a completed one.

For clients MediaOS has no adapter for: another program watches `watch_folder`, downloads
what appears there and puts the result in `completed_folder`. Everything here is plain
filesystem work, run in a thread so the event loop never blocks on a slow NAS disk.

Invariants a change must keep:
- Names come from untrusted release titles only through `safe_stem` (no separators, no
  traversal, bounded length), and every path is built as `folder / name` from names listed
  in that folder, so nothing outside the two folders is ever written or deleted.
- Writes are atomic: a hidden temporary name in the watch folder, fsync, then `os.replace`,
  so a watcher never picks up half a file. Temporary names end in `.mediaos-tmp`, which no
  watcher takes for a release file.
- `add` is idempotent: the same name, or (for torrents) the same info-hash, in the watch
  folder, or the same name in the completed folder, is returned instead of written again.
- A completed-folder entry counts as completed once nothing in it changed for `settle` and
  its size did not grow since the previous `list`; before that it is downloading.
- A blackhole serves one category (its config's); it has no labels to keep others apart.
"""

from __future__ import annotations

import asyncio
import builtins
import os
import shutil
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import httpx

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState, DownloadStatus
from mediaos.adapters.releasefiles import fetch_release_file, parse_nzb, safe_stem
from mediaos.adapters.torrentfiles import MAX_TORRENT_BYTES, magnet_info_hash, torrent_info_hash
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, Unreachable, Unsupported
from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol
from mediaos.schemas.downloads import BlackholeSpec

ADAPTER = "blackhole"
RELEASE_SUFFIXES = (".torrent", ".magnet", ".nzb")
TEMP_SUFFIX = ".mediaos-tmp"
_T = TypeVar("_T")


class Blackhole:
    def __init__(
        self,
        *,
        name: str,
        protocol: TransferProtocol,
        watch_folder: Path,
        completed_folder: Path,
        http: httpx.AsyncClient,
        category: str = "mediaos",
        magnet_files: bool = True,
        settle: timedelta = timedelta(seconds=60),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self.protocol = protocol
        self._watch = watch_folder
        self._completed = completed_folder
        self._http = http
        self._category = category
        self._magnet_files = magnet_files
        self._settle = settle.total_seconds()
        self._clock = clock
        self._sizes: dict[str, int] = {}  # completed-folder entry -> size at the last `list`

    @classmethod
    def from_spec(cls, spec: BlackholeSpec, *, http: httpx.AsyncClient) -> Blackhole:
        return cls(
            name=spec.name,
            protocol=spec.protocol,
            watch_folder=spec.watch_folder,
            completed_folder=spec.completed_folder,
            http=http,
            category=spec.category,
            magnet_files=spec.magnet_files,
        )

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        self._check_category(category, "add")
        if release.protocol != self.protocol:
            raise Unsupported(ADAPTER, "add", f"this blackhole takes {self.protocol} releases")
        stem = safe_stem(release.title)
        existing = await _on_disk("add", self._existing, stem, release.info_hash)
        if existing is not None:
            return existing
        data, suffix, info_hash = await self._release_file(release)
        existing = await _on_disk("add", self._existing, stem, info_hash)
        if existing is not None:
            return existing
        await _on_disk("add", _write_atomically, self._watch / f"{stem}{suffix}", data)
        return stem

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        if category.casefold() != self._category.casefold():
            return []
        return await _on_disk("list", self._scan)

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        if safe_stem(download_id) != download_id:
            raise NotFound(ADAPTER, "remove", "not a download id this blackhole gave")
        await _on_disk("remove", self._remove, download_id, delete_files)

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        self._check_category(category, "ensure")
        if save_path is not None and Path(save_path) != self._completed:
            raise Unsupported(
                ADAPTER, "ensure", "a blackhole saves to its completed_folder; set that instead"
            )
        try:
            for folder in (self._watch, self._completed):
                await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        except OSError as err:
            raise NotFound(ADAPTER, "ensure", f"cannot create {folder}: {err.strerror}") from err

    async def health(self) -> ClientHealth:
        for label, folder in (("watch", self._watch), ("completed", self._completed)):
            if not await asyncio.to_thread(folder.is_dir):
                return ClientHealth(False, None, f"{label} folder {folder} does not exist")
        if not await asyncio.to_thread(os.access, self._watch, os.W_OK):
            return ClientHealth(False, None, f"watch folder {self._watch} is not writable")
        return ClientHealth(True, None, f"watching {self._watch}")

    def _check_category(self, category: str, operation: str) -> None:
        if category.casefold() != self._category.casefold():
            raise Unsupported(
                ADAPTER, operation, f"this blackhole serves category {self._category!r} only"
            )

    async def _release_file(self, release: ReleaseInfo) -> tuple[bytes, str, str | None]:
        """The bytes to drop, their suffix and (torrents) the info-hash."""
        url = release.download_url or ""
        if self.protocol == "usenet":
            if not url:
                raise BadPayload(ADAPTER, "add", "the release has no NZB download URL")
            nzb = await fetch_release_file(self._http, url, adapter=ADAPTER)
            parse_nzb(nzb, adapter=ADAPTER)
            return nzb, ".nzb", None
        magnet = release.magnet or (url if url.lower().startswith("magnet:") else None)
        if magnet is not None and self._magnet_files:
            return magnet.encode(), ".magnet", magnet_info_hash(magnet)
        if not url.lower().startswith(("http://", "https://")):
            if magnet is not None:
                raise Unsupported(ADAPTER, "add", "magnet-only release and magnet_files is off")
            raise BadPayload(ADAPTER, "add", "the release has no .torrent URL or magnet")
        data = await fetch_release_file(self._http, url, adapter=ADAPTER)
        return data, ".torrent", torrent_info_hash(data)

    def _existing(self, stem: str, info_hash: str | None) -> str | None:
        if any((self._watch / f"{stem}{suffix}").exists() for suffix in RELEASE_SUFFIXES):
            return stem
        if self._completed.is_dir() and stem in {_entry_id(p) for p in self._completed.iterdir()}:
            return stem
        if info_hash is None or not self._watch.is_dir():
            return None
        for path in self._watch.iterdir():
            if _file_info_hash(path) == info_hash:
                return path.stem
        return None

    def _scan(self) -> builtins.list[DownloadState]:
        states: dict[str, DownloadState] = {}
        if self._watch.is_dir():
            for path in sorted(self._watch.iterdir()):
                if _is_release_file(path):
                    states[path.stem] = self._state(path.stem, DownloadStatus.QUEUED, None)
        if self._completed.is_dir():
            seen: dict[str, int] = {}
            for path in sorted(self._completed.iterdir()):
                if path.name.startswith(".") or path.name.endswith(TEMP_SUFFIX):
                    continue
                size, newest = _measure(path)
                entry = _entry_id(path)
                seen[entry] = size
                quiet = self._clock() - newest >= self._settle
                grew = self._sizes.get(entry, size) != size
                status = (
                    DownloadStatus.COMPLETED if quiet and not grew else DownloadStatus.DOWNLOADING
                )
                states[entry] = self._state(entry, status, path, size)
            self._sizes = seen
        return list(states.values())

    def _state(
        self, entry: str, status: DownloadStatus, path: Path | None, size: int | None = None
    ) -> DownloadState:
        return DownloadState(
            id=entry,
            name=entry,
            client=self.name,
            protocol=self.protocol,
            category=self._category,
            status=status,
            progress=1.0 if status is DownloadStatus.COMPLETED else 0.0,
            size=size,
            eta=None,
            save_path=str(self._completed) if path is not None else None,
            content_path=str(path) if path is not None else None,
        )

    def _remove(self, download_id: str, delete_files: bool) -> None:
        for suffix in RELEASE_SUFFIXES:  # a pending release file: withdraw it
            (self._watch / f"{download_id}{suffix}").unlink(missing_ok=True)
        if not delete_files or not self._completed.is_dir():
            return
        for path in self._completed.iterdir():
            if _entry_id(path) != download_id:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)  # a symlink is removed, never followed


async def _on_disk(operation: str, func: Callable[..., _T], *args: object) -> _T:
    """Run filesystem work in a thread; OS errors become the error tree's leaves: a missing
    folder is `NotFound`, a refused one `AuthRejected` (a person must act), anything else
    (an unmounted share, a full disk) `Unreachable`, worth retrying."""
    try:
        return await asyncio.to_thread(func, *args)
    except FileNotFoundError as err:
        raise NotFound(ADAPTER, operation, f"{err.filename} does not exist") from err
    except PermissionError as err:
        raise AuthRejected(ADAPTER, operation, f"permission denied on {err.filename}") from err
    except OSError as err:
        raise Unreachable(ADAPTER, operation, f"filesystem error: {err.strerror}") from err


def _write_atomically(target: Path, data: bytes) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)


def _is_release_file(path: Path) -> bool:
    return not path.name.startswith(".") and path.suffix.lower() in RELEASE_SUFFIXES


def _entry_id(path: Path) -> str:
    """A completed folder is named like its release; a single file loses its extension."""
    return path.name if path.is_dir() else path.stem


def _file_info_hash(path: Path) -> str | None:
    try:
        if not _is_release_file(path) or path.stat().st_size > MAX_TORRENT_BYTES:
            return None
        if path.suffix.lower() == ".magnet":
            return magnet_info_hash(path.read_text(errors="replace").strip())
        if path.suffix.lower() == ".torrent":
            return torrent_info_hash(path.read_bytes())
    except (OSError, BadPayload):
        return None
    return None


def _measure(path: Path) -> tuple[int, float]:
    """Total size and newest modification time of a file or folder (symlinks not followed)."""
    stat = path.lstat()
    size, newest = stat.st_size, stat.st_mtime
    if path.is_dir() and not path.is_symlink():
        for root, _dirs, names in os.walk(path):
            for name in names:
                try:
                    child = (Path(root) / name).lstat()
                except OSError:
                    continue
                size += child.st_size
                newest = max(newest, child.st_mtime)
    return size, newest

"""Import a whole selected download: list it, then transfer each pick and its sidecars.

Why here and not in the reconciler: listing a folder and moving files is I/O, and the
per-file failure rule ("one bad file never stops the loop") is the same for every kind of
media. The reconciler decides *what* and *where* (pure: `select_files`, `render_path`);
this module only carries it out and reports per file.

Invariants a reader must not break:
- `list_download` never follows symlinks and never leaves the download root.
- A pick that fails is reported, not raised, and its sidecars are not imported (a subtitle
  without its video is clutter). Errors that are not import errors propagate.
- Sidecars are named `<video's new stem><suffix>` in the video's folder; album extras go
  into the folder of the album's first track.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps
from mediaos.adapters.filesystem.policy import TransferPolicy
from mediaos.adapters.filesystem.transfer import Transferred, import_file
from mediaos.core.errors import AdapterError
from mediaos.releases.selection import DownloadFile, SelectionPlan

_MAX_FILES = 100_000


@dataclass(frozen=True, slots=True)
class FileFailure:
    source: Path
    destination: Path
    error: AdapterError


@dataclass(frozen=True, slots=True)
class ImportReport:
    imported: tuple[Transferred, ...]
    failed: tuple[FileFailure, ...]


def list_download(root: Path) -> list[DownloadFile]:
    """Every regular file under `root` (or `root` itself), paths relative, `/`-separated."""
    if root.is_file() and not root.is_symlink():
        return [DownloadFile(root.name, root.stat().st_size)]
    found: list[DownloadFile] = []
    stack = [root]
    while stack and len(found) < _MAX_FILES:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    relative = Path(entry.path).relative_to(root).as_posix()
                    found.append(DownloadFile(relative, entry.stat(follow_symlinks=False).st_size))
    return sorted(found, key=lambda f: f.path)


def import_selection(
    download_root: Path,
    plan: SelectionPlan,
    destinations: Mapping[str, Path],
    policy: TransferPolicy,
    *,
    now: datetime,
    replaces: Mapping[str, Sequence[Path]] | None = None,
    ops: FileOps = REAL_OPS,
) -> ImportReport:
    """Transfer every pick of `plan` to `destinations[pick.file.path]` (full path with the
    extension), then its sidecars. `replaces` names, per pick, the library files it
    upgrades (they go to the recycle bin)."""
    base = download_root if download_root.is_dir() else download_root.parent
    imported: list[Transferred] = []
    failed: list[FileFailure] = []

    def one(source: Path, destination: Path, old: Sequence[Path]) -> bool:
        try:
            imported.append(
                import_file(source, destination, policy, now=now, replaces=old, ops=ops)
            )
        except AdapterError as err:
            failed.append(FileFailure(source, destination, err))
            return False
        return True

    for pick in plan.picks:
        destination = destinations[pick.file.path]
        old = tuple((replaces or {}).get(pick.file.path, ()))
        if not one(base / pick.file.path, destination, old):
            continue
        stem = destination.name[: len(destination.name) - len(destination.suffix)]
        for car in pick.sidecars:
            target = destination.with_name(stem + car.suffix)
            one(base / car.file.path, target, (target,) if old else ())
    if plan.extras and plan.picks:
        folder = destinations[plan.picks[0].file.path].parent
        for extra in plan.extras:
            one(base / extra.file.path, folder / extra.suffix, ())
    return ImportReport(tuple(imported), tuple(failed))

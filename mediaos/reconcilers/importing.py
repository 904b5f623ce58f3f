"""Carrying out one import: files into the library, then the record, then the index.

Shared by `Downloads.apply(Import)` and `Downloads.import_path` (`mediaos import PATH --as
ITEM`), so a download imported by the loop and a folder imported by hand follow the same
order and the same crash points:

1. `after-import-intent`; the download is listed and the files selected and named
   (`import_job`);
2. each pick (with its sidecars) is transferred atomically by the filesystem adapter
   (temporary name in the destination folder, fsync, rename): a final library path never
   holds a partial file. `during-import-copy` falls after each pick;
3. `after-import-files-before-record`; the grab, the `downloads` row and a history event
   are written by the caller's `record` callback;
4. `after-import-record-before-index`; the library index is brought up to date for the
   slot's root, so holdings sees the file at once.

Upgrades: a file of the same slot already in the destination folder (same name, or for an
episode a file with the same episode numbers, for a movie any other video) is named in
`replaces`: the transfer puts it in the recycle bin (never deletes it). Without a recycle bin
a same-name file is refused (`DestinationExists`) and other old files are kept.

Re-running an interrupted import is safe: files already at their destination with the same
content are recognised (`already-present`), and `leftover_temporaries` removes temporary
files a kill left behind (they are hidden, never at a final name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mediaos.adapters.filesystem import (
    PathNotVisible,
    TransferPolicy,
    Transferred,
    import_selection,
    list_download,
)
from mediaos.adapters.filesystem.transfer import TEMP_PREFIX
from mediaos.core.crashpoints import crash_point
from mediaos.reconcilers.desired import Slot
from mediaos.reconcilers.import_job import ImportJob, import_job
from mediaos.reconcilers.library import index_library
from mediaos.releases.parse import parse
from mediaos.releases.selection import SelectionPlan
from mediaos.releases.sidecars import VIDEO_EXTENSIONS
from mediaos.schemas.library import LibrarySpec
from mediaos.state.db import StateDB


@dataclass(frozen=True, slots=True)
class ImportResult:
    job: ImportJob
    transferred: tuple[Transferred, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(str(t.destination) for t in self.transferred)

    @property
    def recycled(self) -> tuple[Path, ...]:
        return tuple(p for t in self.transferred for p in t.recycled)


def plan_import(
    source: Path,
    slot: Slot,
    library: LibrarySpec,
    *,
    release_title: str,
    episode_slots: Mapping[str, Slot],
    season_folders: bool = True,
) -> ImportJob:
    """List `source` and decide what goes where (no file is touched)."""
    if not source.exists():
        raise PathNotVisible(
            str(source), "the download is not at this path on this machine", suggestion=None
        )
    files = list_download(source)
    return import_job(
        slot,
        files,
        library,
        release_title=release_title,
        episode_slots=episode_slots,
        season_folders=season_folders,
    )


def is_in_place(source: Path, job: ImportJob) -> bool:
    """Every pick already at its destination with the source's size (an import that ran to
    its end, or whose files all landed before a kill)."""
    base = source if source.is_dir() else source.parent
    for pick in job.plan.picks:
        destination = job.destinations[pick.file.path]
        if not destination.is_file() or destination.stat().st_size != pick.file.size:
            return False
        if not (base / pick.file.path).exists():
            return False
    return bool(job.plan.picks)


def leftover_temporaries(job: ImportJob) -> list[Path]:
    """Remove temporary files a killed import left in its destination folders."""
    removed = []
    for folder in {d.parent for d in job.destinations.values()}:
        if not folder.is_dir():
            continue
        for stray in folder.glob(f"{TEMP_PREFIX}*"):
            stray.unlink(missing_ok=True)
            removed.append(stray)
    return removed


async def run_import(
    state: StateDB,
    source: Path,
    slot: Slot,
    library: LibrarySpec,
    *,
    release_title: str,
    episode_slots: Mapping[str, Slot],
    now: datetime,
    record: Callable[[ImportResult], None],
    season_folders: bool = True,
) -> ImportResult:
    """Steps 1-4 of the module docstring; raises the first file's typed error, after the
    files before it are in place (a retry finds them already present)."""
    crash_point("after-import-intent")
    job = plan_import(
        source,
        slot,
        library,
        release_title=release_title,
        episode_slots=episode_slots,
        season_folders=season_folders,
    )
    policy = TransferPolicy.from_spec(library, library_root=slot.root)
    transferred: list[Transferred] = []
    for index, pick in enumerate(job.plan.picks):
        one = SelectionPlan(picks=(pick,), skipped=(), extras=job.plan.extras if index == 0 else ())
        report = import_selection(
            source,
            one,
            job.destinations,
            policy,
            now=now,
            replaces={pick.file.path: _replaced(job, pick.file.path, policy, slot)},
        )
        if report.failed:
            raise report.failed[0].error
        transferred.extend(report.imported)
        crash_point("during-import-copy")
    result = ImportResult(job, tuple(transferred))
    crash_point("after-import-files-before-record")
    record(result)
    crash_point("after-import-record-before-index")
    await index_library(state, {slot.kind: slot.root}, ignore=library.ignore)
    return result


def _replaced(job: ImportJob, pick_path: str, policy: TransferPolicy, slot: Slot) -> Sequence[Path]:
    """Old files of the same slot in the destination folder (see the module docstring).

    A movie with several versions may keep them in one folder, so only a movie without
    versions treats another video in its folder as the file it upgrades."""
    destination = job.destinations[pick_path]
    folder = destination.parent
    if not folder.is_dir():
        return ()
    own = set(job.destinations.values())
    pick = next(p for p in job.plan.picks if p.file.path == pick_path)
    numbers = {(r.season, r.episode) for r in pick.episodes}
    old: list[Path] = []
    for entry in list_download(folder):
        if "/" in entry.path or entry.path.startswith("."):
            continue
        path = folder / entry.path
        if path == destination:
            if policy.recycle_bin is not None:
                old.append(path)
            continue
        if path in own or entry.extension not in VIDEO_EXTENSIONS | {pick.file.extension}:
            continue
        if pick.role == "video" and not numbers and slot.unit.kind == "movie" and not slot.version:
            old.append(path)
        elif numbers:
            parsed = parse(entry.name)
            if {(parsed.season, e) for e in parsed.episodes} & numbers:
                old.append(path)
    return tuple(old)

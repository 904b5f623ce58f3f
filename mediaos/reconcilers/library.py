"""The library index: what the library folders really hold, kept current incrementally.

Observe side of the library reconciler (the plan/apply side arrives with the engine): walk
each root (`mediaos.adapters.library.walk`, only changed directories are listed), identify
every file from its folder and file names (`mediaos.releases.identify`), and store the result
in the state database (`mediaos.state.library_index`), one directory per transaction.

Invariants: scanning never touches a library file; a file that cannot be identified is stored
as `unmatched` with the reason, so `status` can list it; a directory that vanished is
forgotten with its files; an unreadable directory is reported and keeps its old rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mediaos.adapters.library.epub import identify_book, read_epub
from mediaos.adapters.library.probe import Prober
from mediaos.adapters.library.tags import identify_track, read_audio_tags
from mediaos.adapters.library.walk import FileEntry, KnownDirectory, WalkReport, walk
from mediaos.core.errors import AdapterError
from mediaos.releases.identify import AUDIO_EXTENSIONS, Identified, MediaKind, extension, identify
from mediaos.state import StateDB
from mediaos.state.library_index import (
    DirectoryRows,
    forget_directories,
    known_dirs,
    replace_directories,
    store_probe,
    unprobed_files,
)

_BATCH_ROWS = 5000  # rows per transaction: few commits on a cold scan, short write locks


@dataclass
class RootSummary:
    kind: MediaKind
    root: str
    listed_dirs: int = 0
    unchanged_dirs: int = 0
    vanished_dirs: int = 0
    files: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def _read_embedded(kind: MediaKind, root: str, relative: str, found: Identified) -> Identified:
    """Tags before names: music by its tags (artist, album, MusicBrainz ids, real quality),
    ebooks by their EPUB metadata. A file that cannot be read keeps what its name said."""
    ext = extension(relative)
    if kind == "music" and ext in AUDIO_EXTENSIONS:
        tags = read_audio_tags(Path(root) / relative)
        return identify_track(found, tags.value) if tags.value is not None else found
    if kind == "books" and ext == "epub":
        book = read_epub(Path(root) / relative)
        return identify_book(found, book.value) if book.value is not None else found
    return found


def _row(kind: MediaKind, root: str, directory: str, entry: FileEntry) -> tuple[object, ...]:
    relative = f"{directory}/{entry.name}" if directory else entry.name
    found = identify(kind, relative)
    if kind in ("music", "books"):
        found = _read_embedded(kind, root, relative, found)
    return (
        root,
        directory,
        entry.name,
        found.kind,
        found.item_key,
        entry.size,
        entry.mtime_ns,
        entry.inode,
        entry.device,
        found.title,
        found.year,
        found.season,
        _json_ints(found.episodes),
        _json_ints(found.absolute_episodes),
        found.air_date.isoformat() if found.air_date else None,
        found.track,
        found.quality,
        None,
        found.language,
        int(found.forced),
        int(found.hearing_impaired),
        found.tmdb,
        found.imdb,
        found.tvdb,
        found.reason,
    )


def _json_ints(values: tuple[int, ...]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"


async def index_library(
    state: StateDB, roots: Mapping[MediaKind, Path], *, ignore: Sequence[str] = ()
) -> list[RootSummary]:
    """Bring the index up to date with every root; returns what was done per root."""
    summaries = []
    for kind, root in roots.items():
        root_id = str(root)
        known = {
            path: KnownDirectory(mtime, subdirs)
            for path, (mtime, subdirs) in known_dirs(state, root_id).items()
        }
        report = WalkReport()
        summary = RootSummary(kind, root_id)
        batch: list[DirectoryRows] = []
        pending_rows = 0
        for listing in walk(root, known, report, ignore=ignore):
            rows = [_row(kind, root_id, listing.path, entry) for entry in listing.files]
            batch.append(DirectoryRows(listing.path, listing.mtime_ns, listing.subdirs, rows))
            summary.listed_dirs += 1
            summary.files += len(rows)
            pending_rows += len(rows) + 1
            if pending_rows >= _BATCH_ROWS:
                replace_directories(state, root_id, batch)
                batch, pending_rows = [], 0
                await asyncio.sleep(0)  # let the daemon's other tasks run during a cold scan
        replace_directories(state, root_id, batch)
        vanished = report.vanished(known)
        forget_directories(state, root_id, vanished)
        summary.unchanged_dirs = len(report.unchanged)
        summary.vanished_dirs = len(vanished)
        summary.unreadable = report.unreadable
        summaries.append(summary)
    return summaries


@dataclass
class ProbeSummary:
    probed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


async def probe_pending(state: StateDB, prober: Prober, *, limit: int = 50) -> ProbeSummary:
    """Probe up to `limit` videos not probed yet (or changed since), a few at a time.

    Called again and again by the daemon, this indexes a big library by name at once and by
    streams over time. A file that cannot be probed records the failure as its probe, so it
    is not retried until the file changes."""
    summary = ProbeSummary()
    pending = unprobed_files(state, limit=limit)

    async def one(root: str, path: str) -> tuple[str, str, dict[str, object]]:
        try:
            result = await prober.probe(Path(root) / path)
        except AdapterError as error:
            return root, path, {"error": str(error)[:200]}
        return root, path, result.to_json()

    results = await asyncio.gather(*(one(f.root, f.path) for f in pending))
    for (root, path, probe), file in zip(results, pending, strict=True):
        store_probe(state, root, path, file.probe_key, probe)
        if "error" in probe:
            summary.failed.append((path, str(probe["error"])))
        else:
            summary.probed += 1
    return summary

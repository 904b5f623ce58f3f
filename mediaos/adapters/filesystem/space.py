"""Free space, measured before a copy starts rather than discovered by ENOSPC.

Why a floor: a library disk filled to the last byte breaks the media server, the database
and the download client at once. `library.min_free_space` (MiB) keeps a margin; an import
that would cross it waits (`DiskFull` is a TemporaryError) instead of writing.
"""

from __future__ import annotations

from pathlib import Path

from mediaos.adapters.filesystem.errors import DiskFull
from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps

MIB = 1024 * 1024


def free_bytes(folder: Path, ops: FileOps = REAL_OPS) -> int:
    """Bytes an unprivileged writer may still use on the filesystem holding `folder`."""
    stats = ops.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def ensure_room(folder: Path, needed: int, floor: int, ops: FileOps = REAL_OPS) -> None:
    """Raise `DiskFull` unless `needed` bytes fit and `floor` bytes stay free afterwards."""
    free = free_bytes(folder, ops)
    if free - needed < floor:
        raise DiskFull(
            str(folder),
            f"{needed / MIB:.1f} MiB needed, {free / MIB:.1f} MiB free, and "
            f"{floor / MIB:.0f} MiB must stay free (library.min_free_space)",
        )

"""The recycle bin: where replaced files go, keeping their place in the library's tree.

Why: "files are never lost". An upgrade replaces a file the user may want back; pruning
removes one. Both go here first, under the same relative path as in the library, with a
timestamp before the extension when that name is already taken (`Dune (2021).20260101T
120000.mkv`), so nothing in the bin is ever overwritten either.

Invariants a reader must not break:
- `preserve` leaves the original in place (hardlink, else verified copy): used *before* an
  upgrade's atomic replace, so the old file exists at every instant.
- `discard` moves the original into the bin (rename, else verified copy + unlink): used for
  replaced files whose name differs from the new one, *after* the new one is in place.
"""

from __future__ import annotations

import errno
import secrets
from datetime import datetime
from pathlib import Path

from mediaos.adapters.filesystem.copying import copy_verified
from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps, fsync_directory

_LINK_IMPOSSIBLE = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def recycle_target(path: Path, bin_root: Path, library_root: Path | None, now: datetime) -> Path:
    """A free name in the bin for `path`, mirroring its place under the library root."""
    try:
        relative = path.relative_to(library_root) if library_root else Path(path.name)
    except ValueError:
        relative = Path(path.name)
    target = bin_root / relative
    stamp = now.strftime("%Y%m%dT%H%M%S")
    counter = 0
    while target.exists() or target.is_symlink():
        counter += 1
        tag = stamp if counter == 1 else f"{stamp}-{counter}"
        target = bin_root / relative.parent / f"{relative.stem}.{tag}{relative.suffix}"
    return target


def preserve(
    path: Path,
    bin_root: Path,
    library_root: Path | None,
    now: datetime,
    *,
    hash_limit: int,
    ops: FileOps = REAL_OPS,
) -> Path:
    """Put a copy of `path` in the bin and leave `path` untouched; return the bin path."""
    target = recycle_target(path, bin_root, library_root, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".mediaos-tmp-{secrets.token_hex(8)}"
    try:
        try:
            ops.link(path, temp)
        except OSError as err:
            if err.errno not in _LINK_IMPOSSIBLE:
                raise
            copy_verified(path, temp, hash_limit=hash_limit, ops=ops)
        ops.rename(temp, target)
        fsync_directory(target.parent, ops)
    finally:
        temp.unlink(missing_ok=True)
    return target


def discard(
    path: Path,
    bin_root: Path,
    library_root: Path | None,
    now: datetime,
    *,
    hash_limit: int,
    ops: FileOps = REAL_OPS,
) -> Path:
    """Move `path` into the bin; the original goes away only once the bin holds it."""
    target = recycle_target(path, bin_root, library_root, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        ops.rename(path, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        target = preserve(path, bin_root, library_root, now, hash_limit=hash_limit, ops=ops)
        ops.unlink(path)
    fsync_directory(target.parent, ops)
    fsync_directory(path.parent, ops)
    return target

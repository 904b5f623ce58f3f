"""Import one file into the library: hardlink, copy or move, atomically and never lossily.

Why so careful: this is the only code that writes into a user's library. The rules
(architecture.md, "files are never lost"; protocols.md 9.5):

1. Data always arrives under a temporary name in the destination folder
   (`.mediaos-tmp-<random>`, hidden from scanners), is fsynced, and only then takes its
   final name with one `rename`/`os.replace`; the folder is fsynced after.
2. Hardlink falls back to a copy across filesystems only when `hardlink_fallback` is
   "copy"; otherwise `CrossDevice`, because silently doubling disk use is what NAS users
   fear most.
3. Move = rename on one filesystem; across filesystems a verified copy, and the source is
   removed only after the destination is in place and verified.
4. An existing different file is never overwritten silently: only a file the caller names
   in `replaces` is, and only when a recycle bin is configured; the old file is put in the
   bin *before* the atomic replace (it exists at every instant) and files replaced under
   other names are moved to the bin *after* the new file is in place.
5. Every failure leaves the source intact and no partial or temporary file behind.

Ownership and mode are applied to copies and moved files, not to hardlinks: a hardlink
shares its inode with the download client's file, so a chmod/chown would change the
seeding file too.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mediaos.adapters.filesystem.attributes import (
    Method,
    finish_attributes,
    make_folders,
    remove_empty_folders,
)
from mediaos.adapters.filesystem.copying import copy_verified, same_content, typed_errors
from mediaos.adapters.filesystem.errors import (
    CrossDevice,
    DestinationExists,
    UnsafeDestination,
    VerificationFailed,
)
from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps, fsync_directory
from mediaos.adapters.filesystem.paths import inside_root
from mediaos.adapters.filesystem.policy import TransferPolicy
from mediaos.adapters.filesystem.recycle import discard, preserve
from mediaos.adapters.filesystem.space import ensure_room
from mediaos.schemas.library import ImportMode

TEMP_PREFIX = ".mediaos-tmp-"
_LINK_IMPOSSIBLE = {errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


@dataclass(frozen=True, slots=True)
class Transferred:
    """What one import did: where the file is, how it got there, what went to the bin."""

    destination: Path
    method: Method
    recycled: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()


def import_file(
    source: Path,
    destination: Path,
    policy: TransferPolicy,
    *,
    now: datetime,
    replaces: Sequence[Path] = (),
    ops: FileOps = REAL_OPS,
) -> Transferred:
    """Bring `source` to `destination` by `policy.mode`; see the module rules."""
    with typed_errors(source, destination):
        stat = source.lstat()
        if not source.is_file() or source.is_symlink():
            raise UnsafeDestination(str(source), "the source is not a regular file")
        if policy.library_root is not None:
            inside_root(policy.library_root, destination.parent)
        created, warnings = make_folders(destination.parent, policy, ops)
        try:
            return _import(source, destination, stat, policy, replaces, warnings, now, ops)
        except BaseException:
            remove_empty_folders(created)
            raise


def _import(
    source: Path,
    destination: Path,
    stat: os.stat_result,
    policy: TransferPolicy,
    replaces: Sequence[Path],
    warnings: list[str],
    now: datetime,
    ops: FileOps,
) -> Transferred:
    if policy.library_root is not None:
        inside_root(policy.library_root, destination.parent)
    if Path(os.path.realpath(source)) == Path(os.path.realpath(destination)):
        return Transferred(destination, "already-present")
    replacing = _check_existing(source, destination, policy, replaces)
    if replacing is None:
        if policy.mode is ImportMode.MOVE:
            ops.unlink(source)
            fsync_directory(source.parent, ops)
        return Transferred(destination, "already-present")
    method, recycled = _bring(source, destination, stat, policy, replacing, now, ops)
    warnings += finish_attributes(destination, method, policy)
    if method == "move":
        if destination.stat().st_size != stat.st_size:
            raise VerificationFailed(str(destination), "size differs; the source was kept")
        ops.unlink(source)
        fsync_directory(source.parent, ops)
    for old in replaces:
        if old != destination and old.exists() and policy.recycle_bin is not None:
            recycled.append(_discard(old, policy, now, ops))
    return Transferred(destination, method, tuple(recycled), tuple(warnings))


def _check_existing(
    source: Path, destination: Path, policy: TransferPolicy, replaces: Sequence[Path]
) -> tuple[Path, ...] | None:
    """None when the destination already holds this file (an earlier import); otherwise
    the files the import will put in the bin before replacing (empty: nothing there)."""
    if not (destination.exists() or destination.is_symlink()):
        return ()
    if destination.is_file() and (
        source.samefile(destination) or same_content(source, destination)
    ):
        return None
    if destination not in replaces:
        raise DestinationExists(
            str(destination),
            "a different file already has this name; nothing was overwritten",
        )
    if policy.recycle_bin is None or not destination.is_file():
        raise DestinationExists(
            str(destination),
            "replacing it needs library.recycle_bin, so the old file is kept somewhere",
        )
    return (destination,)


def _bring(
    source: Path,
    destination: Path,
    stat: os.stat_result,
    policy: TransferPolicy,
    replacing: tuple[Path, ...],
    now: datetime,
    ops: FileOps,
) -> tuple[Method, list[Path]]:
    """Data to a temporary name, old file to the bin, then the one atomic rename."""
    kept: list[Path] | None = None
    if policy.mode is ImportMode.MOVE and stat.st_dev == destination.parent.stat().st_dev:
        kept = _keep_old(replacing, policy, now, ops)
        try:
            _final_rename(source, destination, replacing, ops)
        except OSError as err:  # two mounts of one filesystem: same st_dev, still EXDEV
            if err.errno != errno.EXDEV:
                raise
        else:
            fsync_directory(destination.parent, ops)
            fsync_directory(source.parent, ops)
            return "rename", kept
    temp = destination.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        method = _fill_temp(source, temp, destination, stat, policy, ops)
        if kept is None:
            kept = _keep_old(replacing, policy, now, ops)
        _final_rename(temp, destination, replacing, ops)
        fsync_directory(destination.parent, ops)
        return method, kept
    finally:
        temp.unlink(missing_ok=True)


def _final_rename(
    current: Path, destination: Path, replacing: tuple[Path, ...], ops: FileOps
) -> None:
    """The one atomic step. Replacing is allowed only for the file just kept in the bin;
    otherwise a destination that appeared since it was checked is refused."""
    if replacing:
        ops.replace(current, destination)
        return
    if destination.exists() or destination.is_symlink():
        raise DestinationExists(
            str(destination), "another file took this name during the import; nothing was lost"
        )
    ops.rename(current, destination)


def _fill_temp(
    source: Path,
    temp: Path,
    destination: Path,
    stat: os.stat_result,
    policy: TransferPolicy,
    ops: FileOps,
) -> Method:
    if policy.mode is ImportMode.HARDLINK:
        try:
            ops.link(source, temp)
            return "hardlink"
        except OSError as err:
            if err.errno not in _LINK_IMPOSSIBLE:
                raise
            if policy.hardlink_fallback != "copy":
                raise CrossDevice(str(source), str(destination)) from err
    ensure_room(destination.parent, stat.st_size, policy.min_free_bytes, ops)
    copy_verified(source, temp, hash_limit=policy.hash_limit, ops=ops)
    temp.chmod(policy.file_mode if policy.file_mode is not None else stat.st_mode & 0o777)
    return "move" if policy.mode is ImportMode.MOVE else "copy"


def _keep_old(
    replacing: tuple[Path, ...], policy: TransferPolicy, now: datetime, ops: FileOps
) -> list[Path]:
    kept = []
    for old in replacing:
        assert policy.recycle_bin is not None  # _check_existing guarantees it
        kept.append(
            preserve(
                old,
                policy.recycle_bin,
                policy.library_root,
                now,
                hash_limit=policy.hash_limit,
                ops=ops,
            )
        )
    return kept


def _discard(old: Path, policy: TransferPolicy, now: datetime, ops: FileOps) -> Path:
    assert policy.recycle_bin is not None
    return discard(
        old, policy.recycle_bin, policy.library_root, now, hash_limit=policy.hash_limit, ops=ops
    )

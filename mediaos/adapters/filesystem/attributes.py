"""Folders, ownership and permissions of imported files.

Why apart from `transfer`: these are the parts that depend on configuration rather than on
the safety rules, and their failures are mostly warnings: once a file is safely in place, a
chown the process is not allowed to make must not turn the import into a failure.

Invariant: nothing here touches a hardlinked file's inode (it is shared with the download
client's file); `finish_attributes` returns early for hardlinks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps
from mediaos.adapters.filesystem.policy import TransferPolicy

Method = Literal["hardlink", "copy", "move", "rename", "already-present"]


def make_folders(
    folder: Path, policy: TransferPolicy, ops: FileOps = REAL_OPS
) -> tuple[list[Path], list[str]]:
    """Create missing folders one by one so each gets `folder_mode` and the owner; return
    the folders created (outermost first) and any ownership warnings."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    created: list[Path] = []
    warnings: list[str] = []
    try:
        for path in reversed(missing):
            try:
                ops.mkdir(path, 0o777)
            except FileExistsError:
                continue
            created.append(path)
            if policy.folder_mode is not None:
                path.chmod(policy.folder_mode)
            warnings += chown(path, policy)
    except BaseException:
        remove_empty_folders(created)
        raise
    return created, warnings


def remove_empty_folders(created: Sequence[Path]) -> None:
    """Undo `make_folders` after a failed import; a folder that gained a file stays."""
    for path in reversed(created):
        try:
            path.rmdir()
        except OSError:
            return


def finish_attributes(destination: Path, method: Method, policy: TransferPolicy) -> list[str]:
    """After the file is in place, so a failure here is a warning, not a failed import."""
    if method == "hardlink":
        return []
    if method == "rename" and policy.file_mode is not None:
        try:
            destination.chmod(policy.file_mode)
        except PermissionError:
            return [f"{destination}: mode left unchanged (changing it is not permitted here)"]
    return chown(destination, policy)


def chown(path: Path, policy: TransferPolicy) -> list[str]:
    """Ownership as configured, when the process may give it; a warning otherwise."""
    if policy.uid is None and policy.gid is None:
        return []
    try:
        os.chown(
            path, -1 if policy.uid is None else policy.uid, -1 if policy.gid is None else policy.gid
        )
    except PermissionError:
        return [f"{path}: ownership left unchanged (changing it is not permitted here)"]
    return []

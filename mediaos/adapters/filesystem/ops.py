"""The system calls imports make, gathered so tests can inject faults.

Why a seam and not mocks: the fault tests (ENOSPC, EACCES, EXDEV, a source vanishing
mid-copy) run real imports on real files and replace exactly one call with one that fails
the way the kernel would. Everything else stays real, so the rollback paths are exercised
against the real filesystem.

Invariant: `REAL_OPS` is the only instance production code uses; each field behaves like
the `os` function it is named after.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

StrPath = str | os.PathLike[str]


def _read(stream: BinaryIO, size: int) -> bytes:
    return stream.read(size)


@dataclass(frozen=True, slots=True)
class FileOps:
    link: Callable[[StrPath, StrPath], None] = os.link
    rename: Callable[[StrPath, StrPath], None] = os.rename
    replace: Callable[[StrPath, StrPath], None] = os.replace
    read: Callable[[BinaryIO, int], bytes] = _read
    write: Callable[[int, bytes], int] = os.write
    fsync: Callable[[int], None] = os.fsync
    mkdir: Callable[[StrPath, int], None] = os.mkdir
    unlink: Callable[[StrPath], None] = os.unlink
    statvfs: Callable[[StrPath], os.statvfs_result] = os.statvfs


REAL_OPS = FileOps()


def fsync_directory(path: StrPath, ops: FileOps = REAL_OPS) -> None:
    """Make a rename durable: the directory entry, not just the data, must reach the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        ops.fsync(fd)
    finally:
        os.close(fd)

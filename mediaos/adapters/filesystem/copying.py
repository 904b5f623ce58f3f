"""A verified copy into a temporary file, and the errno -> typed error translation.

Why verify: a copy that silently lost its tail is the worst outcome of an import, because
move mode deletes the source next. Sizes are always compared (before and after, source and
copy); files up to `hash_limit` bytes are also hashed while copying and re-read from the
destination, so a bad write is caught before the source can be removed.

Invariants a reader must not break:
- `copy_verified` creates `temp` exclusively (O_EXCL) and leaves it behind only on
  success; on any failure the caller's clean-up removes it (it is always inside `try`).
- The source is only ever opened for reading here.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from mediaos.adapters.filesystem.errors import (
    DiskFull,
    PermissionDenied,
    SourceVanished,
    VerificationFailed,
)
from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps

CHUNK = 1024 * 1024
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


@contextlib.contextmanager
def typed_errors(source: Path, destination: Path) -> Iterator[None]:
    """Turn the OSErrors of an import into the tree of `errors.py`."""
    try:
        yield
    except OSError as err:
        if err.errno in _FULL:
            raise DiskFull(str(destination), "no space left while writing") from err
        if err.errno in _DENIED:
            where = err.filename if isinstance(err.filename, str) else str(destination)
            raise PermissionDenied(where, f"not permitted ({os.strerror(err.errno)})") from err
        if err.errno == errno.ENOENT and not source.exists():
            raise SourceVanished(str(source)) from err
        raise


def copy_verified(
    source: Path,
    temp: Path,
    *,
    hash_limit: int,
    ops: FileOps = REAL_OPS,
) -> None:
    """Copy `source` to the new file `temp`, fsync it, and prove it equals the source."""
    before = _stat_source(source)
    digest = hashlib.blake2b() if before.st_size <= hash_limit else None
    out = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with source.open("rb") as stream:
            while chunk := ops.read(stream, CHUNK):
                if digest is not None:
                    digest.update(chunk)
                _write_all(out, chunk, ops)
        ops.fsync(out)
    finally:
        os.close(out)
    after = _stat_source(source)
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise VerificationFailed(str(source), "the source changed while it was being copied")
    copied = temp.stat().st_size
    if copied != before.st_size:
        raise VerificationFailed(
            str(temp), f"copied {copied} bytes of {before.st_size}; the copy was removed"
        )
    if digest is not None and _hash_of(temp) != digest.digest():
        raise VerificationFailed(str(temp), "the copy differs from the source; it was removed")
    os.utime(temp, ns=(before.st_atime_ns, before.st_mtime_ns))


def same_content(a: Path, b: Path) -> bool:
    """Byte equality, cheap when sizes differ; used to recognise an earlier import."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as left, b.open("rb") as right:
        while True:
            x, y = left.read(CHUNK), right.read(CHUNK)
            if x != y:
                return False
            if not x:
                return True


def _stat_source(source: Path) -> os.stat_result:
    try:
        return source.stat()
    except FileNotFoundError as err:
        raise SourceVanished(str(source)) from err


def _write_all(fd: int, data: bytes, ops: FileOps) -> None:
    while data:  # os.write may write less than asked (signals, pipes, some FUSE mounts)
        data = data[ops.write(fd, data) :]


def _hash_of(path: Path) -> bytes:
    digest = hashlib.blake2b()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.digest()

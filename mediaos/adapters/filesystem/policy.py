"""The import settings of a library, resolved once into plain values.

Why a separate value: `LibrarySpec` speaks the user's language (MiB, octal strings, user
names); the transfer code needs numbers (bytes, mode bits, uid/gid). Resolving names here,
once per configuration, keeps `pwd`/`grp` lookups out of the per-file path and makes the
policy trivial to build in tests.
"""

from __future__ import annotations

import grp
import pwd
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mediaos.schemas.library import ImportMode, LibrarySpec

MIB = 1024 * 1024
#: Files up to this size are hashed after copying (bigger ones: sizes only, as Sonarr).
DEFAULT_HASH_LIMIT = 512 * MIB


@dataclass(frozen=True, slots=True)
class TransferPolicy:
    mode: ImportMode = ImportMode.HARDLINK
    hardlink_fallback: Literal["copy", "fail"] = "fail"
    min_free_bytes: int = 0
    file_mode: int | None = None
    folder_mode: int | None = None
    uid: int | None = None
    gid: int | None = None
    recycle_bin: Path | None = None
    library_root: Path | None = None
    hash_limit: int = DEFAULT_HASH_LIMIT

    @classmethod
    def from_spec(cls, spec: LibrarySpec, *, library_root: Path | None) -> TransferPolicy:
        return cls(
            mode=spec.import_mode,
            hardlink_fallback=spec.hardlink_fallback,
            min_free_bytes=spec.min_free_space * MIB,
            file_mode=int(spec.mode, 8) if spec.mode else None,
            folder_mode=int(spec.folder_mode, 8) if spec.folder_mode else None,
            uid=_uid(spec.owner.user),
            gid=_gid(spec.owner.group),
            recycle_bin=spec.recycle_bin,
            library_root=library_root,
        )


def _uid(user: str | int | None) -> int | None:
    if user is None or isinstance(user, int):
        return user
    return int(user) if user.isdigit() else pwd.getpwnam(user).pw_uid


def _gid(group: str | int | None) -> int | None:
    if group is None or isinstance(group, int):
        return group
    return int(group) if group.isdigit() else grp.getgrnam(group).gr_gid

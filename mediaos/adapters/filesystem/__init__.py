"""Library imports on the local filesystem: atomic transfers, recycle bin, path mappings.

One public namespace over small modules (`transfer`, `copying`, `recycle`, `paths`,
`space`, `policy`, `errors`, `ops`); the safety rules are in `transfer`'s docstring.
"""

from mediaos.adapters.filesystem.errors import (
    CrossDevice,
    DestinationExists,
    DiskFull,
    PathNotVisible,
    PermissionDenied,
    SourceVanished,
    UnsafeDestination,
    VerificationFailed,
)
from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps
from mediaos.adapters.filesystem.paths import map_client_path, suggest_mapping, visible_path
from mediaos.adapters.filesystem.policy import TransferPolicy
from mediaos.adapters.filesystem.space import ensure_room, free_bytes
from mediaos.adapters.filesystem.transfer import Transferred, import_file

__all__ = [
    "REAL_OPS",
    "CrossDevice",
    "DestinationExists",
    "DiskFull",
    "FileOps",
    "PathNotVisible",
    "PermissionDenied",
    "SourceVanished",
    "TransferPolicy",
    "Transferred",
    "UnsafeDestination",
    "VerificationFailed",
    "ensure_room",
    "free_bytes",
    "import_file",
    "map_client_path",
    "suggest_mapping",
    "visible_path",
]

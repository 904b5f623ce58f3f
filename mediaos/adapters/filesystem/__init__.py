"""Library imports on the local filesystem: atomic transfers, recycle bin, path mappings.

One public namespace over small modules: `transfer` (one file, the safety rules in its
docstring), `importer` (a whole selected download), `copying`, `recycle`, `attributes`,
`paths` (client path mappings), `space`, `health` (probes for conditions), `policy`,
`errors` and `ops` (the system-call seam the fault tests use).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from mediaos.adapters.filesystem.health import HealthProblem, import_health
    from mediaos.adapters.filesystem.importer import (
        FileFailure,
        ImportReport,
        import_selection,
        list_download,
    )

# The importer and the health probes bring the release selection and the media readers
# with them; they load on first use, so code that only needs the path helpers (an offline
# `diff` maps client paths) does not pay for them.
_ON_FIRST_USE = {
    "HealthProblem": "health",
    "import_health": "health",
    "FileFailure": "importer",
    "ImportReport": "importer",
    "import_selection": "importer",
    "list_download": "importer",
}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "REAL_OPS",
    "CrossDevice",
    "DestinationExists",
    "DiskFull",
    "FileFailure",
    "FileOps",
    "HealthProblem",
    "ImportReport",
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
    "import_health",
    "import_selection",
    "list_download",
    "map_client_path",
    "suggest_mapping",
    "visible_path",
]

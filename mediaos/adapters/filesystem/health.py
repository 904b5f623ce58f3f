"""Health probes for imports, answered before any file moves.

Why ahead of time: the issue asks for conditions such as "downloads and library on
different filesystems" and "free space below the floor" to show *before* an import fails
on them, so the library reconciler calls `import_health` in `observe` and turns each
`HealthProblem` into a condition. Probes only stat; they never write.

Invariant: `reason` values are CamelCase condition reasons and part of the status contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mediaos.adapters.filesystem.ops import REAL_OPS, FileOps
from mediaos.adapters.filesystem.policy import TransferPolicy
from mediaos.adapters.filesystem.space import MIB, free_bytes
from mediaos.schemas.library import ImportMode

Reason = Literal["DownloadsNotVisible", "CrossDevice", "LowDiskSpace", "RootMissing"]


@dataclass(frozen=True, slots=True)
class HealthProblem:
    reason: Reason
    path: Path
    message: str


def import_health(
    downloads: Path | None,
    roots: Sequence[Path],
    policy: TransferPolicy,
    ops: FileOps = REAL_OPS,
) -> list[HealthProblem]:
    """Problems that would make imports fail or misbehave, one per cause and path."""
    problems: list[HealthProblem] = []
    if downloads is not None and not downloads.is_dir():
        problems.append(
            HealthProblem(
                "DownloadsNotVisible",
                downloads,
                f"{downloads} does not exist here; check library.downloads or path_mappings",
            )
        )
        downloads = None
    for root in roots:
        if not root.is_dir():
            problems.append(HealthProblem("RootMissing", root, f"library root {root} is missing"))
            continue
        free = free_bytes(root, ops)
        if free < policy.min_free_bytes:
            problems.append(
                HealthProblem(
                    "LowDiskSpace",
                    root,
                    f"{free / MIB:.0f} MiB free on {root}, below library.min_free_space "
                    f"({policy.min_free_bytes / MIB:.0f} MiB); imports wait until space is freed",
                )
            )
        if (
            downloads is not None
            and policy.mode is ImportMode.HARDLINK
            and downloads.stat().st_dev != root.stat().st_dev
        ):
            fallback = (
                "imports will copy (library.hardlink_fallback: copy), using the space twice"
                if policy.hardlink_fallback == "copy"
                else "hardlink imports will fail; put both on one filesystem or set "
                "library.hardlink_fallback: copy"
            )
            problems.append(
                HealthProblem(
                    "CrossDevice",
                    root,
                    f"downloads ({downloads}) and {root} are on different filesystems: {fallback}",
                )
            )
    return problems

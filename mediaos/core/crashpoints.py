"""Named crash points: the places in grab and import where a kill -9 could fall.

Why: "never grabs twice, never loses a file when the box reboots mid-import" is a claim
only a test can back. Each step of a side effect that could be interrupted calls
`crash_point(name)`; with `MEDIAOS_CRASH_AT=<name>` in the environment the process SIGKILLs
itself right there, exactly as a power cut would leave it (no `finally`, no flush). The
crash tests run the whole loop once per name, restart without it, and check convergence.

Invariants: every name in `CRASH_POINTS` is called from exactly one place in `mediaos/`,
and every call uses a literal from this tuple; a test compares the two lists and the list
the crash tests cover. Without the variable set, a crash point costs one dict lookup.
"""

from __future__ import annotations

import os
import signal
from typing import Final

ENV: Final = "MEDIAOS_CRASH_AT"

CRASH_POINTS: Final[tuple[str, ...]] = (
    # acquisition: Grab
    "after-grab-intent",
    "after-grab-sent-before-record",
    "after-grab-record",
    # downloads: Import
    "after-import-intent",
    "during-import-copy",
    "after-import-files-before-record",
    "after-import-record-before-index",
    # downloads: Remove / Cancel
    "after-remove-sent-before-record",
)


def crash_point(name: str) -> None:
    """SIGKILL this process if `MEDIAOS_CRASH_AT` names this point (tests only)."""
    if name not in CRASH_POINTS:
        raise ValueError(f"unknown crash point {name!r}; add it to CRASH_POINTS")
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)

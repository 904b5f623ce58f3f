"""Status conditions: what each item and adapter shows, as values.

A condition is Kubernetes-shaped: `type` (a CamelCase state), `status` (`True`, `False`,
`Unknown`), `reason` (a CamelCase cause, machine readable), `message` (one sentence, never a
secret or a raw peer body), `since` and `revision`.

Invariants a reader must not break:
- `since` changes only when `status` flips (Kubernetes' `lastTransitionTime`); everything
  that writes a condition goes through `with_condition`, or the state repository that
  applies the same rule, so a retry every 30 s does not reset "blocked since Tuesday".
- `revision` is the revision of the desired spec the condition was computed from
  (`mediaos.core.actions.revision_of`), so a status from an older spec can say so.
- Every reason constant below is listed in `REASONS` with its meaning; a test checks it,
  and the docs are generated from that table.
- `Ready` is never set by hand: `ConditionTable.ready` derives it from the others, the one
  summary function every reconciler shares (Flux's `summarize.Conditions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
from typing import Final


class Truth(StrEnum):
    TRUE = "True"
    FALSE = "False"
    UNKNOWN = "Unknown"


@dataclass(frozen=True, slots=True)
class Condition:
    type: str
    status: Truth
    reason: str
    message: str
    since: datetime
    revision: str = ""


# Item condition types (architecture.md), in the order an item moves through them.
WANTED: Final = "Wanted"
SEARCHING: Final = "Searching"
GRABBED: Final = "Grabbed"
DOWNLOADING: Final = "Downloading"
IMPORTING: Final = "Importing"
AVAILABLE: Final = "Available"
BLOCKED: Final = "Blocked"
# Summary and failure types shared by items and adapters.
READY: Final = "Ready"
STALLED: Final = "Stalled"

ITEM_TYPES: Final = (WANTED, SEARCHING, GRABBED, DOWNLOADING, IMPORTING, AVAILABLE, BLOCKED)

# Reasons. CamelCase causes; each is explained in REASONS.
RECONCILED: Final = "Reconciled"
MISSING: Final = "Missing"
BELOW_CUTOFF: Final = "BelowCutoff"
CUTOFF_MET: Final = "CutoffMet"
NOT_WANTED: Final = "NotWanted"
SEARCH_DUE: Final = "SearchDue"
NO_ACCEPTABLE_RELEASE: Final = "NoAcceptableRelease"
SENT_TO_CLIENT: Final = "SentToClient"
ALREADY_IN_CLIENT: Final = "AlreadyInClient"
TRANSFERRING: Final = "Transferring"
DOWNLOAD_FAILED: Final = "DownloadFailed"
DOWNLOAD_STALLED: Final = "DownloadStalled"
IMPORT_VERIFIED: Final = "ImportVerified"
BLOCKLISTED: Final = "Blocklisted"
SUSPENDED: Final = "Suspended"
CLIENT_UNREACHABLE: Final = "ClientUnreachable"
AUTH_REJECTED: Final = "AuthRejected"
RATE_LIMITED: Final = "RateLimited"
INTERNAL_ERROR: Final = "InternalError"
INTERRUPTED: Final = "Interrupted"

#: Every reason constant and what it means, for `docs/` and the status view.
REASONS: Final[Mapping[str, str]] = {
    RECONCILED: "Nothing abnormal: the item matches its desired state.",
    MISSING: "The library holds no file for this wanted item.",
    BELOW_CUTOFF: "The library holds a file, below the profile's cutoff, so upgrades are wanted.",
    CUTOFF_MET: "The library holds a file at or above the cutoff; no more searching.",
    NOT_WANTED: "The item left the desired state; pending work for it is cancelled.",
    SEARCH_DUE: "The item is missing or below cutoff and its next search is due.",
    NO_ACCEPTABLE_RELEASE: "Releases were found, but the profile rejected all of them.",
    SENT_TO_CLIENT: "The chosen release was handed to a download client.",
    ALREADY_IN_CLIENT: "The client already had this release, so nothing was sent twice.",
    TRANSFERRING: "The download client is transferring the release.",
    DOWNLOAD_FAILED: "The download client reports the download failed.",
    DOWNLOAD_STALLED: "The download made no progress for longer than `stalled_after`.",
    IMPORT_VERIFIED: "The file is in the library at its destination, with the expected size.",
    BLOCKLISTED: "The release was blocklisted after a failure and will not be grabbed again.",
    SUSPENDED: "`suspend: true` stops actions for this item; it is still observed.",
    CLIENT_UNREACHABLE: "The download client did not answer; the step is retried with backoff.",
    AUTH_REJECTED: "A peer refused the credentials; a person must fix the configuration.",
    RATE_LIMITED: "A peer asked us to slow down; the step waits at least as long as it said.",
    INTERNAL_ERROR: "An unexpected error in MediaOS; retried with backoff, details in the logs.",
    INTERRUPTED: "A step was started but never finished (a crash or restart); it is observed "
    "again before anything is repeated.",
}


def with_condition(current: tuple[Condition, ...], new: Condition) -> tuple[Condition, ...]:
    """Replace one type; keep `since` unless the truth value really flipped.

    The result is sorted by type, so equal states compare (and snapshot) equal.
    """
    before = next((c for c in current if c.type == new.type), None)
    if before is not None and before.status is new.status:
        new = replace(new, since=before.since)
    others = tuple(c for c in current if c.type != new.type)
    return tuple(sorted((*others, new), key=attrgetter("type")))


def merge_conditions(
    current: tuple[Condition, ...], new: Iterable[Condition]
) -> tuple[Condition, ...]:
    """`with_condition` for several new conditions, applied in order."""
    for condition in new:
        current = with_condition(current, condition)
    return current


@dataclass(frozen=True, slots=True)
class ConditionTable:
    """The condition types a reconciler owns, and which of them are bad news when True.

    Declared at the top of each reconciler module; `ready` is the one summary function.
    """

    owned: frozenset[str]
    abnormal_when_true: frozenset[str]

    def __post_init__(self) -> None:
        stray = self.abnormal_when_true - self.owned - {STALLED}
        if stray:
            raise ValueError(f"abnormal types must be owned: {sorted(stray)}")

    def ready(self, conds: Iterable[Condition], now: datetime, revision: str) -> Condition:
        """`Ready` False with the first abnormal condition's reason (by type), else True.

        `Stalled` always counts as abnormal: the runner sets it when a person must act.
        """
        abnormal = self.abnormal_when_true | {STALLED}
        bad = sorted(
            (c for c in conds if c.type in abnormal and c.status is Truth.TRUE),
            key=attrgetter("type"),
        )
        if bad:
            worst = bad[0]
            return Condition(READY, Truth.FALSE, worst.reason, worst.message, now, revision)
        return Condition(READY, Truth.TRUE, RECONCILED, "Matches the desired state.", now, revision)


#: The item table: what `status` shows for a movie, an episode, an album or a book.
ITEM_CONDITIONS: Final = ConditionTable(
    owned=frozenset(ITEM_TYPES), abnormal_when_true=frozenset({BLOCKED})
)

"""Every reason a decision can give, as one enum with one sentence each.

Why one closed vocabulary: "why was it not grabbed?" must be answerable by `mediaos explain`,
the API and the page alike, and tests, docs and translations need a fixed list to check
against. A decision keeps every reason that applies (not just the first), each as a code
from here plus a message with the specifics ("WEBDL-720p is below the existing
Bluray-1080p"); the sentence here is the general meaning of the code.

Invariants a reader must not break:
- Codes are part of the public contract (JSON, API, docs/releases.md); never rename one.
- Every code has a message and is listed in docs/releases.md (a test keeps them equal),
  and at least one decision test produces it.
- `rejects` decides acceptance: a decision is accepted exactly when none of its reasons
  rejects. The other codes explain why an accepted release is wanted.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """A reason code. The value equals the name, so JSON and docs show the same word."""

    # Does the release match the wanted unit?
    UNPARSEABLE = "UNPARSEABLE"
    WRONG_KIND = "WRONG_KIND"
    WRONG_TITLE = "WRONG_TITLE"
    WRONG_YEAR = "WRONG_YEAR"
    WRONG_SEASON = "WRONG_SEASON"
    WRONG_EPISODE = "WRONG_EPISODE"
    NOT_YET_AVAILABLE = "NOT_YET_AVAILABLE"
    PINNED_TO_OTHER = "PINNED_TO_OTHER"
    # Is it good enough, and better than what is there?
    QUALITY_NOT_ALLOWED = "QUALITY_NOT_ALLOWED"
    UPGRADES_DISABLED = "UPGRADES_DISABLED"
    NOT_AN_UPGRADE = "NOT_AN_UPGRADE"
    CUTOFF_MET = "CUTOFF_MET"
    BELOW_MIN_SCORE = "BELOW_MIN_SCORE"
    UNKNOWN_RUNTIME = "UNKNOWN_RUNTIME"
    TOO_SMALL = "TOO_SMALL"
    TOO_LARGE = "TOO_LARGE"
    MISSING_REQUIRED_TERM = "MISSING_REQUIRED_TERM"
    FORBIDDEN_TERM = "FORBIDDEN_TERM"
    WRONG_LANGUAGE = "WRONG_LANGUAGE"
    # Can it be grabbed now?
    TOO_FEW_SEEDERS = "TOO_FEW_SEEDERS"
    TOO_NEW_DELAY = "TOO_NEW_DELAY"
    TOO_OLD = "TOO_OLD"
    BLOCKLISTED = "BLOCKLISTED"
    ALREADY_GRABBED = "ALREADY_GRABBED"
    DECISION_ERROR = "DECISION_ERROR"
    # Why an accepted release is wanted.
    NEW_FILE = "NEW_FILE"
    UPGRADE = "UPGRADE"
    CUTOFF_NOT_MET = "CUTOFF_NOT_MET"
    DELAY_BYPASSED = "DELAY_BYPASSED"
    PINNED = "PINNED"

    @property
    def message(self) -> str:
        """The one-sentence meaning of this code."""
        return MESSAGES[self]

    @property
    def rejects(self) -> bool:
        """Whether a decision carrying this reason is rejected."""
        return self not in ACCEPTING


ACCEPTING = frozenset(
    {
        Reason.NEW_FILE,
        Reason.UPGRADE,
        Reason.CUTOFF_NOT_MET,
        Reason.DELAY_BYPASSED,
        Reason.PINNED,
        # Without a runtime (no movie metadata source, a show TVmaze gives none for) the
        # size cannot be judged; rejecting would mean such items are never grabbed at all.
        Reason.UNKNOWN_RUNTIME,
    }
)

MESSAGES: dict[Reason, str] = {
    Reason.UNPARSEABLE: "The release name could not be read, so nothing can be checked.",
    Reason.WRONG_KIND: "The release is a different kind of media than the one wanted.",
    Reason.WRONG_TITLE: "The release is for a different title.",
    Reason.WRONG_YEAR: "The release year differs from the wanted year by more than one.",
    Reason.WRONG_SEASON: "The release is for a different season.",
    Reason.WRONG_EPISODE: "The release does not contain the wanted episodes.",
    Reason.NOT_YET_AVAILABLE: (
        "The movie has not reached its minimum availability, so early CAMs and fakes are skipped."
    ),
    Reason.PINNED_TO_OTHER: "The item is pinned to another release.",
    Reason.QUALITY_NOT_ALLOWED: "The release's quality is not allowed by the profile.",
    Reason.UPGRADES_DISABLED: "A file exists and the profile does not allow upgrades.",
    Reason.NOT_AN_UPGRADE: "The release is not better than the existing file.",
    Reason.CUTOFF_MET: "The existing file already meets the profile's cutoff.",
    Reason.BELOW_MIN_SCORE: "The release's custom format score is below the profile's minimum.",
    Reason.UNKNOWN_RUNTIME: "The runtime is unknown, so the release's size was not checked.",
    Reason.TOO_SMALL: "The release is smaller than its quality's minimum for the runtime.",
    Reason.TOO_LARGE: "The release is larger than its quality's maximum for the runtime.",
    Reason.MISSING_REQUIRED_TERM: "The release title matches none of the required terms.",
    Reason.FORBIDDEN_TERM: "The release title matches a forbidden term.",
    Reason.WRONG_LANGUAGE: "The release has none of the wanted audio languages.",
    Reason.TOO_FEW_SEEDERS: "The torrent has fewer seeders than its indexer requires.",
    Reason.TOO_NEW_DELAY: "The release is younger than the delay profile's wait for its protocol.",
    Reason.TOO_OLD: "The usenet release is older than the retention.",
    Reason.BLOCKLISTED: "The release is on the blocklist.",
    Reason.ALREADY_GRABBED: "The release was already grabbed for this item.",
    Reason.DECISION_ERROR: "An unexpected error stopped the decision, so the release is rejected.",
    Reason.NEW_FILE: "No file exists yet, so the release fills an empty slot.",
    Reason.UPGRADE: "The release is better than the existing file.",
    Reason.CUTOFF_NOT_MET: "The existing file is below the profile's cutoff.",
    Reason.DELAY_BYPASSED: "The delay was skipped for a top-quality or high-scoring release.",
    Reason.PINNED: "The release is the one pinned for this item.",
}


def reasons_table() -> str:
    """The Markdown table of every code, as docs/releases.md lists it."""
    rows = ["| code | outcome | message |", "| --- | --- | --- |"]
    for reason in Reason:
        outcome = "rejects" if reason.rejects else "accepts"
        rows.append(f"| `{reason.value}` | {outcome} | {reason.message} |")
    return "\n".join(rows)

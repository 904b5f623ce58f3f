"""Which permanent grab errors are the release's own fault, and so blocklist it.

Why it matters: the runner parks a grab that failed for good, and the planner would pick the
same accepted candidate again at every pass (before any search), so the unit would wait
until its YAML changed. Blocklisting the release moves the next pass on to another
candidate or a search. But a failure of the client itself (its login, a wrong Web UI URL)
says nothing about the release: blocklisting on it would burn every candidate in turn.
"""

from __future__ import annotations

from typing import Final

from mediaos.core.errors import BadPayload, NotFound, PermanentError

#: Blocklist reason (prefix) of a release whose grab failed for good.
GRAB_FAILED: Final = "GrabFailed"
#: Operations about the release's file or listing: a 404 (nuked) or broken file, or an
#: indexer that no longer lists it when searched again for its link.
RELEASE_OPERATIONS: Final = frozenset({"download .torrent", "fetch release file", "find again"})
#: A client's add: only a refused payload (info-hash mismatch, no link, invalid torrent or
#: NZB) is the release's; a NotFound there is the client's URL.
PAYLOAD_OPERATIONS: Final = frozenset({"add", "append"})


def release_failure(err: PermanentError) -> bool:
    """Whether a permanent grab error is the release's fault."""
    if not isinstance(err, NotFound | BadPayload):
        return False
    if err.operation in RELEASE_OPERATIONS:
        return True
    return isinstance(err, BadPayload) and err.operation in PAYLOAD_OPERATIONS

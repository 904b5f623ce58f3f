"""`rank(decisions)`: the accepted releases, best first, in one total, deterministic order.

The order (the issue's, after Sonarr's DownloadDecisionComparer):
1. quality weight in the profile (higher first; grouped WEB qualities are equal);
2. custom format score (higher first);
3. revision: proper/repack/version, then REAL (higher first);
4. the preferred protocol first (the profile's, else the delay profile's);
5. indexer priority (1 first);
6. seeders (more first; usenet counts as 0);
7. size: nearest the preferred size for the runtime, the distance rounded to 200 MiB as
   Sonarr does so that near-identical sizes tie; with no preferred size, larger first;
   an unknown size last;
8. tie-breakers that make it total: guid, indexer, title.

Invariant (property-tested): `rank_key` induces a total order, so `rank` returns the same
list whatever order the decisions arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable

from mediaos.releases.decision import Decision

SIZE_STEP = 200 * 1024 * 1024

RankKey = tuple[int, int, int, int, bool, int, int, tuple[int, int], str, str, str]


def _size_key(decision: Decision) -> tuple[int, int]:
    size = decision.release.size
    if size is None:
        return (1, 0)
    if decision.preferred_size is None:
        return (0, -size)
    distance = abs(size - decision.preferred_size)
    return (0, (distance + SIZE_STEP // 2) // SIZE_STEP)


def rank_key(decision: Decision) -> RankKey:
    """Sort key: smaller is better."""
    release = decision.release
    seeders = release.seeders if release.protocol == "torrent" and release.seeders else 0
    return (
        -decision.quality_weight,
        -decision.score,
        -decision.revision.version,
        -decision.revision.real,
        not decision.protocol_preferred,
        decision.indexer_priority,
        -seeders,
        _size_key(decision),
        release.guid,
        release.indexer,
        release.title,
    )


def rank(decisions: Iterable[Decision]) -> list[Decision]:
    """The accepted decisions, best first."""
    return sorted((d for d in decisions if d.accepted), key=rank_key)

"""The values a decision takes and gives: its context, the decision itself, and its JSON.

Why a context value: the decision is pure, so everything that is not the release, the wanted
unit or the profile (the time, the file already held, size limits, compiled formats, the
blocklist, the delay profile, indexer settings) arrives in one immutable `DecisionContext`
built by the reconciler once per search.

Why a `Decision` carries its ranking facts (quality weight, protocol preference, indexer
priority, preferred size): `rank(decisions)` then needs nothing else, and `explain` shows
exactly what the ranking saw.

Invariant: the JSON form never contains a download URL, magnet link or info page URL (they
may embed passkeys or API keys), and secrets in a guid are redacted; key order is fixed so
snapshots and diffs stay stable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeAlias

from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.releases.formats import CompiledFormat
from mediaos.releases.model import ParsedRelease
from mediaos.releases.reasons import Reason
from mediaos.releases.upgrades import Grade, Revision
from mediaos.schemas.quality import DelayProfileSpec, SizeLimitSpec

#: Same rule as `mediaos.adapters.http.redact_url` (which `releases` may not import): some
#: indexers use the download link, passkey included, as the guid.

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One reason, with the specifics of this release ("CAM is not allowed by profile hd")."""

    code: Reason
    detail: str

    @property
    def rejects(self) -> bool:
        return self.code.rejects


@dataclass(frozen=True, slots=True)
class DecisionContext:
    """Everything a decision needs besides the release, the wanted unit and the profile."""

    now: datetime
    """The current time (aware); never read from a clock inside `releases`."""
    existing: Grade | None = None
    """The file the library holds for this unit, if any."""
    sizes: Mapping[str, SizeLimitSpec] = field(default_factory=dict)
    """Size limits per quality, from `QualitySpec.size_limits()`; a missing quality is unlimited."""
    formats: tuple[CompiledFormat, ...] = ()
    """The config's custom formats, from `compile_formats(quality.formats)`."""
    blocklist: frozenset[str] = frozenset()
    """Blocked guids and info-hashes (lower-case hex)."""
    grabbed: frozenset[str] = frozenset()
    """Guids and info-hashes already grabbed for this unit."""
    delay: DelayProfileSpec | None = None
    """The delay profile that applies to the unit (first match by tags), if any."""
    min_seeders: Mapping[str, int] = field(default_factory=dict)
    """Minimum seeders per indexer name; `default_min_seeders` for others."""
    default_min_seeders: int = 1
    """Minimum seeders when the indexer is not in `min_seeders` (IndexerSpec's default)."""
    indexer_priority: Mapping[str, int] = field(default_factory=dict)
    """Priority per indexer name (1 first, 50 last; 25 when absent), for ranking."""
    retention: timedelta | None = None
    """Usenet retention; older usenet releases are rejected. None is unlimited."""


def select_delay(
    delays: Sequence[DelayProfileSpec], tags: Sequence[str]
) -> DelayProfileSpec | None:
    """The delay profile for an item: the first whose tags are empty or shared with it."""
    for delay in delays:
        if not delay.tags or set(delay.tags) & set(tags):
            return delay
    return None


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one release for one wanted unit, with every reason that applies."""

    release: ReleaseInfo
    parsed: ParsedRelease
    wanted_key: str
    accepted: bool
    quality: str
    score: int
    formats: tuple[str, ...]
    revision: Revision
    reasons: tuple[Verdict, ...]
    quality_weight: int = -1
    """Weight of the quality in the profile (higher is better; -1 when not allowed)."""
    protocol_preferred: bool = False
    """The release uses the preferred protocol (profile, else delay profile)."""
    indexer_priority: int = 25
    """The indexer's priority, 1 first."""
    preferred_size: int | None = None
    """Bytes the profile prefers for this unit's runtime, None when it prefers larger."""

    @property
    def codes(self) -> tuple[Reason, ...]:
        return tuple(v.code for v in self.reasons)

    @property
    def rejections(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.reasons if v.rejects)


def decision_to_dict(decision: Decision) -> dict[str, JsonValue]:
    """The JSON-ready form for `mediaos explain` and the API; no URLs, fixed key order."""
    release = decision.release
    return {
        "wanted": decision.wanted_key,
        "title": release.title,
        "guid": redact(release.guid),
        "indexer": release.indexer,
        "protocol": release.protocol,
        "info_hash": release.info_hash,
        "accepted": decision.accepted,
        "quality": decision.quality,
        "revision": {"version": decision.revision.version, "real": decision.revision.real},
        "score": decision.score,
        "formats": list(decision.formats),
        "size": release.size,
        "seeders": release.seeders,
        "published": None if release.published is None else release.published.isoformat(),
        "release_group": decision.parsed.release_group,
        "reasons": [
            {"code": v.code.value, "rejects": v.rejects, "message": redact(v.detail)}
            for v in decision.reasons
        ],
    }


def decision_to_json(decision: Decision) -> str:
    """`decision_to_dict` as compact, stable JSON text."""
    return json.dumps(decision_to_dict(decision), ensure_ascii=False, separators=(",", ":"))

"""The quality model profiles decide with: order, groups, size limits and upgrade rules.

Why here and not in `core`: `core.qualities` holds the shared *vocabulary* (names, ladders,
default sizes) that config validation also needs; the *decisions* made with it (is this
release allowed, is it an upgrade, is its size plausible for its runtime) belong to the
release layer, beside the parser that produces the qualities they compare.

Rules (docs/releases.md, "Quality model"):
- Each family (video, audio, book) has its own ladder, lowest first; qualities of different
  families are never compared.
- A profile lists allowed qualities lowest first; an entry may be a tuple of qualities that
  rank equal (a group such as "WEB 1080p": WEBDL-1080p and WEBRip-1080p), as in Sonarr.
- An upgrade is a better-ranked allowed quality, or the same rank with a higher revision
  (PROPER/REPACK/v2), or the same quality and revision with a higher custom-format score;
  nothing is an upgrade once the cut-off (quality and, when set, score) is met, and nothing
  at all when upgrades are off.
- Size limits are MiB per minute of runtime; `None` means unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediaos.core.qualities import BY_NAME, GROUPS, QUALITIES, RANK, MediaFamily

MIB = 1024 * 1024


def ladder(family: MediaFamily) -> tuple[str, ...]:
    """Quality names of one family, lowest first."""
    return tuple(q.name for q in QUALITIES if q.family is family)


def family_of(quality: str) -> MediaFamily:
    return BY_NAME[quality].family


def rank(quality: str) -> int:
    """Position in its family's ladder (0 = lowest)."""
    return RANK[quality]


def group_of(quality: str) -> str | None:
    """The default group a quality belongs to ("WEB 1080p"), or None."""
    return BY_NAME[quality].group


def group_members(group: str) -> tuple[str, ...]:
    return GROUPS.get(group, ())


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """Acceptable size of a release, in MiB per minute of runtime."""

    min_mib_per_min: float = 0.0
    preferred_mib_per_min: float | None = None
    max_mib_per_min: float | None = None

    def allows(self, size_bytes: int, runtime_minutes: float) -> bool:
        """Whether `size_bytes` fits `runtime_minutes`; an unknown runtime (<= 0) fits."""
        if runtime_minutes <= 0:
            return True
        per_minute = size_bytes / MIB / runtime_minutes
        if per_minute < self.min_mib_per_min:
            return False
        return self.max_mib_per_min is None or per_minute <= self.max_mib_per_min

    def distance_from_preferred(self, size_bytes: int, runtime_minutes: float) -> float:
        """How far from the preferred size, rounded to 200 MiB as Sonarr does (0 = best)."""
        if self.preferred_mib_per_min is None or runtime_minutes <= 0:
            return 0.0
        target = self.preferred_mib_per_min * runtime_minutes * MIB
        return round(abs(size_bytes - target) / (200 * MIB))


def default_size_limit(quality: str) -> SizeLimit:
    """The size limits users know from Sonarr/Radarr's defaults for `quality`."""
    q = BY_NAME[quality]
    return SizeLimit(q.min_mb_per_min, q.preferred_mb_per_min, q.max_mb_per_min)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a profile needs to know about a release to rank it."""

    quality: str
    revision: int = 1
    score: int = 0


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """Allowed qualities (lowest first, tuples rank equal), cut-off, upgrades and scores."""

    allowed: tuple[str | tuple[str, ...], ...]
    cutoff: str
    upgrades: bool = True
    min_score: int = 0
    cutoff_score: int | None = None

    def __post_init__(self) -> None:
        names = [n for entry in self.allowed for n in _members(entry)]
        unknown = [n for n in [*names, self.cutoff] if n not in BY_NAME]
        if unknown:
            raise ValueError(f"unknown quality names: {', '.join(unknown)}")
        if self.cutoff not in names:
            raise ValueError(f"cut-off {self.cutoff!r} is not an allowed quality")
        if len({BY_NAME[n].family for n in names}) > 1:
            raise ValueError("a profile cannot mix video, audio and book qualities")

    def weight(self, quality: str) -> int | None:
        """Rank of `quality` inside this profile (0 = lowest), or None if not allowed."""
        for index, entry in enumerate(self.allowed):
            if quality in _members(entry):
                return index
        return None

    def accepts(self, candidate: Candidate) -> bool:
        return self.weight(candidate.quality) is not None and candidate.score >= self.min_score

    def cutoff_met(self, current: Candidate) -> bool:
        weight = self.weight(current.quality)
        cut = self.weight(self.cutoff)
        if weight is None or cut is None or weight < cut:
            return False
        return self.cutoff_score is None or current.score >= self.cutoff_score

    def compare(self, a: Candidate, b: Candidate) -> int:
        """-1, 0 or 1 as `a` ranks below, equal to or above `b` (unallowed ranks lowest)."""
        key_a = (_or_low(self.weight(a.quality)), a.revision, a.score)
        key_b = (_or_low(self.weight(b.quality)), b.revision, b.score)
        return (key_a > key_b) - (key_a < key_b)

    def is_upgrade(self, current: Candidate, candidate: Candidate) -> bool:
        """Whether grabbing `candidate` to replace `current` is an upgrade under this profile."""
        if not self.upgrades or not self.accepts(candidate) or self.cutoff_met(current):
            return False
        return self.compare(candidate, current) > 0


def _members(entry: str | tuple[str, ...]) -> tuple[str, ...]:
    return (entry,) if isinstance(entry, str) else entry


def _or_low(weight: int | None) -> int:
    return -1 if weight is None else weight

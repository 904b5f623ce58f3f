"""Is one release better than a file we hold? Quality first, then format score, then revision.

Why this order (the issue's, close to Sonarr's): quality is what users choose profiles for;
the custom format score is how they refine it inside one quality (HDR, groups, audio);
a proper, repack or v2 fixes a broken release of the same thing and is the last word.

Why weights come from the profile, not from the global ladder: a profile lists its qualities
lowest to highest preference and users may order them differently from the ladder. Members
of one *arr quality group ("WEB 1080p": WEBRip-1080p and WEBDL-1080p) listed next to each
other share a weight, as in the *arr default profiles, so the format score decides between
them. A quality the profile does not list weighs -1: anything allowed replaces it.

At equal quality weight: a higher score upgrades only while the profile has a `cutoff_score`
and the held file is below it (the schema says "none means no score upgrades"); a lower
score never upgrades, whatever its revision; otherwise a newer revision upgrades. Letting a
newer revision with a lower score win would make two releases replace each other forever.

A held file's score may be unknown (`Grade.score_known` False: the library index knows a
file by its name, and custom formats judge the release, not the file). An unknown score
meets the score cutoff and is never beaten, nor beats, by score alone: counting it as 0
would make every release scoring above 0 an "upgrade" of the file it just became, and
re-download it forever.

Invariants (property-tested): `compare` never reports an upgrade to a lower weight, and
never reports both `a` over `b` and `b` over `a`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mediaos.core.qualities import BY_NAME
from mediaos.releases.model import ParsedRelease
from mediaos.schemas.quality import ProfileSpec


@dataclass(frozen=True, slots=True, order=True)
class Revision:
    """Sonarr's revision: version 2+ for a proper, repack or anime v2; real for REAL."""

    version: int = 1
    real: int = 0

    @classmethod
    def of(cls, parsed: ParsedRelease) -> Revision:
        version = max(parsed.version, 2 if (parsed.proper or parsed.repack) else 1)
        return cls(version=version, real=1 if parsed.real else 0)

    def label(self) -> str:
        words = [] if self.version <= 1 else ["Proper" if self.version == 2 else f"v{self.version}"]
        return " ".join([*words, "REAL"] if self.real else words) or "v1"


@dataclass(frozen=True, slots=True)
class Grade:
    """What is judged: a quality, its custom format score and its revision."""

    quality: str
    score: int = 0
    revision: Revision = Revision()
    score_known: bool = True
    """False for a held file whose custom format score is unknown (`score` is then 0)."""

    def label(self) -> str:
        extra = "" if self.revision == Revision() else f" {self.revision.label()}"
        return f"{self.quality}{extra}"


class UpgradeKind(StrEnum):
    QUALITY = "quality"
    SCORE = "score"
    REVISION = "revision"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The answer: `kind` is set when `new` is an upgrade; `why` says what decided it."""

    kind: UpgradeKind | None
    why: str

    @property
    def upgrade(self) -> bool:
        return self.kind is not None


def quality_weights(profile: ProfileSpec) -> dict[str, int]:
    """Weight of each allowed quality; adjacent members of one group share a weight."""
    weights: dict[str, int] = {}
    weight, previous_group = -1, None
    for name in profile.allowed:
        quality = BY_NAME.get(name)
        group = quality.group if quality is not None else None
        if group is None or group != previous_group:
            weight += 1
        weights[name] = weight
        previous_group = group
    return weights


def weight(profile: ProfileSpec, quality: str) -> int:
    return quality_weights(profile).get(quality, -1)


def score_upgrades_open(profile: ProfileSpec, held: Grade) -> bool:
    if not held.score_known:
        return False
    return profile.cutoff_score is not None and held.score < profile.cutoff_score


def compare(new: Grade, held: Grade, profile: ProfileSpec) -> Comparison:
    """Whether `new` should replace `held`: quality, then score, then revision."""
    weights = quality_weights(profile)
    new_weight, held_weight = weights.get(new.quality, -1), weights.get(held.quality, -1)
    if new_weight > held_weight:
        return Comparison(
            UpgradeKind.QUALITY, f"{new.quality} is above the existing {held.quality}"
        )
    if new_weight < held_weight:
        rule = "is not in the profile, unlike" if new_weight < 0 else "is below"
        return Comparison(None, f"{new.quality} {rule} the existing {held.quality}")
    same = "the same quality as" if new.quality == held.quality else "equal in the profile to"
    if new.score > held.score and score_upgrades_open(profile, held):
        return Comparison(
            UpgradeKind.SCORE,
            f"{new.quality} is {same} the existing {held.quality} and scores "
            f"{new.score} against {held.score}",
        )
    if new.score < held.score and held.score_known:
        return Comparison(
            None, f"format score {new.score} is below the existing file's {held.score}"
        )
    if new.revision > held.revision:
        return Comparison(
            UpgradeKind.REVISION,
            f"{new.label()} is a newer revision than the existing {held.label()}",
        )
    return Comparison(None, f"{new.label()} is no better than the existing {held.label()}")


def cutoff_met(held: Grade, profile: ProfileSpec) -> bool:
    """The held file reached the cutoff quality and, when set and known, the cutoff score."""
    weights = quality_weights(profile)
    if weights.get(held.quality, -1) < weights.get(profile.cutoff, -1):
        return False
    if profile.cutoff_score is None or not held.score_known:
        return True
    return held.score >= profile.cutoff_score


def is_upgrade(new: Grade, held: Grade, profile: ProfileSpec) -> bool:
    return compare(new, held, profile).upgrade

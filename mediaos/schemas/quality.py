"""Quality sizes, profiles, custom formats and delay profiles.

Why profiles are a mapping keyed by name: items refer to them by name, and a mapping makes a
duplicate name impossible rather than an error. Quality names are checked against the shared
vocabulary in `mediaos.core.qualities` (aliases such as "Bluray-1080p Remux" are accepted and
stored canonically), so a typo fails at load time with the nearest valid name.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from mediaos.core.qualities import (
    ALIASES,
    BY_NAME,
    QUALITIES,
    QUALITY_NAMES,
    VIDEO_QUALITY_NAMES,
    canonical_quality,
)
from mediaos.schemas.types import Language, Name, Spec


def check_quality(value: str) -> str:
    canonical = canonical_quality(value)
    if canonical is None:
        near = difflib.get_close_matches(value, QUALITY_NAMES, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(f"unknown quality {value!r}{hint}")
    return canonical


QualityName = Annotated[
    str,
    AfterValidator(check_quality),
    WithJsonSchema({"type": "string", "enum": [*QUALITY_NAMES, *ALIASES]}),
]


def check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as err:
        raise ValueError(f"invalid regular expression '{value}': {err}") from None
    return value


Regex = Annotated[str, AfterValidator(check_regex)]


class SizeLimitSpec(Spec):
    min: float = Field(0, ge=0)
    """Smallest acceptable size, MiB per minute of runtime."""
    preferred: float | None = Field(None, ge=0)
    """Size preferred among otherwise equal releases, MiB per minute; none prefers larger."""
    max: float | None = Field(None, ge=0)
    """Largest acceptable size, MiB per minute; none is unlimited."""

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("min")
        if value is not None and low is not None and value < low:
            raise ValueError(f"max ({value}) is below min ({low})")
        return value


def default_sizes() -> dict[str, SizeLimitSpec]:
    return {
        q.name: SizeLimitSpec(
            min=q.min_mb_per_min, preferred=q.preferred_mb_per_min, max=q.max_mb_per_min
        )
        for q in QUALITIES
        if q.name in VIDEO_QUALITY_NAMES
    }


class ProfileSpec(Spec):
    allowed: list[QualityName] = Field(min_length=1)
    """Acceptable qualities, lowest to highest preference; one media family only."""
    cutoff: QualityName
    """Once a file of this quality (or better) is in the library, upgrades stop."""
    upgrades: bool = True
    """Replace a file with a better release until the cutoff is reached."""
    min_score: int = 0
    """Releases whose custom-format score is below this are rejected."""
    cutoff_score: int | None = None
    """Upgrades by format score stop at this score; none means no score upgrades."""
    scores: dict[str, int] = {}
    """Custom format name -> score added to a release that matches it."""
    protocol: Literal["any", "torrent", "usenet"] = "any"
    """Preferred protocol when two releases are otherwise equal."""
    languages: list[Language] = []
    """Audio languages a release must have (any of them); empty accepts any."""
    must_contain: list[Regex] = []
    """A release title must match at least one of these regular expressions."""
    must_not_contain: list[Regex] = []
    """A release title matching any of these regular expressions is rejected."""

    @field_validator("allowed")
    @classmethod
    def _one_family_no_repeats(cls, value: list[str]) -> list[str]:
        families = {BY_NAME[name].family for name in value}
        if len(families) > 1:
            raise ValueError(
                "allowed mixes media families ("
                + ", ".join(sorted(f.value for f in families))
                + "); use one profile per family"
            )
        repeated = sorted({name for name in value if value.count(name) > 1})
        if repeated:
            raise ValueError(f"allowed lists {', '.join(repeated)} more than once")
        return value

    @field_validator("cutoff")
    @classmethod
    def _cutoff_is_allowed(cls, value: str, info: ValidationInfo) -> str:
        allowed = info.data.get("allowed")
        if allowed is not None and value not in allowed:
            raise ValueError(f"cutoff {value!r} is not among the allowed qualities")
        return value


ConditionField = Literal[
    "source", "resolution", "codec", "language", "indexer_flag", "quality", "audio", "hdr"
]


class PatternConditionSpec(Spec):
    type: Literal["title", "release_group", "edition"]
    """What the regular expression is matched against."""
    pattern: Regex
    """Regular expression, case-insensitive."""
    negate: bool = False
    """Match when the pattern does NOT match."""
    required: bool = False
    """The format only matches when this condition does."""


class ValueConditionSpec(Spec):
    type: ConditionField
    """Parsed property compared with value."""
    value: str | int
    """Expected value (e.g. webdl, 2160, x265, fr, freeleech, Remux-2160p, atmos, dv)."""
    negate: bool = False
    """Match when the property differs."""
    required: bool = False
    """The format only matches when this condition does."""


class SizeConditionSpec(Spec):
    type: Literal["size"]
    """Release size in GiB."""
    min: float = Field(0, ge=0)
    """Smallest size in GiB."""
    max: float | None = Field(None, ge=0)
    """Largest size in GiB; none is unlimited."""
    negate: bool = False
    """Match when the size is outside the range."""
    required: bool = False
    """The format only matches when this condition does."""


FormatCondition = Annotated[
    PatternConditionSpec | ValueConditionSpec | SizeConditionSpec, Field(discriminator="type")
]


class CustomFormatSpec(Spec):
    conditions: list[FormatCondition] = Field(min_length=1)
    """A release matches when every required condition and at least one of each other
    type of condition matches (the *arr rule)."""
    description: str = ""
    """What the format is for."""
    trash_id: str | None = None
    """Identifier of the TRaSH-guides format this was imported from."""


class DelayProfileSpec(Spec):
    tags: list[Name] = []
    """Items carrying any of these tags use this delay; empty applies to all items."""
    usenet: int = Field(0, ge=0)
    """Minutes to wait after a usenet release appears before grabbing it."""
    torrent: int = Field(0, ge=0)
    """Minutes to wait after a torrent release appears before grabbing it."""
    preferred_protocol: Literal["usenet", "torrent"] = "usenet"
    """Protocol whose release wins when both are acceptable."""
    bypass_if_highest_quality: bool = True
    """Grab at once when the release is the profile's top quality."""
    bypass_if_score_above: int | None = None
    """Grab at once when the custom-format score is at least this."""


class QualitySpec(Spec):
    sizes: dict[QualityName, SizeLimitSpec] = {}
    """Size limits per quality, MiB per minute of runtime; merged over the *arr defaults."""
    profiles: dict[Name, ProfileSpec] = {}
    """Quality profiles by name."""
    default_profile: Name | None = None
    """Profile for items that name none; required when there is more than one profile."""
    formats: dict[str, CustomFormatSpec] = {}
    """Custom formats by name."""
    delay: list[DelayProfileSpec] = []
    """Delay profiles, first match wins."""

    def size_limits(self) -> dict[str, SizeLimitSpec]:
        return {**default_sizes(), **self.sizes}

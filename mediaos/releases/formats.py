"""Custom formats: which of the user's formats a release matches, and the score they add.

The matching rule is the *arr one (Radarr's CustomFormatCalculationService): conditions are
grouped by type; a format matches when, in every group, no required condition fails and at
least one condition matches. So "title matches A or B, and the resolution is not 2160p" is
two title conditions and one required, negated resolution condition. `negate` inverts one
condition's result before the rule is applied.

Why formats are compiled once (`compile_formats`): a search judges hundreds of releases
against dozens of formats; regexes are compiled case-insensitively once per format spec (and
cached per pattern across config reloads), and value conditions are normalised once
("x265", "HEVC" and "h265" are the same codec; "dv" and "Dolby Vision" the same HDR).

What each value condition compares (parsed fields of `mediaos.releases.model`):
source (webdl, webrip, bluray, hdtv, dvd, cam...; bluray also matches remux and BR-DISK,
television matches hdtv, sdtv and Raw-HD), resolution (2160 or "2160p"), codec, language
(ISO code; a name with none is English, as in Sonarr), indexer_flag (the indexer's flags;
download factor 0 counts as freeleech), quality (a quality name), audio (a word of the audio
name: "atmos" matches "TrueHD Atmos") and hdr (DV, HDR10, HDR10+, HLG, HDR).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from mediaos.core.qualities import canonical_quality
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.releases.model import ParsedRelease
from mediaos.schemas.quality import (
    CustomFormatSpec,
    PatternConditionSpec,
    SizeConditionSpec,
    ValueConditionSpec,
)

GIB = 1024**3
_NON_WORD = re.compile(r"[^a-z0-9+]+")
_CODECS = {
    "x265": "h265", "hevc": "h265", "h265": "h265", "x264": "h264", "avc": "h264",
    "h264": "h264", "av1": "av1", "vc1": "vc1", "mpeg2": "mpeg2", "xvid": "xvid", "divx": "divx",
}  # fmt: skip
_HDR = {"dv": "dv", "dovi": "dv", "dolbyvision": "dv", "hdr10+": "hdr10+",
        "hdr10plus": "hdr10+", "hdr10": "hdr10", "hdr": "hdr", "hlg": "hlg"}  # fmt: skip
_SOURCES = {
    "web": {"webdl"}, "webdl": {"webdl"}, "web-dl": {"webdl"}, "webrip": {"webrip"},
    "bluray": {"bluray", "remux", "brdisk"}, "blu-ray": {"bluray", "remux", "brdisk"},
    "television": {"hdtv", "sdtv", "rawhd"}, "tv": {"hdtv", "sdtv", "rawhd"},
    "televisionraw": {"rawhd"},
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, separators dropped: "Dolby Vision" -> "dolbyvision", "H.265" -> "h265"."""
    return _NON_WORD.sub("", text.casefold())


@lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Case-insensitive, cached per pattern text (patterns were validated by the schema)."""
    return re.compile(pattern, re.IGNORECASE)


def release_languages(parsed: ParsedRelease) -> tuple[str, ...]:
    """Languages of a release; a name that names none and is not multi-language is English."""
    if parsed.languages or parsed.multi_language:
        return parsed.languages
    return ("en",)


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    type: str
    required: bool
    negate: bool
    pattern: re.Pattern[str] | None = None
    value: str = ""
    min_bytes: float = 0.0
    max_bytes: float | None = None

    def matches(self, parsed: ParsedRelease, release: ReleaseInfo) -> bool:
        return self._raw_match(parsed, release) != self.negate

    def _raw_match(self, parsed: ParsedRelease, release: ReleaseInfo) -> bool:
        kind, value = self.type, self.value
        if self.pattern is not None:
            subject = {
                "title": release.title,
                "release_group": parsed.release_group or "",
                "edition": " ".join(parsed.edition),
            }[kind]
            return self.pattern.search(subject) is not None
        if kind == "size":
            if release.size is None:
                return False
            return release.size > self.min_bytes and (
                self.max_bytes is None or release.size <= self.max_bytes
            )
        if kind == "source":
            return (parsed.source or "") in _SOURCES.get(value, {value})
        if kind == "resolution":
            return str(parsed.resolution) == value.removesuffix("p")
        if kind == "codec":
            return parsed.codec is not None and _CODECS.get(value, value) == parsed.codec
        if kind == "language":
            return value in {fold(code) for code in release_languages(parsed)}
        if kind == "indexer_flag":
            flags = {fold(flag) for flag in release.flags}
            return value in flags or (value == "freeleech" and release.download_factor == 0)
        if kind == "quality":
            return value == parsed.quality
        if kind == "audio":
            audio = parsed.audio or ""
            return value in {fold(audio), *(fold(word) for word in audio.split())}
        if kind == "hdr":
            return value in {_HDR.get(fold(h), fold(h)) for h in parsed.hdr}
        return False


@dataclass(frozen=True, slots=True)
class CompiledFormat:
    name: str
    groups: tuple[tuple[CompiledCondition, ...], ...]

    def matches(self, parsed: ParsedRelease, release: ReleaseInfo) -> bool:
        """The *arr rule: per type, no required condition fails and at least one matches."""
        for group in self.groups:
            results = [(c.required, c.matches(parsed, release)) for c in group]
            if any(required and not hit for required, hit in results):
                return False
            if not any(hit for _, hit in results):
                return False
        return True


def _normalise(kind: str, value: str | int) -> str:
    text = fold(str(value))
    if kind == "codec":
        return _CODECS.get(text, text)
    if kind == "hdr":
        return _HDR.get(text, text)
    if kind == "quality":
        return canonical_quality(str(value)) or str(value)
    if kind == "source":
        return str(value).casefold().replace(" ", "")
    return text


def compile_condition(
    spec: PatternConditionSpec | ValueConditionSpec | SizeConditionSpec,
) -> CompiledCondition:
    if isinstance(spec, PatternConditionSpec):
        return CompiledCondition(
            spec.type, spec.required, spec.negate, pattern=compile_pattern(spec.pattern)
        )
    if isinstance(spec, SizeConditionSpec):
        top = None if spec.max is None else spec.max * GIB
        return CompiledCondition(
            "size", spec.required, spec.negate, min_bytes=spec.min * GIB, max_bytes=top
        )
    return CompiledCondition(
        spec.type, spec.required, spec.negate, value=_normalise(spec.type, spec.value)
    )


def compile_format(name: str, spec: CustomFormatSpec) -> CompiledFormat:
    by_type: dict[str, list[CompiledCondition]] = {}
    for condition in spec.conditions:
        compiled = compile_condition(condition)
        by_type.setdefault(compiled.type, []).append(compiled)
    return CompiledFormat(name, tuple(tuple(group) for group in by_type.values()))


def compile_formats(formats: Mapping[str, CustomFormatSpec]) -> tuple[CompiledFormat, ...]:
    """Compile `quality.formats` once per config; sorted by name for stable output."""
    return tuple(compile_format(name, formats[name]) for name in sorted(formats))


def matching_formats(
    formats: tuple[CompiledFormat, ...], parsed: ParsedRelease, release: ReleaseInfo
) -> tuple[str, ...]:
    """Names of the formats the release matches, in the order given."""
    return tuple(f.name for f in formats if f.matches(parsed, release))


def format_score(names: tuple[str, ...], scores: Mapping[str, int]) -> int:
    """The profile's score for a set of matched formats (unscored formats add 0)."""
    return sum(scores.get(name, 0) for name in names)

"""Import custom formats in the TRaSH guides' JSON shape, for `mediaos formats import FILE`.

Why: the TRaSH guides publish hundreds of tuned custom formats (bad groups, HDR flavours,
remux tiers, streaming services) with recommended scores; users should reuse that work
instead of clicking it in by hand. A guide file holds one format, or a list of them:
`name`, `trash_id`, `trash_scores` (score per profile set, "default" first),
`specifications[]` each with `implementation`, `negate`, `required` and `fields` (a
`{"value": ...}` object, or the *arr API's `[{"name": "value", "value": ...}]` list).

What comes out is YAML for our config: a `quality.formats` block that validates with
`mediaos.schemas`, and the suggested scores as a commented block to paste into a profile
(scores belong to profiles, and a profile needs qualities the guide cannot choose).

Translation notes a reader must keep:
- .NET regexes become Python ones: `(?<name>` is `(?P<name>`, and inline `(?i)` flags are
  dropped because every pattern is matched case-insensitively anyway; what Python still
  cannot compile is reported, never silently changed.
- Enum numbers (sources, modifiers, languages, indexer flags) are Radarr's or Sonarr's,
  chosen by `app`; Radarr's quality modifiers (REMUX, BRDISK, RAWHD) become source
  conditions, REGIONAL and SCREENER quality conditions.
- `exceptLanguage` inverts a language condition, like `negate`.
- Anything unknown (an implementation, an enum number, "Original" language) is an error
  naming the format and the specification: an import must never quietly match less.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from mediaos.core.errors import MediaOSError
from mediaos.schemas.quality import CustomFormatSpec

App = Literal["radarr", "sonarr"]

_PATTERN_TYPES = {
    "ReleaseTitleSpecification": "title",
    "ReleaseGroupSpecification": "release_group",
    "EditionSpecification": "edition",
}
_SOURCES: dict[App, dict[int, str]] = {
    "radarr": {1: "cam", 2: "telesync", 3: "telecine", 4: "workprint", 5: "dvd",
               6: "television", 7: "webdl", 8: "webrip", 9: "bluray"},
    "sonarr": {1: "television", 2: "televisionraw", 3: "webdl", 4: "webrip", 5: "dvd",
               6: "bluray", 7: "remux"},
}  # fmt: skip
_MODIFIERS: dict[int, tuple[str, str | int]] = {
    1: ("quality", "REGIONAL"), 2: ("quality", "DVDSCR"), 3: ("source", "rawhd"),
    4: ("source", "brdisk"), 5: ("source", "remux"),
}  # fmt: skip
_FLAGS: dict[App, dict[int, str]] = {
    "radarr": {1: "freeleech", 2: "halfleech", 4: "double_upload", 8: "golden",
               16: "approved", 32: "internal", 64: "internal", 128: "scene",
               256: "freeleech75", 512: "freeleech25", 1024: "user_release", 2048: "nuked"},
    "sonarr": {1: "freeleech", 2: "halfleech", 4: "double_upload", 8: "golden",
               16: "approved", 32: "internal", 64: "scene", 128: "freeleech75",
               256: "freeleech25", 512: "nuked"},
}  # fmt: skip
_LANGUAGES: dict[int, str] = {
    1: "en", 2: "fr", 3: "es", 4: "de", 5: "it", 6: "da", 7: "nl", 8: "ja", 9: "is",
    10: "zh", 11: "ru", 12: "pl", 13: "vi", 14: "sv", 15: "no", 16: "fi", 17: "tr",
    18: "pt", 19: "nl", 20: "el", 21: "ko", 22: "hu", 23: "he", 24: "lt", 25: "cs",
    26: "hi", 27: "ro", 28: "th", 29: "bg", 30: "pt-BR", 31: "ar", 32: "uk", 33: "fa",
    34: "bn", 35: "sk", 36: "lv", 37: "es-419", 38: "ca", 39: "hr", 40: "sr", 41: "bs",
    42: "et", 43: "ta", 44: "id", 45: "te", 46: "mk", 47: "sl", 48: "ml", 49: "kn",
}  # fmt: skip
_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_INLINE_I = re.compile(r"\(\?i\)")


class FormatImportError(MediaOSError):
    """The guide file cannot be imported; `problems` names every format and specification."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("cannot import custom formats:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True, slots=True)
class ImportedFormat:
    name: str
    spec: CustomFormatSpec
    score: int
    """The guide's score for the chosen profile set ("default" when that set has none)."""


def python_regex(pattern: str) -> str:
    """A .NET pattern from the guides as a Python one (see the module docstring)."""
    return _INLINE_I.sub("", _NAMED_GROUP.sub("(?P<", pattern))


def _fields(raw: Any) -> dict[str, Any]:
    if isinstance(raw, list):
        return {str(f.get("name")): f.get("value") for f in raw if isinstance(f, dict)}
    return dict(raw) if isinstance(raw, dict) else {}


def _enum_value(kind: str, value: object, app: App) -> tuple[str, str | int]:
    """(condition type, value) for an enum-valued specification; ValueError when unknown."""
    number = (
        int(value) if isinstance(value, int | str) and str(value).lstrip("-").isdigit() else None
    )
    table: Mapping[int, tuple[str, str | int]]
    if kind == "ResolutionSpecification":
        table = {} if number is None or number <= 0 else {number: ("resolution", number)}
    elif kind == "SourceSpecification":
        table = {n: ("source", source) for n, source in _SOURCES[app].items()}
    elif kind == "QualityModifierSpecification":
        table = _MODIFIERS
    elif kind == "IndexerFlagSpecification":
        table = {n: ("indexer_flag", flag) for n, flag in _FLAGS[app].items()}
    elif kind == "LanguageSpecification":
        table = {n: ("language", code) for n, code in _LANGUAGES.items()}
    else:
        raise ValueError(f"implementation {kind!r} is not supported")
    if number is None or number not in table:
        raise ValueError(f"{kind} value {value!r} is not supported")
    return table[number]


def _condition(spec: Mapping[str, Any], app: App) -> dict[str, Any]:
    """One guide specification as a condition dict; raises ValueError when unsupported."""
    kind = str(spec.get("implementation"))
    fields = _fields(spec.get("fields"))
    value = fields.get("value")
    negate = bool(spec.get("negate", False))
    out: dict[str, Any]
    if kind in _PATTERN_TYPES:
        pattern = python_regex(str(value))
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(
                f"regular expression {value!r} does not work in Python: {err}"
            ) from None
        out = {"type": _PATTERN_TYPES[kind], "pattern": pattern}
    elif kind == "SizeSpecification":
        out = {"type": "size", "min": fields.get("min") or 0, "max": fields.get("max") or None}
    else:
        if kind == "LanguageSpecification":
            negate = negate != bool(fields.get("exceptLanguage", False))
        field, found = _enum_value(kind, value, app)
        out = {"type": field, "value": found}
    if negate:
        out["negate"] = True
    if spec.get("required"):
        out["required"] = True
    return out


def _score(raw: Mapping[str, Any], profile_set: str) -> int:
    scores = raw.get("trash_scores") or {}
    value = scores.get(profile_set, scores.get("default", 0)) if isinstance(scores, dict) else 0
    return int(value) if isinstance(value, int | float) else 0


def import_trash_formats(
    json_text: str, *, profile_set: str = "default", app: App = "radarr"
) -> tuple[ImportedFormat, ...]:
    """Every format of a guide file (one object or a list), validated; raises FormatImportError."""
    try:
        data = json.loads(json_text)
    except json.JSONDecodeError as err:
        raise FormatImportError([f"not JSON: {err}"]) from None
    items = data if isinstance(data, list) else [data]
    problems: list[str] = []
    imported: list[ImportedFormat] = []
    for index, raw in enumerate(items):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            problems.append(f"item {index}: a format needs a name")
            continue
        name, conditions = raw["name"], []
        specs = raw.get("specifications")
        for spec in specs if isinstance(specs, list) else []:
            label = spec.get("name", "?") if isinstance(spec, dict) else "?"
            try:
                conditions.append(_condition(spec if isinstance(spec, dict) else {}, app))
            except ValueError as err:
                problems.append(f"format {name!r}, specification {label!r}: {err}")
        body: dict[str, Any] = {"conditions": conditions}
        if raw.get("trash_description"):
            body["description"] = str(raw["trash_description"])
        if raw.get("trash_id"):
            body["trash_id"] = str(raw["trash_id"])
        try:
            spec = CustomFormatSpec.model_validate(body)
        except ValidationError as err:
            if conditions or not problems:  # "no conditions" only when none failed to import
                problems.append(f"format {name!r}: {err.errors()[0]['msg']}")
            continue
        imported.append(ImportedFormat(name, spec, _score(raw, profile_set)))
    if problems:
        raise FormatImportError(problems)
    return tuple(imported)


def _format_body(spec: CustomFormatSpec) -> dict[str, Any]:
    """The spec as plain data, description and trash_id before the conditions."""
    dumped = spec.model_dump(mode="json", exclude_defaults=True)
    return {key: dumped[key] for key in ("description", "trash_id", "conditions") if key in dumped}


def render_formats_yaml(formats: tuple[ImportedFormat, ...], *, profile_set: str) -> str:
    """YAML text: the `quality.formats` block, then the suggested scores as comments."""
    block = {"quality": {"formats": {f.name: _format_body(f.spec) for f in formats}}}
    body = yaml.safe_dump(block, sort_keys=False, allow_unicode=True, width=200)
    suggested = {f.name: f.score for f in formats}
    scores = {"quality": {"profiles": {"YOUR-PROFILE": {"scores": suggested}}}}
    hint = yaml.safe_dump(scores, sort_keys=False, allow_unicode=True, width=200)
    commented = "".join(f"# {line}\n" for line in hint.splitlines())
    return (
        f"# Custom formats imported from the TRaSH guides (score set {profile_set!r}).\n"
        f"{body}"
        "# Suggested scores: copy them into the profiles that should use these formats.\n"
        f"{commented}"
    )


def import_formats_yaml(
    json_text: str, *, profile_set: str = "default", app: App = "radarr"
) -> str:
    """`mediaos formats import FILE`: guide JSON text in, config YAML text out."""
    formats = import_trash_formats(json_text, profile_set=profile_set, app=app)
    return render_formats_yaml(formats, profile_set=profile_set)

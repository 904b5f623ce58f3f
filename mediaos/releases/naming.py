"""Render the *arr naming templates (protocols.md 9.1-9.2) into safe relative paths.

Why our own engine: users bring Sonarr/Radarr templates and expect the same names, so the
token grammar, the case rule, separators inside token names, padding, truncation and the
clean-up are Sonarr's `FileNameBuilder` rules, re-stated here. The token table itself is in
`mediaos.releases.naming_tokens`; the last step, `safe_relative_path`, is in
`mediaos.releases.safepath`.

Invariants a reader must not break:
- Pure: values in, a string out. No I/O, no clock.
- Every token value is cleaned before it is placed (illegal characters, colons), so a value
  can never add a path separator: only literal `/` in the template makes folders.
- An unknown token is an error (`NamingError`), never silently empty; `check_template`
  finds it at config time.
- The result of `render_path` has passed `safe_relative_path`: relative, no `..`, no
  control characters, NFC, components of at most 255 bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mediaos.releases.naming_tokens import (
    MULTI_EPISODE_STYLES,
    NUMBER_TOKENS,
    TEXT_TOKENS,
    MultiEpisodeStyle,
    NamingValues,
    episode_numbers,
    normalise_token,
)
from mediaos.releases.safepath import (
    ILLEGAL_REPLACEMENTS,
    UnsafeName,
    safe_component,
    safe_relative_path,
)
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.library import NamingSpec

ColonReplacement = Literal["smart", "delete", "dash", "space_dash", "space_dash_space"]

__all__ = [
    "MULTI_EPISODE_STYLES",
    "ColonReplacement",
    "MultiEpisodeStyle",
    "NamingError",
    "NamingOptions",
    "NamingValues",
    "UnsafeName",
    "check_naming",
    "check_template",
    "kept_name",
    "naming_problems",
    "options_of",
    "render",
    "render_path",
]

#: Sonarr's token grammar: `{prefix Token Name:format suffix}` or an escaped brace.
_TOKEN = re.compile(
    r"(?P<escaped>\{\{|\}\})"
    r"|\{(?P<prefix>[- ._\[(]*)"
    r"(?P<token>[a-z0-9]+(?:(?P<separator>[- ._]+)[a-z0-9]+)*)"
    r"(?::(?P<format>[ ,a-z0-9+-]+(?<![- ])))?"
    r"(?P<suffix>[- ._)\]]*)\}",
    re.IGNORECASE,
)
#: `S{season:00}E{episode:00}`: the block a multi-episode style rewrites.
_SEASON_EPISODE = re.compile(
    r"(?P<block>(?P<s>s?)\{season(?P<sfmt>:0+)?\}(?P<esep>[- ._]?[ex])\{episode(?P<efmt>:0+)?\})",
    re.IGNORECASE,
)
_LONE_EPISODE = re.compile(r"\{(?P<name>episode|absolute)(?P<fmt>:0+)?\}", re.IGNORECASE)
_RESERVED_VALUE = re.compile(r"^(?:aux|com[1-9]|con|lpt[1-9]|nul|prn)\.", re.IGNORECASE)
_SPACES = re.compile(r"\s{2,}")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_TRAILING_SEPARATORS = re.compile(r"(?<!\.\.)[- ._]+$")


class NamingError(ValueError):
    """A template cannot be rendered: unknown token, or a format the token cannot take."""


@dataclass(frozen=True, slots=True)
class NamingOptions:
    """The parts of `library.naming` that shape how values are written."""

    replace_illegal_characters: bool = True
    colon_replacement: ColonReplacement = "smart"
    multi_episode_style: MultiEpisodeStyle = "prefixed_range"


def options_of(naming: NamingSpec) -> NamingOptions:
    """The rendering options of a validated `library.naming` section."""
    return NamingOptions(
        replace_illegal_characters=naming.replace_illegal_characters,
        colon_replacement=naming.colon_replacement,
        multi_episode_style=naming.multi_episode_style,
    )


def check_naming(naming: NamingSpec) -> list[tuple[str, str]]:
    """(field, problem) for every template of a `library.naming` section; for config
    validation, so an unknown token is reported at load time with its field."""
    return [
        (field, problem)
        for field, value in naming.model_dump().items()
        if isinstance(value, str)
        for problem in check_template(value)
    ]


def naming_problems(config: MediaOSConfig) -> list[tuple[tuple[str | int, ...], str]]:
    """Config-load check: every template problem, located at its `library.naming` key."""
    return [
        (("library", "naming", field), problem)
        for field, problem in check_naming(config.library.naming)
    ]


def check_template(template: str) -> list[str]:
    """Every problem in a template, as sentences for a config error; empty when valid."""
    problems: list[str] = []
    # Literal braces around a token are Radarr's id form, `{tmdb-{TmdbId}}` -> `{tmdb-603}`.
    leftover = _TOKEN.sub("\0", template)
    leftover = re.sub(r"\{[^{}\0]*\0[^{}\0]*\}", "", leftover).replace("\0", "")
    for bad in re.findall(r"\{[^{}]*\}", leftover):
        problems.append(f"{bad} is not a token: names are letters and digits, a format follows ':'")
    leftover = re.sub(r"\{[^{}]*\}", "", leftover)
    if "{" in leftover or "}" in leftover:
        problems.append("unbalanced '{' or '}' (write '{{' or '}}' for a literal brace)")
    for match in _TOKEN.finditer(template):
        if match.group("escaped"):
            continue
        spelled = match.group("token")
        key = normalise_token(spelled)
        fmt = match.group("format")
        if key in NUMBER_TOKENS:
            if fmt is not None and not set(fmt) <= {"0"}:
                problems.append(f"{{{spelled}:{fmt}}}: a number takes only zeros as format")
        elif key in TEXT_TOKENS:
            if fmt is not None and not re.fullmatch(r"-?\d+", fmt):
                problems.append(f"{{{spelled}:{fmt}}}: a text token takes a length as format")
        else:
            problems.append(f"unknown token {{{spelled}}}")
    if template.strip() == "":
        problems.append("the template is empty")
    return problems


def render(template: str, values: NamingValues, options: NamingOptions = NamingOptions()) -> str:
    """Fill a template; the result may hold `/` from the template (folders), nothing else."""
    problems = check_template(template)
    if problems:
        raise NamingError("; ".join(problems))
    template = _expand_multi_episode(template, values, options.multi_episode_style)

    def replace(match: re.Match[str]) -> str:
        escaped = match.group("escaped")
        if escaped:
            return escaped[0]
        return _replace_token(match, values, options)

    parts = [_tidy(_TOKEN.sub(replace, part)) for part in template.split("/")]
    return "/".join(parts)


def render_path(
    template: str,
    values: NamingValues,
    options: NamingOptions = NamingOptions(),
    *,
    extension: str = "",
) -> str:
    """`render`, then `safe_relative_path`: the form a destination is built from.

    A folder level that renders empty is an error rather than silently dropped: dropping
    it would put the file one level higher than the template says."""
    rendered = render(template, values, options)
    for index, part in enumerate(rendered.split("/"), start=1):
        if not safe_component(part):
            raise NamingError(f"part {index} of {template!r} renders to an empty name")
    return safe_relative_path(rendered + extension, extension=extension)


def kept_name(original_filename: str) -> str:
    """The file name used when `naming.rename` is off: the release's own name, sanitised
    (folders still follow the folder templates)."""
    base = original_filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    extension = f".{ext}" if dot and stem and len(ext) <= 5 and ext.isalnum() else ""
    return safe_relative_path(base, extension=extension).replace("/", "+")


def _replace_token(match: re.Match[str], values: NamingValues, options: NamingOptions) -> str:
    spelled = match.group("token")
    key = normalise_token(spelled)
    fmt = match.group("format")
    if key in NUMBER_TOKENS:
        number = NUMBER_TOKENS[key](values)
        text = "" if number is None else str(number).zfill(len(fmt or ""))
    else:
        text = _truncate(TEXT_TOKENS[key](values).strip(), fmt)
    letters = [c for c in spelled if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        text = text.lower()
    elif letters and all(c.isupper() for c in letters):
        text = text.upper()
    separator = match.group("separator")
    if separator and separator.strip():
        text = text.replace(" ", separator)
    text = clean_value(text, options)
    if not text.strip():
        return ""
    return f"{match.group('prefix')}{text}{match.group('suffix')}"


def clean_value(text: str, options: NamingOptions = NamingOptions()) -> str:
    """Sonarr's `CleanFileName`: illegal characters, colons, reserved device names."""
    text = _replace_colons(text, options.colon_replacement)
    for bad, good in ILLEGAL_REPLACEMENTS.items():
        text = text.replace(bad, good if options.replace_illegal_characters else "")
    return _RESERVED_VALUE.sub(lambda m: m.group(0)[:-1] + "_", text)


def _replace_colons(text: str, mode: ColonReplacement) -> str:
    if mode == "smart":
        return text.replace(": ", " - ").replace(":", "-")
    table = {"delete": "", "dash": "-", "space_dash": " -", "space_dash_space": " - "}
    return text.replace(":", table[mode])


def _truncate(text: str, fmt: str | None) -> str:
    """`{Episode Title:30}` keeps the start, `:-30` the end; `...` marks the cut."""
    if fmt is None or not re.fullmatch(r"-?\d+", fmt):
        return text
    limit = int(fmt)
    if limit == 0 or len(text) <= abs(limit):
        return text
    keep = max(abs(limit) - 3, 1)
    if limit > 0:
        return text[:keep].rstrip(" .") + "..."
    return "..." + text[-keep:].lstrip(" .")


def _tidy(name: str) -> str:
    """Drop brackets left empty by empty tokens (`Dune ()` when the year is unknown),
    collapse double spaces, trim leading spaces/dots and trailing separators; an ellipsis
    at the end survives (`...` preserved)."""
    name = _SPACES.sub(" ", _EMPTY_BRACKETS.sub("", name)).lstrip(" .")
    if name.endswith("..."):
        return name.rstrip(" ")
    return _TRAILING_SEPARATORS.sub("", name)


def _expand_multi_episode(template: str, values: NamingValues, style: MultiEpisodeStyle) -> str:
    """Rewrite `S{season}E{episode}` (and a lone `{episode}`/`{absolute}`) for a file
    holding several episodes, as Sonarr's multi-episode styles do."""
    if len(values.episodes) > 1:
        match = _SEASON_EPISODE.search(template)
        if match:
            rendered = _season_episode_block(match, values.episodes, template, style)
            template = template[: match.start()] + rendered + template[match.end() :]
        else:
            template = _LONE_EPISODE.sub(_lone_range(values, "episode"), template)
    if len(values.absolute_episodes) > 1:
        template = _LONE_EPISODE.sub(_lone_range(values, "absolute"), template)
    return template


def _season_episode_block(
    match: re.Match[str], episodes: tuple[int, ...], template: str, style: MultiEpisodeStyle
) -> str:
    block, esep = match.group("block"), match.group("esep")
    pad = len((match.group("efmt") or ":")[1:])
    numbers = [str(n).zfill(pad) for n in episode_numbers(episodes)]
    head = block.replace("{episode" + (match.group("efmt") or "") + "}", numbers[0])
    if style == "prefixed_range":
        return f"{head}-{esep.lstrip('- ._')}{numbers[-1]}"
    if style == "range":
        return f"{head}-{numbers[-1]}"
    if style == "extend":
        return head + "".join(f"-{n}" for n in numbers[1:])
    if style == "repeat":
        return head + "".join(f"{esep}{n}" for n in numbers[1:])
    if style == "scene":
        return head + "".join(f"-{esep.lstrip('- ._')}{n}" for n in numbers[1:])
    following = re.match(r"[- ._]+", template[match.end() :])
    separator = following.group(0) if following else " "
    efmt = match.group("efmt") or ""
    copies = [block.replace("{episode" + efmt + "}", n) for n in numbers]
    return separator.join(copies)


def _lone_range(values: NamingValues, name: str) -> Callable[[re.Match[str]], str]:
    numbers = values.episodes if name == "episode" else values.absolute_episodes

    def replace(match: re.Match[str]) -> str:
        if match.group("name").lower() != name:
            return match.group(0)
        pad = len((match.group("fmt") or ":")[1:])
        return f"{str(min(numbers)).zfill(pad)}-{str(max(numbers)).zfill(pad)}"

    return replace

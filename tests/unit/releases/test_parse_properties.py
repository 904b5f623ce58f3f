"""Property tests: `parse` never raises and is deterministic, whatever the input.

Why `_parse` is called and not only `parse`: `parse` has a last-resort guard that turns an
unexpected exception into an empty result, so testing it alone would hide a bug. These
tests call the unguarded `_parse`, so any exception in the parsing code fails them.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediaos.core.qualities import BY_NAME
from mediaos.releases import parse
from mediaos.releases.parse import MAX_CHARS, _parse

_RELEASE_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-[](){}+&~'!/|")
)
_TAG_WORDS = st.sampled_from(
    ["S01E01", "1080p", "WEB-DL", "x264", "-GRP", "[SubsPlease]", " - 01 ", "2019", "REMUX",
     "BluRay", "S01-S03", "1x02", "2024.01.31", "E01", "FLAC", "EPUB", "(", "]", "v2",
     "MULTi", "Season 1", "Complete", "tt1234567", "[ABCDEF12]", ".mkv", "İ", "ß", "\x00"]
)  # fmt: skip
_RELEASE_LIKE = st.lists(st.one_of(_TAG_WORDS, st.text(_RELEASE_ALPHABET, max_size=6)), max_size=25)


@given(st.text())
def test_any_unicode_string_parses_without_raising(name: str) -> None:
    parsed = _parse(name)
    assert parsed.quality in BY_NAME


@given(st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=200))
def test_control_characters_parse_without_raising(name: str) -> None:
    _parse(name)


@given(_RELEASE_LIKE)
def test_release_like_token_soup_parses_without_raising(parts: list[str]) -> None:
    parsed = _parse(".".join(parts))
    assert parsed.quality in BY_NAME
    assert all(isinstance(e, int) for e in parsed.episodes)


@given(_RELEASE_LIKE)
def test_parsing_twice_gives_equal_results(parts: list[str]) -> None:
    name = " ".join(parts)
    assert _parse(name) == _parse(name)


_TEN_KB = st.text(min_size=1, max_size=300).map(lambda s: (s * (10_240 // len(s) + 1))[:10_240])


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_TEN_KB, _RELEASE_LIKE.map(lambda p: (".".join(p) + "x") * 400)))
def test_ten_kilobyte_names_parse_quickly_and_are_cut(name: str) -> None:
    start = time.perf_counter()
    parsed = _parse(name)
    assert time.perf_counter() - start < 0.05
    assert len(parsed.raw) <= MAX_CHARS


@given(st.integers(min_value=0x0, max_value=0x10FFFF))
def test_every_unicode_block_is_survived(codepoint: int) -> None:
    char = chr(codepoint)
    _parse(f"Show.{char * 3}.S01E01.1080p.WEB-DL-{char}GRP")


def test_non_string_input_does_not_raise_from_the_public_function() -> None:
    assert parse(None).quality == "Unknown"  # type: ignore[arg-type]


def test_ten_kilobyte_repetitive_name_is_fast() -> None:
    name = "S01E01-" * 1500 + "x264." * 500
    start = time.perf_counter()
    for _ in range(20):
        _parse(name)
    assert (time.perf_counter() - start) / 20 < 0.01


_SEPARATOR_SOUP = st.text(
    alphabet=st.sampled_from(list("aws0e1x9 -._[](){}~&+,")), min_size=1, max_size=12
)


@settings(max_examples=300)
@given(_SEPARATOR_SOUP)
def test_repeated_separator_patterns_cannot_make_a_regex_backtrack(unit: str) -> None:
    name = (unit * (MAX_CHARS // len(unit) + 1))[:MAX_CHARS]
    start = time.perf_counter()
    _parse(name)
    assert time.perf_counter() - start < 0.05


def test_hyphen_only_scene_shape_is_linear_not_exponential() -> None:
    start = time.perf_counter()
    _parse("aw-" * 170)
    assert time.perf_counter() - start < 0.05

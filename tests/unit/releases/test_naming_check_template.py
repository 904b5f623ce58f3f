"""`check_template`: template mistakes found at config time, as sentences."""

from __future__ import annotations

import pytest

from mediaos.releases.naming import NamingOptions, check_naming, check_template, options_of
from mediaos.schemas.library import NamingSpec


def test_a_valid_template_has_no_problems() -> None:
    assert check_template("{Series TitleYear} [tvdbid-{TvdbId}] {Episode Title:30}") == []


def test_an_unknown_token_is_named() -> None:
    assert check_template("{Series Titel} - {Episode Name}") == [
        "unknown token {Series Titel}",
        "unknown token {Episode Name}",
    ]


def test_a_number_token_takes_only_zeros() -> None:
    assert check_template("S{season:1}") == ["{season:1}: a number takes only zeros as format"]


def test_a_text_token_takes_a_length() -> None:
    assert check_template("{Episode Title:abc}") == [
        "{Episode Title:abc}: a text token takes a length as format"
    ]


def test_something_in_braces_that_is_no_token_is_named() -> None:
    assert check_template("{Series Title:} {ü}") == [
        "{Series Title:} is not a token: names are letters and digits, a format follows ':'",
        "{ü} is not a token: names are letters and digits, a format follows ':'",
    ]


@pytest.mark.parametrize("template", ["{Series Title", "Series Title}", "{{ }"])
def test_an_unbalanced_brace_is_reported(template: str) -> None:
    assert any("unbalanced" in p for p in check_template(template))


def test_an_empty_template_is_reported() -> None:
    assert check_template("  ") == ["the template is empty"]


def test_escaped_braces_are_fine() -> None:
    assert check_template("{{literal}} {Movie Title}") == []


def test_a_naming_section_is_checked_field_by_field() -> None:
    naming = NamingSpec(movie_file="{Movie Titel}", episode_file="{Series Title} {season:x}")

    assert check_naming(naming) == [
        ("movie_file", "unknown token {Movie Titel}"),
        ("episode_file", "{season:x}: a number takes only zeros as format"),
    ]
    assert check_naming(NamingSpec()) == []


def test_rendering_options_come_from_the_naming_section() -> None:
    naming = NamingSpec(colon_replacement="delete", multi_episode_style="scene")

    assert options_of(naming) == NamingOptions(True, "delete", "scene")

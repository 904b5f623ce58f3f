"""Multi-episode files are numbered in the six Sonarr styles (protocols.md 9.1)."""

from __future__ import annotations

import pytest

from mediaos.releases.naming import MultiEpisodeStyle, NamingOptions, NamingValues, render

STANDARD = "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}"
THREE = NamingValues(
    series_title="The Office (US)",
    season=2,
    episodes=(3, 1, 2),
    episode_titles=("The Dundies", "Sexual Harassment", "Office Olympics"),
    quality_title="HDTV-720p",
)


@pytest.mark.parametrize(
    ("style", "numbering"),
    [
        ("prefixed_range", "S02E01-E03"),
        ("extend", "S02E01-02-03"),
        ("duplicate", "S02E01 - S02E02 - S02E03"),
        ("repeat", "S02E01E02E03"),
        ("scene", "S02E01-E02-E03"),
        ("range", "S02E01-03"),
    ],
)
def test_each_multi_episode_style_numbers_the_file_its_own_way(
    style: MultiEpisodeStyle, numbering: str
) -> None:
    rendered = render(STANDARD, THREE, NamingOptions(multi_episode_style=style))

    assert rendered == (
        f"The Office (US) - {numbering} - "
        "The Dundies + Sexual Harassment + Office Olympics HDTV-720p"
    )


def test_prefixed_range_is_the_default() -> None:
    assert "S02E01-E03" in render(STANDARD, THREE)


def test_duplicate_uses_the_separator_the_template_puts_after_the_block() -> None:
    values = NamingValues(series_title="Show", season=1, episodes=(1, 2))
    options = NamingOptions(multi_episode_style="duplicate")

    assert render("{Series.Title}.S{season:00}E{episode:00}.x", values, options) == (
        "Show.S01E01.S01E02.x"
    )


def test_a_lowercase_x_style_block_keeps_its_episode_separator() -> None:
    values = NamingValues(series_title="Show", season=1, episodes=(1, 2, 3))

    assert render("{Series Title} {season}x{episode:00}", values) == "Show 1x01-x03"
    assert (
        render(
            "{Series Title} {season}x{episode:00}",
            values,
            NamingOptions(multi_episode_style="repeat"),
        )
        == "Show 1x01x02x03"
    )


def test_a_lone_episode_token_becomes_first_to_last() -> None:
    values = NamingValues(series_title="Show", episodes=(4, 5))

    assert render("{Series Title} - {episode:00}", values) == "Show - 04-05"


def test_a_multi_episode_anime_file_ranges_its_absolute_numbers() -> None:
    values = NamingValues(series_title="Frieren", absolute_episodes=(1, 2, 3, 4))

    assert render("{Series Title} - {absolute:000}", values) == "Frieren - 001-004"


def test_parts_of_one_story_share_one_title() -> None:
    values = NamingValues(
        series_title="Doctor Who",
        season=4,
        episodes=(12, 13),
        episode_titles=("The Stolen Earth (1)", "The Stolen Earth (2)"),
    )

    assert render(STANDARD, values) == "Doctor Who - S04E12-E13 - The Stolen Earth"

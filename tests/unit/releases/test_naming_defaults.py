"""Every default template of protocols.md 9.1, rendered on realistic values."""

from __future__ import annotations

from datetime import date

import pytest

from mediaos.releases.naming import NamingValues, check_template, render, render_path
from mediaos.schemas.library import NamingSpec

DEFAULTS = NamingSpec()
OFFICE = NamingValues(
    series_title="The Office (US)",
    series_year=2005,
    season=2,
    episodes=(1,),
    episode_titles=("The Dundies",),
    quality_title="WEBDL-1080p",
    release_group="NTb",
    tvdb_id=73244,
)


@pytest.mark.parametrize(
    "field", [name for name, info in NamingSpec.model_fields.items() if info.annotation is str]
)
def test_every_default_template_is_valid(field: str) -> None:
    assert check_template(getattr(DEFAULTS, field)) == []


def test_the_standard_episode_default_reads_like_sonarrs() -> None:
    assert (
        render(DEFAULTS.episode_file, OFFICE)
        == "The Office (US) - S02E01 - The Dundies WEBDL-1080p"
    )


def test_the_daily_episode_default_uses_the_dashed_air_date() -> None:
    values = NamingValues(
        series_title="The Daily Show",
        air_date=date(2024, 1, 31),
        episode_titles=("Jon Stewart",),
        quality_title="WEBDL-720p",
        revision=2,
    )

    assert (
        render(DEFAULTS.daily_episode_file, values)
        == "The Daily Show - 2024-01-31 - Jon Stewart WEBDL-720p Proper"
    )


def test_the_anime_episode_default_pads_to_two_digits_at_least() -> None:
    values = NamingValues(
        series_title="One Piece",
        season=21,
        episodes=(1071,),
        absolute_episodes=(1071,),
        episode_titles=("The Gear 5 Awakens",),
        quality_title="WEBDL-1080p",
        anime=True,
        revision=2,
    )

    assert (
        render(DEFAULTS.anime_episode_file, values)
        == "One Piece - S21E1071 - The Gear 5 Awakens WEBDL-1080p v2"
    )


def test_series_season_and_specials_folders() -> None:
    assert render(DEFAULTS.series_folder, OFFICE) == "The Office (US)"
    assert render(DEFAULTS.season_folder, OFFICE) == "Season 2"
    assert render(DEFAULTS.specials_folder, OFFICE) == "Specials"


def test_movie_folder_and_file_defaults_read_like_radarrs() -> None:
    dune = NamingValues(movie_title="Dune", release_year=2021, quality_title="Bluray-2160p")

    assert render(DEFAULTS.movie_folder, dune) == "Dune (2021)"
    assert (
        render_path(DEFAULTS.movie_file, dune, extension=".mkv") == "Dune (2021) Bluray-2160p.mkv"
    )


def test_a_movie_title_with_a_colon_uses_the_smart_replacement() -> None:
    star_wars = NamingValues(
        movie_title="Star Wars: Episode IV - A New Hope",
        release_year=1977,
        quality_title="Remux-1080p",
    )

    assert (
        render(DEFAULTS.movie_file, star_wars)
        == "Star Wars - Episode IV - A New Hope (1977) Remux-1080p"
    )


def test_music_defaults_for_artist_album_and_track() -> None:
    values = NamingValues(
        artist_name="The Beatles",
        album_title="Abbey Road",
        release_year=1969,
        track=7,
        track_title="Here Comes the Sun",
    )

    assert render(DEFAULTS.artist_folder, values) == "The Beatles"
    assert render(DEFAULTS.album_folder, values) == "Abbey Road (1969)"
    assert render_path(DEFAULTS.track_file, values, extension=".flac") == (
        "07 - Here Comes the Sun.flac"
    )


def test_book_defaults_for_author_and_book() -> None:
    values = NamingValues(
        author_name="Ursula K. Le Guin", book_title="The Dispossessed", release_year=1974
    )

    assert render(DEFAULTS.author_folder, values) == "Ursula K. Le Guin"
    assert render(DEFAULTS.book_file, values) == "The Dispossessed (1974)"


def test_a_full_destination_path_is_built_from_folder_and_file_templates() -> None:
    template = "/".join((DEFAULTS.series_folder, DEFAULTS.season_folder, DEFAULTS.episode_file))

    assert render_path(template, OFFICE, extension=".mkv") == (
        "The Office (US)/Season 2/The Office (US) - S02E01 - The Dundies WEBDL-1080p.mkv"
    )

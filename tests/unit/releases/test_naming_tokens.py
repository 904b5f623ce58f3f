"""The token rules of protocols.md 9.2: syntax, case, separators, padding, truncation."""

from __future__ import annotations

from datetime import date

import pytest

from mediaos.releases.naming import NamingError, NamingValues, render

OFFICE = NamingValues(
    series_title="The Office (US)",
    series_year=2005,
    season=2,
    episodes=(1,),
    absolute_episodes=(7,),
    air_date=date(2006, 9, 21),
    episode_titles=("The Dundies",),
    quality_title="WEBDL-1080p",
    release_group="NTb",
    release_hash="ABCD1234",
    tvdb_id=73244,
    tvmaze_id=526,
    imdb_id="tt0386676",
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{Series Title}", "The Office (US)"),
        ("{series title}", "the office (us)"),
        ("{SERIES TITLE}", "THE OFFICE (US)"),
        ("{Series.Title}", "The.Office.(US)"),
        ("{Series_Title}", "The_Office_(US)"),
        ("{Series-Title}", "The-Office-(US)"),
        ("{Air-Date}", "2006-09-21"),
        ("{Air Date}", "2006 09 21"),
        ("{Air.Date}", "2006.09.21"),
    ],
)
def test_case_and_separators_follow_the_token_spelling(template: str, expected: str) -> None:
    assert render(template, OFFICE) == expected


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{season}", "2"),
        ("{season:00}", "02"),
        ("{episode:000}", "001"),
        ("{absolute:000}", "007"),
        ("{TvdbId}", "73244"),
        ("{TvMazeId}", "526"),
        ("{ImdbId}", "tt0386676"),
    ],
)
def test_numbers_are_zero_padded_to_the_format_width(template: str, expected: str) -> None:
    assert render(template, OFFICE) == expected


def test_prefix_and_suffix_appear_only_when_the_token_has_a_value() -> None:
    template = "{Series Title}{ - Episode Title}{ [Release Group]}{ (Movie Title)}"

    assert render(template, OFFICE) == "The Office (US) - The Dundies [NTb]"


def test_a_long_title_is_truncated_with_an_ellipsis() -> None:
    values = NamingValues(episode_titles=("The Man Who Mistook His Wife for a Hat",))

    assert render("{Episode Title:20}", values) == "The Man Who Misto..."
    assert render("E01 - {Episode Title:-20}", values) == "E01 - ...is Wife for a Hat"
    assert len(render("{Episode Title:20}", values)) == 20


def test_double_braces_are_literal_braces() -> None:
    assert render("{Series Title} {{tvdb-{TvdbId}}}", OFFICE) == "The Office (US) {tvdb-73244}"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Series TitleYear", "The Office (US) (2005)"),
        ("Series TitleThe", "Office, The (US)"),
        ("Series TitleWithoutYear", "The Office (US)"),
        ("Series CleanTitle", "The Office US"),
        ("Series CleanTitleYear", "The Office US 2005"),
        ("Series CleanTitleThe", "Office The US"),
        ("Series TitleFirstCharacter", "O"),
        ("Series Year", "2005"),
        ("Release Hash", "ABCD1234"),
    ],
)
def test_sonarr_title_variants(token: str, expected: str) -> None:
    assert render("{" + token + "}", OFFICE) == expected


def test_title_year_does_not_repeat_a_year_the_title_already_has() -> None:
    values = NamingValues(series_title="Doctor Who (2005)", series_year=2005)

    assert render("{Series TitleYear}", values) == "Doctor Who (2005)"
    assert render("{Series TitleWithoutYear}", values) == "Doctor Who"


def test_radarr_tokens() -> None:
    values = NamingValues(
        movie_title="The Lord of the Rings: The Fellowship of the Ring",
        movie_original_title="The Lord of the Rings: The Fellowship of the Ring",
        movie_collection="The Lord of the Rings Collection",
        movie_certification="PG-13",
        release_year=2001,
        edition_tags=("Extended", "IMAX"),
        tmdb_id=120,
        quality_title="Remux-2160p",
        custom_formats=("DV", "HDR10", "TrueHD"),
        three_d=False,
    )

    template = (
        "{Movie CleanTitle} ({Release Year}) {{edition-{Edition Tags}}} "
        "[{Movie Certification}] {Movie TitleThe} {Custom Formats} {tmdb-{TmdbId}}"
    ).replace("{tmdb-{TmdbId}}", "tmdbid-{TmdbId}")

    assert render(template, values) == (
        "The Lord of the Rings The Fellowship of the Ring (2001) {edition-Extended IMAX} "
        "[PG-13] Lord of the Rings - The Fellowship of the Ring, The DV HDR10 TrueHD "
        "tmdbid-120"
    )


def test_quality_full_is_title_proper_and_real_trimmed() -> None:
    assert render("{Quality Full}", NamingValues(quality_title="HDTV-720p")) == "HDTV-720p"
    proper = NamingValues(quality_title="WEBDL-1080p", revision=2)
    assert render("{Quality Full}", proper) == "WEBDL-1080p Proper"
    real = NamingValues(quality_title="WEBDL-1080p", revision=2, real=1)
    assert render("[{Quality Full}]", real) == "[WEBDL-1080p Proper REAL]"
    assert render("{Quality Title}{ Quality Real}", real) == "WEBDL-1080p REAL"


def test_media_info_tokens() -> None:
    values = NamingValues(
        video_codec="x265",
        video_bit_depth=10,
        audio_codec="EAC3 Atmos",
        audio_channels="5.1",
        audio_languages=("en", "de"),
        subtitle_languages=("en", "pt-BR"),
        dynamic_range_types=("DV", "HDR10"),
        three_d=True,
    )

    assert render("{MediaInfo Simple}", values) == "x265 EAC3 Atmos"
    assert render("{MediaInfo Full}", values) == "x265 EAC3 Atmos [EN+DE] [EN+PT]"
    assert render("{MediaInfo VideoBitDepth}bit {MediaInfo AudioChannels}", values) == "10bit 5.1"
    assert render("{MediaInfo VideoDynamicRange}", values) == "HDR"
    assert render("{MediaInfo VideoDynamicRangeType}", values) == "DV HDR10"
    assert render("{MediaInfo 3D}", values) == "3D"


def test_english_only_audio_is_left_out_of_audio_languages_as_in_sonarr() -> None:
    assert render("{MediaInfo AudioLanguages}", NamingValues(audio_languages=("en",))) == ""
    assert render("{MediaInfo AudioLanguagesAll}", NamingValues(audio_languages=("en",))) == "[EN]"


def test_original_names_are_available_for_users_who_keep_them() -> None:
    values = NamingValues(
        original_title="The.Office.US.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb",
        original_filename="the.office.s02e01.mkv",
    )

    assert render("{Original Title}", values) == values.original_title
    assert render("{Original Filename}", values) == "the.office.s02e01.mkv"


def test_an_unknown_token_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(NamingError, match="unknown token"):
        render("{Series Titel}", OFFICE)

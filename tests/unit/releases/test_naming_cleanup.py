"""Clean-up of values (protocols.md 9.2) and the path sanitiser on hostile names."""

from __future__ import annotations

import unicodedata

import pytest

from mediaos.releases.naming import (
    NamingError,
    NamingOptions,
    NamingValues,
    kept_name,
    render,
    render_path,
)
from mediaos.releases.safepath import (
    MAX_COMPONENT_BYTES,
    UnsafeName,
    safe_component,
    safe_relative_path,
)

LAYOUT = (
    "{Series Title}/Season {season}/{Series Title} - S{season:00}E{episode:00} - {Episode Title}"
)


def _episode(title: str, episode_title: str = "Pilot") -> NamingValues:
    return NamingValues(
        series_title=title, season=1, episodes=(1,), episode_titles=(episode_title,)
    )


@pytest.mark.parametrize(
    ("title", "replaced", "removed"),
    [
        ('What If...? "Zombies"', "What If...! Zombies", "What If... Zombies"),
        (
            "AC/DC: Live <at> River*Plate | 2009",
            "AC+DC - Live at River-Plate 2009",
            "ACDC - Live at RiverPlate 2009",
        ),
        ("Face\\Off", "Face+Off", "FaceOff"),
    ],
)
def test_illegal_characters_are_replaced_or_removed(
    title: str, replaced: str, removed: str
) -> None:
    values = NamingValues(movie_title=title)

    assert render("{Movie Title}", values) == replaced
    assert (
        render("{Movie Title}", values, NamingOptions(replace_illegal_characters=False)) == removed
    )


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("smart", "Mission - Impossible 10-30"),
        ("delete", "Mission Impossible 1030"),
        ("dash", "Mission- Impossible 10-30"),
        ("space_dash", "Mission - Impossible 10 -30"),
        ("space_dash_space", "Mission - Impossible 10 - 30"),
    ],
)
def test_colons_follow_the_colon_replacement_setting(mode: str, expected: str) -> None:
    values = NamingValues(movie_title="Mission: Impossible 10:30")

    rendered = render("{Movie Title}", values, NamingOptions(colon_replacement=mode))  # type: ignore[arg-type]

    assert rendered == expected


def test_brackets_left_empty_by_an_unknown_value_disappear() -> None:
    values = NamingValues(movie_title="Dune", quality_title="Bluray-1080p")

    assert render("{Movie Title} ({Release Year}) [{Edition Tags}] {Quality Full}", values) == (
        "Dune Bluray-1080p"
    )


def test_an_ellipsis_survives_at_the_end_of_a_file_name() -> None:
    values = _episode("Show", "And Then There Were None...")

    assert render_path(LAYOUT, values, extension=".mkv").endswith(
        "S01E01 - And Then There Were None....mkv"
    )


def test_an_empty_token_leaves_no_dangling_separator() -> None:
    values = NamingValues(series_title="Show", season=1, episodes=(1,))

    assert render("{Series Title} - S{season:00}E{episode:00} - {Episode Title}", values) == (
        "Show - S01E01"
    )


@pytest.mark.parametrize(
    "hostile",
    ["../../etc/passwd", "/etc/passwd", "..", "..\\..\\Windows", "Show/../../../root"],
)
def test_a_title_can_never_climb_out_of_the_library(hostile: str) -> None:
    try:
        path = render_path(LAYOUT, _episode(hostile), extension=".mkv")
    except NamingError:
        return  # nothing usable left: refused, which is just as safe
    parts = path.split("/")
    assert len(parts) == 3
    assert ".." not in parts and not path.startswith("/")


def test_control_characters_are_removed_from_titles() -> None:
    path = render_path(LAYOUT, _episode("Bad\x00Na\x1bme\x7f\u0085", "Pi\nlot\t"), extension=".mkv")

    assert path == "BadName/Season 1/BadName - S01E01 - Pilot.mkv"


def test_a_300_byte_title_is_cut_on_a_character_boundary_keeping_the_extension() -> None:
    title = "ü" * 150  # 300 bytes of UTF-8
    path = render_path(LAYOUT, _episode(title), extension=".mkv")

    for part in path.split("/"):
        assert len(part.encode("utf-8")) <= MAX_COMPONENT_BYTES
        part.encode("utf-8").decode("utf-8")
    assert path.endswith(".mkv")
    assert path.split("/")[0] == "ü" * 127


def test_windows_device_names_are_made_harmless() -> None:
    assert safe_component("CON") == "CON_"
    assert safe_component("nul.mkv", extension=".mkv") == "nul_.mkv"
    assert safe_component("COM1.part.mkv", extension=".mkv") == "COM1_.part.mkv"
    assert safe_component("Console") == "Console"
    assert render("{Movie Title}", NamingValues(movie_title="Con.Air")) == "Con_Air"


def test_unicode_in_nfd_comes_out_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Amélie")
    path = render_path(
        "{Movie Title} ({Release Year})", NamingValues(movie_title=nfd, release_year=2001)
    )

    assert path == "Amélie (2001)"
    assert unicodedata.is_normalized("NFC", path)


def test_trailing_dots_and_spaces_are_trimmed_from_folders() -> None:
    assert safe_relative_path("Mr. Robot. /Season 1 ./eps0.0.mkv", extension=".mkv") == (
        "Mr. Robot/Season 1/eps0.0.mkv"
    )


def test_the_sanitiser_is_idempotent() -> None:
    once = safe_relative_path("../a:b/<c>?|*\x01/" + "x" * 300 + ".mkv", extension=".mkv")

    assert safe_relative_path(once, extension=".mkv") == once
    assert all(p != ".." for p in once.split("/"))


def test_a_name_with_nothing_usable_left_is_refused() -> None:
    with pytest.raises(UnsafeName):
        safe_relative_path("../..//./ ")


def test_a_kept_release_name_is_sanitised_too() -> None:
    name = "Movie.2020.1080p.WEB-DL.DD5.1.H.264-GRP.mkv"

    assert kept_name(name) == name
    assert kept_name("../../etc/cron.d/evil.mkv") == "evil.mkv"
    assert kept_name("Movie: The \x00Sequel?.mkv") == "Movie- The Sequel!.mkv"
    assert kept_name("x" * 300 + ".mkv").endswith("x.mkv")
    assert len(kept_name("x" * 300 + ".mkv").encode()) == MAX_COMPONENT_BYTES

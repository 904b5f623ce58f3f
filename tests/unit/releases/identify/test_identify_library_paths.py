"""Files in *arr-shaped libraries are placed by their folder and file names alone."""

from __future__ import annotations

from datetime import date

import pytest

from mediaos.releases.identify import identify, identify_folder, subtitle_tags


@pytest.mark.parametrize(
    ("name", "title", "year", "tmdb", "imdb", "tvdb"),
    [
        ("The Matrix (1999) {tmdb-603}", "The Matrix", 1999, 603, None, None),
        ("The Matrix (1999) [imdbid-tt0133093]", "The Matrix", 1999, None, "tt0133093", None),
        ("The Office (US) {tvdb-73244}", "The Office (US)", None, None, None, 73244),
        ("2001 A Space Odyssey (1968)", "2001 A Space Odyssey", 1968, None, None, None),
        ("1917 (2019)", "1917", 2019, None, None, None),
        (
            "Blade Runner 2049 (2017) {imdb-tt1856101}",
            "Blade Runner 2049",
            2017,
            None,
            "tt1856101",
            None,
        ),
        ("Heat", "Heat", None, None, None, None),
        ("Amélie (2001) {tmdb-194}", "Amélie", 2001, 194, None, None),
    ],
)
def test_folder_names_give_title_year_and_ids(
    name: str, title: str, year: int | None, tmdb: int | None, imdb: str | None, tvdb: int | None
) -> None:
    found = identify_folder(name)
    assert (found.title, found.year, found.tmdb, found.imdb, found.tvdb) == (
        title,
        year,
        tmdb,
        imdb,
        tvdb,
    )


def test_a_radarr_movie_file_is_keyed_by_its_folder() -> None:
    found = identify("movies", "The Matrix (1999) {tmdb-603}/The Matrix (1999) Bluray-1080p.mkv")
    assert (found.kind, found.item_key, found.quality, found.tmdb) == (
        "movie",
        "movie/the-matrix-1999",
        "Bluray-1080p",
        603,
    )


def test_a_movie_file_keeping_its_release_name_is_read_too() -> None:
    found = identify("movies", "Heat (1995)/Heat.1995.1080p.BluRay.x264-EbP.mkv")
    assert (found.item_key, found.quality, found.release_group) == (
        "movie/heat-1995",
        "Bluray-1080p",
        "EbP",
    )


def test_a_movie_without_year_or_id_is_unmatched_with_a_reason() -> None:
    found = identify("movies", "Heat/Heat.mkv")
    assert found.kind == "unmatched" and "year" in found.reason


@pytest.mark.parametrize(
    "path",
    [
        "Heat (1995)/Heat.1995.1080p.BluRay-sample.mkv",
        "Heat (1995)/Featurettes/Making of.mkv",
        "Heat (1995)/Extras/Trailer.mp4",
    ],
)
def test_samples_and_extras_are_not_the_movie(path: str) -> None:
    assert identify("movies", path).kind == "extra"


def test_junk_next_to_a_movie_is_unmatched_not_a_movie() -> None:
    assert identify("movies", "Heat (1995)/movie.nfo").kind == "unmatched"


@pytest.mark.parametrize(
    ("name", "language", "forced", "hi"),
    [
        ("Heat (1995).en.srt", "en", False, False),
        ("Heat (1995).pt-BR.forced.srt", "pt-BR", True, False),
        ("Heat (1995).en.hi.srt", "en", False, True),
        ("Heat (1995).srt", None, False, False),
    ],
)
def test_external_subtitles_carry_language_and_flags(
    name: str, language: str | None, forced: bool, hi: bool
) -> None:
    assert subtitle_tags(name) == (language, forced, hi)
    assert identify("movies", f"Heat (1995)/{name}").kind == "subtitle"


def test_a_sonarr_episode_is_keyed_by_series_folder_season_and_episode() -> None:
    found = identify(
        "series",
        "The Office (US) {tvdb-73244}/Season 02/The Office (US) - S02E01 - The Dundies "
        "WEBDL-720p.mkv",
    )
    assert (found.kind, found.item_key, found.season, found.episodes, found.tvdb) == (
        "episode",
        "series/the-office-us/s02e01",
        2,
        (1,),
        73244,
    )


def test_a_multi_episode_file_lists_every_episode() -> None:
    found = identify("series", "Friends/Season 1/Friends - S01E01-E02 - Pilot DVD.avi")
    assert found.episodes == (1, 2)


def test_specials_folder_means_season_zero() -> None:
    found = identify("series", "Doctor Who (2005)/Specials/Doctor Who - S00E01 - Special.mkv")
    assert (found.season, found.item_key) == (0, "series/doctor-who-2005/s00e01")


def test_a_daily_show_is_keyed_by_air_date() -> None:
    found = identify("series", "The Daily Show/Season 2023/The Daily Show - 2023-02-14 - G.mkv")
    assert (found.air_date, found.item_key) == (
        date(2023, 2, 14),
        "series/the-daily-show/2023-02-14",
    )


def test_an_anime_file_with_only_an_absolute_number_is_keyed_by_it() -> None:
    found = identify("series", "One Piece/One Piece - 1071 [1080p].mkv")
    assert (found.absolute_episodes, found.item_key) == ((1071,), "series/one-piece/abs1071")


def test_an_episode_without_numbers_is_unmatched() -> None:
    assert identify("series", "Heat/Season 1/behind the scenes.mkv").kind == "unmatched"


def test_a_track_is_keyed_by_artist_and_album_folders() -> None:
    found = identify("music", "Radiohead/OK Computer (1997)/01 - Airbag.flac")
    assert (found.kind, found.item_key, found.track, found.quality) == (
        "track",
        "music/radiohead/ok-computer",
        1,
        "FLAC",
    )


def test_a_book_is_keyed_by_author_and_title() -> None:
    found = identify("books", "Frank Herbert/Dune (1965)/Dune - Frank Herbert.epub")
    assert (found.kind, found.item_key, found.year, found.quality) == (
        "book",
        "book/frank-herbert/dune",
        1965,
        "EPUB",
    )


@pytest.mark.parametrize(
    "path",
    ["", "/", "../../etc/passwd", "\x00\x01/\x02.mkv", "a" * 5000 + ".mkv", "(((((/)))).mkv"],
)
@pytest.mark.parametrize("kind", ["movies", "series", "music", "books"])
def test_identify_never_raises_on_hostile_names(kind: str, path: str) -> None:
    identify(kind, path)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("movies", "The Matrix (1999) {tmdb-603}/The Matrix (1999) Bluray-1080p Proper.mkv"),
        ("movies", "Heat (1995)/Heat (1995) Remux-2160p.mkv"),
        (
            "series",
            "The Office (US) {tvdb-73244}/Season 02/The Office (US) - S02E01-E02 - "
            "The Dundies WEBDL-720p.mkv",
        ),
        ("series", "Show/Season 1/Show - S01E05 - Title - With - Dashes HDTV-1080p.mkv"),
    ],
)
def test_the_arr_naming_fast_path_agrees_with_the_full_parser(kind: str, path: str) -> None:
    from mediaos.releases import identify as module

    fast = identify(kind, path)  # type: ignore[arg-type]
    saved = module._ARR_MOVIE, module._ARR_EPISODE
    never = __import__("re").compile(r"(?!)")
    module._ARR_MOVIE, module._ARR_EPISODE = never, never
    try:
        slow = identify(kind, path)  # type: ignore[arg-type]
    finally:
        module._ARR_MOVIE, module._ARR_EPISODE = saved
    assert (fast.item_key, fast.quality, fast.season, fast.episodes, fast.year) == (
        slow.item_key,
        slow.quality,
        slow.season,
        slow.episodes,
        slow.year,
    )

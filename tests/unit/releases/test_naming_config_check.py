"""Naming templates are checked when the config loads, and Radarr's id braces are literal."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediaos.core.errors import ConfigError
from mediaos.releases.naming import NamingValues, check_template, naming_problems, render_path
from mediaos.schemas.load import load_config


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        (
            "{Movie Title} ({Release Year}) {tmdb-{TmdbId}}",
            NamingValues(movie_title="The Matrix", release_year=1999, tmdb_id=603),
            "The Matrix (1999) {tmdb-603}",
        ),
        (
            "{Series TitleYear} [tvdbid-{TvdbId}]",
            NamingValues(series_title="The Office", series_year=2005, tvdb_id=73244),
            "The Office (2005) [tvdbid-73244]",
        ),
        (
            "{Movie Title} {imdb-{ImdbId}}",
            NamingValues(movie_title="Heat", release_year=1995, imdb_id="tt0113277"),
            "Heat {imdb-tt0113277}",
        ),
    ],
)
def test_literal_braces_around_a_token_are_kept_as_radarr_keeps_them(
    template: str, values: NamingValues, expected: str
) -> None:
    assert check_template(template) == []
    assert render_path(template, values) == expected


def test_a_lone_unknown_brace_word_is_still_an_error() -> None:
    assert check_template("{Movie Title} {tmdb-}") != []


def test_an_unknown_token_in_the_config_is_reported_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "version: 1\nlibrary:\n  naming:\n    movie_file: '{Movie Titel} ({Release Year})'\n"
    )
    with pytest.raises(ConfigError) as error:
        load_config([config], {}, extra_checks=[naming_problems])
    (problem,) = error.value.problems
    assert (problem.line, problem.column) == (4, 17)
    assert "Movie Titel" in problem.message
    assert problem.path == "library.naming.movie_file"


def test_the_full_example_uses_only_known_tokens(repo_root: Path) -> None:
    load_config([repo_root / "examples" / "full"], {}, extra_checks=[naming_problems])

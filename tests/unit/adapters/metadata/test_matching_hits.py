from __future__ import annotations

import pytest

from mediaos.adapters.metadata.base import MovieMeta, SeriesMeta
from mediaos.adapters.metadata.matching import movie_without_metadata, normalise_title, pick
from mediaos.schemas.media import MovieSpec

DUNES = (
    MovieMeta("Dune: Part Two", 2024, tmdb=693134),
    MovieMeta("Dune", 2021, tmdb=438631),
    MovieMeta("Dune", 1984, tmdb=841),
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Matrix", "matrix"),
        ("Amélie", "Amelie"),
        ("Marvel's Daredevil", "Marvels Daredevil"),
        ("Law & Order", "Law and Order"),
        ("WALL·E", "WALL E"),
    ],
)
def test_titles_equal_after_normalisation(a: str, b: str) -> None:
    assert normalise_title(a) == normalise_title(b)


def test_the_year_picks_between_equal_titles() -> None:
    assert pick(DUNES, "Dune", 1984) == DUNES[2]
    assert pick(DUNES, "Dune", 2021) == DUNES[1]
    assert pick(DUNES, "Dune", 2022) == DUNES[1]  # one year off is tolerated


def test_without_a_year_the_earliest_equal_title_wins() -> None:
    assert pick(DUNES, "dune", None) == DUNES[2]


def test_a_fuzzy_hit_is_refused_rather_than_guessed() -> None:
    assert pick(DUNES, "Dune", 2000) is None
    assert pick(DUNES, "Dune Messiah", None) is None


def test_alternative_titles_count() -> None:
    show = SeriesMeta("Money Heist", 2017, alternative_titles=("La casa de papel",))
    assert pick([show], "La Casa de Papel", 2017) == show


def test_a_movie_works_without_any_provider() -> None:
    spec = MovieSpec(title="The Matrix", year=1999, aliases=["Matrix"])
    movie = movie_without_metadata(spec)
    assert (movie.title, movie.year, movie.alternative_titles) == ("The Matrix", 1999, ("Matrix",))
    assert movie.runtime is None and movie.in_cinemas is None

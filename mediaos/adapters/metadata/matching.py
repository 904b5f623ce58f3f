"""Pure choices between search results: which hit is the movie or series the user declared.

Why not "the first hit": provider search is fuzzy and ranked by popularity, so "Dune" 1984
loses to "Dune" 2021 and "The Office" (US) to the UK original. Users declare a title and
usually a year; we accept a hit only when its title, or one of its alternative titles,
equals the declared one after normalisation, and its year is within one of the declared
year (release years differ by country around New Year). Without a year the earliest of
the equal titles wins, the original being what a bare title usually means. No hit is
better than a wrong one: the caller reports "not found" and the user adds an id.

Also here: the value used when no metadata source is configured, because a declared movie
with a title and year must work without any provider.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol, TypeVar

from mediaos.adapters.metadata.base import MovieMeta
from mediaos.schemas.media import MovieSpec


class Titled(Protocol):
    """What `pick` reads of a hit (MovieMeta and SeriesMeta both have it)."""

    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def alternative_titles(self) -> tuple[str, ...]: ...


Hit = TypeVar("Hit", bound=Titled)
_NOISE = re.compile(r"[^\w]+")
_ARTICLE = re.compile(r"^(the|a|an) ")


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and a leading article do not tell titles apart:
    "The Matrix" == "matrix", "Amélie" == "Amelie", "Marvel's Daredevil" == "marvels daredevil"."""
    plain = unicodedata.normalize("NFKD", title.replace("&", " and "))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = _NOISE.sub(" ", plain.replace("'", "")).strip()
    return _ARTICLE.sub("", plain)


def pick(hits: Sequence[Hit], title: str, year: int | None) -> Hit | None:
    """The hit the declaration means, or `None` when no hit is close enough."""
    wanted = normalise_title(title)
    candidates: list[Hit] = []
    for candidate in hits:
        names = (candidate.title, *candidate.alternative_titles)
        same = wanted in {normalise_title(name) for name in names}
        close = year is None or candidate.year is None or abs(candidate.year - year) <= 1
        if same and close:
            candidates.append(candidate)

    def distance(found: Hit) -> int:
        if year is None:
            return found.year or 9999  # the earliest
        return abs(found.year - year) if found.year is not None else 2

    return min(candidates, key=distance, default=None)


def movie_without_metadata(spec: MovieSpec) -> MovieMeta:
    """What MediaOS knows of a movie with no provider: the declaration itself. No runtime
    (size limits fall back to the profile's) and no release dates (availability is
    treated as reached)."""
    return MovieMeta(
        title=spec.title or "",
        year=spec.year,
        tmdb=spec.tmdb,
        imdb=spec.imdb,
        alternative_titles=tuple(spec.aliases),
    )

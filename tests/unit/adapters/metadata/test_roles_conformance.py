"""Every product satisfies the roles it is wired as; mypy checks the assignments, the test
checks nothing was renamed at run time."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from mediaos.adapters.metadata.base import BookSource, MovieSource, MusicSource, SeriesSource
from mediaos.adapters.metadata.gateway import Gateway
from mediaos.adapters.metadata.musicbrainz import MusicBrainz
from mediaos.adapters.metadata.openlibrary import OpenLibrary
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.adapters.metadata.tmdb import TMDB
from mediaos.adapters.metadata.tvdb import TVDB
from mediaos.adapters.metadata.tvmaze import TVmaze


def test_products_fill_their_roles() -> None:
    gateway = Gateway(provider="x", client=httpx.AsyncClient(), limiter=RateLimiter(1, 1.0))
    movies: list[MovieSource] = [TMDB(gateway, api_key=SecretStr("k"))]
    series: list[SeriesSource] = [
        TVmaze(gateway),
        TMDB(gateway, api_key=SecretStr("k")),
        TVDB(gateway, api_key=SecretStr("k"), pin=None),
    ]
    music: list[MusicSource] = [MusicBrainz(gateway, contact="me")]
    books: list[BookSource] = [OpenLibrary(gateway)]
    names = [m.name for m in movies] + [s.name for s in series]
    names += [m.name for m in music] + [b.name for b in books]
    assert names == ["tmdb", "tvmaze", "tmdb", "tvdb", "musicbrainz", "openlibrary"]

from __future__ import annotations

from datetime import date

import pytest
from pydantic import SecretStr

from mediaos.adapters.http import build_client
from mediaos.adapters.metadata.tmdb import TMDB
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unreachable,
)
from mediaos.schemas.services import TMDBSpec
from tests.integration.adapters.metadata.conftest import FakeClock, gateway
from tests.peers import metadata_payloads as p
from tests.peers.metadata_servers import MetadataServer


def adapter(
    server: MetadataServer, clock: FakeClock, *, key: str = p.TMDB_KEY, language: str = "en-US"
) -> TMDB:
    return TMDB(gateway(server, clock, None), api_key=SecretStr(key), language=language)


async def test_movie_has_ids_runtime_regional_release_dates_and_alternative_titles(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    movie = await adapter(tmdb, clock).movie(tmdb=603)
    assert (movie.title, movie.year, movie.imdb, movie.runtime) == (
        "The Matrix",
        1999,
        "tt0133093",
        136,
    )
    assert movie.premiere == date(1999, 3, 24)
    assert movie.in_cinemas == date(1999, 3, 31)  # the US date, not Australia's later one
    assert movie.digital == date(1999, 9, 21)
    assert movie.physical == date(1999, 9, 21)  # the US one, though GB's is earlier
    assert movie.alternative_titles == ("Matrix", "Матрица")
    query = tmdb.requests[0].query
    assert query["append_to_response"] == "alternative_titles,external_ids,release_dates"
    assert query["api_key"] == p.TMDB_KEY and query["language"] == "en-US"


async def test_a_region_without_a_date_of_that_kind_takes_the_earliest_anywhere(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    movie = await adapter(tmdb, clock, language="de-DE").movie(tmdb=603)
    assert movie.in_cinemas == date(1999, 6, 17)  # Germany's own cinema date
    assert movie.physical == date(1999, 11, 29)  # Germany's own disc date
    assert movie.digital == date(1999, 9, 21)  # none in Germany: the earliest anywhere


async def test_v4_token_goes_in_the_authorization_header_never_the_url(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    await adapter(tmdb, clock, key=p.TMDB_TOKEN).movie(tmdb=603)
    seen = tmdb.requests[0]
    assert seen.headers["Authorization"] == f"Bearer {p.TMDB_TOKEN}"
    assert "api_key" not in seen.query


async def test_imdb_id_is_resolved_through_find(tmdb: MetadataServer, clock: FakeClock) -> None:
    movie = await adapter(tmdb, clock).movie(imdb="tt0133093")
    assert movie.tmdb == 603
    assert tmdb.paths() == ["/find/tt0133093", "/movie/603"]
    with pytest.raises(NotFound):
        await adapter(tmdb, clock).movie(imdb="tt9999999")


async def test_search_returns_shallow_movies_and_passes_the_year(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tmdb, clock)
    found = await source.search_movies("The Matrix")
    assert [(m.tmdb, m.year) for m in found] == [(603, 1999), (604, 2003), (999001, None)]
    assert [m.tmdb for m in await source.search_movies("The Matrix", 1999)] == [603]
    assert tmdb.requests[1].query["year"] == "1999"


async def test_series_has_every_season_including_specials(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tmdb, clock)
    show = await source.series(tvdb=81189)
    assert (show.tmdb, show.tvdb, show.imdb, show.year, show.status) == (
        1396,
        81189,
        "tt0903747",
        2008,
        "ended",
    )
    assert [(e.season, e.number) for e in show.episodes][:3] == [(0, 1), (0, 2), (1, 1)]
    assert show.episodes[-1].air_date is None and show.episodes[-1].runtime is None  # TBA
    assert show.alternative_titles == ("Relaciones peligrosas",)
    assert [s.tmdb for s in await source.search_series("Breaking Bad", 2008)] == [1396]


@pytest.mark.parametrize("key", [p.TMDB_KEY[::-1], "eyJ.bad.token"])
async def test_a_refused_key_is_auth_rejected_and_never_in_the_message(
    tmdb: MetadataServer, clock: FakeClock, key: str
) -> None:
    with pytest.raises(AuthRejected) as caught:
        await adapter(tmdb, clock, key=key).movie(tmdb=603)
    assert key not in str(caught.value) and key not in repr(caught.value)
    assert "401" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "retry_after", "error"),
    [
        (404, None, NotFound),
        (429, "7", RateLimited),
        (500, None, PeerBusy),
        (503, "3", RateLimited),
    ],
)
async def test_statuses_become_typed_errors_without_the_key(
    tmdb: MetadataServer,
    clock: FakeClock,
    status: int,
    retry_after: str | None,
    error: type[AdapterError],
) -> None:
    tmdb.faults.status, tmdb.faults.retry_after = status, retry_after
    with pytest.raises(error) as caught:
        await adapter(tmdb, clock).movie(tmdb=603)
    assert p.TMDB_KEY not in str(caught.value)
    if retry_after is not None:
        assert isinstance(caught.value, RateLimited)
        assert caught.value.retry_after is not None
        assert caught.value.retry_after.total_seconds() == int(retry_after)


async def test_an_oversized_body_is_refused_while_streaming(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    tmdb.faults.oversized = 5 * 1024 * 1024
    with pytest.raises(BadPayload, match="larger than"):
        await adapter(tmdb, clock).movie(tmdb=603)


async def test_a_slow_peer_is_unreachable_after_the_timeout(
    tmdb: MetadataServer, clock: FakeClock
) -> None:
    tmdb.faults.delay = 2.0
    client = build_client(base_url=tmdb.url, timeout=0.2)
    source = TMDB(gateway(tmdb, clock, None, client=client), api_key=SecretStr(p.TMDB_KEY))
    with pytest.raises(Unreachable) as caught:
        await source.movie(tmdb=603)
    assert p.TMDB_KEY not in str(caught.value)


async def test_from_spec_uses_the_configured_url_and_refuses_a_missing_key(
    tmdb: MetadataServer,
) -> None:
    with pytest.raises(AuthRejected, match="api_key is not set"):
        TMDB.from_spec(TMDBSpec())
    source = TMDB.from_spec(TMDBSpec(url=tmdb.url, api_key=SecretStr(p.TMDB_KEY)))
    assert (await source.movie(tmdb=603)).tmdb == 603
    await source.aclose()

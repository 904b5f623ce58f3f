from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mediaos.adapters.metadata.tvmaze import TVmaze
from mediaos.core.errors import NotFound, RateLimited
from mediaos.state.metadata_cache import SqliteMetadataCache
from tests.integration.adapters.metadata.conftest import FakeClock, gateway
from tests.peers.metadata_servers import MetadataServer


def adapter(server: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache | None) -> TVmaze:
    return TVmaze(gateway(server, clock, cache, calls=20, per=10.0))


async def test_show_lookup_has_regular_episodes_and_specials_in_season_zero(
    tvmaze: MetadataServer, clock: FakeClock
) -> None:
    show = await adapter(tvmaze, clock, None).series(tvmaze=169)
    assert (show.title, show.year, show.tvdb, show.imdb) == (
        "Breaking Bad",
        2008,
        81189,
        "tt0903747",
    )
    assert (show.status, show.type_hint, show.runtime) == ("ended", "standard", 60)
    assert [(e.season, e.number) for e in show.episodes if e.season == 0] == [(0, 1), (0, 2)]
    first_special = show.episodes[0]
    assert first_special.air_date == date(2008, 12, 1)  # specials numbered in air order
    regular = [e for e in show.episodes if e.season > 0]
    assert len(regular) == 14
    assert regular[0].airstamp == datetime(2008, 1, 20, 2, 0, tzinfo=UTC)
    assert tvmaze.paths() == ["/shows/169", "/shows/169/episodes"]
    assert tvmaze.requests[0].query == {"embed": "episodes"}
    assert tvmaze.requests[1].query == {"specials": "1"}


@pytest.mark.parametrize("ids", [{"tvdb": 81189}, {"imdb": "tt0903747"}])
async def test_lookup_by_other_ids_follows_the_redirect_to_the_show(
    tvmaze: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache, ids: dict[str, object]
) -> None:
    source = adapter(tvmaze, clock, cache)
    show = await source.series(**ids)  # type: ignore[arg-type]
    assert show.tvmaze == 169
    assert tvmaze.paths()[0] == "/lookup/shows"
    await source.series(**ids)  # type: ignore[arg-type]
    assert tvmaze.paths().count("/lookup/shows") == 1, "the resolved id is cached"


async def test_daily_and_anime_shows_carry_their_type_hint(
    tvmaze: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tvmaze, clock, None)
    daily = await source.series(tvmaze=249)
    anime = await source.series(tvmaze=68542)
    assert daily.type_hint == "daily"
    assert {e.season for e in daily.episodes} == {2024}
    assert anime.type_hint == "anime"
    assert [e.air_date for e in anime.episodes if e.season == 2] == [None, None, None]


async def test_search_without_year_uses_singlesearch_and_with_year_filters(
    tvmaze: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tvmaze, clock, None)
    assert [s.tvmaze for s in await source.search_series("breaking bad")] == [169]
    assert await source.search_series("no such show") == ()
    assert [s.tvmaze for s in await source.search_series("breaking bad", 2008)] == [169]
    assert await source.search_series("breaking bad", 1990) == ()
    assert tvmaze.paths() == ["/singlesearch/shows"] * 2 + ["/search/shows"] * 2


async def test_unknown_ids_are_not_found(tvmaze: MetadataServer, clock: FakeClock) -> None:
    source = adapter(tvmaze, clock, None)
    with pytest.raises(NotFound):
        await source.series(tvmaze=1)
    with pytest.raises(NotFound):
        await source.series(tvdb=1)
    with pytest.raises(NotFound, match="needs a tvmaze, tvdb or imdb id"):
        await source.series(tmdb=1396)


async def test_429_holds_the_limiter_for_the_retry_after_hint(
    tvmaze: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tvmaze, clock, None)
    tvmaze.faults.status, tvmaze.faults.retry_after = 429, "10"
    with pytest.raises(RateLimited) as caught:
        await source.series(tvmaze=169)
    assert caught.value.retry_after is not None
    assert caught.value.retry_after.total_seconds() == 10
    tvmaze.faults.status = None
    before = clock.monotonic()
    await source.series(tvmaze=169)
    assert tvmaze.requests[1].at - before >= 10, "the next request waited out the hint"


async def test_twenty_calls_per_ten_seconds_are_never_exceeded(
    tvmaze: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(tvmaze, clock, None)
    for _ in range(15):  # 30 requests
        await source.series(tvmaze=249)
    arrivals = [s.at for s in tvmaze.requests]
    assert all(
        later - earlier >= 10 for earlier, later in zip(arrivals, arrivals[20:], strict=False)
    )
    assert arrivals[19] - arrivals[0] < 10  # the first twenty go at once

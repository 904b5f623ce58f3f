from __future__ import annotations

import pytest
from pydantic import SecretStr

from mediaos.adapters.metadata.tvdb import TVDB
from mediaos.core.errors import AuthRejected, NotFound
from mediaos.state.metadata_cache import SqliteMetadataCache
from tests.integration.adapters.metadata.conftest import FakeClock, gateway
from tests.peers import metadata_payloads as p
from tests.peers.metadata_servers import MetadataServer, TVDBState

Peer = tuple[MetadataServer, TVDBState]


def adapter(
    server: MetadataServer,
    clock: FakeClock,
    cache: SqliteMetadataCache | None = None,
    *,
    key: str = p.TVDB_KEY,
    pin: str | None = p.TVDB_PIN,
) -> TVDB:
    return TVDB(
        gateway(server, clock, cache),
        api_key=SecretStr(key),
        pin=SecretStr(pin) if pin else None,
    )


async def test_series_logs_in_pages_episodes_and_keeps_absolute_numbers(
    tvdb: Peer, clock: FakeClock
) -> None:
    server, state = tvdb
    show = await adapter(server, clock).series(tvdb=424536)
    assert (show.title, show.year, show.type_hint, show.status) == (
        "Frieren: Beyond Journey's End",
        2023,
        "anime",
        "continuing",
    )
    assert (show.imdb, show.tmdb, show.tvmaze) == ("tt22248376", 209867, 68542)
    assert show.alternative_titles == ("Sousou no Frieren", "Frieren")
    assert len(show.episodes) == 32  # 1 special + 28 + 3 announced, over two pages
    assert [e.absolute for e in show.episodes if e.season == 2] == [29, 30, 31]
    assert show.episodes[0].season == 0 and show.episodes[0].absolute is None
    assert server.paths() == [
        "/login",
        "/series/424536/extended",
        "/series/424536/episodes/default",
        "/series/424536/episodes/default",
    ]
    assert state.logins == 1


async def test_an_expired_token_is_renewed_once_and_the_request_retried(
    tvdb: Peer, clock: FakeClock
) -> None:
    server, state = tvdb
    source = adapter(server, clock)
    await source.search_series("frieren")
    state.tokens.clear()  # TheTVDB revoked or expired the token
    found = await source.search_series("frieren")
    assert [s.tvdb for s in found] == [424536]
    assert state.logins == 2


async def test_a_bad_key_is_auth_rejected_and_the_key_and_pin_stay_secret(
    tvdb: Peer, clock: FakeClock
) -> None:
    server, state = tvdb
    with pytest.raises(AuthRejected) as caught:
        await adapter(server, clock, key="wrong-key-123", pin="PIN-42").series(tvdb=424536)
    assert "wrong-key-123" not in str(caught.value) and "PIN-42" not in str(caught.value)
    assert state.logins == 0


async def test_a_token_refused_twice_is_auth_rejected(tvdb: Peer, clock: FakeClock) -> None:
    server, state = tvdb
    server.faults.status, server.faults.only = 401, "/search"
    with pytest.raises(AuthRejected):
        await adapter(server, clock).search_series("frieren")
    assert state.logins == 2, "one renewal, then give up"


async def test_unknown_series_and_missing_id_are_not_found(tvdb: Peer, clock: FakeClock) -> None:
    server, _ = tvdb
    source = adapter(server, clock)
    with pytest.raises(NotFound):
        await source.series(tvdb=1)
    with pytest.raises(NotFound, match="needs a tvdb id"):
        await source.series(imdb="tt22248376")


async def test_cached_episodes_need_no_login_after_a_restart(
    tvdb: Peer, clock: FakeClock, cache: SqliteMetadataCache
) -> None:
    server, state = tvdb
    first = await adapter(server, clock, cache).series(tvdb=424536)
    again = await adapter(server, clock, cache).series(tvdb=424536)  # a new process, same file
    assert again == first
    assert state.logins == 1

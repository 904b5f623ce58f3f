"""Newznab against a server shaped like nZEDb: the contract, caps defaults, usenet attributes,
paging with `newznab:response total`, and the wrong-protocol guard."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.adapters.indexers.newznab import Newznab
from mediaos.adapters.indexers.paging import search_all
from mediaos.core.errors import AuthRejected, BadPayload
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for
from tests.integration.adapters.indexers.contract import check_indexer_contract
from tests.peers.indexer_payloads import generated

TV = SearchQuery(kind="tv", text="Breaking Bad", imdb_id="tt0903747", season=3)


async def test_newznab_keeps_the_indexer_contract(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    indexer = adapter_for(server, http)
    assert type(indexer) is Newznab
    await check_indexer_contract(
        indexer, protocol="usenet", query=TV, secret=server.behaviour.api_key or "?"
    )


async def test_caps_without_supported_params_get_the_spec_defaults(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    caps = await adapter_for(server, http).caps()
    assert caps.server_title == "nZEDb"
    assert caps.searches["music"].available is False
    assert caps.searches["music"].params == {"q"}, "audio-search without supportedParams"
    assert caps.searches["movie"].params == {"q", "imdbid"}
    assert caps.categories[5040] == "TV/HD", "nZEDb subcat names get their parent's prefix"


async def test_tvsearch_sends_ids_season_and_episode_and_reads_usenet_attributes(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    query = SearchQuery(kind="tv", tvdb_id=81189, tvmaze_id=169, season=3, episode="2")
    page = await adapter_for(server, http).search(query)
    sent = server.behaviour.requests[-1]
    assert sent["t"] == "tvsearch"
    assert (sent["tvdbid"], sent["tvmazeid"], sent["season"], sent["ep"]) == (
        "81189",
        "169",
        "3",
        "2",
    )
    (release,) = page.releases
    key = server.behaviour.api_key or "?"
    assert release.protocol == "usenet" and release.magnet is None and release.info_hash is None
    assert release.download_url == f"{server.base}/getnzb/bb0302.nzb&i=1&r={key}"
    assert release.guid == f"{server.base}/details/bb0302"
    assert release.info_url == f"{server.base}/details/bb0302"
    assert release.published == datetime(2026, 11, 20, 15, 30, tzinfo=UTC), "usenetdate wins"
    assert release.size == 1_288_490_189 and release.categories == (5000, 5040)
    assert (release.tvdb_id, release.tvmaze_id, release.imdb_id) == (81189, 169, "tt0903747")


async def test_season_zero_is_sent_as_two_digits(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    await adapter_for(server, http).search(SearchQuery(kind="tv", tvdb_id=81189, season=0))
    assert server.behaviour.requests[-1]["season"] == "00"


async def test_paging_walks_every_result_with_the_total(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb", releases=generated(250))
    indexer = adapter_for(server, http)
    seen: list[str] = []
    offset = 0
    while True:
        page = await indexer.search(SearchQuery(kind="tv", tvdb_id=999, offset=offset))
        assert page.total == 250 and page.offset == offset
        seen += [r.guid for r in page.releases]
        if len(page.releases) < 100:
            break
        offset += 100
    assert len(seen) == len(set(seen)) == 250
    offsets = [r["offset"] for r in server.behaviour.requests if r["t"] == "tvsearch"]
    assert offsets == ["0", "100", "200"]


async def test_limit_is_capped_by_the_indexer_maximum(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb", releases=generated(20))
    page = await adapter_for(server, http).search(SearchQuery(kind="tv", tvdb_id=999, limit=5000))
    assert server.behaviour.requests[-1]["limit"] == "100"
    assert len(page.releases) == 20


async def test_a_torrent_feed_added_as_newznab_is_refused(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    indexer = adapter_for(server, http, type="newznab")
    with pytest.raises(BadPayload, match="Torznab indexer"):
        await indexer.search(SearchQuery(kind="movie", imdb_id="tt0133093"))


async def test_open_caps_but_a_search_without_key_is_refused(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb")
    indexer = adapter_for(server, http, api_key=None)
    assert (await indexer.caps()).server_title == "nZEDb"
    with pytest.raises(AuthRejected):
        await indexer.search(TV)
    health = await indexer.health()
    assert not health.ok and "credentials" in health.message


async def test_unusable_caps_fall_back_to_text_search(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb", caps_body=b'<rss version="2.0"><channel/></rss>')
    indexer = adapter_for(server, http)
    page = await indexer.search(SearchQuery(kind="tv", text="Breaking Bad", season=3))
    assert page.releases
    sent = server.behaviour.requests[-1]
    assert sent["t"] == "tvsearch" and sent["q"] == "Breaking Bad" and sent["season"] == "3"


async def test_search_all_stops_at_a_short_page(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="nzedb", releases=generated(230))
    found = await search_all(adapter_for(server, http), SearchQuery(kind="tv", tvdb_id=999))
    assert len(found) == 230
    assert [r["offset"] for r in server.behaviour.requests if r["t"] == "tvsearch"] == [
        "0",
        "100",
        "200",
    ]


async def test_search_all_respects_the_result_and_page_budgets(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr", releases=generated(500))
    indexer = adapter_for(server, http)
    query = SearchQuery(kind="tv", tvdb_id=999)
    assert len(await search_all(indexer, query, max_results=150)) == 150
    assert len(await search_all(indexer, query, max_pages=2)) == 200
    searches = [r for r in server.behaviour.requests if r["t"] == "tvsearch"]
    assert len(searches) == 4, "two pages each, no more"

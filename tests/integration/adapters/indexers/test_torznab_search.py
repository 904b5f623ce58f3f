"""Torznab caps and searches against servers shaped like Jackett and Prowlarr: which ids are
sent (only those caps list), how results map to `ReleaseInfo`, categories, magnets."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.core.errors import Unsupported
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for
from tests.peers.indexer_payloads import HASH_A, HASH_MATRIX

BB = SearchQuery(
    kind="tv",
    text="Breaking Bad",
    tvdb_id=81189,
    tvmaze_id=169,
    imdb_id="tt0903747",
    season=3,
    episode="2",
)
MATRIX = SearchQuery(kind="movie", text="The Matrix", imdb_id="tt0133093", tmdb_id=603, year=1999)


def sent(server_requests: list[dict[str, str]], function: str) -> dict[str, str]:
    return [r for r in server_requests if r.get("t") == function][-1]


async def test_prowlarr_caps_list_every_search_and_flatten_subcategories(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    caps = await adapter_for(server, http).caps()
    assert caps.server_title == "Prowlarr"
    assert (caps.limit_max, caps.limit_default) == (100, 100)
    assert caps.searches["tv"].params == {
        "q",
        "season",
        "ep",
        "imdbid",
        "tvdbid",
        "tmdbid",
        "tvmazeid",
    }
    assert caps.searches["music"].available and caps.searches["book"].available
    assert caps.categories[2040] == "Movies/HD" and caps.categories[100001] == "Series HD"


async def test_jackett_tv_search_sends_only_the_ids_its_caps_list(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    page = await adapter_for(server, http).search(BB)
    query = sent(server.behaviour.requests, "tvsearch")
    assert query["imdbid"] == "0903747", "IMDb ids go without 'tt'"
    assert "tvdbid" not in query and "tvmazeid" not in query and "tmdbid" not in query
    assert (query["season"], query["ep"]) == ("3", "2")
    assert "q" not in query, "an id search is not narrowed by a title"
    assert query["extended"] == "1" and query["apikey"] == server.behaviour.api_key
    assert [r.title for r in page.releases] == ["Breaking.Bad.S03E02.720p.WEB-DL.x264-GRP"]


async def test_prowlarr_tv_search_sends_every_listed_id(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    await adapter_for(server, http).search(BB)
    query = sent(server.behaviour.requests, "tvsearch")
    assert (query["tvdbid"], query["tvmazeid"], query["imdbid"]) == ("81189", "169", "0903747")
    assert query["cat"] == "5030,5040", "Sonarr's default TV categories"


async def test_tv_search_without_a_listed_id_falls_back_to_text(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    indexer = adapter_for(server, http)
    page = await indexer.search(
        SearchQuery(kind="tv", text="Breaking Bad", tvdb_id=81189, season=3, episode="3")
    )
    query = sent(server.behaviour.requests, "tvsearch")
    assert query["q"] == "Breaking Bad" and "tvdbid" not in query
    assert [r.title for r in page.releases] == ["Breaking.Bad.S03E03.1080p.BluRay.x264-GRP2"]
    before = len(server.behaviour.requests)
    with pytest.raises(Unsupported, match="accepts none"):
        await indexer.search(SearchQuery(kind="tv", tvdb_id=81189, season=3))
    assert len(server.behaviour.requests) == before, "nothing sent for an impossible search"


async def test_movie_search_by_imdb_finds_a_magnet_only_release(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    page = await adapter_for(server, http).search(MATRIX)
    query = sent(server.behaviour.requests, "movie")
    assert query["imdbid"] == "0133093" and "tmdbid" not in query
    magnet_only = next(r for r in page.releases if "1080p" in r.title)
    assert magnet_only.download_url is None, "Jackett labels the magnet x-bittorrent"
    assert magnet_only.magnet and magnet_only.magnet.startswith("magnet:?xt=urn:btih:")
    assert magnet_only.info_hash == HASH_MATRIX
    assert magnet_only.imdb_id == "tt0133093" and magnet_only.tmdb_id == 603


async def test_prowlarr_movie_search_uses_tmdb_and_magnet_links(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    page = await adapter_for(server, http).search(MATRIX)
    query = sent(server.behaviour.requests, "movie")
    assert (query["imdbid"], query["tmdbid"]) == ("0133093", "603")
    assert query["cat"] == "2000,2040,2045", "Radarr defaults narrowed to the listed ids"
    by_res = {("2160p" if "2160p" in r.title else "1080p"): r for r in page.releases}
    assert by_res["1080p"].magnet is not None and by_res["1080p"].info_hash == HASH_MATRIX
    uhd = by_res["2160p"]
    assert uhd.info_hash is None and uhd.magnet is None, "Prowlarr sends no magneturl"
    assert uhd.download_url and "/1/download?apikey=" in uhd.download_url
    assert uhd.size == 60_000_000_000 and 2045 in uhd.categories


async def test_jackett_items_map_to_every_release_field(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    page = await adapter_for(server, http).search(SearchQuery(kind="search", text="breaking"))
    by_id = {r.title.split(".")[2]: r for r in page.releases}
    episode, free, pack = by_id["S03E02"], by_id["S03E03"], by_id["S03"]
    key = server.behaviour.api_key or "?"
    assert episode.seeders == 25 and episode.leechers == 3, "leechers = peers - seeders"
    assert episode.info_hash == HASH_A and episode.magnet and HASH_A in episode.magnet
    assert episode.download_url and key in episode.download_url, "grabbing needs the key"
    assert key not in episode.guid and "jackett_apikey=***" in episode.guid
    assert episode.info_url == f"{server.base}/details/bb0302"
    assert episode.size == 1_288_490_189 and episode.categories == (5000, 5040)
    assert episode.published == datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
    assert episode.tvdb_id == 81189 and episode.imdb_id == "tt0903747"
    assert episode.flags == frozenset() and episode.grabs == 50
    assert free.flags == {"freeleech", "double_upload"}
    assert (free.minimum_ratio, free.minimum_seed_time) == (1.0, 172800)
    assert (free.download_factor, free.upload_factor) == (0.0, 2.0)
    assert pack.flags == {"halfleech"}


async def test_control_characters_are_cleaned_and_unusable_items_skipped(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    page = await adapter_for(server, http).rss()
    titles = [r.title for r in page.releases]
    assert "Some.Show.S01E01.Pilot.720p.HDTV.x264-BELL" in titles
    assert not any("NOLINK" in t for t in titles), "an item without a link is skipped"
    assert len(titles) == len(server.behaviour.releases) - 1


async def test_rss_is_a_search_without_text_in_the_configured_categories(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    page = await adapter_for(server, http, categories=[5040]).rss()
    query = sent(server.behaviour.requests, "search")
    assert "q" not in query and query["cat"] == "5040" and query["limit"] == "100"
    assert page.releases and all(5040 in r.categories for r in page.releases)


async def test_query_categories_win_and_unlisted_ones_are_dropped(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="jackett")
    indexer = adapter_for(server, http, categories=[5030])
    await indexer.search(SearchQuery(kind="tv", text="Breaking Bad", categories=(5040, 5999)))
    assert sent(server.behaviour.requests, "tvsearch")["cat"] == "5040"


async def test_music_search_degrades_to_text_when_the_indexer_has_none(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    query = SearchQuery(kind="music", artist="Artist", album="Album")
    jackett = await start_server(flavour="jackett")
    page = await adapter_for(jackett, http).search(query)
    assert sent(jackett.behaviour.requests, "search")["q"] == "Artist Album"
    assert [r.title for r in page.releases] == ["Artist - Album (2020) [FLAC]"]
    prowlarr = await start_server(flavour="prowlarr")
    await adapter_for(prowlarr, http).search(query)
    music = sent(prowlarr.behaviour.requests, "music")
    assert (music["artist"], music["album"]) == ("Artist", "Album") and "q" not in music


async def test_caps_are_fetched_once_and_reused(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    indexer = adapter_for(server, http)
    await indexer.search(BB)
    await indexer.search(MATRIX)
    await indexer.rss()
    functions = [r["t"] for r in server.behaviour.requests]
    assert functions == ["caps", "tvsearch", "movie", "search"]

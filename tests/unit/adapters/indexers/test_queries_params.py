"""`search_params` and `rss_params`: which function and parameters a query becomes, given
the indexer's caps. Table-driven; the rule is "send only what caps list"."""

from __future__ import annotations

from typing import cast

import pytest

from mediaos.adapters.indexers.base import Caps, SearchCaps, SearchKind, SearchQuery
from mediaos.adapters.indexers.queries import rss_params, search_params
from mediaos.core.errors import Unsupported


def make_caps(**searches: tuple[bool, str]) -> Caps:
    return Caps(
        server_title=None,
        limit_max=100,
        limit_default=50,
        searches={
            cast(SearchKind, kind): SearchCaps(on, frozenset(p.split(",")))
            for kind, (on, p) in {"search": (True, "q"), **searches}.items()
        },
        categories={5000: "TV", 5040: "TV/HD", 2000: "Movies", 2040: "Movies/HD"},
    )


FULL = make_caps(
    tv=(True, "q,season,ep,tvdbid,tvmazeid,imdbid,tmdbid"),
    movie=(True, "q,imdbid,tmdbid,year"),
    music=(True, "q,artist,album"),
    book=(True, "q,author,title"),
)
THIN = make_caps(tv=(True, "q,season,ep"), movie=(True, "q"), music=(False, "q"), book=(False, "q"))


def params(
    query: SearchQuery, caps: Caps = FULL, configured: tuple[int, ...] = ()
) -> dict[str, str]:
    return dict(search_params(query, caps, adapter="ix", configured=configured))


CASES = [
    (
        "tv ids and episode",
        SearchQuery(kind="tv", tvdb_id=81189, imdb_id="tt0903747", season=3, episode="2"),
        FULL,
        {"t": "tvsearch", "tvdbid": "81189", "imdbid": "0903747", "season": "3", "ep": "2"},
    ),
    (
        "tv text when no id is listed",
        SearchQuery(kind="tv", text="Show", tvdb_id=1, season=1, episode="5"),
        THIN,
        {"t": "tvsearch", "q": "Show", "season": "1", "ep": "5"},
    ),
    (
        "daily episode",
        SearchQuery(kind="tv", tvdb_id=5, season=2024, episode="01/31"),
        FULL,
        {"t": "tvsearch", "tvdbid": "5", "season": "2024", "ep": "01/31"},
    ),
    (
        "season zero",
        SearchQuery(kind="tv", tvdb_id=5, season=0),
        FULL,
        {"t": "tvsearch", "tvdbid": "5", "season": "00"},
    ),
    (
        "movie by ids",
        SearchQuery(kind="movie", text="The Matrix", imdb_id="tt0133093", tmdb_id=603, year=1999),
        FULL,
        {"t": "movie", "imdbid": "0133093", "tmdbid": "603", "year": "1999"},
    ),
    (
        "movie text with year",
        SearchQuery(kind="movie", text="The Matrix", imdb_id="tt0133093", year=1999),
        THIN,
        {"t": "movie", "q": "The Matrix 1999"},
    ),
    (
        "music fields",
        SearchQuery(kind="music", artist="A", album="B"),
        FULL,
        {"t": "music", "artist": "A", "album": "B"},
    ),
    (
        "music degrades to search",
        SearchQuery(kind="music", artist="A", album="B"),
        THIN,
        {"t": "search", "q": "A B"},
    ),
    (
        "book degrades to search",
        SearchQuery(kind="book", author="Le Guin", title="Earthsea"),
        THIN,
        {"t": "search", "q": "Le Guin Earthsea"},
    ),
    ("plain text", SearchQuery(text="anything"), FULL, {"t": "search", "q": "anything"}),
]


@pytest.mark.parametrize(("name", "query", "caps", "expected"), CASES, ids=[c[0] for c in CASES])
def test_queries_send_what_caps_allow(
    name: str, query: SearchQuery, caps: Caps, expected: dict[str, str]
) -> None:
    sent = params(query, caps)
    specific = {k: v for k, v in sent.items() if k not in ("cat", "extended", "offset", "limit")}
    assert specific == expected
    assert sent["extended"] == "1"


def test_tv_season_without_season_param_folds_into_text() -> None:
    caps = make_caps(tv=(True, "q"))
    assert params(SearchQuery(kind="tv", text="Show", season=3, episode="2"), caps)["q"] == (
        "Show S03E02"
    )


def test_tv_search_unavailable_uses_sonarr_style_text() -> None:
    caps = make_caps(tv=(False, "q"))
    sent = params(SearchQuery(kind="tv", text="Show", season=3, episode="2", tvdb_id=1), caps)
    assert (sent["t"], sent["q"]) == ("search", "Show S03E02")


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(kind="tv", tvdb_id=81189, season=3),
        SearchQuery(kind="movie", tmdb_id=603),
        SearchQuery(kind="music"),
    ],
)
def test_impossible_searches_are_unsupported(query: SearchQuery) -> None:
    with pytest.raises(Unsupported):
        params(query, THIN)


def test_paging_and_limits() -> None:
    assert params(SearchQuery(text="x", offset=200, limit=25))["offset"] == "200"
    assert params(SearchQuery(text="x", limit=25))["limit"] == "25"
    assert params(SearchQuery(text="x", limit=1000))["limit"] == "100"
    assert params(SearchQuery(text="x"))["limit"] == "100"
    assert params(SearchQuery(text="x", offset=-5))["offset"] == "0"


def test_categories_query_then_configured_then_defaults_narrowed_to_caps() -> None:
    assert params(SearchQuery(kind="tv", text="x", categories=(5040,)), FULL, (2000,))["cat"] == (
        "5040"
    )
    assert params(SearchQuery(kind="tv", text="x"), FULL, (5000, 5040))["cat"] == "5000,5040"
    assert params(SearchQuery(kind="tv", text="x"))["cat"] == "5040", "5030 is not in caps"
    assert params(SearchQuery(kind="movie", text="x"))["cat"] == "2000,2040"
    assert "cat" not in params(SearchQuery(text="x"))
    assert params(SearchQuery(text="x", categories=(7777,)))["cat"] == "7777", (
        "nothing listed: send what was asked"
    )


def test_rss_is_search_without_q() -> None:
    sent = dict(rss_params(FULL, (5040, 9999)))
    assert sent == {"t": "search", "cat": "5040", "extended": "1", "offset": "0", "limit": "100"}

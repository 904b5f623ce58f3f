"""Pure parsing: provider payloads (the loopback servers' own fixtures) into MediaOS values."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from mediaos.adapters.metadata import musicbrainz, openlibrary, tmdb, tvmaze
from mediaos.adapters.metadata.base import parse_instant, parse_partial_date
from mediaos.adapters.metadata.gateway import Gateway, cache_key
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.core.errors import BadPayload
from tests.peers import metadata_payloads as p


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1997-06-16", date(1997, 6, 16)),
        ("1997-06", date(1997, 6, 1)),
        ("1997", date(1997, 1, 1)),
        ("1999-03-31T00:00:00.000Z", date(1999, 3, 31)),
        ("", None),
        (None, None),
        ("unknown", None),
        ("1997-13-01", None),
    ],
)
def test_partial_dates(text: str | None, day: date | None) -> None:
    assert parse_partial_date(text) == day


def test_instants_are_utc_and_naive_ones_are_refused() -> None:
    assert parse_instant("2008-01-20T22:00:00-05:00") == datetime(2008, 1, 21, 3, tzinfo=UTC)
    assert parse_instant("2008-01-21T03:00:00Z") == datetime(2008, 1, 21, 3, tzinfo=UTC)
    assert parse_instant("2008-01-21T03:00:00") is None
    assert parse_instant("") is None


def test_tmdb_key_shapes() -> None:
    assert not tmdb.is_read_access_token(p.TMDB_KEY)
    assert tmdb.is_read_access_token(p.TMDB_TOKEN)


def test_tmdb_movie_without_dates_or_runtime_has_nones() -> None:
    raw = tmdb._Movie.model_validate(
        {"id": 1, "title": "Untitled", "release_date": "", "runtime": 0}
    )
    movie = tmdb.to_movie(raw, "US")
    assert (movie.year, movie.runtime, movie.in_cinemas, movie.digital) == (None, None, None, None)


def test_tmdb_release_dates_prefer_the_region_then_the_earliest() -> None:
    movie = tmdb.to_movie(tmdb._Movie.model_validate(p.MATRIX), None)
    assert movie.in_cinemas == date(1999, 3, 31)  # earliest theatrical anywhere
    assert movie.physical == date(1999, 8, 1)  # GB's disc came first


def test_tvmaze_specials_move_to_season_zero_in_air_order() -> None:
    regular = [tvmaze._Episode.model_validate(e) for e in p.BREAKING_BAD_EPISODES]
    specials = [tvmaze._Episode.model_validate(e) for e in p.BREAKING_BAD_SPECIALS]
    episodes = tvmaze.to_episodes(regular, specials)
    zero = [e for e in episodes if e.season == 0]
    assert [(e.number, e.air_date) for e in zero] == [
        (1, date(2008, 12, 1)),
        (2, date(2009, 2, 17)),
    ]


def test_musicbrainz_lucene_quoting_and_release_choice() -> None:
    assert musicbrainz.quote('say "hi" \\o/') == '"say \\"hi\\" \\\\o/"'
    group = musicbrainz._Group.model_validate(p.OK_COMPUTER_GROUP)
    assert musicbrainz.pick_release(group.releases) == p.OK_COMPUTER_GB
    bootleg_only = [r for r in group.releases if r.status == "Bootleg"]
    assert musicbrainz.pick_release(bootleg_only) == p.OK_COMPUTER_BOOT
    assert musicbrainz.pick_release([]) is None


def test_openlibrary_year_from_free_text_and_editions() -> None:
    work = openlibrary._Work.model_validate({**p.HOBBIT_WORK, "first_publish_date": None})
    editions = [openlibrary._Edition.model_validate(e) for e in p.HOBBIT_EDITIONS]
    book = openlibrary.to_book(work, "J.R.R. Tolkien", editions)
    assert book.first_publish_year == 1999  # the earliest edition, when the work has no date
    assert openlibrary.last_segment("/works/OL262758W") == "OL262758W"


def test_cache_keys_are_sorted_and_public() -> None:
    assert cache_key("tvmaze", "/shows/1", {"embed": "episodes", "a": 1}) == (
        "tvmaze:/shows/1?a=1&embed=episodes"
    )
    assert cache_key("tvmaze", "/shows/1") == "tvmaze:/shows/1"


def test_a_refused_body_names_the_field_not_the_content() -> None:
    gateway = Gateway(provider="tmdb", client=httpx.AsyncClient(), limiter=RateLimiter(1, 1.0))
    with pytest.raises(BadPayload) as caught:
        gateway.parse(b'{"id": "secret-looking-value", "title": 3}', tmdb._Movie, "GET /movie/1")
    assert "secret-looking-value" not in str(caught.value)
    assert "unexpected JSON at id" in str(caught.value)
    with pytest.raises(BadPayload, match=r"the document|json_invalid"):
        gateway.parse(b"<html>", tmdb._Movie, "GET /movie/1")

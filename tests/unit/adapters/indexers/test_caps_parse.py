"""`parse_caps` and `page_size`: caps documents to `Caps`, with the spec's defaults."""

from __future__ import annotations

import pytest

from mediaos.adapters.indexers.caps import FALLBACK_CAPS, page_size, parse_caps
from mediaos.adapters.indexers.replies import load_xml
from mediaos.core.errors import BadPayload


def caps(inner: str) -> str:
    return f'<?xml version="1.0"?><caps>{inner}</caps>'


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_caps(load_xml(text.encode(), adapter="ix", operation="caps"), adapter="ix")


def test_supported_params_are_read_lower_case_and_trimmed() -> None:
    result = parse(
        caps(
            '<searching><tv-search available="yes" supportedParams="q, TVDBID,season ,ep"/>'
            "</searching>"
        )
    )
    assert result.searches["tv"].available
    assert result.searches["tv"].params == {"q", "tvdbid", "season", "ep"}


def test_missing_supported_params_mean_the_revision_1_1_defaults() -> None:
    result = parse(
        caps(
            '<searching><search available="yes"/><tv-search available="yes"/>'
            '<movie-search available="yes"/><book-search available="no"/>'
            "</searching>"
        )
    )
    assert result.searches["search"].params == {"q"}
    assert result.searches["tv"].params == {"q", "rid", "season", "ep"}
    assert result.searches["movie"].params == {"q", "imdbid"}
    assert not result.searches["book"].available
    assert not result.searches["music"].available, "absent elements are not available"


def test_music_and_audio_spellings_are_one_kind() -> None:
    audio_only = parse(
        caps('<searching><audio-search available="yes" supportedParams="q,artist"/></searching>')
    )
    assert audio_only.searches["music"].params == {"q", "artist"}
    both = parse(
        caps(
            '<searching><audio-search available="yes" supportedParams="q"/>'
            '<music-search available="no" supportedParams="q,album"/></searching>'
        )
    )
    assert both.searches["music"].available, "one 'yes' is enough"


def test_no_searching_block_gives_sonarrs_fallback() -> None:
    result = parse(caps('<server title="Tiny"/>'))
    assert result.searches == FALLBACK_CAPS.searches and result.server_title == "Tiny"


def test_limits_and_page_size() -> None:
    result = parse(caps('<limits max="500" default="25"/>'))
    assert (result.limit_max, result.limit_default) == (500, 25)
    assert page_size(result) == 100, "never more than 100 per page"
    assert page_size(parse(caps('<limits max="50" default="20"/>'))) == 50
    assert page_size(parse(caps('<limits max="junk"/>'))) == 100


def test_categories_and_subcategories_are_flattened() -> None:
    result = parse(
        caps(
            '<categories><category id="5000" name="TV"><subcat id="5040" name="HD"/>'
            '<subcat id="5045" name="TV/UHD"/></category>'
            '<category id="0" name="Other"/><category id="x" name="Bad"/>'
            '<category id="100001" name="Site"/></categories>'
        )
    )
    assert result.categories == {
        5000: "TV",
        5040: "TV/HD",
        5045: "TV/UHD",
        0: "Other",
        100001: "Site",
    }


def test_a_document_that_is_not_caps_is_bad() -> None:
    with pytest.raises(BadPayload, match="expected <caps>"):
        parse('<rss version="2.0"/>')

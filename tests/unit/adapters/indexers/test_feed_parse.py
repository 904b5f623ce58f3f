"""`parse_feed`: RSS bytes to releases, no sockets. Field precedence, tolerance per item,
strictness per document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mediaos.adapters.indexers.feed import clean_title, parse_feed
from mediaos.core.errors import AuthRejected, BadPayload

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HASH = "0123456789abcdef0123456789abcdef01234567"


def feed(
    items: str,
    *,
    ns: str = "torznab",
    uri: str = "http://torznab.com/schemas/2015/feed",
    channel: str = "",
) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:{ns}="{uri}"><channel>{channel}'
        f"{items}</channel></rss>"
    ).encode()


def item(*parts: str, title: str = "Show.S01E01.720p-GRP") -> str:
    return f"<item><title>{title}</title>{''.join(parts)}</item>"


def attr(name: str, value: object, ns: str = "torznab") -> str:
    return f'<{ns}:attr name="{name}" value="{value}"/>'


def one(body: bytes, protocol: str = "torrent"):  # type: ignore[no-untyped-def]
    page = parse_feed(body, indexer="ix", protocol=protocol, now=NOW)  # type: ignore[arg-type]
    assert len(page.releases) == 1, page
    return page.releases[0]


TORRENT = (
    '<enclosure url="http://ix/dl/1.torrent?passkey=SECRET" length="4242" '
    'type="application/x-bittorrent"/>'
)
NZB = '<enclosure url="http://ix/getnzb/1.nzb&amp;r=SECRET" length="100" type="application/x-nzb"/>'


def test_size_comes_from_the_attribute_then_bare_size_then_enclosure_length() -> None:
    assert one(feed(item(TORRENT, "<size>777</size>", attr("size", 999)))).size == 999
    assert one(feed(item(TORRENT, "<size>777</size>"))).size == 777
    assert one(feed(item(TORRENT))).size == 4242
    assert one(feed(item(TORRENT.replace("4242", "0"), attr("size", "junk")))).size is None


def test_usenetdate_beats_pubdate_and_dates_become_utc() -> None:
    body = feed(
        item(
            NZB,
            "<pubDate>Sun, 06 Jun 2010 17:29:23 +0100</pubDate>",
            attr("usenetdate", "Sat, 05 Jun 2010 10:00:00 -0500", "newznab"),
        ),
        ns="newznab",
        uri="http://www.newznab.com/DTD/2010/feeds/attributes/",
    )
    assert one(body, "usenet").published == datetime(2010, 6, 5, 15, 0, tzinfo=UTC)
    plain = feed(item(TORRENT, "<pubDate>Sun, 06 Jun 2010 17:29:23 +0100</pubDate>"))
    assert one(plain).published == datetime(2010, 6, 6, 16, 29, 23, tzinfo=UTC)
    assert one(feed(item(TORRENT, "<pubDate>yesterday</pubDate>"))).published is None


@pytest.mark.parametrize(
    ("attrs", "seeders", "leechers"),
    [
        ({"seeders": 5, "peers": 9}, 5, 4),
        ({"leechers": 4, "peers": 9}, 5, 4),
        ({"seeders": 5, "leechers": 1, "peers": 9}, 5, 1),
        ({"peers": 9}, None, None),
        ({"seeders": "-3"}, None, None),
    ],
)
def test_two_of_seeders_leechers_peers_give_the_third(
    attrs: dict[str, object], seeders: int | None, leechers: int | None
) -> None:
    release = one(feed(item(TORRENT, *(attr(k, v) for k, v in attrs.items()))))
    assert (release.seeders, release.leechers) == (seeders, leechers)


@pytest.mark.parametrize(
    ("down", "up", "flags"),
    [
        ("0", "1", {"freeleech"}),
        ("0.25", "1", {"freeleech75"}),
        ("0.5", "1", {"halfleech"}),
        ("0.75", "1", {"freeleech25"}),
        ("1", "2", {"double_upload"}),
        ("-1", "99", set()),
    ],
)
def test_volume_factors_become_flags_and_absurd_ones_are_dropped(
    down: str, up: str, flags: set[str]
) -> None:
    release = one(
        feed(item(TORRENT, attr("downloadvolumefactor", down), attr("uploadvolumefactor", up)))
    )
    assert release.flags == flags
    if down == "-1":
        assert release.download_factor is None and release.upload_factor is None


def test_tags_and_newznab_markers_become_flags() -> None:
    body = feed(item(TORRENT, attr("tag", "internal"), attr("tag", "Scene"), attr("nuked", 1)))
    assert one(body).flags == {"internal", "scene", "nuked"}


def test_magnets_labelled_as_torrents_are_read_by_scheme() -> None:
    magnet = f"magnet:?xt=urn:btih:{HASH.upper()}&amp;dn=x"
    body = feed(item(f'<enclosure url="{magnet}" type="application/x-bittorrent"/>'))
    release = one(body)
    assert release.download_url is None and release.magnet and release.info_hash == HASH


def test_infohash_attribute_wins_and_magneturl_fills_the_magnet() -> None:
    other = "f" * 40
    body = feed(
        item(
            TORRENT,
            attr("infohash", HASH.upper()),
            attr("magneturl", f"magnet:?xt=urn:btih:{other}&amp;dn=x"),
        )
    )
    release = one(body)
    assert release.info_hash == HASH and release.magnet and other in release.magnet
    assert release.download_url == "http://ix/dl/1.torrent?passkey=SECRET"


def test_an_invalid_magnet_leaves_the_hash_unknown() -> None:
    body = feed(item(TORRENT, attr("magneturl", "magnet:?xt=urn:btih:nothex&amp;dn=x")))
    assert one(body).info_hash is None


def test_the_protocol_picks_its_enclosure() -> None:
    both = item(TORRENT, NZB)
    assert one(feed(both)).download_url == "http://ix/dl/1.torrent?passkey=SECRET"
    newznab = one(feed(both), "usenet")
    assert newznab.download_url == "http://ix/getnzb/1.nzb&r=SECRET" and newznab.magnet is None


def test_a_torrent_only_feed_is_refused_by_newznab() -> None:
    with pytest.raises(BadPayload, match="Torznab"):
        parse_feed(feed(item(TORRENT)), indexer="ix", protocol="usenet", now=NOW)
    with pytest.raises(BadPayload, match="Newznab"):
        parse_feed(feed(item(NZB)), indexer="ix", protocol="torrent", now=NOW)


def test_link_is_the_fallback_download() -> None:
    assert one(feed(item("<link>https://ix/dl/9</link>"))).download_url == "https://ix/dl/9"


def test_unusable_items_are_skipped_and_counted() -> None:
    body = feed(
        item(TORRENT)
        + item(TORRENT, title="  ")
        + item("<link>ftp://x</link>")
        + "<item><guid>no title</guid></item>"
    )
    page = parse_feed(body, indexer="ix", protocol="torrent", now=NOW)
    assert len(page.releases) == 1 and page.skipped == 3


def test_secrets_stay_in_download_url_only() -> None:
    body = feed(
        item(
            TORRENT,
            "<guid>http://ix/dl/1?apikey=SECRET</guid>",
            "<comments>http://ix/details/1?token=SECRET#comments</comments>",
        )
    )
    release = one(body)
    assert release.guid == "http://ix/dl/1?apikey=***"
    assert release.info_url == "http://ix/details/1?token=***"
    assert release.download_url and "SECRET" in release.download_url


def test_permalink_guid_is_the_info_url_without_comments() -> None:
    body = feed(item(TORRENT, '<guid isPermaLink="true">https://ix/details/5</guid>'))
    assert one(body).info_url == "https://ix/details/5"
    assert one(feed(item(TORRENT, "<guid>abc</guid>"))).info_url is None


def test_ids_and_repeated_categories() -> None:
    body = feed(
        item(
            TORRENT,
            "<category>5040</category>",
            attr("category", 5000),
            attr("category", 5040),
            attr("category", 5040),
            attr("imdb", "133093"),
            attr("tvdbid", 81189),
            attr("tmdbid", 0),
            attr("tvmazeid", 169),
            attr("grabs", "12"),
            attr("minimumratio", "1.5"),
            attr("minimumseedtime", "3600"),
        )
    )
    release = one(body)
    assert release.categories == (5000, 5040)
    assert (release.imdb_id, release.tvdb_id, release.tmdb_id, release.tvmaze_id) == (
        "tt0133093",
        81189,
        None,
        169,
    )
    assert (release.grabs, release.minimum_ratio, release.minimum_seed_time) == (12, 1.5, 3600)
    assert one(feed(item(TORRENT, attr("imdbid", "tt0903747")))).imdb_id == "tt0903747"


def test_attributes_are_matched_by_namespace_uri_not_prefix() -> None:
    body = feed(item(TORRENT, attr("seeders", 7, ns="tz")), ns="tz")
    assert one(body).seeders == 7
    newznab_ns = feed(
        item(TORRENT, attr("seeders", 8, ns="nn")),
        ns="nn",
        uri="http://www.newznab.com/DTD/2010/feeds/attributes/",
    )
    assert one(newznab_ns).seeders == 8
    foreign = feed(item(TORRENT, attr("seeders", 9, ns="x")), ns="x", uri="urn:other")
    assert one(foreign).seeders is None


def test_response_offset_and_total_are_read() -> None:
    body = feed(item(TORRENT), channel='<torznab:response offset="200" total="2344"/>')
    page = parse_feed(body, indexer="ix", protocol="torrent", now=NOW)
    assert (page.offset, page.total) == (200, 2344)


def test_control_characters_in_titles_are_removed() -> None:
    body = feed(item(TORRENT, title="Bad&#7;.Title&#x1F;.S01E01\u0085\u200b  720p"))
    assert one(body).title == "Bad.Title.S01E01 720p"
    assert clean_title(" a\tb\nc\x00 ") == "a b c"
    assert len(clean_title("x" * 5000)) == 500


def test_raw_forbidden_bytes_do_not_cost_the_page() -> None:
    body = feed(item(TORRENT, title="Raw\x01\x02.Title"))
    assert one(body).title == "Raw.Title"


def test_an_error_document_raises_instead_of_an_empty_page() -> None:
    body = b'<?xml version="1.0"?><error code="100" description="Incorrect user credentials"/>'
    with pytest.raises(AuthRejected, match="100"):
        parse_feed(body, indexer="ix", protocol="torrent", now=NOW)


def test_a_document_that_is_not_rss_is_bad() -> None:
    with pytest.raises(BadPayload, match="expected an RSS feed"):
        parse_feed(b"<caps/>", indexer="ix", protocol="torrent", now=NOW)
    empty = parse_feed(feed(""), indexer="ix", protocol="torrent", now=NOW)
    assert empty.releases == () and empty.skipped == 0

"""Torznab/Newznab documents shaped like Jackett's, Prowlarr's and nZEDb's (protocols.md 1).

Why three flavours: each server spells the same facts differently, and the adapter must read
all of them. Jackett: RSS 2.0, `jackettindexer`, `magneturl`, `imdb` *and* `imdbid`, magnets
in an enclosure labelled `application/x-bittorrent`, `peers` = seeders + leechers.
Prowlarr: RSS 1.0, `prowlarrindexer`, bare `<size>` and numeric `<category>` elements, no
`newznab:response`, no `magneturl` (a magnet-only release has the magnet as link and
enclosure). nZEDb: RSS 2.0 newznab, `newznab:response offset total`, `guid isPermaLink`,
"TV > HD" categories, usenet attributes (`usenetdate`, `poster`, `group`, `password`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

Flavour = Literal["jackett", "prowlarr", "nzedb"]
NS_TORZNAB = "http://torznab.com/schemas/2015/feed"
NS_NEWZNAB = "http://www.newznab.com/DTD/2010/feeds/attributes/"
NS_ATOM = "http://www.w3.org/2005/Atom"
BASE_DATE = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


@dataclass
class FakeRelease:
    id: str
    title: str
    kind: Literal["tv", "movie", "music", "book", "other"]
    categories: tuple[int, ...]
    size: int
    age_hours: int = 1
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    imdb_id: int | None = None
    tmdb_id: int | None = None
    season: int | None = None
    episode: int | None = None
    seeders: int = 10
    leechers: int = 2
    grabs: int = 50
    info_hash: str | None = None  # told in the feed (Jackett/Prowlarr infohash attr)
    magnet_only: bool = False
    download_factor: float = 1.0
    upload_factor: float = 1.0
    minimum_ratio: float | None = None
    minimum_seed_time: int | None = None
    broken: bool = False  # no link, no enclosure: a feed item no client can use

    @property
    def published(self) -> datetime:
        return BASE_DATE - timedelta(hours=self.age_hours)

    def magnet(self) -> str:
        hash_ = self.info_hash or (self.id.encode().hex() * 40)[:40]
        return f"magnet:?xt=urn:btih:{hash_}&dn={self.title}&tr=udp%3A%2F%2Ftracker.example%3A1337"


HASH_A = "5b8d0bb77ffbd0a9bdb4b3a1d7e3b28c0a1f9e11"
HASH_MATRIX = "e8b1ab9c1bd9ae8b20ba6c3e6f4d2b1a09c8d7e6"


def catalogue() -> list[FakeRelease]:
    """The releases every fake indexer starts with."""
    return [
        _bb(
            "bb0302",
            "Breaking.Bad.S03E02.720p.WEB-DL.x264-GRP",
            categories=(5000, 5040),
            size=1_288_490_189,
            season=3,
            episode=2,
            info_hash=HASH_A,
            seeders=25,
            leechers=3,
            age_hours=2,
        ),
        _bb(
            "bb0303",
            "Breaking.Bad.S03E03.1080p.BluRay.x264-GRP2",
            categories=(5040,),
            size=4_500_000_000,
            season=3,
            episode=3,
            download_factor=0.0,
            upload_factor=2.0,
            minimum_ratio=1.0,
            minimum_seed_time=172800,
            age_hours=3,
        ),
        _bb(
            "bb03",
            "Breaking.Bad.S03.720p.BluRay.x264-PACK",
            categories=(5040,),
            size=20_000_000_000,
            season=3,
            download_factor=0.5,
            age_hours=4,
        ),
        FakeRelease(
            "matrix1080",
            "The.Matrix.1999.1080p.BluRay.x264-AMIABLE",
            "movie",
            (2000, 2040),
            8_500_000_000,
            imdb_id=133093,
            tmdb_id=603,
            info_hash=HASH_MATRIX,
            magnet_only=True,
            age_hours=5,
        ),
        FakeRelease(
            "matrix2160",
            "The.Matrix.1999.2160p.UHD.BluRay.x265-TERMiNAL",
            "movie",
            (2045,),
            60_000_000_000,
            imdb_id=133093,
            tmdb_id=603,
            age_hours=6,
        ),
        FakeRelease(
            "bell",
            "Some.Show.S01E01.Pilot\x07.720p.HDTV.x264-BELL",
            "tv",
            (5040,),
            900_000_000,
            tvdb_id=12345,
            season=1,
            episode=1,
            age_hours=7,
        ),
        FakeRelease(
            "broken", "Broken.Item.S01E01.720p-NOLINK", "tv", (5040,), 1, broken=True, age_hours=8
        ),
        FakeRelease(
            "flac", "Artist - Album (2020) [FLAC]", "music", (3000, 3040), 400_000_000, age_hours=9
        ),
    ]


def _bb(id_: str, title: str, **fields: Any) -> FakeRelease:
    """An episode of Breaking Bad: TheTVDB 81189, TVmaze 169, IMDb tt0903747."""
    return FakeRelease(id_, title, "tv", tvdb_id=81189, tvmaze_id=169, imdb_id=903747, **fields)


def generated(count: int) -> list[FakeRelease]:
    """`count` episodes of one show, newest first: for paging tests."""
    return [
        FakeRelease(
            f"gen{i:04d}",
            f"Generated.Show.S01E{i:02d}.720p.WEB.h264-GEN",
            "tv",
            (5000, 5040),
            700_000_000 + i,
            tvdb_id=999,
            season=1,
            episode=i,
            age_hours=i,
        )
        for i in range(1, count + 1)
    ]


def _attr(ns: str, name: str, value: object) -> str:
    return f"<{ns}:attr name={quoteattr(name)} value={quoteattr(str(value))}/>"


def _title(text: str) -> str:
    """Escape, but write C0 control characters as character references, as careless
    servers do (XML 1.0 forbids them either way)."""
    return "".join(f"&#{ord(c)};" if ord(c) < 0x20 else escape(c) for c in text)


def _category_name(category: int) -> str:
    names = {
        5000: "TV",
        5040: "TV &gt; HD",
        2000: "Movies",
        2040: "Movies &gt; HD",
        2045: "Movies &gt; UHD",
        3000: "Audio",
        3040: "Audio &gt; Lossless",
    }
    return names.get(category, "Other")


def item_xml(r: FakeRelease, flavour: Flavour, base: str, api_key: str) -> str:
    date = format_datetime(r.published)
    if flavour == "nzedb":
        return _nzedb_item(r, base, api_key, date)
    if flavour == "jackett":
        link = f"{base}/dl/tracker/?jackett_apikey={api_key}&path={r.id}&file={r.id}"
        url = r.magnet() if r.magnet_only else link
        parts = [
            f"<title>{_title(r.title)}</title>",
            f"<guid>{escape(url)}</guid>",
            '<jackettindexer id="tracker">Tracker</jackettindexer>',
            "<type>private</type>",
            f"<comments>{base}/details/{r.id}</comments>",
            f"<pubDate>{date}</pubDate>",
            f"<size>{r.size}</size>",
            "<description />",
            f"<link>{escape(url)}</link>",
        ]
        parts += [f"<category>{c}</category>" for c in r.categories]
        if not r.broken:
            parts.append(
                f'<enclosure url={quoteattr(url)} length="{r.size}" '
                'type="application/x-bittorrent" />'
            )
    else:
        link = f"{base}/1/download?apikey={api_key}&link={r.id}&file={r.id}"
        url = r.magnet() if r.magnet_only else link
        kind = (
            "application/x-bittorrent;x-scheme-handler/magnet"
            if r.magnet_only
            else "application/x-bittorrent"
        )
        parts = [
            f"<guid>{base}/details/{r.id}</guid>",
            '<prowlarrindexer id="1" type="private">Tracker</prowlarrindexer>',
            f"<title>{_title(r.title)}</title>",
            "<description />",
            f"<comments>{base}/details/{r.id}</comments>",
            f"<size>{r.size}</size>",
        ]
        parts += [f"<category>{c}</category>" for c in r.categories]
        parts.append(f"<pubDate>{date}</pubDate>")
        if not r.broken:
            parts += [
                f"<link>{escape(url)}</link>",
                f'<enclosure url={quoteattr(url)} length="{r.size}" type="{kind}" />',
            ]
    if r.broken:
        parts = [p for p in parts if not p.startswith(("<link", "<guid"))]
    attrs = [_attr("torznab", "category", c) for c in r.categories]
    if r.imdb_id:
        attrs.append(_attr("torznab", "imdb", f"{r.imdb_id:07d}"))
        if flavour == "jackett":
            attrs.append(_attr("torznab", "imdbid", f"tt{r.imdb_id:07d}"))
    if r.tvdb_id:
        attrs.append(_attr("torznab", "tvdbid", r.tvdb_id))
    if r.tmdb_id:
        attrs.append(_attr("torznab", "tmdbid", r.tmdb_id))
    attrs += [
        _attr("torznab", "seeders", r.seeders),
        _attr("torznab", "files", 1),
        _attr("torznab", "grabs", r.grabs),
        _attr("torznab", "peers", r.seeders + r.leechers),
    ]
    if r.info_hash:
        attrs.append(_attr("torznab", "infohash", r.info_hash))
    if flavour == "jackett" and r.info_hash:
        attrs.append(_attr("torznab", "magneturl", r.magnet()))
    if r.minimum_ratio is not None:
        attrs.append(_attr("torznab", "minimumratio", r.minimum_ratio))
    if r.minimum_seed_time is not None:
        attrs.append(_attr("torznab", "minimumseedtime", r.minimum_seed_time))
    attrs += [
        _attr("torznab", "downloadvolumefactor", r.download_factor),
        _attr("torznab", "uploadvolumefactor", r.upload_factor),
    ]
    return "<item>" + "".join(parts + attrs) + "</item>"


def _nzedb_item(r: FakeRelease, base: str, api_key: str, date: str) -> str:
    details = f"{base}/details/{r.id}"
    link = f"{base}/getnzb/{r.id}.nzb&amp;i=1&amp;r={api_key}"
    parts = [
        f"<title>{_title(r.title)}</title>",
        f'<guid isPermaLink="true">{details}</guid>',
        f"<comments>{details}#comments</comments>",
        f"<pubDate>{date}</pubDate>",
        f"<category>{_category_name(r.categories[-1])}</category>",
        f"<description>{escape(r.title)}</description>",
    ]
    if not r.broken:
        parts[1:1] = [f"<link>{link}</link>"]
        parts.append(f'<enclosure url="{link}" length="{r.size}" type="application/x-nzb" />')
    attrs = [_attr("newznab", "category", c) for c in r.categories]
    attrs += [
        _attr("newznab", "size", r.size),
        _attr("newznab", "guid", r.id),
        _attr("newznab", "files", 42),
        _attr("newznab", "poster", "yenc@example.invalid"),
        _attr("newznab", "group", "alt.binaries.teevee"),
        _attr("newznab", "grabs", r.grabs),
        _attr("newznab", "comments", 0),
        _attr("newznab", "password", 0),
        _attr("newznab", "usenetdate", format_datetime(r.published - timedelta(hours=1))),
    ]
    for name, value in (
        ("tvdbid", r.tvdb_id),
        ("tvmazeid", r.tvmaze_id),
        ("season", r.season),
        ("episode", r.episode),
        ("tmdbid", r.tmdb_id),
    ):
        if value is not None:
            attrs.append(_attr("newznab", name, value))
    if r.imdb_id:
        attrs.append(_attr("newznab", "imdb", f"{r.imdb_id:07d}"))
    return "<item>" + "".join(parts + attrs) + "</item>"


def feed_xml(
    items: list[FakeRelease], flavour: Flavour, base: str, api_key: str, *, offset: int, total: int
) -> bytes:
    body = "".join(item_xml(r, flavour, base, api_key) for r in items)
    if flavour == "nzedb":
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="{NS_ATOM}"'
            f' xmlns:newznab="{NS_NEWZNAB}" encoding="utf-8"><channel>'
            f'<atom:link href="{base}/api" rel="self" type="application/rss+xml" />'
            "<title>nZEDb</title><description>nZEDb API Results</description>"
            f"<link>{base}/</link><language>en-gb</language>"
            "<webMaster>admin@example.invalid (nZEDb)</webMaster><category />"
            f'<newznab:response offset="{offset}" total="{total}" />'
            f"{body}</channel></rss>"
        ).encode()
    version, title = ("2.0", "AggregateSearch") if flavour == "jackett" else ("1.0", "Prowlarr")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="{version}" '
        f'xmlns:atom="{NS_ATOM}" xmlns:torznab="{NS_TORZNAB}"><channel>'
        f'<atom:link href="{base}/api" rel="self" type="application/rss+xml" />'
        f"<title>{title}</title><description>{title}</description>"
        f"<link>{base}/</link><language>en-US</language><category>search</category>"
        f"{body}</channel></rss>"
    ).encode()


#: supportedParams per search element, as each server ships them; None = attribute absent.
SEARCHING: dict[Flavour, dict[str, tuple[bool, str | None]]] = {
    "jackett": {
        "search": (True, "q"),
        "tv-search": (True, "q,season,ep,imdbid"),
        "movie-search": (True, "q,imdbid"),
        "music-search": (False, "q"),
        "audio-search": (False, "q"),
        "book-search": (False, "q"),
    },
    "prowlarr": {
        "search": (True, "q"),
        "tv-search": (True, "q,season,ep,imdbid,tvdbid,tmdbid,tvmazeid"),
        "movie-search": (True, "q,imdbid,tmdbid"),
        "music-search": (True, "q,album,artist"),
        "audio-search": (True, "q,album,artist"),
        "book-search": (True, "q,title,author"),
    },
    "nzedb": {
        "search": (True, "q"),
        "tv-search": (True, "q,vid,tvdbid,traktid,rid,tvmazeid,imdbid,tmdbid,season,ep"),
        "movie-search": (True, "q,imdbid"),
        "audio-search": (False, None),
    },
}


def caps_xml(flavour: Flavour, searching: dict[str, tuple[bool, str | None]]) -> bytes:
    rows = []
    for tag, (available, params) in searching.items():
        extra = "" if params is None else f' supportedParams="{params}"'
        rows.append(f'<{tag} available="{"yes" if available else "no"}"{extra} />')
    if flavour == "nzedb":
        head = (
            '<server version="0.8.21.0" title="nZEDb" strapline="A great usenet indexer" '
            'email="admin@example.invalid" url="http://nzedb.example/" />'
            '<limits max="100" default="100" /><retention days="1500" />'
            '<registration available="no" open="yes" />'
        )
        cats = (
            '<category id="2000" name="Movies"><subcat id="2030" name="SD" />'
            '<subcat id="2040" name="HD" /><subcat id="2045" name="UHD" /></category>'
            '<category id="5000" name="TV"><subcat id="5030" name="SD" />'
            '<subcat id="5040" name="HD" /><subcat id="5999" name="Other" /></category>'
            '<category id="3000" name="Audio"><subcat id="3040" name="Lossless" /></category>'
        )
    else:
        title = "Jackett" if flavour == "jackett" else "Prowlarr"
        head = f'<server title="{title}" /><limits default="100" max="100" />'
        cats = (
            '<category id="2000" name="Movies"><subcat id="2040" name="Movies/HD" />'
            '<subcat id="2045" name="Movies/UHD" /></category>'
            '<category id="5000" name="TV"><subcat id="5030" name="TV/SD" />'
            '<subcat id="5040" name="TV/HD" /></category>'
            '<category id="3000" name="Audio"><subcat id="3040" name="Audio/Lossless" />'
            '</category><category id="100001" name="Series HD" />'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<caps>{head}<searching>{"".join(rows)}'
        f"</searching><categories>{cats}</categories></caps>"
    ).encode()


def error_xml(code: int, description: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<error code="{code}" '
        f"description={quoteattr(description)} />"
    ).encode()

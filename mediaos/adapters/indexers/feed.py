"""Newznab/Torznab RSS items to `ReleaseInfo` values (protocols.md 1.4 and 1.5). Pure.

Why tolerant per item and strict per document: a feed is a page of strangers' uploads, and
one item without a link or with a nonsense size must not hide the other 99. So an invalid
item is skipped and counted, while a document that is not a feed at all, or a Newznab feed
that only offers torrents (the user picked the wrong indexer type, Sonarr refuses it the
same way), is a `BadPayload`.

Field rules copied from Sonarr, because users compare results with it:
- download link: the enclosure of the protocol's type (by MIME type *and* URL scheme:
  Jackett labels magnets `application/x-bittorrent`), else `<link>`;
- size: `attr size`, then the bare `<size>` of Jackett/Prowlarr, then `enclosure@length`;
- date: `usenetdate` beats `pubDate`;
- peers: of seeders/leechers/peers, any two give the third;
- flags: volume factors (0 freeleech, .25 freeleech75, .5 halfleech, .75 freeleech25,
  upload 2 double_upload), tags internal/scene/freeleech, prematch/haspretime, nuked.

`info_url` and `guid` pass through `redact_url`; `download_url` and `magnet` keep their
secrets because the grab needs them, so they must never be logged as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element

from mediaos.adapters.http import redact_url
from mediaos.adapters.indexers.replies import (
    EXTENSION_NAMESPACES,
    extension_attrs,
    load_xml,
    parse_date,
    raise_for_error,
)
from mediaos.adapters.torrentfiles import magnet_info_hash, normalise_info_hash
from mediaos.core.errors import BadPayload
from mediaos.core.releaseinfo import ReleaseInfo, TransferProtocol

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\ufeff]+")
_MAX_TITLE = 500
_DOWNLOAD_FACTORS = {0.0: "freeleech", 0.25: "freeleech75", 0.5: "halfleech", 0.75: "freeleech25"}
_TAG_FLAGS = {"internal": "internal", "scene": "scene", "freeleech": "freeleech"}


@dataclass(frozen=True, slots=True)
class FeedPage:
    releases: tuple[ReleaseInfo, ...]
    offset: int | None  # newznab:response offset, when the server says
    total: int | None  # newznab:response total, when the server says
    skipped: int  # items that were not usable releases


def parse_feed(body: bytes, *, indexer: str, protocol: TransferProtocol, now: datetime) -> FeedPage:
    """A search or RSS answer's bytes to releases; typed errors for `<error>` and junk."""
    root = load_xml(body, adapter=indexer, operation="search")
    raise_for_error(
        root, adapter=indexer, operation="search", api_key_sent=True, hint=None, now=now
    )
    return read_feed(root, indexer=indexer, protocol=protocol)


def read_feed(root: Element, *, indexer: str, protocol: TransferProtocol) -> FeedPage:
    """Releases from a parsed `<rss>` document (its `<error>` was checked by the caller)."""
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise BadPayload(indexer, "search", f"expected an RSS feed, got <{root.tag}>")
    releases: list[ReleaseInfo] = []
    skipped = wrong_protocol = 0
    for item in channel.iter("item"):
        release = parse_item(item, indexer=indexer, protocol=protocol)
        if isinstance(release, ReleaseInfo):
            releases.append(release)
        else:
            skipped += 1
            wrong_protocol += release == "wrong-protocol"
    if wrong_protocol and not releases:
        other = "Torznab" if protocol == "usenet" else "Newznab"
        raise BadPayload(
            indexer, "search", f"the feed offers no {protocol} releases; is it a {other} indexer?"
        )
    offset, total = _response_bounds(channel)
    return FeedPage(tuple(releases), offset, total, skipped)


def parse_item(item: Element, *, indexer: str, protocol: TransferProtocol) -> ReleaseInfo | str:
    """One item as a release, or the reason it is not one ("no-title", "no-link", ...)."""
    title = clean_title(item.findtext("title") or "")
    if not title:
        return "no-title"
    attrs = extension_attrs(item)
    enclosures = [
        (e.get("url", "").strip(), e.get("type", "").lower(), e.get("length"))
        for e in item.findall("enclosure")
    ]
    link = (item.findtext("link") or "").strip()
    if protocol == "torrent":
        download_url, magnet = _torrent_links(enclosures, link, _first(attrs, "magneturl"))
    else:
        download_url, magnet = _usenet_link(enclosures, link), None
    if download_url is None and magnet is None:
        return "wrong-protocol" if _offers_other_protocol(enclosures, protocol) else "no-link"
    seeders, leechers = _swarm(attrs)
    download_factor = _factor(_first(attrs, "downloadvolumefactor"))
    upload_factor = _factor(_first(attrs, "uploadvolumefactor"))
    guid = (item.findtext("guid") or "").strip() or download_url or magnet or title
    return ReleaseInfo(
        title=title,
        guid=redact_url(guid),
        indexer=indexer,
        protocol=protocol,
        download_url=download_url,
        magnet=magnet,
        info_hash=_info_hash(_first(attrs, "infohash"), magnet),
        size=_size(attrs, item, enclosures),
        published=_published(attrs, item),
        seeders=seeders,
        leechers=leechers,
        grabs=_int(_first(attrs, "grabs")),
        categories=_categories(attrs, item),
        imdb_id=_imdb(attrs),
        tmdb_id=_int(_first(attrs, "tmdbid"), positive=True),
        tvdb_id=_int(_first(attrs, "tvdbid"), positive=True),
        tvmaze_id=_int(_first(attrs, "tvmazeid"), positive=True),
        info_url=_info_url(item),
        flags=_flags(attrs, download_factor, upload_factor),
        download_factor=download_factor,
        upload_factor=upload_factor,
        minimum_ratio=_factor(_first(attrs, "minimumratio"), ceiling=1000.0),
        minimum_seed_time=_int(_first(attrs, "minimumseedtime")),
    )


def clean_title(raw: str) -> str:
    """Control and zero-width characters removed, whitespace collapsed, length bounded."""
    return " ".join(_CONTROL.sub(" ", raw).split())[:_MAX_TITLE]


def _torrent_links(
    enclosures: list[tuple[str, str, str | None]], link: str, magnet_attr: str | None
) -> tuple[str | None, str | None]:
    if enclosures and all("nzb" in kind for _, kind, _ in enclosures):
        return None, None  # a usenet release in a torrent feed
    urls = [url for url, kind, _ in enclosures if "nzb" not in kind] + [link]
    magnet = next((u for u in urls if u.lower().startswith("magnet:?")), None)
    if magnet is None and magnet_attr and magnet_attr.lower().startswith("magnet:?"):
        magnet = magnet_attr
    download = next((u for u in urls if _is_http(u)), None)
    return download, magnet


def _usenet_link(enclosures: list[tuple[str, str, str | None]], link: str) -> str | None:
    typed = [url for url, kind, _ in enclosures if "nzb" in kind and _is_http(url)]
    untyped = [url for url, kind, _ in enclosures if not kind and _is_http(url)]
    if typed or untyped:
        return (typed or untyped)[0]
    if enclosures or not _is_http(link):
        return None  # only torrent enclosures: not a usenet release
    return link


def _offers_other_protocol(
    enclosures: list[tuple[str, str, str | None]], protocol: TransferProtocol
) -> bool:
    if protocol == "usenet":
        return any("bittorrent" in k or u.lower().startswith("magnet:") for u, k, _ in enclosures)
    return any("nzb" in kind for _, kind, _ in enclosures)


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _info_hash(attr: str | None, magnet: str | None) -> str | None:
    if attr and (found := normalise_info_hash(attr)):
        return found
    if magnet:
        try:
            return magnet_info_hash(magnet)
        except BadPayload:
            return None
    return None


def _size(
    attrs: dict[str, list[str]], item: Element, enclosures: list[tuple[str, str, str | None]]
) -> int | None:
    for candidate in (_first(attrs, "size"), item.findtext("size")):
        if (size := _int(candidate, positive=True)) is not None:
            return size
    lengths = (_int(length, positive=True) for _, _, length in enclosures)
    return next((n for n in lengths if n is not None), None)


def _published(attrs: dict[str, list[str]], item: Element) -> datetime | None:
    for candidate in (_first(attrs, "usenetdate"), item.findtext("pubDate")):
        if candidate and (when := parse_date(candidate)) is not None:
            return when
    return None


def _swarm(attrs: dict[str, list[str]]) -> tuple[int | None, int | None]:
    seeders = _int(_first(attrs, "seeders"))
    leechers = _int(_first(attrs, "leechers"))
    peers = _int(_first(attrs, "peers"))
    if peers is not None and seeders is not None and leechers is None:
        leechers = max(peers - seeders, 0)
    if peers is not None and leechers is not None and seeders is None:
        seeders = max(peers - leechers, 0)
    return seeders, leechers


def _categories(attrs: dict[str, list[str]], item: Element) -> tuple[int, ...]:
    found: list[int] = []
    texts = [*attrs.get("category", []), *(c.text or "" for c in item.findall("category"))]
    for text in texts:
        number = _int(text)
        if number is not None and number not in found:
            found.append(number)
    return tuple(found)


def _imdb(attrs: dict[str, list[str]]) -> str | None:
    for name in ("imdb", "imdbid"):
        value = (_first(attrs, name) or "").strip().lower().removeprefix("tt")
        if value.isdigit() and int(value) > 0:
            return f"tt{int(value):07d}"
    return None


def _info_url(item: Element) -> str | None:
    comments = (item.findtext("comments") or "").strip()
    if _is_http(comments):
        return redact_url(comments.removesuffix("#comments"))
    guid = item.find("guid")
    if guid is not None and guid.get("isPermaLink") == "true" and _is_http(guid.text or ""):
        return redact_url((guid.text or "").strip())
    return None


def _flags(
    attrs: dict[str, list[str]], download: float | None, upload: float | None
) -> frozenset[str]:
    flags = {_TAG_FLAGS[t.lower()] for t in attrs.get("tag", []) if t.lower() in _TAG_FLAGS}
    if download is not None and download in _DOWNLOAD_FACTORS:
        flags.add(_DOWNLOAD_FACTORS[download])
    if upload is not None and upload >= 2.0:
        flags.add("double_upload")
    if _first(attrs, "prematch") == "1" or _first(attrs, "haspretime") == "1":
        flags.add("scene")
    if _first(attrs, "nuked") == "1":
        flags.add("nuked")
    return frozenset(flags)


def _response_bounds(channel: Element) -> tuple[int | None, int | None]:
    for namespace in EXTENSION_NAMESPACES:
        element = channel.find(f"{{{namespace}}}response")
        if element is not None:
            return _int(element.get("offset")), _int(element.get("total"))
    return None, None


def _first(attrs: dict[str, list[str]], name: str) -> str | None:
    values = attrs.get(name)
    return values[0] if values else None


def _int(value: str | None, *, positive: bool = False) -> int | None:
    """A non-negative integer attribute ("1.0" tolerated); None for junk or negatives."""
    if value is None:
        return None
    text = value.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return None if positive and number == 0 else number


def _factor(value: str | None, *, ceiling: float = 10.0) -> float | None:
    """A volume factor or ratio; negative or absurd values are dropped (the spec says so)."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if 0.0 <= number <= ceiling else None

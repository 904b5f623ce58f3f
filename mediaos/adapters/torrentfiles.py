"""Info-hashes from .torrent files and magnet links, through `torf` (no hand-written bencode).

Why it matters: idempotent grabs ask the client "do you already have this info-hash?", so the
hash must be known before the add, whether the indexer gave a .torrent URL, a magnet, or an
`infohash` attribute. Input is untrusted: sizes are bounded and every failure is `BadPayload`.
`resolve_torrent_source` is the one way torrent clients turn a release into what they add, so
qBittorrent and Transmission learn the hash the same way (and no product module imports another).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import torf

from mediaos.adapters.http import fetch
from mediaos.core.errors import BadPayload
from mediaos.core.releaseinfo import ReleaseInfo

MAX_TORRENT_BYTES = 10 * 1024 * 1024
_HEX40 = re.compile(r"^[0-9a-fA-F]{40}$")
_BASE32 = re.compile(r"^[A-Z2-7]{32}$")


def normalise_info_hash(value: str) -> str | None:
    """Lower-case hex for a 40-hex or 32-base32 v1 info-hash; None for anything else."""
    value = value.strip()
    if _HEX40.match(value):
        return value.lower()
    if _BASE32.match(value.upper()):
        return base64.b32decode(value.upper()).hex()
    return None


def magnet_info_hash(uri: str) -> str:
    """The v1 info-hash of a magnet URI (`xt=urn:btih:`), hex or base32."""
    if not uri.lower().startswith("magnet:?"):
        raise BadPayload("torrent", "parse magnet", "not a magnet URI")
    params = parse_qs(urlsplit(uri).query)
    for xt in params.get("xt", []):
        if xt.lower().startswith("urn:btih:"):
            found = normalise_info_hash(xt[9:])
            if found:
                return found
    raise BadPayload("torrent", "parse magnet", "magnet has no valid urn:btih info-hash")


def torrent_info_hash(data: bytes) -> str:
    """The v1 info-hash of a .torrent file's bytes."""
    if len(data) > MAX_TORRENT_BYTES:
        raise BadPayload("torrent", "parse torrent", "torrent file larger than 10 MiB")
    try:
        torrent = torf.Torrent.read_stream(data, validate=False)
        info_hash = torrent.infohash
    except (torf.TorfError, ValueError, TypeError, KeyError) as err:
        raise BadPayload("torrent", "parse torrent", "not a valid .torrent file") from err
    if not isinstance(info_hash, str) or not _HEX40.match(info_hash):
        raise BadPayload("torrent", "parse torrent", "torrent has no v1 info-hash")
    return info_hash.lower()


@dataclass(frozen=True, slots=True)
class TorrentSource:
    """What a torrent client needs to add a release: its info-hash, plus either the .torrent
    bytes or a magnet URI (exactly one of the two)."""

    info_hash: str
    torrent: bytes | None = None
    magnet: str | None = None


_MAX_REDIRECTS = 5


async def resolve_torrent_source(
    release: ReleaseInfo, http: httpx.AsyncClient, *, adapter: str
) -> TorrentSource:
    """Learn the info-hash of a release before it is added, as idempotent adds require.

    A magnet (on the release, or as the download URL) gives its hash at once. Otherwise the
    .torrent is downloaded through the caller's client (size-bounded, redirects followed by
    hand so that an indexer answering 301 to a `magnet:` URI works, as Prowlarr does) and
    hashed with torf. A hash the indexer announced that differs from the file's is refused:
    the client would otherwise be asked about one torrent and given another.
    """
    magnet = release.magnet
    url = release.download_url
    if magnet is None and url is not None and url.lower().startswith("magnet:"):
        magnet, url = url, None
    if magnet is not None:
        return TorrentSource(info_hash=magnet_info_hash(magnet), magnet=magnet)
    if url is None:
        raise BadPayload(adapter, "add", f"release {release.title!r} has no magnet or URL")
    for _ in range(_MAX_REDIRECTS):
        response, body = await fetch(
            http,
            "GET",
            url,
            adapter=adapter,
            operation="download .torrent",
            max_bytes=MAX_TORRENT_BYTES,
        )
        location = response.headers.get("location")
        if response.is_redirect and location:
            if location.lower().startswith("magnet:"):
                return TorrentSource(info_hash=magnet_info_hash(location), magnet=location)
            url = str(response.url.join(location))
            continue
        info_hash = torrent_info_hash(body)
        announced = normalise_info_hash(release.info_hash or "")
        if announced and announced != info_hash:
            raise BadPayload(adapter, "add", "the .torrent's info-hash differs from the indexer's")
        return TorrentSource(info_hash=info_hash, torrent=body)
    raise BadPayload(adapter, "download .torrent", f"more than {_MAX_REDIRECTS} redirects")

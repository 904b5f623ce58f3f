"""The info-hash of a torrent release that came with only a .torrent link (protocols.md 1.10).

Why before the grab: idempotent grabs ask the download client "do you have this hash?", and
Prowlarr never sends `infohash` for some trackers. So the .torrent is fetched here, as Sonarr
does it: `Accept: application/x-bittorrent`, redirects followed by hand (at most
`MAX_REDIRECTS`), a redirect to `magnet:` read as a magnet, the body bounded by
`torrentfiles.MAX_TORRENT_BYTES` and decoded by torf, never by a hand-written bencode parser.

Errors: 404/410 are `NotFound` (the release is gone: blocklist it), 429 is `RateLimited`
(the grab limit, with `Retry-After`), a non-torrent body is `BadPayload`. URLs in messages are
redacted; the download URL itself carries the passkey and is only ever sent to its own host.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urljoin

import httpx

from mediaos.adapters.http import raise_for_status, read_bounded, redact_url
from mediaos.adapters.torrentfiles import MAX_TORRENT_BYTES, magnet_info_hash, torrent_info_hash
from mediaos.core.errors import BadPayload, NotFound, Unreachable
from mediaos.core.releaseinfo import ReleaseInfo

MAX_REDIRECTS = 5
_ACCEPT = "application/x-bittorrent, application/octet-stream;q=0.5, */*;q=0.1"


async def resolve_info_hash(
    client: httpx.AsyncClient, release: ReleaseInfo, *, timeout: float = 30.0
) -> str | None:
    """The release's v1 info-hash: known, from its magnet, or from its .torrent file.

    None for usenet releases and torrents without any link; typed errors otherwise.
    """
    if release.protocol != "torrent":
        return None
    if release.info_hash:
        return release.info_hash
    if release.magnet:
        return magnet_info_hash(release.magnet)
    if not release.download_url:
        return None
    if release.download_url.lower().startswith("magnet:"):
        return magnet_info_hash(release.download_url)
    try:
        async with asyncio.timeout(timeout):
            return await _hash_from_url(client, release.download_url, adapter=release.indexer)
    except TimeoutError as err:
        raise Unreachable(
            release.indexer, "fetch torrent", f"no complete answer within {timeout:g} s"
        ) from err


async def _hash_from_url(client: httpx.AsyncClient, url: str, *, adapter: str) -> str:
    operation = "fetch torrent"
    for _ in range(MAX_REDIRECTS + 1):
        request = client.build_request("GET", url, headers={"Accept": _ACCEPT})
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException as err:
            raise Unreachable(adapter, operation, "timed out") from err
        except httpx.TransportError as err:
            raise Unreachable(
                adapter, operation, f"connection failed: {type(err).__name__}"
            ) from err
        try:
            if response.is_redirect:
                location = response.headers.get("location", "")
                if location.lower().startswith("magnet:"):
                    return magnet_info_hash(location)
                if not location:
                    raise BadPayload(adapter, operation, "redirect without a Location")
                url = urljoin(str(response.url), location)
                continue
            if response.status_code == 410:
                raise NotFound(adapter, operation, "HTTP 410: the release is gone")
            raise_for_status(response, adapter=adapter, operation=operation)
            body = await read_bounded(
                response, adapter=adapter, operation=operation, max_bytes=MAX_TORRENT_BYTES
            )
        finally:
            await response.aclose()
        try:
            return torrent_info_hash(body)
        except BadPayload as err:
            raise BadPayload(
                adapter, operation, f"{redact_url(url)} did not return a .torrent file"
            ) from err
    raise BadPayload(adapter, operation, f"more than {MAX_REDIRECTS} redirects")

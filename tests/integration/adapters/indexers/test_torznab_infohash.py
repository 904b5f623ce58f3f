"""A release with only a .torrent link gets its info-hash from the real file (made by torf),
through redirects, including a redirect to a magnet; failures are typed and redacted."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import torf

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.adapters.indexers.infohash import resolve_info_hash
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, RateLimited, Unreachable
from mediaos.core.releaseinfo import ReleaseInfo
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for
from tests.peers.indexer_payloads import HASH_MATRIX

MATRIX = SearchQuery(kind="movie", imdb_id="tt0133093")


@pytest.fixture
def torrent_file(tmp_path: Path) -> tuple[bytes, str]:
    media = tmp_path / "The.Matrix.1999.2160p.UHD.BluRay.x265-TERMiNAL.mkv"
    media.write_bytes(bytes(range(256)) * 4096)
    torrent = torf.Torrent(path=media, trackers=["http://127.0.0.1:6969/announce"], private=True)
    torrent.generate()
    return torrent.dump(), torrent.infohash


def release(url: str | None, **fields: Any) -> ReleaseInfo:
    return dataclasses.replace(
        ReleaseInfo(title="x", guid="g", indexer="tracker", protocol="torrent", download_url=url),
        **fields,
    )


@pytest.mark.parametrize("flavour", ["jackett", "prowlarr"])
async def test_a_searched_torrent_link_resolves_to_the_files_info_hash(
    flavour: str,
    torrent_file: tuple[bytes, str],
    start_server: StartServer,
    http: httpx.AsyncClient,
) -> None:
    data, expected = torrent_file
    server = await start_server(flavour=flavour, torrents={"matrix2160": data})
    page = await adapter_for(server, http).search(MATRIX)
    uhd = next(r for r in page.releases if "2160p" in r.title)
    assert uhd.info_hash is None and uhd.magnet is None
    assert await resolve_info_hash(http, uhd) == expected


async def test_redirects_are_followed_by_hand(
    torrent_file: tuple[bytes, str], start_server: StartServer, http: httpx.AsyncClient
) -> None:
    data, expected = torrent_file
    server = await start_server(torrents={"matrix2160": data})
    assert await resolve_info_hash(http, release(f"{server.base}/redirect/matrix2160")) == expected


async def test_a_redirect_to_a_magnet_is_read_as_a_magnet(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour="prowlarr")
    key = server.behaviour.api_key
    url = f"{server.base}/1/download?apikey={key}&link=matrix1080&file=x"
    assert await resolve_info_hash(http, release(url)) == HASH_MATRIX


async def test_known_hashes_and_magnets_need_no_request(http: httpx.AsyncClient) -> None:
    dead = "http://127.0.0.1:9/never"
    assert await resolve_info_hash(http, release(dead, info_hash="a" * 40)) == "a" * 40
    b32 = "magnet:?xt=urn:btih:" + "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U" + "&dn=x"
    assert await resolve_info_hash(http, release(dead, magnet=b32)) == (
        "6162636465666768696a6b6c6d6e6f7071727374"
    )
    assert await resolve_info_hash(http, release(None)) is None
    usenet = dataclasses.replace(release(dead), protocol="usenet")
    assert await resolve_info_hash(http, usenet) is None


@pytest.mark.parametrize(
    ("path", "expected", "words"),
    [
        ("/dl/tracker/?jackett_apikey={key}&path=nothing", NotFound, "404"),
        ("/loop", BadPayload, "redirects"),
        ("/api?t=caps&apikey={key}", BadPayload, "did not return a .torrent"),
        ("/dl/tracker/?jackett_apikey=wrong&path=x", AuthRejected, "401"),
    ],
)
async def test_failures_are_typed_and_never_show_the_key(
    path: str,
    expected: type[Exception],
    words: str,
    start_server: StartServer,
    http: httpx.AsyncClient,
) -> None:
    server = await start_server(flavour="nzedb")
    key = server.behaviour.api_key or "?"
    with pytest.raises(expected, match=words) as caught:
        await resolve_info_hash(http, release(server.base + path.format(key=key)))
    assert key not in str(caught.value)


async def test_a_grab_limit_is_rate_limited_with_its_hint(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(grab_limited=True)
    url = f"{server.base}/dl/tracker/?jackett_apikey={server.behaviour.api_key}&path=x"
    with pytest.raises(RateLimited) as caught:
        await resolve_info_hash(http, release(url))
    assert caught.value.retry_after == timedelta(hours=1)


async def test_a_hanging_download_times_out(
    start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(hostile="hang")
    with pytest.raises(Unreachable):
        await resolve_info_hash(http, release(server.api_url + "?t=search"), timeout=0.5)

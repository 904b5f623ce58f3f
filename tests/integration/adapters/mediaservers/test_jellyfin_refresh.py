"""Jellyfin and Emby: the one library containing an import is told about that folder only."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import httpx
import pytest

from mediaos.adapters.mediaservers import Jellyfin
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, Unreachable
from mediaos.schemas.services import MediaServerSpec
from tests.integration.adapters.mediaservers.conftest import MAPPINGS
from tests.peers.jellyfin_server import JellyfinServer, Library, Refresh
from tests.peers.webhook_server import WebhookServer

Flavour = Literal["jellyfin", "emby"]


def adapter(
    peer: JellyfinServer,
    http: httpx.AsyncClient,
    *,
    key: str | None = None,
    flavour: Flavour | None = None,
) -> Jellyfin:
    spec = MediaServerSpec.model_validate(
        {
            "name": "media",
            "type": flavour or peer.flavour,
            "url": peer.url,
            "api_key": key or peer.api_key,
            "path_mappings": MAPPINGS,
        }
    )
    return Jellyfin.from_spec(spec, http=http)


@pytest.fixture(params=["jellyfin", "emby"])
def peer(request: pytest.FixtureRequest) -> JellyfinServer:
    return request.getfixturevalue(f"{request.param}_peer")  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("local", "server_path", "library"),
    [
        (
            "/srv/library/tv/Severance/Season 02/Severance - S02E01 - Hello.mkv",
            "/media/tv/Severance/Season 02/Severance - S02E01 - Hello.mkv",
            "Shows",
        ),
        ("/srv/library/movies/Dune (2021)", "/media/movies/Dune (2021)", "Movies"),
        ("/srv/library/movies/4k/Dune (2021)", "/media/movies/4k/Dune (2021)", "4K Movies"),
        ("/srv/downloads-4k/Heat (1995)", "/media/movies/4k/Heat (1995)", "4K Movies"),
        ("/mnt/extra/tv/Andor", "/mnt/extra/tv/Andor", "Shows"),
    ],
)
async def test_refresh_after_import_updates_exactly_the_library_holding_the_path(
    peer: JellyfinServer, http: httpx.AsyncClient, local: str, server_path: str, library: str
) -> None:
    await adapter(peer, http).refresh(Path(local))
    assert peer.refreshes == [Refresh("media-updated", server_path, library, "Created")]


async def test_windows_server_paths_are_mapped_with_backslashes(
    http: httpx.AsyncClient,
) -> None:
    libraries = [Library("Movies", ("D:\\Media\\Movies",)), Library("TV", ("D:\\Media\\TV",))]
    async with JellyfinServer(libraries=libraries) as peer:
        server = Jellyfin(
            name="win",
            url=peer.url,
            api_key=peer.api_key,
            http=http,
            path_mappings={"/srv/library": "D:\\Media"},
        )
        await server.refresh(Path("/srv/library/TV/Andor/Season 01"))
    assert peer.refreshes == [
        Refresh("media-updated", "D:\\Media\\TV\\Andor\\Season 01", "TV", "Created")
    ]


async def test_a_wrong_key_is_auth_rejected_and_never_shown(
    peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    wrong = "ffffffffffffffffffffffffffffffff"
    with pytest.raises(AuthRejected) as caught:
        await adapter(peer, http, key=wrong).refresh(Path("/srv/library/tv/Andor"))
    assert wrong not in str(caught.value)
    assert peer.auth_failures == 1
    assert peer.refreshes == []
    with pytest.raises(AuthRejected):
        await adapter(peer, http, key=wrong).health()


async def test_a_path_outside_every_library_names_the_path_and_the_locations(
    peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    with pytest.raises(NotFound) as caught:
        await adapter(peer, http).refresh(Path("/data/elsewhere/Heat (1995)"))
    message = str(caught.value)
    assert "/data/elsewhere/Heat (1995)" in message
    for location in ("/media/movies", "/media/movies/4k", "/media/tv", "/mnt/extra/tv"):
        assert location in message
    assert peer.refreshes == []


async def test_a_server_that_is_down_is_unreachable(http: httpx.AsyncClient, dead_url: str) -> None:
    server = Jellyfin(name="media", url=dead_url, api_key="k", http=http)
    with pytest.raises(Unreachable):
        await server.refresh(Path("/srv/library/tv/Andor"))
    with pytest.raises(Unreachable):
        await server.health()


async def test_health_reports_product_and_version(
    peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    health = await adapter(peer, http).health()
    assert health.ok, health.message
    assert health.version == peer.version
    expected = "Jellyfin Server" if peer.flavour == "jellyfin" else "Emby Server"
    assert health.product == expected


async def test_health_says_when_the_type_is_the_other_product(
    jellyfin_peer: JellyfinServer, emby_peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    as_emby = await adapter(jellyfin_peer, http, flavour="emby").health()
    assert not as_emby.ok and "type: jellyfin" in as_emby.message
    as_jellyfin = await adapter(emby_peer, http, flavour="jellyfin").health()
    assert not as_jellyfin.ok and "type: emby" in as_jellyfin.message


async def test_a_url_pointing_at_another_service_is_a_bad_payload(
    http: httpx.AsyncClient,
) -> None:
    async with WebhookServer() as other:
        server = Jellyfin(name="media", url=other.url, api_key="k", http=http)
        with pytest.raises(BadPayload):
            await server.refresh(Path("/srv/library/tv/Andor"))
        with pytest.raises(BadPayload):
            await server.health()


async def test_a_base_url_behind_a_reverse_proxy_path_is_kept(
    jellyfin_peer: JellyfinServer, http: httpx.AsyncClient
) -> None:
    async with WebhookServer() as proxy:
        server = Jellyfin(name="media", url=proxy.url + "/jellyfin/", api_key="k", http=http)
        with pytest.raises(BadPayload):
            await server.refresh(Path("/srv/library/tv/Andor"))
    assert proxy.received[0].path == "/jellyfin/Library/VirtualFolders"

"""Plex: a partial scan (`?path=`) of the one section whose Location holds the import."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mediaos.adapters.mediaservers import Plex
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, Unreachable
from mediaos.schemas.services import MediaServerSpec
from tests.integration.adapters.mediaservers.conftest import MAPPINGS
from tests.peers.plex_server import PlexServer, SectionRefresh
from tests.peers.webhook_server import WebhookServer


def adapter(peer: PlexServer, http: httpx.AsyncClient, *, token: str | None = None) -> Plex:
    spec = MediaServerSpec.model_validate(
        {
            "name": "plex",
            "type": "plex",
            "url": peer.url,
            "api_key": token or peer.token,
            "path_mappings": MAPPINGS,
        }
    )
    return Plex.from_spec(spec, http=http)


@pytest.mark.parametrize(
    ("local", "key", "server_path"),
    [
        ("/srv/library/tv/Severance/Season 02", "2", "/media/tv/Severance/Season 02"),
        ("/srv/library/movies/Dune (2021)", "1", "/media/movies/Dune (2021)"),
        ("/srv/library/movies/4k/Dune (2021)", "7", "/media/movies/4k/Dune (2021)"),
        ("/srv/downloads-4k/Heat (1995)", "7", "/media/movies/4k/Heat (1995)"),
        ("/srv/library/music/Björk/Homogenic (1997)", "3", "/media/music/Björk/Homogenic (1997)"),
        ("/mnt/extra/tv/Andor", "2", "/mnt/extra/tv/Andor"),
    ],
)
async def test_refresh_after_import_scans_only_that_folder_of_that_section(
    plex_peer: PlexServer, http: httpx.AsyncClient, local: str, key: str, server_path: str
) -> None:
    await adapter(plex_peer, http).refresh(Path(local))
    assert plex_peer.refreshes == [SectionRefresh(key, server_path, force=False)]


async def test_an_imported_file_scans_its_folder(
    plex_peer: PlexServer, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    folder = tmp_path / "Arrival (2016)"
    folder.mkdir()
    movie = folder / "Arrival (2016) - 1080p.mkv"
    movie.write_bytes(b"\x1a\x45\xdf\xa3")
    server = Plex(
        name="plex",
        url=plex_peer.url,
        token=plex_peer.token,
        http=http,
        path_mappings={str(tmp_path): "/media/movies"},
    )
    await server.refresh(movie)
    assert plex_peer.refreshes == [SectionRefresh("1", "/media/movies/Arrival (2016)", False)]


async def test_a_wrong_token_is_auth_rejected_and_never_shown(
    plex_peer: PlexServer, http: httpx.AsyncClient
) -> None:
    wrong = "not-the-token-xyz"
    with pytest.raises(AuthRejected) as caught:
        await adapter(plex_peer, http, token=wrong).refresh(Path("/srv/library/tv/Andor"))
    assert wrong not in str(caught.value)
    with pytest.raises(AuthRejected):
        await adapter(plex_peer, http, token=wrong).health()
    assert plex_peer.refreshes == []


async def test_a_path_outside_every_section_names_the_path_and_the_locations(
    plex_peer: PlexServer, http: httpx.AsyncClient
) -> None:
    with pytest.raises(NotFound) as caught:
        await adapter(plex_peer, http).refresh(Path("/srv/other/Heat (1995)"))
    message = str(caught.value)
    assert "/srv/other/Heat (1995)" in message
    assert "TV Shows: /media/tv, /mnt/extra/tv" in message
    assert plex_peer.refreshes == []


async def test_a_server_that_is_down_is_unreachable(http: httpx.AsyncClient, dead_url: str) -> None:
    server = Plex(name="plex", url=dead_url, token="t", http=http)
    with pytest.raises(Unreachable):
        await server.refresh(Path("/srv/library/tv/Andor"))
    with pytest.raises(Unreachable):
        await server.health()


async def test_health_reports_the_server_version(
    plex_peer: PlexServer, http: httpx.AsyncClient
) -> None:
    health = await adapter(plex_peer, http).health()
    assert health.ok
    assert health.version == plex_peer.version
    assert "4 sections" in health.message


async def test_a_url_pointing_at_another_service_is_a_bad_payload(
    http: httpx.AsyncClient,
) -> None:
    async with WebhookServer() as other:
        server = Plex(name="plex", url=other.url, token="t", http=http)
        with pytest.raises(BadPayload):
            await server.health()


async def test_the_token_travels_in_a_header_not_the_url(
    http: httpx.AsyncClient,
) -> None:
    async with WebhookServer() as spy:
        server = Plex(name="plex", url=spy.url, token="secret-token", http=http)
        with pytest.raises(BadPayload):
            await server.refresh(Path("/media/tv"))
    (request,) = spy.received
    assert request.headers["X-Plex-Token"] == "secret-token"
    assert "secret-token" not in str(request.query)
    assert request.headers["X-Plex-Product"] == "MediaOS"

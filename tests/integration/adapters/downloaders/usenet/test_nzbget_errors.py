"""How the NZBGet adapter fails: typed errors for credentials, absence, wrong services."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mediaos.adapters.downloaders.nzbget import NZBGet
from mediaos.core.errors import AuthRejected, BadPayload, NotFound, Unreachable, Unsupported
from mediaos.core.releaseinfo import ReleaseInfo
from tests.integration.adapters.downloaders.usenet.conftest import FileHost, UsenetRelease
from tests.peers.nntp_server import NNTPServer
from tests.peers.nzbget import NZBGetDaemon, free_port


@pytest.mark.peer("nzbget")
async def test_health_reports_the_daemons_version(nzbget: NZBGet) -> None:
    health = await nzbget.health()
    assert health.ok
    assert health.version == "21.0"


@pytest.mark.peer("nzbget")
async def test_bad_credentials_are_auth_rejected_without_the_password_in_the_message(
    nzbget_daemon: NZBGetDaemon, http: httpx.AsyncClient
) -> None:
    client = NZBGet(name="bad", url=nzbget_daemon.url, http=http, password="wrong-password")
    with pytest.raises(AuthRejected) as caught:
        await client.list(category="mediaos")
    assert "wrong-password" not in str(caught.value)


async def test_nothing_listening_is_unreachable(http: httpx.AsyncClient) -> None:
    client = NZBGet(name="gone", url=f"http://127.0.0.1:{free_port()}", http=http, password="x")
    with pytest.raises(Unreachable):
        await client.health()


async def test_a_web_server_that_is_not_nzbget_is_a_bad_payload_or_not_found(
    files: FileHost, http: httpx.AsyncClient
) -> None:
    files.publish("jsonrpc", b"<html>router login</html>", "text/html")
    wrong = NZBGet(name="wrong", url=f"{files.base}/get", http=http, password="x")
    with pytest.raises(BadPayload, match="wrong URL or service"):
        await wrong.health()
    missing = NZBGet(name="missing", url=files.base, http=http, password="x")
    with pytest.raises(NotFound):
        await missing.health()


@pytest.mark.peer("nzbget")
async def test_ensure_accepts_a_defined_category_and_explains_a_missing_one(
    nzbget: NZBGet, nzbget_daemon: NZBGetDaemon
) -> None:
    await nzbget.ensure(category="mediaos-test")
    await nzbget.ensure(
        category="MediaOS-Test", save_path=str(nzbget_daemon.complete_dir / "mediaos-test")
    )
    with pytest.raises(NotFound, match="not defined in NZBGet"):
        await nzbget.ensure(category="undefined-category")
    with pytest.raises(Unsupported, match="saves to"):
        await nzbget.ensure(category="mediaos-test", save_path="/somewhere/else")


@pytest.mark.peer("nzbget")
async def test_an_unknown_method_and_a_refused_append_are_typed(
    nzbget: NZBGet, files: FileHost
) -> None:
    with pytest.raises(Unsupported):
        await nzbget._call("nosuchmethod")
    broken = ReleaseInfo(
        title="Broken.Nzb",
        guid="broken",
        indexer="loopback",
        protocol="usenet",
        download_url=files.publish("broken.nzb", b"<nzb><file></nzb>"),
    )
    with pytest.raises(BadPayload, match="NZB"):
        await nzbget.add(broken, category="mediaos-test")


@pytest.mark.peer("nzbget")
async def test_releases_nzbget_cannot_take_are_refused_before_any_call(
    nzbget: NZBGet, usenet_release: UsenetRelease
) -> None:
    release = await usenet_release("Some.Release")
    torrent = ReleaseInfo(title="T", guid="t", indexer="i", protocol="torrent", magnet="magnet:?")
    with pytest.raises(Unsupported):
        await nzbget.add(torrent, category="mediaos-test")
    no_url = ReleaseInfo(title="U", guid="u", indexer="i", protocol="usenet")
    with pytest.raises(BadPayload, match="no NZB download URL"):
        await nzbget.add(no_url, category="mediaos-test")
    with pytest.raises(NotFound):
        await nzbget.remove("not-a-number", delete_files=False)
    assert release.download_url is not None


@pytest.mark.peer("nzbget")
async def test_the_add_only_user_may_add_but_not_read_and_says_so(
    tmp_path: Path, nntp: NNTPServer, http: httpx.AsyncClient
) -> None:
    daemon = NZBGetDaemon(
        tmp_path / "nzbget",
        news_port=nntp.port,
        options={"AddUsername": "adder", "AddPassword": "add-pass"},
    )
    daemon.start()
    try:
        client = NZBGet(
            name="add-only", url=daemon.url, http=http, username="adder", password="add-pass"
        )
        assert (await client.health()).ok  # `version` is allowed
        with pytest.raises(AuthRejected, match="access denied"):
            await client.list(category="mediaos")
    finally:
        daemon.stop()


@pytest.mark.peer("nzbget")
async def test_credentials_in_the_url_are_used_as_basic_auth(
    nzbget_daemon: NZBGetDaemon, http: httpx.AsyncClient
) -> None:
    url = f"http://{nzbget_daemon.username}:{nzbget_daemon.password}@127.0.0.1:{nzbget_daemon.port}"
    client = NZBGet(name="in-url", url=url, http=http)
    assert await client.list(category="mediaos") == []

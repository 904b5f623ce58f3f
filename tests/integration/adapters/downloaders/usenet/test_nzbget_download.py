"""The NZBGet adapter against the REAL nzbget 21 daemon and the suite's own news server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

from mediaos.adapters.downloaders.base import DownloadState, DownloadStatus
from mediaos.adapters.downloaders.nzbget import NZBGet, release_key
from mediaos.core.releaseinfo import ReleaseInfo
from tests.integration.adapters.downloaders.contract import check_downloader_contract
from tests.integration.adapters.downloaders.usenet.conftest import FileHost, UsenetRelease
from tests.peers.nntp_server import NNTPServer, build_nzb, make_articles
from tests.peers.nzbget import NZBGetDaemon

pytestmark = pytest.mark.peer("nzbget")
CATEGORY = "mediaos-test"


async def settle(
    client: NZBGet, download_id: str, *, until: frozenset[DownloadStatus], timeout: float = 30
) -> DownloadState:
    """Poll `list` until the download reaches one of `until`, or fail at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen: Sequence[DownloadState] = ()
    while loop.time() < deadline:
        seen = await client.list(category=CATEGORY)
        for state in seen:
            if state.id == download_id and state.status in until:
                return state
        await asyncio.sleep(0.1)
    raise AssertionError(f"{download_id} never reached {set(until)}; last seen {seen}")


DONE = frozenset({DownloadStatus.COMPLETED, DownloadStatus.FAILED})


async def test_nzbget_keeps_the_downloader_contract(
    nzbget: NZBGet, usenet_release: UsenetRelease
) -> None:
    release = await usenet_release("Contract.Release.2026.1080p.WEB-DL")
    await check_downloader_contract(nzbget, release)


async def test_an_nzb_becomes_a_byte_identical_file_seen_as_completed(
    nzbget: NZBGet, usenet_release: UsenetRelease, nzbget_daemon: NZBGetDaemon, files: FileHost
) -> None:
    data = os.urandom(700_000)
    release = await usenet_release("Real.Movie.2026.1080p.BluRay.x264-GRP", data)

    download_id = await nzbget.add(release, category=CATEGORY)
    state = await settle(nzbget, download_id, until=DONE)

    assert state.status is DownloadStatus.COMPLETED, state.error
    assert state.progress == 1.0
    assert state.error is None
    assert state.content_path == str(
        nzbget_daemon.complete_dir / CATEGORY / "Real.Movie.2026.1080p.BluRay.x264-GRP"
    )
    assert (nzbget_daemon.complete_dir / CATEGORY / state.name / "movie.mkv").read_bytes() == data
    assert state.size is not None and state.size >= len(data)
    assert "indexer-secret-key" not in nzbget_daemon.log()  # NZB sent as content, not URL
    assert files.requests == ["/get/Real.Movie.2026.1080p.BluRay.x264-GRP.nzb"]


async def test_an_nzb_whose_articles_are_missing_fails_with_nzbgets_reason(
    nzbget: NZBGet, usenet_release: UsenetRelease
) -> None:
    release = await usenet_release("Gone.Show.S01E01.720p.HDTV-GRP", missing_articles=True)

    download_id = await nzbget.add(release, category=CATEGORY)
    state = await settle(nzbget, download_id, until=DONE)

    assert state.status is DownloadStatus.FAILED
    assert state.error is not None and state.error.startswith("FAILURE/HEALTH")
    assert state.progress == 0.0


async def test_adding_the_same_nzb_twice_gives_one_download_before_and_after_it_finished(
    nzbget: NZBGet, usenet_release: UsenetRelease, files: FileHost
) -> None:
    release = await usenet_release("Twice.Movie.2026.720p.WEB-DL")

    first, second = await nzbget.add(release, category=CATEGORY), None
    second = await nzbget.add(release, category=CATEGORY)
    await settle(nzbget, first, until=DONE)
    third = await nzbget.add(release, category=CATEGORY)

    assert first == second == third
    assert [s.id for s in await nzbget.list(category=CATEGORY)] == [first]
    assert len(files.requests) == 1, "the NZB is fetched once: the check comes first"


async def test_a_download_in_progress_is_listed_as_downloading_and_removed_without_history(
    nzbget: NZBGet, usenet_release: UsenetRelease, nntp: NNTPServer
) -> None:
    release = await usenet_release("Slow.Show.S02E03.1080p.WEB-DL")
    nntp.hold()
    try:
        download_id = await nzbget.add(release, category=CATEGORY)
        state = await settle(nzbget, download_id, until=frozenset({DownloadStatus.DOWNLOADING}))
        assert 0.0 <= state.progress < 1.0
        assert state.content_path is not None and "intermediate" in state.content_path

        await nzbget.remove(download_id, delete_files=True)
    finally:
        nntp.release()
    assert await nzbget.list(category=CATEGORY) == []
    await nzbget.remove(download_id, delete_files=True)  # already gone: nothing to do


async def test_removing_a_finished_download_drops_it_from_the_list(
    nzbget: NZBGet, usenet_release: UsenetRelease
) -> None:
    kept = await nzbget.add(await usenet_release("Keep.Files.2026"), category=CATEGORY)
    purged = await nzbget.add(await usenet_release("Purge.Record.2026"), category=CATEGORY)
    for download_id in (kept, purged):
        await settle(nzbget, download_id, until=DONE)

    await nzbget.remove(kept, delete_files=False)  # HistoryDelete: hidden
    await nzbget.remove(purged, delete_files=True)  # HistoryFinalDelete: gone

    assert await nzbget.list(category=CATEGORY) == []


async def test_nzbget_restarted_mid_download_is_recovered_from(
    nzbget: NZBGet, usenet_release: UsenetRelease, nntp: NNTPServer, nzbget_daemon: NZBGetDaemon
) -> None:
    data = os.urandom(400_000)
    release = await usenet_release("Restart.Movie.2026.1080p.WEB-DL", data)
    nntp.hold()
    download_id = await nzbget.add(release, category=CATEGORY)
    await settle(nzbget, download_id, until=frozenset({DownloadStatus.DOWNLOADING}))
    old_pid = nzbget_daemon.pid

    nntp.release()
    nzbget_daemon.restart()

    assert nzbget_daemon.pid != old_pid
    assert await nzbget.add(release, category=CATEGORY) == download_id
    state = await settle(nzbget, download_id, until=DONE)
    assert state.status is DownloadStatus.COMPLETED, state.error
    assert (nzbget_daemon.complete_dir / CATEGORY / state.name / "movie.mkv").read_bytes() == data


async def test_append_carries_category_priority_dupe_key_and_flat_pp_parameters(
    nzbget_daemon: NZBGetDaemon,
    http: httpx.AsyncClient,
    usenet_release: UsenetRelease,
    nntp: NNTPServer,
) -> None:
    client = NZBGet(
        name="prio",
        url=nzbget_daemon.url,
        http=http,
        username=nzbget_daemon.username,
        password=nzbget_daemon.password,
        priority=100,
    )
    release = await usenet_release("Prio.Show.S01E01")
    nntp.hold()  # keep it in the queue, where priority is visible
    download_id = await client.add(release, category=CATEGORY, tags=("a", "b"))
    answer = await http.post(
        f"{nzbget_daemon.url}/jsonrpc",
        json={"method": "listgroups", "id": 1, "params": []},
        auth=(nzbget_daemon.username, nzbget_daemon.password),
    )
    nntp.release()
    (group,) = answer.json()["result"]
    assert group["MaxPriority"] == 100
    assert str(group["NZBID"]) == download_id
    await settle(client, download_id, until=DONE)
    answer = await http.post(
        f"{nzbget_daemon.url}/jsonrpc",
        json={"method": "history", "id": 1, "params": [False]},
        auth=(nzbget_daemon.username, nzbget_daemon.password),
    )
    (item,) = answer.json()["result"]
    assert item["Category"] == CATEGORY
    assert item["DupeMode"] == "FORCE"
    assert item["DupeKey"] == f"mediaos:{release_key(release)}"
    params = {p["Name"]: p["Value"] for p in item["Parameters"]}
    assert params["mediaos_id"] == release_key(release)
    assert params["mediaos_tags"] == "a,b"
    assert "Name" not in params and "Value" not in params  # the 4.2 gotcha avoided

    assert await client.list(category="mediaos") == []
    assert [s.id for s in await client.list(category=CATEGORY.upper())] == [download_id]


async def test_a_news_server_with_authinfo_is_downloaded_from(
    tmp_path: Path, http: httpx.AsyncClient, files: FileHost
) -> None:
    server = NNTPServer(username="reader", password="news-pass").start()
    daemon = NZBGetDaemon(
        tmp_path / "auth",
        news_port=server.port,
        options={"Server1.Username": "reader", "Server1.Password": "news-pass"},
    )
    try:
        daemon.start()
        client = NZBGet(
            name="auth",
            url=daemon.url,
            http=http,
            username=daemon.username,
            password=daemon.password,
        )
        data = os.urandom(150_000)
        articles = make_articles(data, "episode.mkv", part_size=60_000)
        server.add(articles)
        url = files.publish("Auth.Show.nzb", build_nzb("episode.mkv", articles))
        release = ReleaseInfo(
            title="Auth.Show.S01E01", guid="auth", indexer="i", protocol="usenet", download_url=url
        )
        state = await settle(client, await client.add(release, category=CATEGORY), until=DONE)
        assert state.status is DownloadStatus.COMPLETED, state.error
        assert "AUTHINFO" in server.commands
        assert (daemon.complete_dir / CATEGORY / state.name / "episode.mkv").read_bytes() == data
    finally:
        daemon.stop()
        server.stop()


async def test_a_paused_nzbget_queue_is_listed_as_paused(
    nzbget: NZBGet,
    nzbget_daemon: NZBGetDaemon,
    usenet_release: UsenetRelease,
    nntp: NNTPServer,
    http: httpx.AsyncClient,
) -> None:
    release = await usenet_release("Paused.Show.S01E01")
    nntp.hold()
    download_id = await nzbget.add(release, category=CATEGORY)
    auth = (nzbget_daemon.username, nzbget_daemon.password)
    answer = await http.post(
        f"{nzbget_daemon.url}/jsonrpc",
        json={"method": "editqueue", "id": 1, "params": ["GroupPause", "", [int(download_id)]]},
        auth=auth,
    )
    assert answer.json()["result"] is True
    nntp.release()
    state = await settle(nzbget, download_id, until=frozenset({DownloadStatus.PAUSED}))
    assert state.progress < 1.0

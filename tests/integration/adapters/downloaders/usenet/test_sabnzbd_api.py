"""The SABnzbd adapter against a loopback server speaking SABnzbd 4.x's real API."""

from __future__ import annotations

import httpx
import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.sabnzbd import SABnzbd, seconds
from mediaos.core.errors import AuthRejected, BadPayload
from tests.integration.adapters.downloaders.contract import check_downloader_contract
from tests.integration.adapters.downloaders.usenet.conftest import FileHost, UsenetRelease
from tests.peers.sabnzbd_server import SABnzbdServer

CATEGORY = "tv"


async def test_sabnzbd_keeps_the_downloader_contract(
    sabnzbd: SABnzbd, usenet_release: UsenetRelease, sab_server: SABnzbdServer
) -> None:
    await check_downloader_contract(sabnzbd, await usenet_release("Contract.Show.S01E01"))
    set_config = [c for c in sab_server.calls if c["mode"] == "set_config"]
    assert [c["keyword"] for c in set_config] == ["mediaos-contract"], "ensure is idempotent"


async def test_add_uploads_the_fetched_nzb_with_category_priority_and_name(
    sab_server: SABnzbdServer, http: httpx.AsyncClient, usenet_release: UsenetRelease
) -> None:
    client = SABnzbd(
        name="sab", url=sab_server.base, api_key=sab_server.api_key, http=http, priority=1
    )
    release = await usenet_release("Show.Name.S02E05.1080p.WEB-DL-GRP")

    nzo_id = await client.add(release, category=CATEGORY)

    (added,) = [c for c in sab_server.calls if c["mode"] == "addfile"]
    assert added["cat"] == CATEGORY
    assert added["priority"] == "1"
    assert added["nzbname"] == "Show.Name.S02E05.1080p.WEB-DL-GRP"
    assert added["output"] == "json"
    assert sab_server.queue[nzo_id].source == "file:Show.Name.S02E05.1080p.WEB-DL-GRP.nzb"
    (state,) = await client.list(category=CATEGORY)
    assert (state.id, state.status, state.category) == (nzo_id, DownloadStatus.QUEUED, "tv")


async def test_addurl_is_used_when_sabnzbd_fetches_the_nzb_itself(
    sab_server: SABnzbdServer,
    http: httpx.AsyncClient,
    usenet_release: UsenetRelease,
    files: FileHost,
) -> None:
    client = SABnzbd(
        name="sab", url=sab_server.base, api_key=sab_server.api_key, http=http, fetch_nzb=False
    )
    release = await usenet_release("Url.Movie.2026")

    nzo_id = await client.add(release, category="movies")

    assert sab_server.queue[nzo_id].source == f"url:{release.download_url}"
    assert files.requests == []


async def test_finished_and_failed_jobs_map_to_completed_and_failed_with_sabnzbds_reason(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, usenet_release: UsenetRelease
) -> None:
    good = await sabnzbd.add(await usenet_release("Good.Show.S01E01"), category=CATEGORY)
    bad = await sabnzbd.add(await usenet_release("Bad.Show.S01E02"), category=CATEGORY)
    sab_server.finish(good)
    sab_server.fail(bad, "Aborted, cannot be completed - https://sabnzbd.org/not-complete")

    states = {s.id: s for s in await sabnzbd.list(category=CATEGORY)}

    assert states[good].status is DownloadStatus.COMPLETED
    assert states[good].content_path == "/downloads/complete/tv/Good.Show.S01E01"
    assert states[good].save_path == "/downloads/complete/tv"
    assert states[bad].status is DownloadStatus.FAILED
    assert (states[bad].error or "").startswith("Aborted")


async def test_adding_the_same_release_twice_gives_one_job_in_queue_and_in_history(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, usenet_release: UsenetRelease
) -> None:
    release = await usenet_release("Twice.Show.S01E01")
    first = await sabnzbd.add(release, category=CATEGORY)
    assert await sabnzbd.add(release, category=CATEGORY) == first
    sab_server.finish(first)
    assert await sabnzbd.add(release, category=CATEGORY) == first
    assert len([c for c in sab_server.calls if c["mode"] == "addfile"]) == 1


async def test_remove_deletes_from_queue_or_history_with_the_files_flag(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, usenet_release: UsenetRelease
) -> None:
    queued = await sabnzbd.add(await usenet_release("Queued.One"), category=CATEGORY)
    done = await sabnzbd.add(await usenet_release("Done.One"), category=CATEGORY)
    sab_server.finish(done)

    await sabnzbd.remove(queued, delete_files=True)
    await sabnzbd.remove(done, delete_files=False)

    deletes = [c for c in sab_server.calls if c.get("name") == "delete"]
    assert [(c["mode"], c["value"], c["del_files"]) for c in deletes] == [
        ("queue", queued, "1"),
        ("history", done, "0"),
    ]
    assert deletes[1]["archive"] == "0"
    assert await sabnzbd.list(category=CATEGORY) == []


async def test_paused_queue_and_time_left_are_normalised(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, usenet_release: UsenetRelease
) -> None:
    nzo_id = await sabnzbd.add(await usenet_release("Paused.One"), category=CATEGORY)
    sab_server.paused = True
    (state,) = await sabnzbd.list(category=CATEGORY)
    assert state.status is DownloadStatus.PAUSED
    sab_server.paused = False
    sab_server.queue[nzo_id].status = "Downloading"
    sab_server.queue[nzo_id].done = sab_server.queue[nzo_id].size // 2
    (state,) = await sabnzbd.list(category=CATEGORY)
    assert (state.status, state.progress, state.eta) == (DownloadStatus.DOWNLOADING, 0.5, 5)
    assert (seconds("1:02:03"), seconds("2:00:00:01"), seconds("soon")) == (3723, 172801, None)


async def test_ensure_creates_a_missing_category_with_its_folder_once(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer
) -> None:
    await sabnzbd.ensure(category="anime", save_path="/data/anime")
    await sabnzbd.ensure(category="anime", save_path="/data/anime")
    await sabnzbd.ensure(category="tv")
    assert sab_server.categories["anime"] == "/data/anime"
    assert len([c for c in sab_server.calls if c["mode"] == "set_config"]) == 1


async def test_health_reports_the_version_and_checks_the_key(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, http: httpx.AsyncClient
) -> None:
    health = await sabnzbd.health()
    assert (health.ok, health.version) == (True, "4.5.1")
    sab_server.override("version", b'{"version": "2.3.9"}')
    assert not (await sabnzbd.health()).ok
    wrong = SABnzbd(name="sab", url=sab_server.base, api_key="not-the-key", http=http)
    with pytest.raises(AuthRejected) as caught:
        await wrong.health()
    assert "not-the-key" not in str(caught.value)
    assert "not-the-key" not in repr(wrong)
    empty = SABnzbd(name="sab", url=sab_server.base, api_key="", http=http)
    with pytest.raises(AuthRejected, match="API Key Required"):
        await empty.list(category=CATEGORY)


async def test_an_invalid_nzb_is_refused_before_reaching_sabnzbd(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, files: FileHost
) -> None:
    from mediaos.core.releaseinfo import ReleaseInfo

    release = ReleaseInfo(
        title="Bomb",
        guid="bomb",
        indexer="loopback",
        protocol="usenet",
        download_url=files.publish(
            "bomb.nzb",
            b'<?xml version="1.0"?><!DOCTYPE nzb [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><nzb>&b;</nzb>',
        ),
    )
    with pytest.raises(BadPayload, match="NZB"):
        await sabnzbd.add(release, category=CATEGORY)
    assert not [c for c in sab_server.calls if c["mode"] == "addfile"]


async def test_sabnzbd_restarted_mid_test_is_recovered_from(
    sabnzbd: SABnzbd, sab_server: SABnzbdServer, usenet_release: UsenetRelease
) -> None:
    release = await usenet_release("Restart.Show.S01E01")
    nzo_id = await sabnzbd.add(release, category=CATEGORY)

    await sab_server.restart()  # the adapter's pooled connection is now dead

    assert [s.id for s in await sabnzbd.list(category=CATEGORY)] == [nzo_id]
    assert await sabnzbd.add(release, category=CATEGORY) == nzo_id

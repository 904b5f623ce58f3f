"""Acquisition end to end: a loopback Torznab indexer, the real qbittorrent-nox, run_pass.

Pass 1 searches, pass 2 grabs the best acceptable release, pass 3 plans nothing (never a
second grab). The blocklisted release (which would otherwise win on seeders) and the
rejected ones (a CAM, a different title) are never sent. An interrupted grab (an intent
with no outcome) is settled by asking the client: no duplicate add.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Any

import httpx
import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.adapters.indexers.newznab import indexer_from_spec
from mediaos.adapters.metadata.base import MovieMeta
from mediaos.core.actions import Done, Grab, ItemKey, Search
from mediaos.core.clock import ManualClock
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.acquisition import Acquisition
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB
from mediaos.state.blocklist import BlocklistRecord, BlocklistRepo
from mediaos.state.candidates import CandidateRepo
from mediaos.state.grabs import GrabRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.rss_seen import RssSeenRepo
from mediaos.state.traces import TraceRepo
from tests.peers.indexer_payloads import FakeRelease
from tests.peers.indexer_server import IndexerBehaviour, IndexerServer
from tests.peers.media import MediaTorrent, make_media_torrent
from tests.peers.qbittorrent import QBittorrentDaemon

pytestmark = pytest.mark.peer("qbittorrent-nox")

DUNE = "movie/dune-2021"
GIB = 1024**3
ANNOUNCE = "http://127.0.0.1:9/announce"


@pytest.fixture
def qbt_daemon(tmp_path: Path) -> Iterator[QBittorrentDaemon]:
    daemon = QBittorrentDaemon(tmp_path / "qbt")
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def good(tmp_path: Path) -> MediaTorrent:
    return make_media_torrent(
        tmp_path / "good", announce_url=ANNOUNCE, size=64 * 1024,
        name="Dune.2021.1080p.WEB-DL.x264-GRP.mkv",
    )  # fmt: skip


@pytest.fixture
def blocked(tmp_path: Path) -> MediaTorrent:
    return make_media_torrent(
        tmp_path / "blocked", announce_url=ANNOUNCE, size=64 * 1024,
        name="Dune.2021.1080p.WEB-DL.x264-BLK.mkv",
    )  # fmt: skip


def movie(id_: str, title: str, *, seeders: int, info_hash: str | None = None) -> FakeRelease:
    return FakeRelease(id_, title, "movie", (2040,), 4 * GIB, seeders=seeders, info_hash=info_hash)


@pytest.fixture
async def indexer_server(good: MediaTorrent, blocked: MediaTorrent) -> AsyncIterator[IndexerServer]:
    behaviour = IndexerBehaviour(
        flavour="jackett",
        releases=[
            movie("dune-good", "Dune.2021.1080p.WEB-DL.x264-GRP", seeders=10,
                  info_hash=good.info_hash),
            movie("dune-blk", "Dune.2021.1080p.WEB-DL.x264-BLK", seeders=100,
                  info_hash=blocked.info_hash),
            movie("dune-cam", "Dune.2021.CAM.x264-CAMGRP", seeders=500),
            movie("dune-other", "Dune.Drifters.2021.1080p.WEB-DL.x264-GRP", seeders=1000),
        ],
        torrents={"dune-good": good.torrent, "dune-blk": blocked.torrent},
    )  # fmt: skip
    server = await IndexerServer(behaviour).start()
    try:
        yield server
    finally:
        await server.stop()


def config(server: IndexerServer, qbt: QBittorrentDaemon) -> MediaOSConfig:
    data: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": "/srv/movies"}},
        "quality": {
            "profiles": {"hd": {"allowed": ["WEBDL-720p", "WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}
        },
        "indexers": [
            {
                "name": "tracker",
                "type": "torznab",
                "url": server.api_url,
                "api_key": server.behaviour.api_key,
                "rate_limit": {"requests": 50, "per": 1},
            }
        ],
        "download_clients": [
            {
                "name": "qbt",
                "type": "qbittorrent",
                "url": qbt.url,
                "username": qbt.username,
                "password": qbt.password,
            }
        ],
        "movies": [{"title": "Dune", "year": 2021}],
    }
    return MediaOSConfig.model_validate(data)


class World:
    def __init__(
        self, cfg: MediaOSConfig, state: StateDB, clock: ManualClock, qbt: QBittorrent
    ) -> None:
        self.cfg, self.state, self.clock, self.qbt = cfg, state, clock, qbt
        self.http = httpx.AsyncClient(timeout=10)
        self.indexers = {s.name: indexer_from_spec(s, self.http) for s in cfg.indexers}
        catalog = Catalog(movies={DUNE: MovieMeta(title="Dune", year=2021, runtime=155)})
        self.desired: Desired = resolve(cfg, catalog, clock.now())
        self.journal = SqliteJournal(state)
        self.server: IndexerServer | None = None

    def reconciler(self) -> Acquisition:
        return Acquisition(
            config=self.cfg,
            state=self.state,
            indexers=self.indexers,
            clients={"qbt": self.qbt},
            clock=self.clock,
        )

    async def run(self) -> Any:
        report = await run_pass(
            self.reconciler(), self.desired, clock=self.clock, rng=Random(1), journal=self.journal
        )
        self.clock.advance(timedelta(minutes=1))
        return report

    async def hashes(self) -> list[str]:
        return sorted(d.id for d in await self.qbt.list(category="mediaos"))


@pytest.fixture
async def world(
    indexer_server: IndexerServer,
    qbt_daemon: QBittorrentDaemon,
    state: StateDB,
    clock: ManualClock,
) -> AsyncIterator[World]:
    cfg = config(indexer_server, qbt_daemon)
    qbt = QBittorrent(
        name="qbt",
        base_url=qbt_daemon.url,
        username=qbt_daemon.username,
        password=qbt_daemon.password,
        timeout=10,
    )
    await qbt.ensure(category="mediaos")
    built = World(cfg, state, clock, qbt)
    built.server = indexer_server
    try:
        yield built
    finally:
        await qbt.aclose()
        await built.http.aclose()


async def test_search_then_grab_then_nothing_more_and_never_a_blocked_or_rejected_release(
    world: World, good: MediaTorrent, blocked: MediaTorrent
) -> None:
    BlocklistRepo(world.state).add(
        BlocklistRecord(
            DUNE, "earlier-guid", blocked.info_hash, "DownloadFailed", world.clock.now()
        )
    )

    first = await world.run()
    assert [type(a) for a in first.plan.actions] == [Search]
    ((_, outcome),) = first.outcomes
    assert isinstance(outcome, Done)
    assert outcome.message == "4 releases, 1 accepted"
    stored = CandidateRepo(world.state).for_item(DUNE)
    assert len(stored) == 4
    assert all("s3cr3t" not in (c.release.download_url or "") + c.release.guid for c in stored)
    trace = TraceRepo(world.state).latest(DUNE)
    assert trace is not None and len(trace.decisions) == 4
    assert await world.hashes() == []

    second = await world.run()
    (grab,) = second.plan.actions
    assert isinstance(grab, Grab)
    assert (grab.info_hash, grab.client) == (good.info_hash, "qbt")
    assert second.done == (grab.key,)
    assert await world.hashes() == [good.info_hash]
    (recorded,) = GrabRepo(world.state).active(DUNE)
    assert (recorded.info_hash, recorded.download_id) == (good.info_hash, good.info_hash)
    assert "s3cr3t" not in recorded.guid

    third = await world.run()
    assert third.plan.actions == ()
    grabbed = {c.type: c for c in third.plan.status[ItemKey(DUNE)]}["Grabbed"]
    assert grabbed.status.value == "True"
    assert await world.hashes() == [good.info_hash]


async def test_an_interrupted_grab_is_settled_by_asking_the_client_not_by_adding_again(
    world: World,
) -> None:
    await world.run()  # the search
    plan = world.reconciler().plan(
        world.desired, await world.reconciler().observe(world.desired), world.clock.now()
    )
    (grab,) = plan.actions
    assert isinstance(grab, Grab)
    # A pass that died after sending and before recording: the intent is pending and the
    # torrent is in the client, but the grabs table knows nothing.
    await world.journal.intend(grab, at=world.clock.now())
    restored = await world.reconciler()._restore(  # the link as the grab would send it
        CandidateRepo(world.state).find(DUNE, grab.indexer, grab.guid)  # type: ignore[arg-type]
    )
    await world.qbt.add(restored, category="mediaos")
    assert GrabRepo(world.state).active(DUNE) == ()

    report = await world.run()
    assert report.plan.actions == ()
    assert await world.hashes() == [grab.info_hash]
    (recorded,) = GrabRepo(world.state).active(DUNE)
    assert recorded.info_hash == grab.info_hash
    intent = world.journal.intent(grab.key)
    assert intent is not None and intent.outcome == "done"
    assert intent.outcome_reason == "AlreadyInClient"


async def test_an_interrupted_grab_that_never_reached_the_client_is_grabbed_once(
    world: World,
) -> None:
    await world.run()
    observed = await world.reconciler().observe(world.desired)
    (grab,) = world.reconciler().plan(world.desired, observed, world.clock.now()).actions
    assert isinstance(grab, Grab)
    await world.journal.intend(grab, at=world.clock.now())

    report = await world.run()
    assert [a.key for a in report.plan.actions] == [grab.key]
    assert report.done == (grab.key,)
    assert await world.hashes() == [grab.info_hash]
    assert len(GrabRepo(world.state).active(DUNE)) == 1


async def test_an_rss_sync_finds_and_grabs_without_an_item_search(
    world: World, good: MediaTorrent, blocked: MediaTorrent
) -> None:
    BlocklistRepo(world.state).add(
        BlocklistRecord(
            DUNE, "earlier-guid", blocked.info_hash, "DownloadFailed", world.clock.now()
        )
    )
    syncing = Acquisition(
        config=world.cfg,
        state=world.state,
        indexers=world.indexers,
        clients={"qbt": world.qbt},
        clock=world.clock,
        refresh=True,
    )
    observed = await syncing.observe(world.desired)
    assert observed.problems == ()
    (accepted,) = observed.candidates[DUNE]
    assert accepted.release.info_hash == good.info_hash
    report = await run_pass(
        syncing, world.desired, clock=world.clock, rng=Random(1), journal=world.journal
    )
    assert [a.verb for a in report.plan.actions] == ["grab"]
    assert await world.hashes() == [good.info_hash]
    assert world.server is not None
    requests = world.server.behaviour.requests
    calls = [r.get("t") for r in requests if r.get("t") != "caps"]
    assert calls == ["search", "search"]  # one feed fetch per observe, no item search
    assert all("q" not in r for r in requests)
    assert RssSeenRepo(world.state).count("tracker") == 4  # each item judged once


async def test_search_now_ranks_and_force_grab_sends_even_a_rejected_release(
    world: World, tmp_path: Path
) -> None:
    assert world.server is not None
    cam_file = make_media_torrent(tmp_path / "cam", announce_url=ANNOUNCE, size=64 * 1024)
    world.server.behaviour.torrents["dune-cam"] = cam_file.torrent
    acquisition = world.reconciler()
    (slot,) = world.desired.slots
    decisions = await acquisition.search_now(slot)
    assert [d.accepted for d in decisions] == [True, True, False, False]
    assert decisions[0].release.title == "Dune.2021.1080p.WEB-DL.x264-BLK"  # most seeders
    cam = next(d.release for d in decisions if "CAM" in d.release.title)
    outcome = await acquisition.force_grab(slot, cam.guid)
    assert isinstance(outcome, Done), outcome
    (recorded,) = GrabRepo(world.state).active(DUNE)
    assert (recorded.title, recorded.info_hash) == (cam.title, cam_file.info_hash)
    assert await world.hashes() == [cam_file.info_hash]
    unknown = await acquisition.force_grab(slot, "no-such-guid")
    assert unknown.reason == "UnknownRelease"


async def test_a_link_with_another_secret_redacted_is_found_again_by_guid(
    world: World, good: MediaTorrent, blocked: MediaTorrent
) -> None:
    BlocklistRepo(world.state).add(
        BlocklistRecord(
            DUNE, "earlier-guid", blocked.info_hash, "DownloadFailed", world.clock.now()
        )
    )
    await world.run()  # the search
    with world.state.db.conn:  # as if the link had carried a passkey, stored as ***
        world.state.db.conn.execute(
            "UPDATE candidates SET release = json_set(release, '$.download_url', "
            "'http://127.0.0.1:9/dl?passkey=***', '$.magnet', NULL) WHERE accepted = 1"
        )
    report = await world.run()
    assert report.done == tuple(a.key for a in report.plan.actions) != ()
    assert await world.hashes() == [good.info_hash]


async def test_a_release_grabbed_again_after_its_torrent_was_deleted_is_followed_again(
    world: World,
) -> None:
    await world.run()  # the search
    await world.run()  # the grab
    grabs = GrabRepo(world.state)
    (first,) = grabs.active(DUNE)
    # The person deletes the torrent in the client; the downloads loop cancels the grab.
    await world.qbt.remove(first.download_id, delete_files=True)
    grabs.set_state("qbt", first.download_id, "cancelled", world.clock.now())

    again = await world.run()
    (grab,) = again.plan.actions
    assert isinstance(grab, Grab) and grab.info_hash == first.info_hash
    assert await world.hashes() == [first.info_hash]
    (revived,) = grabs.active(DUNE)
    assert revived.state == "grabbed" and revived.grabbed_at > first.grabbed_at

    assert (await world.run()).plan.actions == ()  # followed: never planned again


@pytest.mark.parametrize(
    ("gone", "why"), [("torrent 404", "HTTP 404"), ("no longer listed", "no longer offers")]
)
async def test_a_release_gone_from_its_indexer_is_blocklisted_and_the_next_one_grabbed(
    world: World, good: MediaTorrent, blocked: MediaTorrent, gone: str, why: str
) -> None:
    await world.run()  # the search: BLK wins on seeders
    assert world.server is not None
    behaviour = world.server.behaviour
    if gone == "torrent 404":  # nuked: its .torrent answers 404 (no magnet to fall back on)
        del behaviour.torrents["dune-blk"]
        link = "'$.magnet', NULL"
    else:  # a passkey link, so the grab searches again, and the release is gone
        behaviour.releases = [r for r in behaviour.releases if r.id != "dune-blk"]
        link = "'$.download_url', 'http://127.0.0.1:9/dl?passkey=***', '$.magnet', NULL"
    with world.state.db.conn:
        world.state.db.conn.execute(
            f"UPDATE candidates SET release = json_set(release, {link}) WHERE accepted = 1"
        )

    failed = await world.run()
    (grab,) = failed.plan.actions
    assert isinstance(grab, Grab) and grab.info_hash == blocked.info_hash
    assert failed.stalled == (grab.key,)
    (entry,) = BlocklistRepo(world.state).entries(DUNE)
    assert entry.info_hash == blocked.info_hash and entry.reason.startswith("GrabFailed: ")
    assert why in entry.reason

    report = await world.run()  # another candidate, not the same one parked forever
    (other,) = report.plan.actions
    assert isinstance(other, Grab) and other.info_hash == good.info_hash
    assert report.done == (other.key,)
    assert await world.hashes() == [good.info_hash]


async def test_an_interrupted_regrab_of_a_release_imported_before_is_followed(
    world: World,
) -> None:
    await world.run()  # the search
    await world.run()  # the grab
    grabs = GrabRepo(world.state)
    (first,) = grabs.active(DUNE)
    grabs.set_state("qbt", first.download_id, "imported", world.clock.now())
    await world.qbt.remove(first.download_id, delete_files=True)
    world.clock.advance(timedelta(hours=1))  # the library file is deleted by hand since
    # The same release grabbed again, and the pass dies after sending, before recording.
    observed = await world.reconciler().observe(world.desired)
    (grab,) = world.reconciler().plan(world.desired, observed, world.clock.now()).actions
    assert isinstance(grab, Grab) and grab.info_hash == first.info_hash
    await world.journal.intend(grab, at=world.clock.now())
    restored = await world.reconciler()._restore(
        CandidateRepo(world.state).find(DUNE, grab.indexer, grab.guid)  # type: ignore[arg-type]
    )
    await world.qbt.add(restored, category="mediaos")

    report = await world.run()
    assert report.plan.actions == ()
    (live,) = grabs.active(DUNE)  # followed by the downloads loop, not left `imported`
    assert live.grabbed_at > first.grabbed_at
    assert await world.hashes() == [first.info_hash]

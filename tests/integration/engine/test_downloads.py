"""The downloads loop against the qBittorrent adapter on a loopback fake of its Web API, with
real files on disk, a real state database and the real runner: import, second pass in sync,
failed and stalled downloads, seeding goals, drift, a dead client, `mediaos import`."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from random import Random
from typing import Any

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.adapters.mediaservers.base import ServerHealth
from mediaos.adapters.metadata.base import EpisodeMeta, SeriesMeta
from mediaos.adapters.notifiers.base import Event
from mediaos.core.actions import Done, Import, ItemKey
from mediaos.core.clock import ManualClock
from mediaos.core.errors import Unreachable
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.reconcilers.downloads import Downloads
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB, open_database_readonly
from mediaos.state.blocklist import BlocklistRepo
from mediaos.state.downloads import DownloadRepo
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.history import EventRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.library_index import files as indexed_files
from tests.peers.qbittorrent_fake import FakeQBittorrent

HASH = "ab" * 20
ITEM = "movie/dune-2021"
RELEASE = "Dune.2021.1080p.WEB-DL.x264-GRP"
NAMED = "Dune (2021)/Dune (2021) WEBDL-1080p.mkv"


def make_config(tmp_path: Path, **library: Any) -> MediaOSConfig:
    client = library.pop("client", {})
    movies = library.pop("movies", [{"title": "Dune", "year": 2021}])
    series = library.pop("series", [])
    roots = library.pop("roots", {"movies": str(tmp_path / "lib" / "movies")})
    return MediaOSConfig.model_validate(
        {
            "version": 1,
            "data_dir": str(tmp_path / "data"),
            "library": {
                "roots": roots,
                "path_mappings": [{"remote": "/downloads", "local": str(tmp_path / "dl")}],
                "recycle_bin": str(tmp_path / "bin"),
                **library,
            },
            "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
            "download_clients": [
                {"name": "qbit", "type": "qbittorrent", "url": "http://127.0.0.1:9", **client}
            ],
            "movies": movies,
            "series": series,
        }
    )


def put_download(
    fake: FakeQBittorrent, tmp_path: Path, *, state: str = "uploading", progress: float = 1.0,
    ratio: float = 0.0, size: int = 64 * 1024,
) -> Path:  # fmt: skip
    """A finished download on disk (a folder with the video, a sample and an nfo) and the
    client's row for it."""
    folder = tmp_path / "dl" / RELEASE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{RELEASE}.mkv").write_bytes(os.urandom(size))
    (folder / "sample.mkv").write_bytes(os.urandom(1024))
    (folder / f"{RELEASE}.nfo").write_text("nfo")
    fake.torrents[HASH] = {
        "hash": HASH, "name": RELEASE, "state": state, "category": "mediaos",
        "progress": progress, "size": size, "total_size": size, "eta": 0,
        "save_path": "/downloads", "content_path": f"/downloads/{RELEASE}", "ratio": ratio,
        "seeding_time": 0, "has_metadata": True, "popularity": 0.0,
    }  # fmt: skip
    return folder


def add_grab(
    state: StateDB, clock: ManualClock, *, item: str = ITEM, ago: timedelta = timedelta(hours=1)
) -> None:
    GrabRepo(state).add(
        GrabRecord(
            item,
            "https://idx/dl?id=1&apikey=s3cret",
            HASH,
            RELEASE,
            "idx",
            "qbit",
            HASH,
            clock.now() - ago,
            "downloading",
        )
    )


def desired_of(config: MediaOSConfig, clock: ManualClock) -> Desired:
    return resolve(config, Catalog(), clock.now())


async def one_pass(
    loop: Downloads, desired: Desired, clock: ManualClock, journal: SqliteJournal
) -> list[str]:
    report = await run_pass(loop, desired, clock=clock, rng=Random(1), journal=journal)
    assert not report.retrying and not report.stalled, report.outcomes
    return [a.key for a, _ in report.outcomes]


async def test_a_completed_download_is_imported_under_its_arr_name_then_in_sync(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    folder = put_download(fake, tmp_path)
    add_grab(state, clock)
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)

    assert await one_pass(loop, desired, clock, journal) == [f"import:{ITEM}:{HASH}"]

    imported = tmp_path / "lib" / "movies" / NAMED
    assert imported.stat().st_ino == (folder / f"{RELEASE}.mkv").stat().st_ino  # hardlink
    assert imported.with_suffix(".nfo-orig").read_text() == "nfo"  # as Radarr keeps it
    assert not list(imported.parent.glob("sample*"))
    assert [f.path for f in indexed_files(state) if f.kind == "movie"] == [NAMED]
    assert GrabRepo(state).for_item(ITEM)[0].state == "imported"
    (record,) = DownloadRepo(state).for_item(ITEM)
    assert str(imported) in record.imported_paths
    assert any(e.kind == "import" for e in EventRepo(state).for_item(ITEM))

    again = await loop.observe(desired)
    assert loop.plan(desired, again, clock.now()).actions == ()


async def test_a_failed_download_is_blocklisted_and_removed_with_its_data(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    put_download(fake, tmp_path, state="error", progress=0.4)
    add_grab(state, clock)
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)

    keys = await one_pass(loop, desired_of(config, clock), clock, journal)

    assert [k.split(":")[0] for k in keys] == ["blocklist", "cancel"]
    assert BlocklistRepo(state).is_blocked(ITEM, "x", HASH)
    assert fake.torrents == {}
    assert GrabRepo(state).active(ITEM) == ()


async def test_a_download_without_progress_past_stalled_after_is_given_up(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"stalled_after": "2h"})
    put_download(fake, tmp_path, state="stalledDL", progress=0.3)
    add_grab(state, clock, ago=timedelta(minutes=10))
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)

    assert await one_pass(loop, desired, clock, journal) == []
    clock.advance(timedelta(hours=1))
    fake.torrents[HASH]["progress"] = 0.35  # progress resets the timer
    assert await one_pass(loop, desired, clock, journal) == []
    for _ in range(2):  # watched all along: a long gap would restart the timer
        clock.advance(timedelta(minutes=45))
        assert await one_pass(loop, desired, clock, journal) == []
    clock.advance(timedelta(minutes=31))
    keys = await one_pass(loop, desired, clock, journal)
    assert [k.split(":")[0] for k in keys] == ["blocklist", "cancel"]
    assert fake.torrents == {}


@pytest.mark.parametrize("held", ["queuedDL", "pausedDL"])
async def test_a_download_held_in_the_queue_or_paused_is_not_given_up_once_it_starts(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent, held: str,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"stalled_after": "2h"})
    put_download(fake, tmp_path, state=held, progress=0.0 if held == "queuedDL" else 0.42)
    add_grab(state, clock, ago=timedelta(minutes=10))
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)
    for _ in range(12):  # held all night, watched every hour
        assert await one_pass(loop, desired, clock, journal) == []
        clock.advance(timedelta(hours=1))
    assert await one_pass(loop, desired, clock, journal) == []

    fake.torrents[HASH]["state"] = "stalledDL"  # started: no peer yet, same progress
    assert await one_pass(loop, desired, clock, journal) == []
    assert HASH in fake.torrents
    for _ in range(2):
        clock.advance(timedelta(minutes=45))
        assert await one_pass(loop, desired, clock, journal) == []
    clock.advance(timedelta(minutes=31))  # now stalled for longer than 2 h, watched
    keys = await one_pass(loop, desired, clock, journal)
    assert [k.split(":")[0] for k in keys] == ["blocklist", "cancel"]


async def test_a_download_seen_again_after_an_outage_gets_a_new_stall_timer(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"stalled_after": "2h"})
    put_download(fake, tmp_path, state="downloading", progress=0.42)
    add_grab(state, clock, ago=timedelta(minutes=10))
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)
    assert await one_pass(loop, desired, clock, journal) == []

    clock.advance(timedelta(hours=8))  # the machine was off overnight
    assert await one_pass(loop, desired, clock, journal) == []
    (record,) = DownloadRepo(state).for_item(ITEM)
    assert record.progress_at == clock.now()
    assert HASH in fake.torrents


@pytest.mark.parametrize(("ratio", "removed"), [(1.5, True), (0.5, False)])
async def test_an_imported_torrent_leaves_the_client_once_its_ratio_is_met(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent, ratio: float, removed: bool,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"remove_completed": True, "seed_ratio": 1.0})
    put_download(fake, tmp_path)
    add_grab(state, clock)
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)
    await one_pass(loop, desired, clock, journal)  # the import

    fake.torrents[HASH]["ratio"] = ratio
    keys = await one_pass(loop, desired, clock, journal)

    assert keys == ([f"remove:{ITEM}:{HASH}"] if removed else [])
    assert (HASH in fake.torrents) is not removed
    assert (tmp_path / "lib" / "movies" / NAMED).exists()
    if removed:
        assert GrabRepo(state).for_item(ITEM)[0].state == "removed"
        assert (tmp_path / "dl" / RELEASE).exists()  # delete_files=False; the fake keeps disk


async def test_a_download_removed_by_hand_frees_the_item_for_a_new_grab(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    add_grab(state, clock)  # the client has nothing: removed by hand
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)

    keys = await one_pass(loop, desired_of(config, clock), clock, journal)

    assert keys == [f"cancel:{ITEM}:{HASH}"]
    assert GrabRepo(state).active(ITEM) == ()
    assert not BlocklistRepo(state).is_blocked(ITEM, "x", HASH)


async def test_a_dead_client_is_a_problem_and_its_grabs_are_left_alone(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    add_grab(state, clock)
    dead = QBittorrent(name="qbit", base_url="http://127.0.0.1:9", password="x", timeout=2)
    try:
        loop = Downloads(config=config, state=state, clients={"qbit": dead}, clock=clock)
        desired = desired_of(config, clock)
        observed = await loop.observe(desired)
        assert [p.source for p in observed.problems] == ["client/qbit"]
        assert await one_pass(loop, desired, clock, journal) == []
    finally:
        await dead.aclose()
    assert len(GrabRepo(state).active(ITEM)) == 1


async def test_an_interrupted_import_whose_files_landed_is_recorded_not_redone(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    folder = put_download(fake, tmp_path)
    add_grab(state, clock)
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)
    observed = await loop.observe(desired)
    (action,) = loop.plan(desired, observed, clock.now()).actions
    # What a kill after the files and before the record leaves: the file, an intent, and a
    # stray temporary file.
    target = tmp_path / "lib" / "movies" / NAMED
    target.parent.mkdir(parents=True)
    os.link(folder / f"{RELEASE}.mkv", target)
    (target.parent / ".mediaos-tmp-0123456789abcdef").write_bytes(b"partial")
    await journal.intend(action, clock.now())

    await loop.observe(desired)

    assert GrabRepo(state).for_item(ITEM)[0].state == "imported"
    assert not list(target.parent.glob(".mediaos-tmp-*"))
    assert [f.path for f in indexed_files(state) if f.kind == "movie"] == [NAMED]
    intent = journal.intent(action.key)
    assert intent is not None and intent.settled_at is not None
    again = await loop.observe(desired)
    assert loop.plan(desired, again, clock.now()).actions == ()


async def test_mediaos_import_names_a_loose_file_as_the_slot_says(
    tmp_path: Path, state: StateDB, clock: ManualClock
) -> None:
    config = make_config(tmp_path)
    loose = tmp_path / "incoming" / "dune.rip.1080p.web-dl.mkv"
    loose.parent.mkdir()
    loose.write_bytes(os.urandom(4096))
    loop = Downloads(config=config, state=state, clients={}, clock=clock)
    (slot,) = desired_of(config, clock).slots

    outcome = await loop.import_path(loose, slot)

    assert isinstance(outcome, Done)
    assert (tmp_path / "lib" / "movies" / NAMED).read_bytes() == loose.read_bytes()
    assert [f.path for f in indexed_files(state) if f.kind == "movie"] == [NAMED]


class DownServer:
    """A media server that never answers: its failure must not fail the import."""

    name = "jellyfin"

    def __init__(self) -> None:
        self.asked: list[Path] = []

    async def refresh(self, path: Path) -> None:
        self.asked.append(path)
        raise Unreachable("jellyfin", "refresh", "connection refused")

    async def health(self) -> ServerHealth:
        return ServerHealth(False, None, None, "down")


class Inbox:
    name = "hook"

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def send(self, event: Event) -> None:
        self.events.append(event)


async def test_media_servers_and_notifications_are_told_and_their_failures_stay_theirs(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path)
    put_download(fake, tmp_path)
    add_grab(state, clock)
    server, inbox = DownServer(), Inbox()
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock,
                     media_servers=(server,), notifiers=(inbox,))  # fmt: skip

    assert await one_pass(loop, desired_of(config, clock), clock, journal) == [
        f"import:{ITEM}:{HASH}"
    ]

    assert server.asked == [tmp_path / "lib" / "movies" / "Dune (2021)"]
    assert [(e.kind, e.item) for e in inbox.events] == [("import", ITEM)]
    assert any(e.kind == "mediaserver-failed" for e in EventRepo(state).for_item(ITEM))


async def test_a_season_pack_grabbed_for_a_season_fills_each_episode(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(
        tmp_path,
        movies=[],
        series=[{"title": "Pioneer One", "year": 2010, "seasons": [1]}],
        roots={"series": str(tmp_path / "lib" / "tv")},
    )
    meta = SeriesMeta("Pioneer One", 2010, episodes=tuple(
        EpisodeMeta(1, n, f"Part {n}", air_date=date(2010, 6, n)) for n in (1, 2)
    ))  # fmt: skip
    desired = resolve(config, Catalog(series={"series/pioneer-one-2010": meta}), clock.now())
    season_key = "series/pioneer-one-2010/s01"
    pack = "Pioneer.One.S01.1080p.WEB-DL.x264-GRP"
    folder = tmp_path / "dl" / pack
    folder.mkdir(parents=True)
    for n in (1, 2):
        (folder / f"Pioneer.One.S01E0{n}.1080p.WEB-DL.x264-GRP.mkv").write_bytes(os.urandom(4096))
    fake.torrents[HASH] = {
        "hash": HASH, "name": pack, "state": "uploading", "category": "mediaos",
        "progress": 1.0, "size": 8192, "total_size": 8192, "eta": 0, "save_path": "/downloads",
        "content_path": f"/downloads/{pack}", "ratio": 0.0, "seeding_time": 0,
        "has_metadata": True, "popularity": 0.0,
    }  # fmt: skip
    GrabRepo(state).add(GrabRecord(season_key, "g", HASH, pack, "idx", "qbit", HASH,
                                   clock.now() - timedelta(hours=1), "downloading"))  # fmt: skip
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)

    assert await one_pass(loop, desired, clock, journal) == [f"import:{season_key}:{HASH}"]

    season = tmp_path / "lib" / "tv" / "Pioneer One" / "Season 1"
    assert sorted(p.name for p in season.iterdir()) == [
        "Pioneer One - S01E01 - Part 1 WEBDL-1080p.mkv",
        "Pioneer One - S01E02 - Part 2 WEBDL-1080p.mkv",
    ]
    assert len([f for f in indexed_files(state) if f.kind == "episode"]) == 2


async def test_a_read_only_diff_beside_apply_plans_from_what_it_reads_and_writes_nothing(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent, data_dir: Path,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"stalled_after": "2h"})
    put_download(fake, tmp_path, state="downloading", progress=0.5)
    add_grab(state, clock)
    # An imported download since removed from the client by hand (a write: recorded removed).
    DownloadRepo(state).record_import("qbit", "cd" * 20, ITEM, ["/lib/x.mkv"], clock.now())
    # An interrupted import (a write: settled by looking).
    desired = desired_of(config, clock)
    (slot,) = desired.slots
    interrupted = Import(item=ItemKey(ITEM), reason="r", client="qbit", download_id=HASH,
                         source=PurePosixPath("/x"), destination=PurePosixPath("/y"))  # fmt: skip
    await journal.intend(interrupted, clock.now(), slot.revision)

    with open_database_readonly(data_dir) as readonly:
        loop = Downloads(config=config, state=readonly, clients={"qbit": qbit}, clock=clock)
        observed = await loop.observe(desired)
        plan = loop.plan(desired, observed, clock.now())

    assert plan.actions == ()
    assert [i.key for i in observed.pending] == [interrupted.key]
    assert observed.tracking[("qbit", HASH)].progress == 0.5
    assert DownloadRepo(state).get("qbit", HASH) is None  # nothing was written
    assert DownloadRepo(state).get("qbit", "cd" * 20).removed_at is None  # type: ignore[union-attr]
    assert GrabRepo(state).for_item(ITEM)[0].state == "downloading"


async def test_a_revived_grab_is_followed_imported_and_seeded_out_again(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock,
    fake: FakeQBittorrent, qbit: QBittorrent,
) -> None:  # fmt: skip
    config = make_config(tmp_path, client={"remove_completed": True, "seed_ratio": 1.0})
    put_download(fake, tmp_path, ratio=2.0)
    add_grab(state, clock)
    loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = desired_of(config, clock)
    assert await one_pass(loop, desired, clock, journal) == [f"import:{ITEM}:{HASH}"]
    assert await one_pass(loop, desired, clock, journal) == [f"remove:{ITEM}:{HASH}"]
    assert GrabRepo(state).for_item(ITEM)[0].state == "removed"

    # The library file deleted by hand; the same release grabbed again: its row revived.
    (tmp_path / "lib" / "movies" / NAMED).unlink()
    clock.advance(timedelta(days=2))
    GrabRepo(state).set_state("qbit", HASH, "grabbed", clock.now())
    put_download(fake, tmp_path, ratio=0.0)

    assert await one_pass(loop, desired, clock, journal) == [f"import:{ITEM}:{HASH}"]
    assert (tmp_path / "lib" / "movies" / NAMED).exists()
    record = DownloadRepo(state).get("qbit", HASH)
    assert record is not None and record.imported_at == clock.now()
    assert record.removed_at is None
    fake.torrents[HASH]["ratio"] = 1.5
    assert await one_pass(loop, desired, clock, journal) == [f"remove:{ITEM}:{HASH}"]
    assert HASH not in fake.torrents

"""The removal loop on a real library folder, a real index and the qBittorrent adapter on its
loopback fake: cancel only by default, prune to the recycle bin when asked, protect, and the
mass-removal guard."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path, PurePosixPath
from random import Random
from typing import Any

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.actions import ItemKey, Prune
from mediaos.core.clock import ManualClock
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.desired import Catalog, resolve
from mediaos.reconcilers.library import index_library
from mediaos.reconcilers.removal import Removal
from mediaos.reconcilers.removal_plan import MASS_REMOVAL_REFUSED
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB, open_database_readonly
from mediaos.state.downloads import DownloadRepo
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.library_index import files as indexed_files
from tests.peers.qbittorrent_fake import FakeQBittorrent

HASH = "cd" * 20


def make_config(tmp_path: Path, movies: list[dict[str, Any]], **library: Any) -> MediaOSConfig:
    return MediaOSConfig.model_validate(
        {
            "version": 1,
            "data_dir": str(tmp_path / "data"),
            "library": {
                "roots": {"movies": str(tmp_path / "lib")},
                "recycle_bin": str(tmp_path / "bin"),
                **library,
            },
            "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
            "download_clients": [{"name": "qbit", "type": "qbittorrent", "url": "http://x:1"}],
            "movies": movies,
        }
    )


def movie_file(tmp_path: Path, title: str, year: int, quality: str = "WEBDL-1080p") -> Path:
    path = tmp_path / "lib" / f"{title} ({year})" / f"{title} ({year}) {quality}.mkv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(512))
    return path


async def pass_of(
    loop: Removal, config: MediaOSConfig, state: StateDB, clock: ManualClock
) -> list[str]:
    await index_library(state, {"movies": config.library.roots.movies})  # type: ignore[dict-item]
    desired = resolve(config, Catalog(), clock.now())
    report = await run_pass(loop, desired, clock=clock, rng=Random(1), journal=SqliteJournal(state))
    assert not report.retrying and not report.stalled, report.outcomes
    return [a.key for a, _ in report.outcomes]


def grab_of(state: StateDB, clock: ManualClock, item: str) -> None:
    grabbed_at = clock.now() - timedelta(hours=1)
    release = "Alien.1979.1080p.WEB-DL-GRP"
    GrabRepo(state).add(
        GrabRecord(item, "g1", HASH, release, "idx", "qbit", HASH, grabbed_at, "downloading")
    )


def in_client(fake: FakeQBittorrent) -> None:
    fake.torrents[HASH] = {
        "hash": HASH, "name": "Alien", "state": "downloading", "category": "mediaos",
        "progress": 0.5, "size": 10, "total_size": 10, "eta": 5, "save_path": "/downloads",
        "content_path": "/downloads/Alien", "ratio": 0.0, "seeding_time": 0,
        "has_metadata": True, "popularity": 0.0,
    }  # fmt: skip


async def test_with_prune_off_an_item_taken_out_is_cancelled_and_its_files_stay(
    tmp_path: Path, state: StateDB, clock: ManualClock, fake: FakeQBittorrent, qbit: QBittorrent
) -> None:
    config = make_config(tmp_path, [{"title": "Dune", "year": 2021}])
    alien = movie_file(tmp_path, "Alien", 1979)
    grab_of(state, clock, "movie/alien-1979")
    in_client(fake)
    loop = Removal(config=config, state=state, clients={"qbit": qbit}, clock=clock)

    assert await pass_of(loop, config, state, clock) == [f"cancel:movie/alien-1979:{HASH}"]

    assert fake.torrents == {}
    assert GrabRepo(state).active("movie/alien-1979") == ()
    assert alien.exists()


async def test_with_prune_on_the_files_go_to_the_recycle_bin_and_the_index_forgets_them(
    tmp_path: Path, state: StateDB, clock: ManualClock, qbit: QBittorrent
) -> None:
    config = make_config(tmp_path, [{"title": "Dune", "year": 2021}], prune=True)
    dune = movie_file(tmp_path, "Dune", 2021)
    alien = movie_file(tmp_path, "Alien", 1979)
    subtitle = alien.with_suffix(".en.srt")
    subtitle.write_text("1\n")
    loop = Removal(config=config, state=state, clients={"qbit": qbit}, clock=clock)

    keys = await pass_of(loop, config, state, clock)

    assert keys == [f"prune:movie/alien-1979:{alien}"]
    assert dune.exists() and not alien.exists() and not subtitle.exists()
    binned = tmp_path / "bin" / "Alien (1979)"
    assert sorted(p.name for p in binned.iterdir()) == sorted([alien.name, subtitle.name])
    assert [f.item_key for f in indexed_files(state) if f.kind == "movie"] == ["movie/dune-2021"]


async def test_a_protected_item_keeps_a_version_it_no_longer_wants(
    tmp_path: Path, state: StateDB, clock: ManualClock, qbit: QBittorrent
) -> None:
    old = movie_file(tmp_path, "Dune", 2021, "WEBDL-1080p")
    DownloadRepo(state).record_import("qbit", "h1", "movie/dune-2021@1080p", [str(old)],
                                      clock.now())  # fmt: skip
    for protect, kept in ((True, True), (False, False)):
        movie = {"title": "Dune", "year": 2021, "protect": protect,
                 "versions": [{"name": "2160p"}]}  # fmt: skip
        config = make_config(tmp_path, [movie], prune=True)
        loop = Removal(config=config, state=state, clients={"qbit": qbit}, clock=clock)
        await pass_of(loop, config, state, clock)
        assert old.exists() is kept


async def test_a_pass_removing_more_than_max_removals_refuses_until_allowed(
    tmp_path: Path, state: StateDB, clock: ManualClock, qbit: QBittorrent
) -> None:
    config = make_config(tmp_path, [], prune=True, max_removals=3)
    movies = [movie_file(tmp_path, f"Film {n}", 2000 + n) for n in range(4)]
    refusing = Removal(config=config, state=state, clients={"qbit": qbit}, clock=clock)
    desired = resolve(config, Catalog(), clock.now())
    await index_library(state, {"movies": tmp_path / "lib"})

    observed = await refusing.observe(desired)
    (problem,) = observed.problems
    assert problem.reason == MASS_REMOVAL_REFUSED and "4 items" in problem.message
    assert await pass_of(refusing, config, state, clock) == []
    assert all(m.exists() for m in movies)

    allowed = Removal(config=config, state=state, clients={"qbit": qbit}, clock=clock,
                      allow_mass_removal=True)  # fmt: skip
    assert len(await pass_of(allowed, config, state, clock)) == 4
    assert not any(m.exists() for m in movies)
    assert len(list((tmp_path / "bin").rglob("*.mkv"))) == 4


async def test_a_read_only_diff_settles_no_interrupted_prune_and_still_plans(
    tmp_path: Path, state: StateDB, clock: ManualClock, fake: FakeQBittorrent,
    qbit: QBittorrent, data_dir: Path,
) -> None:  # fmt: skip
    config = make_config(tmp_path, [{"title": "Dune", "year": 2021}])
    grab_of(state, clock, "movie/alien-1979")
    in_client(fake)
    gone = tmp_path / "lib" / "Alien (1979)" / "Alien (1979) WEBDL-1080p.mkv"  # in the bin
    prune = Prune(item=ItemKey("movie/alien-1979"), reason="r", path=PurePosixPath(gone))
    await SqliteJournal(state).intend(prune, clock.now())
    desired = resolve(config, Catalog(), clock.now())

    with open_database_readonly(data_dir) as readonly:
        loop = Removal(config=config, state=readonly, clients={"qbit": qbit}, clock=clock)
        observed = await loop.observe(desired)
        plan = loop.plan(desired, observed, clock.now())

    assert [a.key for a in plan.actions] == [f"cancel:movie/alien-1979:{HASH}"]
    assert SqliteJournal(state).intent(prune.key).settled_at is None  # type: ignore[union-attr]

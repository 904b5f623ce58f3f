"""kill -9 at each crash point of the downloads loop, in a child process, then a restart in
this one: one complete file at its *arr name, no temporary file, the grab recorded once, the
index current, and nothing left to do.

The child runs one real pass (`run_pass` with the `Downloads` reconciler) against the
qBittorrent adapter on the loopback fake served by this test's event loop, with
`MEDIAOS_CRASH_AT` set, and must die by SIGKILL. The whole-product version of this test, on
real peers through the CLI, is `tests/e2e/test_crash_points.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.clock import ManualClock
from mediaos.core.crashpoints import ENV
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.desired import Catalog, resolve
from mediaos.reconcilers.downloads import Downloads
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.history import EventRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.library_index import files as indexed_files
from tests.peers.qbittorrent_fake import FakeQBittorrent

HASH = "ef" * 20
ITEM = "movie/dune-2021"
RELEASE = "Dune.2021.1080p.WEB-DL.x264-GRP"
NAMED = "Dune (2021)/Dune (2021) WEBDL-1080p.mkv"
IMPORT_POINTS = (
    "after-import-intent",
    "during-import-copy",
    "after-import-files-before-record",
    "after-import-record-before-index",
)
CHILD = """
import asyncio, json, sys
from datetime import UTC, datetime
from random import Random
from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.clock import ManualClock
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.desired import Catalog, resolve
from mediaos.reconcilers.downloads import Downloads
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import open_database
from mediaos.state.journal import SqliteJournal

async def main() -> None:
    config = MediaOSConfig.model_validate(json.loads(sys.argv[1]))
    url, user, password, now = sys.argv[2:6]
    clock = ManualClock(datetime.fromisoformat(now))
    client = QBittorrent(name="qbit", base_url=url, username=user, password=password, timeout=5)
    with open_database(config.data_dir) as state:
        loop = Downloads(config=config, state=state, clients={"qbit": client}, clock=clock)
        desired = resolve(config, Catalog(), clock.now())
        await run_pass(loop, desired, clock=clock, rng=Random(1), journal=SqliteJournal(state))
    await client.aclose()

asyncio.run(main())
"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeQBittorrent]:
    server = FakeQBittorrent()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


def settings(tmp_path: Path, data_dir: Path, *, remove: bool) -> dict[str, Any]:
    return {
        "version": 1,
        "data_dir": str(data_dir),
        "library": {
            "roots": {"movies": str(tmp_path / "lib")},
            "path_mappings": [{"remote": "/downloads", "local": str(tmp_path / "dl")}],
        },
        "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
        "download_clients": [
            {"name": "qbit", "type": "qbittorrent", "url": "http://x:1", "remove_completed": remove}
        ],
        "movies": [{"title": "Dune", "year": 2021}],
    }


def finished_download(fake: FakeQBittorrent, tmp_path: Path) -> Path:
    video = tmp_path / "dl" / RELEASE / f"{RELEASE}.mkv"
    video.parent.mkdir(parents=True)
    video.write_bytes(os.urandom(256 * 1024))
    (video.parent / f"{RELEASE}.en.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    fake.torrents[HASH] = {
        "hash": HASH, "name": RELEASE, "state": "uploading", "category": "mediaos",
        "progress": 1.0, "size": 1, "total_size": 1, "eta": 0, "save_path": "/downloads",
        "content_path": f"/downloads/{RELEASE}", "ratio": 2.0, "seeding_time": 99999,
        "has_metadata": True, "popularity": 0.0,
    }  # fmt: skip
    return video


async def killed_child(
    point: str, config: dict[str, Any], fake: FakeQBittorrent, now: datetime
) -> None:
    args = [json.dumps(config), fake.url, fake.username, fake.password, now.isoformat()]
    env = {**os.environ, ENV: point}
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(child.communicate(), timeout=60)
    assert child.returncode == -signal.SIGKILL, (out + err).decode()[-2000:]


async def converge(
    loop: Downloads, config: MediaOSConfig, clock: ManualClock, state: StateDB
) -> None:
    journal = SqliteJournal(state)
    desired = resolve(config, Catalog(), clock.now())
    for _ in range(3):
        await run_pass(loop, desired, clock=clock, rng=Random(1), journal=journal)
        clock.advance(timedelta(minutes=1))
    observed = await loop.observe(desired)
    assert loop.plan(desired, observed, clock.now()).actions == ()
    assert await journal.pending_intents() == ()


@pytest.mark.parametrize("point", IMPORT_POINTS)
async def test_an_import_killed_at_a_crash_point_converges_to_one_complete_file(
    point: str, tmp_path: Path, data_dir: Path, state: StateDB, fake: FakeQBittorrent
) -> None:
    clock = ManualClock(datetime.now(UTC))
    video = finished_download(fake, tmp_path)
    GrabRepo(state).add(GrabRecord(ITEM, "g", HASH, RELEASE, "idx", "qbit", HASH,
                                   clock.now() - timedelta(hours=1), "downloading"))  # fmt: skip
    raw = settings(tmp_path, data_dir, remove=False)

    await killed_child(point, raw, fake, clock.now())
    config = MediaOSConfig.model_validate(raw)
    qbit = QBittorrent(name="qbit", base_url=fake.url, username=fake.username,
                       password=fake.password, timeout=5)  # fmt: skip
    try:
        loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
        await converge(loop, config, clock, state)
    finally:
        await qbit.aclose()

    library = tmp_path / "lib"
    assert (library / NAMED).read_bytes() == video.read_bytes()
    assert (library / NAMED).with_suffix(".en.srt").exists()
    assert not list(library.rglob(".mediaos-tmp-*"))
    assert [f.path for f in indexed_files(state) if f.kind == "movie"] == [NAMED]
    assert [g.state for g in GrabRepo(state).for_item(ITEM)] == ["imported"]
    assert [e.kind for e in EventRepo(state).for_item(ITEM)].count("import") == 1


async def test_a_removal_killed_after_the_client_forgot_it_is_recorded_once(
    tmp_path: Path, data_dir: Path, state: StateDB, fake: FakeQBittorrent
) -> None:
    clock = ManualClock(datetime.now(UTC))
    finished_download(fake, tmp_path)
    GrabRepo(state).add(GrabRecord(ITEM, "g", HASH, RELEASE, "idx", "qbit", HASH,
                                   clock.now() - timedelta(hours=1), "downloading"))  # fmt: skip
    raw = settings(tmp_path, data_dir, remove=True)
    config = MediaOSConfig.model_validate(raw)
    qbit = QBittorrent(name="qbit", base_url=fake.url, username=fake.username,
                       password=fake.password, timeout=5)  # fmt: skip
    try:
        loop = Downloads(config=config, state=state, clients={"qbit": qbit}, clock=clock)
        desired = resolve(config, Catalog(), clock.now())
        report = await run_pass(loop, desired, clock=clock, rng=Random(1),
                                journal=SqliteJournal(state))  # fmt: skip
        assert [a.verb for a, _ in report.outcomes] == ["import"]

        await killed_child("after-remove-sent-before-record", raw, fake, clock.now())
        assert fake.torrents == {}
        await converge(loop, config, clock, state)
    finally:
        await qbit.aclose()
    assert [g.state for g in GrabRepo(state).for_item(ITEM)] == ["removed"]
    assert (tmp_path / "lib" / NAMED).exists()

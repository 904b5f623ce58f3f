"""A usenet release is found in a client by name only (an NZB carries no info-hash); a
download an earlier grab already recorded (an old history entry of the same title) is never
taken for the one just sent, or the new grab would follow an old, finished download."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mediaos.adapters.downloaders.base import ClientHealth, DownloadState, DownloadStatus
from mediaos.core.actions import Grab, ItemKey
from mediaos.core.clock import ManualClock
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.acquisition import Acquisition
from mediaos.reconcilers.base import Problem
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.candidates import CandidateRepo
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.journal import SqliteJournal

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
DUNE = "movie/dune-2021"
TITLE = "Dune.2021.1080p.WEB-DL.x264-GRP"
RELEASE = ReleaseInfo(
    title=TITLE, guid="https://idx/details/1", indexer="idx", protocol="usenet",
    download_url="https://idx/get/1?apikey=***",
)  # fmt: skip


class Sab:
    """A usenet client holding what `downloads` says; `add` is never expected here."""

    def __init__(self, downloads: list[DownloadState]) -> None:
        self.downloads = downloads

    async def add(self, release: ReleaseInfo, *, category: str, tags: Sequence[str] = ()) -> str:
        raise AssertionError("a settle never sends")

    async def list(self, *, category: str) -> Sequence[DownloadState]:
        return self.downloads

    async def remove(self, download_id: str, *, delete_files: bool) -> None:
        raise AssertionError("not here")

    async def ensure(self, *, category: str, save_path: str | None = None) -> None:
        return None

    async def health(self) -> ClientHealth:
        return ClientHealth(True, "4", "ok")


def download(id_: str) -> DownloadState:
    return DownloadState(
        id=id_, name=TITLE, client="sab", protocol="usenet", category="mediaos",
        status=DownloadStatus.COMPLETED, progress=1.0, size=None, eta=None, save_path=None,
        content_path=None,
    )  # fmt: skip


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateDB]:
    with open_database(tmp_path / "data") as opened:
        upgrade(opened)
        yield opened


def acquisition(state: StateDB, sab: Sab) -> Acquisition:
    data: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": "/srv/movies"}},
        "indexers": [{"name": "idx", "type": "newznab", "url": "http://127.0.0.1:4"}],
        "download_clients": [
            {"name": "sab", "type": "sabnzbd", "url": "http://127.0.0.1:1", "api_key": "k"}
        ],
        "movies": [{"title": "Dune", "year": 2021}],
    }
    return Acquisition(
        config=MediaOSConfig.model_validate(data), state=state, indexers={},
        clients={"sab": sab}, clock=ManualClock(NOW),  # type: ignore[dict-item]
    )  # fmt: skip


async def settle(state: StateDB, sab: Sab) -> None:
    CandidateRepo(state).replace_search(DUNE, NOW - timedelta(hours=1), [(RELEASE, "{}", True)])
    grab = Grab(
        item=ItemKey(DUNE), reason="missing", guid=RELEASE.guid, indexer="idx", client="sab",
        title=TITLE, protocol="usenet", info_hash=None,
    )  # fmt: skip
    await SqliteJournal(state).intend(grab, at=NOW)
    problems: list[Problem] = []
    assert await acquisition(state, sab)._settle_pending(problems) == ()
    assert problems == []


async def test_an_old_download_of_the_same_title_is_not_the_interrupted_grab(
    state: StateDB,
) -> None:
    grabs = GrabRepo(state)
    old = GrabRecord(DUNE, RELEASE.guid, None, TITLE, "idx", "sab", "7", NOW - timedelta(days=9))
    grabs.add(old)
    grabs.set_state("sab", "7", "imported", NOW - timedelta(days=8))
    await settle(state, Sab([download("7")]))
    assert grabs.active(DUNE) == ()  # settled Interrupted: the planner may grab again


async def test_a_new_download_of_the_same_title_is_the_interrupted_grab(state: StateDB) -> None:
    grabs = GrabRepo(state)
    old = GrabRecord(DUNE, RELEASE.guid, None, TITLE, "idx", "sab", "7", NOW - timedelta(days=9))
    grabs.add(old)
    grabs.set_state("sab", "7", "imported", NOW - timedelta(days=8))
    await settle(state, Sab([download("7"), download("8")]))
    (live,) = grabs.active(DUNE)
    assert live.download_id == "8"

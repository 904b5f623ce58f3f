"""The downloads planner, table-driven: one observed world in, the expected actions out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

import pytest

from mediaos.adapters.downloaders.base import DownloadState, DownloadStatus
from mediaos.core.actions import Blocklist, Cancel, Import, Remove
from mediaos.core.conditions import CLIENT_UNREACHABLE, DOWNLOAD_STALLED, DOWNLOADING, Truth
from mediaos.core.wanted import WantedUnit
from mediaos.reconcilers.desired import Desired, Slot
from mediaos.reconcilers.downloads_plan import (
    VANISHED_GRACE,
    ClientRules,
    DownloadsObserved,
    SeedGoal,
    goal_met,
    plan_downloads,
    seed_goal,
)
from mediaos.schemas.quality import ProfileSpec
from mediaos.state.downloads import DownloadRecord, SeedingRecord
from mediaos.state.grabs import GrabRecord

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HD = ProfileSpec(allowed=["WEBDL-1080p", "Bluray-1080p"], cutoff="Bluray-1080p")
ITEM = "movie/dune-2021"
HASH = "a" * 40
SLOT = Slot(
    WantedUnit(key=ITEM, kind="movie", title="Dune", year=2021),
    ITEM, "movies", "hd", HD, Path("/lib/movies"), "rev1",
)  # fmt: skip
DESIRED = Desired((SLOT,), frozenset({ITEM}), frozenset())
QBIT = ClientRules("qbit", "torrent", timedelta(hours=6))


def grab(*, state: str = "downloading", at: datetime = NOW - timedelta(hours=1)) -> GrabRecord:
    return GrabRecord(ITEM, "guid-1", HASH, "Dune.2021.1080p.WEB-DL-GRP", "nyaa", "qbit",
                      HASH.upper(), at, state)  # type: ignore[arg-type]  # fmt: skip


def download(status: DownloadStatus, progress: float, **extra: object) -> DownloadState:
    return DownloadState(HASH, "Dune.2021.1080p.WEB-DL-GRP", "qbit", "torrent", "mediaos",
                         status, progress, 100, None, "/downloads",
                         "/downloads/Dune.2021.1080p.WEB-DL-GRP", **extra)  # type: ignore[arg-type]  # fmt: skip


def observed(
    *states: DownloadState,
    grabs: tuple[GrabRecord, ...] = (),
    rules: ClientRules = QBIT,
    reachable: bool = True,
    progress_at: datetime = NOW - timedelta(minutes=10),
    seeding: tuple[SeedingRecord, ...] = (),
) -> DownloadsObserved:
    return DownloadsObserved(
        clients={"qbit": rules},
        downloads={"qbit": {s.id.lower(): s for s in states}} if reachable else {},
        grabs=grabs,
        tracking={("qbit", HASH.upper()): DownloadRecord("qbit", HASH.upper(), ITEM, 0.5,
                                                         progress_at)},
        seeding=seeding,
        sources={("qbit", HASH.upper()): PurePosixPath("/data/Dune.2021.1080p.WEB-DL-GRP")},
        folders={ITEM: PurePosixPath("/lib/movies/Dune (2021)")},
    )  # fmt: skip


def test_a_completed_download_of_a_live_grab_is_imported_into_the_slot_folder() -> None:
    plan = plan_downloads(
        DESIRED, observed(download(DownloadStatus.SEEDING, 1.0), grabs=(grab(),)), NOW
    )
    (action,) = plan.actions
    assert isinstance(action, Import)
    assert action.key == f"import:{ITEM}:{HASH}"
    assert action.source == PurePosixPath("/data/Dune.2021.1080p.WEB-DL-GRP")
    assert action.destination == PurePosixPath("/lib/movies/Dune (2021)")


def test_a_completed_usenet_download_is_imported_the_same_way() -> None:
    nzb = DownloadState("17", "Dune", "qbit", "usenet", "mediaos", DownloadStatus.COMPLETED,
                        1.0, 100, None, None, "/downloads/Dune")  # fmt: skip
    g = GrabRecord(ITEM, "guid-2", None, "Dune", "nzbgeek", "qbit", "17", NOW, "downloading")
    world = DownloadsObserved(
        clients={"qbit": ClientRules("qbit", "usenet", timedelta(hours=6))},
        downloads={"qbit": {"17": nzb}},
        grabs=(g,),
        sources={("qbit", "17"): PurePosixPath("/data/Dune")},
        folders={ITEM: PurePosixPath("/lib/movies/Dune (2021)")},
    )
    (action,) = plan_downloads(DESIRED, world, NOW).actions
    assert isinstance(action, Import) and action.download_id == "17"


def test_a_download_still_transferring_plans_nothing_and_shows_downloading() -> None:
    plan = plan_downloads(
        DESIRED, observed(download(DownloadStatus.DOWNLOADING, 0.5), grabs=(grab(),)), NOW
    )
    assert plan.actions == ()
    (condition,) = plan.status[ITEM]  # type: ignore[index]
    assert (condition.type, condition.status) == (DOWNLOADING, Truth.TRUE)


def test_a_failed_download_is_blocklisted_then_cancelled() -> None:
    plan = plan_downloads(
        DESIRED, observed(download(DownloadStatus.FAILED, 0.3), grabs=(grab(),)), NOW
    )
    block, cancel = plan.actions
    assert isinstance(block, Blocklist) and block.info_hash == HASH
    assert isinstance(cancel, Cancel) and cancel.download_id == HASH.upper()


@pytest.mark.parametrize(
    ("since", "status", "stalled"),
    [
        (timedelta(hours=7), DownloadStatus.STALLED, True),
        (timedelta(hours=7), DownloadStatus.DOWNLOADING, True),
        (timedelta(hours=5), DownloadStatus.STALLED, False),
        (timedelta(hours=7), DownloadStatus.PAUSED, False),
        (timedelta(hours=7), DownloadStatus.QUEUED, False),
    ],
)
def test_no_progress_for_longer_than_stalled_after_gives_up(
    since: timedelta, status: DownloadStatus, stalled: bool
) -> None:
    world = observed(download(status, 0.5), grabs=(grab(),), progress_at=NOW - since)
    plan = plan_downloads(DESIRED, world, NOW)
    assert [a.verb for a in plan.actions] == (["blocklist", "cancel"] if stalled else [])
    if stalled:
        assert plan.status[ITEM][0].reason == DOWNLOAD_STALLED  # type: ignore[index]


def test_a_dead_client_is_left_alone_and_shows_unknown() -> None:
    plan = plan_downloads(DESIRED, observed(grabs=(grab(),), reachable=False), NOW)
    assert plan.actions == ()
    (condition,) = plan.status[ITEM]  # type: ignore[index]
    assert (condition.status, condition.reason) == (Truth.UNKNOWN, CLIENT_UNREACHABLE)


def test_a_vanished_download_is_cancelled_after_the_grace_period_only() -> None:
    old = plan_downloads(DESIRED, observed(grabs=(grab(),)), NOW)
    assert [a.verb for a in old.actions] == ["cancel"]
    fresh = grab(at=NOW - VANISHED_GRACE / 2)
    assert plan_downloads(DESIRED, observed(grabs=(fresh,)), NOW).actions == ()


def test_a_grab_for_a_slot_no_longer_desired_is_not_imported() -> None:
    empty = Desired((), frozenset(), frozenset())
    world = observed(download(DownloadStatus.SEEDING, 1.0), grabs=(grab(),))
    assert plan_downloads(empty, world, NOW).actions == ()


def seeding_world(rules: ClientRules, ratio: float, seconds: int, indexer: str = "nyaa"):  # type: ignore[no-untyped-def]
    record = DownloadRecord("qbit", HASH.upper(), ITEM, 1.0, NOW, NOW, NOW, ("/lib/x.mkv",))
    state = download(DownloadStatus.SEEDING, 1.0, ratio=ratio, seeding_time=seconds)
    return observed(state, rules=rules, seeding=(SeedingRecord(record, indexer),))


@pytest.mark.parametrize(
    ("rules", "ratio", "seconds", "removed"),
    [
        (ClientRules("qbit", "torrent", timedelta(hours=6), 1.0, None, True), 1.2, 0, True),
        (ClientRules("qbit", "torrent", timedelta(hours=6), 1.0, None, True), 0.4, 0, False),
        (
            ClientRules("qbit", "torrent", timedelta(hours=6), None, timedelta(hours=1), True),
            0.1,
            7200,
            True,
        ),
        (ClientRules("qbit", "torrent", timedelta(hours=6), 1.0, None, False), 5.0, 0, False),
        (ClientRules("qbit", "torrent", timedelta(hours=6), None, None, True), 0.0, 0, True),
    ],
)
def test_an_imported_torrent_is_removed_once_a_seeding_goal_is_met(
    rules: ClientRules, ratio: float, seconds: int, removed: bool
) -> None:
    plan = plan_downloads(DESIRED, seeding_world(rules, ratio, seconds), NOW)
    assert [type(a) for a in plan.actions] == ([Remove] if removed else [])


def test_the_indexer_goal_applies_when_the_client_sets_none() -> None:
    rules = ClientRules("qbit", "torrent", timedelta(hours=6), None, None, True)
    world = seeding_world(rules, 0.5, 0)
    strict = DownloadsObserved(
        clients=world.clients, downloads=world.downloads, seeding=world.seeding,
        indexer_goals={"nyaa": SeedGoal(ratio=2.0)},
    )  # fmt: skip
    assert plan_downloads(DESIRED, strict, NOW).actions == ()
    assert seed_goal(rules, SeedGoal(ratio=2.0)) == SeedGoal(2.0, None)


def test_goal_met_takes_either_goal() -> None:
    state = download(DownloadStatus.SEEDING, 1.0, ratio=0.2, seeding_time=4000)
    assert goal_met(SeedGoal(ratio=1.0, time=timedelta(hours=1)), state)
    assert not goal_met(SeedGoal(ratio=1.0, time=timedelta(hours=2)), state)


def test_the_same_observation_gives_the_same_plan() -> None:
    world = observed(download(DownloadStatus.FAILED, 0.3), grabs=(grab(),))
    assert plan_downloads(DESIRED, world, NOW) == plan_downloads(DESIRED, world, NOW)

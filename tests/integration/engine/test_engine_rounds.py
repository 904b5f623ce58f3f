"""The engine pass over several reconcilers, on real SQLite: order, rounds, failures.

Two small reconcilers stand in for acquisition and downloads: "searcher" searches each wanted
slot once, after which a candidate exists; "grabber" grabs each slot that has a candidate.
So a search done in round 1 unlocks a grab in round 2, which `apply_all` must reach in one
call, and then stop, since round 3 gets nothing new done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from random import Random
from typing import ClassVar

from mediaos.core.actions import Action, Done, Grab, ItemKey, Outcome, Plan, Search
from mediaos.core.clock import ManualClock
from mediaos.core.errors import Unreachable
from mediaos.daemon.engine import apply_all, plan_all
from mediaos.reconcilers.base import Observed, Problem
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB
from mediaos.state.journal import SqliteJournal


def config(library: Path) -> MediaOSConfig:
    (library / "movies").mkdir(parents=True)
    return MediaOSConfig.model_validate(
        {
            "version": 1,
            "library": {"roots": {"movies": str(library / "movies")}},
            "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
            "movies": [
                {"title": "Sintel", "year": 2010},
                {"title": "Big Buck Bunny", "year": 2008},
            ],
        }
    )


@dataclass
class World:
    searched: set[str]
    grabbed: set[str]
    log: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Seen(Observed):
    searched: frozenset[str] = frozenset()
    grabbed: frozenset[str] = frozenset()


class Searcher:
    kind: ClassVar[str] = "searcher"

    def __init__(self, world: World) -> None:
        self.world = world

    async def observe(self, desired: Desired) -> Seen:
        return Seen(searched=frozenset(self.world.searched))

    def plan(self, desired: Desired, observed: Seen, now: datetime) -> Plan:
        return Plan.of(
            Search(item=ItemKey(s.unit.key), reason="missing")
            for s in desired.slots
            if s.unit.key not in observed.searched
        )

    async def apply(self, action: Action) -> Outcome:
        self.world.log.append(action.key)
        self.world.searched.add(action.item)
        return Done("Searched")


class Grabber:
    kind: ClassVar[str] = "grabber"

    def __init__(self, world: World, *, broken: bool = False) -> None:
        self.world = world
        self.broken = broken

    async def observe(self, desired: Desired) -> Seen:
        if self.broken:
            raise Unreachable("qbittorrent", "list", "connection refused")
        problems = (Problem("indexer/x", "Unreachable", "feed timed out"),)
        return Seen(
            searched=frozenset(self.world.searched),
            grabbed=frozenset(self.world.grabbed),
            problems=problems,
        )

    def plan(self, desired: Desired, observed: Seen, now: datetime) -> Plan:
        return Plan.of(
            Grab(item=ItemKey(k), reason="found", guid=f"guid-{k}", indexer="x", client="q",
                 title=k, protocol="torrent")
            for k in sorted(observed.searched - observed.grabbed)
        )  # fmt: skip

    async def apply(self, action: Action) -> Outcome:
        self.world.log.append(action.key.rsplit(":", 1)[0])
        self.world.grabbed.add(action.item)
        return Done("SentToClient")


SINTEL, BUNNY = "movie/sintel-2010", "movie/big-buck-bunny-2008"


async def test_a_search_done_unlocks_the_grab_in_the_same_apply_then_it_stops(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock, rng: Random
) -> None:
    world = World(set(), set(), [])
    rounds: list[int] = []
    run = await apply_all(
        config(tmp_path / "library"),
        Catalog(),
        [Grabber(world), Searcher(world)],  # the grabber first: it has work only next round
        state=state,
        journal=journal,
        clock=clock,
        rng=rng,
        progress=lambda step: rounds.append(step.round) if step.phase == "round" else None,
    )
    assert world.log == [f"search:{BUNNY}", f"search:{SINTEL}", f"grab:{BUNNY}", f"grab:{SINTEL}"]
    assert (run.rounds, rounds) == (3, [1, 2, 3])  # round 3 found nothing new to do
    assert [r.kind for r in run.reports] == ["grabber", "searcher"] * 3
    assert run.problems.count(Problem("indexer/x", "Unreachable", "feed timed out")) == 1


async def test_rounds_are_bounded(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock, rng: Random
) -> None:
    class Forever(Searcher):
        async def apply(self, action: Action) -> Outcome:
            self.world.log.append(action.key)
            self.world.searched.add(f"{action.item}/{len(self.world.log)}")  # never settles
            return Done("Searched")

        def plan(self, desired: Desired, observed: Seen, now: datetime) -> Plan:
            n = len(observed.searched)
            return Plan.of([Search(item=ItemKey(f"movie/x-{n}"), reason="always more")])

    world = World(set(), set(), [])
    run = await apply_all(
        config(tmp_path / "library"), Catalog(), [Forever(world)], state=state,
        journal=journal, clock=clock, rng=rng, max_rounds=3,
    )  # fmt: skip
    assert run.rounds == 3
    assert len(world.log) == 3


async def test_one_kind_failing_to_observe_is_a_problem_and_the_others_still_run(
    tmp_path: Path, state: StateDB, journal: SqliteJournal, clock: ManualClock, rng: Random
) -> None:
    world = World(set(), set(), [])
    wanted = config(tmp_path / "library")
    run = await apply_all(
        wanted, Catalog(), [Grabber(world, broken=True), Searcher(world)], state=state,
        journal=journal, clock=clock, rng=rng,
    )  # fmt: skip
    assert world.searched == {SINTEL, BUNNY}
    failed = Problem("grabber", "Unreachable", "qbittorrent: list: connection refused")
    assert run.problems == [failed]  # once, though two rounds ran

    plan = await plan_all(
        [Grabber(world, broken=True), Searcher(world)],
        resolve(wanted, Catalog(), clock.now()),
        now=clock.now(),
    )
    assert plan.in_sync
    assert [k.kind for k in plan.kinds] == ["grabber", "searcher"]
    assert plan.problems[0].source == "grabber"


async def test_plan_all_lists_actions_in_engine_order_and_applies_none(
    tmp_path: Path, state: StateDB, clock: ManualClock
) -> None:
    world = World({SINTEL}, set(), [])
    desired = resolve(config(tmp_path / "library"), Catalog(), clock.now())
    plan = await plan_all([Grabber(world), Searcher(world)], desired, now=clock.now())
    assert [(kind, a.verb, a.item) for kind, a in plan.actions] == [
        ("grabber", "grab", SINTEL),
        ("searcher", "search", BUNNY),
    ]
    assert not plan.in_sync
    assert world.log == []
    assert [p.source for p in plan.problems] == ["indexer/x"]

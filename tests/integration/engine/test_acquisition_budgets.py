"""Indexer budgets end to end: a loopback Torznab indexer that counts every request.

With `queries_per_hour: 2` a third search in the hour sends nothing to the indexer and ends
in `Retry` with the time the window frees; an RSS sync is a `Problem`; the count is read
from the state database, so a new `Acquisition` (another `apply` process) sees it too. With
`grabs_per_day: 1`, a second grab (here a person's, from another process) reaches neither
the indexer nor the client and raises `RateLimited`. (The loopback feed offers magnets, so
the counted grab is the add itself: budgets count every grab sent to a client.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from random import Random
from typing import ClassVar

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.actions import Action, Done, ItemKey, Outcome, Plan, Retry, Search
from mediaos.core.clock import ManualClock
from mediaos.core.errors import RateLimited
from mediaos.daemon.runner import run_pass
from mediaos.reconcilers.acquisition import Acquisition
from mediaos.reconcilers.acquisition_plan import AcquisitionObserved
from mediaos.reconcilers.desired import Desired
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.indexers import BudgetSpec
from mediaos.state import StateDB
from mediaos.state.candidates import CandidateRepo
from mediaos.state.grabs import GrabRepo
from mediaos.state.indexer_usage import IndexerUsageRepo
from tests.integration.engine.test_acquisition import (  # noqa: F401 (fixtures)
    DUNE,
    World,
    blocked,
    config,
    good,
    indexer_server,
    qbt_daemon,
)
from tests.peers.indexer_server import IndexerServer
from tests.peers.media import MediaTorrent
from tests.peers.qbittorrent import QBittorrentDaemon

pytestmark = pytest.mark.peer("qbittorrent-nox")


def budgeted(cfg: MediaOSConfig, budget: BudgetSpec) -> MediaOSConfig:
    indexers = [spec.model_copy(update={"budget": budget}) for spec in cfg.indexers]
    return cfg.model_copy(update={"indexers": indexers})


async def make_world(
    budget: BudgetSpec,
    server: IndexerServer,
    daemon: QBittorrentDaemon,
    state: StateDB,
    clock: ManualClock,
) -> AsyncIterator[World]:
    qbt = QBittorrent(
        name="qbt",
        base_url=daemon.url,
        username=daemon.username,
        password=daemon.password,
        timeout=10,
    )
    await qbt.ensure(category="mediaos")
    built = World(budgeted(config(server, daemon), budget), state, clock, qbt)
    built.server = server
    try:
        yield built
    finally:
        await qbt.aclose()
        await built.http.aclose()


@pytest.fixture
async def queries(
    indexer_server: IndexerServer,  # noqa: F811
    qbt_daemon: QBittorrentDaemon,  # noqa: F811
    state: StateDB,
    clock: ManualClock,
) -> AsyncIterator[World]:
    budget = BudgetSpec(queries_per_hour=2)
    async for built in make_world(budget, indexer_server, qbt_daemon, state, clock):
        yield built


@pytest.fixture
async def grabs(
    indexer_server: IndexerServer,  # noqa: F811
    qbt_daemon: QBittorrentDaemon,  # noqa: F811
    state: StateDB,
    clock: ManualClock,
) -> AsyncIterator[World]:
    async for built in make_world(
        BudgetSpec(grabs_per_day=1), indexer_server, qbt_daemon, state, clock
    ):
        yield built


def api_calls(world: World) -> int:
    """Searches and feed fetches the indexer received (caps are not counted)."""
    assert world.server is not None
    return sum(1 for r in world.server.behaviour.requests if r.get("t") not in (None, "caps"))


def requests(world: World) -> int:
    """Every request the indexer received: API calls and release-file downloads."""
    assert world.server is not None
    return len(world.server.behaviour.requests)


class ForcedSearch:
    """The acquisition loop with a plan of one search of Dune, whatever the budgets say:
    what a pass planned before the budget ran out (another process spent it) meets."""

    kind: ClassVar[str] = "acquisition"

    def __init__(self, inner: Acquisition) -> None:
        self.inner = inner

    async def observe(self, desired: Desired) -> AcquisitionObserved:
        return await self.inner.observe(desired)

    def plan(self, desired: Desired, observed: AcquisitionObserved, now: datetime) -> Plan:
        return Plan.of([Search(item=ItemKey(DUNE), reason="search due")])

    async def apply(self, action: Action) -> Outcome:
        return await self.inner.apply(action)


async def test_a_third_search_in_the_hour_sends_nothing_and_retries_when_the_window_frees(
    queries: World,
) -> None:
    world = queries
    search = Search(item=ItemKey(DUNE), reason="search due")
    first = await world.run()  # planned: Dune was never searched
    assert [type(a) for a in first.plan.actions] == [Search]
    assert isinstance(first.outcomes[0][1], Done)
    assert api_calls(world) == 1
    world.clock.advance(timedelta(minutes=9))  # ten minutes after the first query

    acquisition = world.reconciler()
    await acquisition.observe(world.desired)
    assert isinstance(await acquisition.apply(search), Done)
    assert api_calls(world) == 2
    with pytest.raises(RateLimited) as refused:
        await acquisition.apply(search)
    assert refused.value.retry_after == timedelta(minutes=50)  # the first query ages out
    assert "query budget exhausted until" in str(refused.value)
    assert api_calls(world) == 2  # nothing sent

    # The runner turns it into a Retry after the hint; the planner plans no more searches.
    report = await run_pass(
        ForcedSearch(world.reconciler()),
        world.desired,
        clock=world.clock,
        rng=Random(1),
        journal=world.journal,
    )
    ((_, outcome),) = report.outcomes
    assert isinstance(outcome, Retry)
    assert outcome.reason == "RateLimited"
    assert timedelta(minutes=50) <= outcome.after <= timedelta(minutes=56)
    observed = await world.reconciler().observe(world.desired)
    assert observed.search_budget == 0

    # A new reconciler on the same database (another `apply` process): same count.
    again = world.reconciler()
    await again.observe(world.desired)
    with pytest.raises(RateLimited):
        await again.apply(search)
    syncing = Acquisition(
        config=world.cfg,
        state=world.state,
        indexers=world.indexers,
        clients={"qbt": world.qbt},
        clock=world.clock,
        refresh=True,
    )
    (problem,) = (await syncing.observe(world.desired)).problems
    assert problem.source == "indexer/tracker"
    assert problem.reason == "RateLimited"
    assert "budget exhausted until" in problem.message
    assert api_calls(world) == 2

    world.clock.advance(timedelta(minutes=50))  # the first query left the window
    fresh = world.reconciler()
    await fresh.observe(world.desired)
    assert isinstance(await fresh.apply(search), Done)
    assert api_calls(world) == 3
    assert IndexerUsageRepo(world.state).count("tracker", "query", world.clock.now()
                                               - timedelta(hours=1)) == 2  # fmt: skip


async def test_a_grab_over_the_daily_budget_sends_nothing_even_from_a_new_process(
    grabs: World,
    blocked: MediaTorrent,  # noqa: F811
) -> None:
    world = grabs
    await world.run()  # the search
    second = await world.run()  # the grab
    assert [a.verb for a in second.plan.actions] == ["grab"]
    assert await world.hashes() == [blocked.info_hash]  # not blocklisted here: most seeders
    since = world.clock.now() - timedelta(days=1)
    assert IndexerUsageRepo(world.state).count("tracker", "grab", since) == 1
    sent = requests(world)
    (slot,) = world.desired.slots

    world.clock.advance(timedelta(hours=23))
    other = world.reconciler()  # as a separate `mediaos grab` would
    other_release = next(
        c.release
        for c in CandidateRepo(world.state).for_item(DUNE)
        if "-GRP" in c.release.title and "Drifters" not in c.release.title
    )
    with pytest.raises(RateLimited) as refused:
        await other.force_grab(slot, other_release.guid)
    assert "grab budget exhausted until" in str(refused.value)
    assert refused.value.retry_after is not None
    assert timedelta(minutes=58) <= refused.value.retry_after <= timedelta(hours=1)
    assert requests(world) == sent  # the indexer was not asked, not even to search again
    assert len(GrabRepo(world.state).active(DUNE)) == 1
    assert await world.hashes() == [blocked.info_hash]

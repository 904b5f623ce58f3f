"""run_pass and interruptions: the intent is durable before the side effect, and a crash,
a Ctrl-C or a cancelled task leaves it pending for the next observe instead of lost."""

import asyncio
from datetime import timedelta
from pathlib import Path
from random import Random

import pytest

from mediaos.core.actions import Search
from mediaos.core.clock import ManualClock
from mediaos.daemon.runner import run_pass
from mediaos.state import open_database_readonly
from mediaos.state.journal import SqliteJournal
from tests.integration.engine.fake_reconciler import FakeDesired, FakeReconciler, FakeWorld

DESIRED = FakeDesired(("movie/a", "movie/b"))


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def fake(world: FakeWorld, journal: SqliteJournal, clock: ManualClock) -> FakeReconciler:
    return FakeReconciler(world=world, journal=journal, clock=clock)


async def test_the_intent_is_committed_before_the_side_effect_runs(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random,
    journal: SqliteJournal, data_dir: Path,
) -> None:  # fmt: skip
    seen_by_another_process: list[tuple[str, str | None]] = []

    async def look_from_outside(action: Search) -> None:
        with open_database_readonly(data_dir) as other:
            seen_by_another_process.extend(
                other.db.execute(
                    "SELECT action_key, outcome FROM intents WHERE action_key = ?", [action.key]
                ).fetchall()
            )

    world.script["movie/a"] = [look_from_outside]
    await run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal)
    assert seen_by_another_process == [("search:movie/a", None)]


@pytest.mark.parametrize("crash", [SystemExit(137), KeyboardInterrupt()], ids=["exit", "ctrl-c"])
async def test_a_crash_inside_apply_leaves_a_pending_intent_for_the_next_observe(
    crash: BaseException, fake: FakeReconciler, world: FakeWorld, clock: ManualClock,
    rng: Random, journal: SqliteJournal,
) -> None:  # fmt: skip
    world.script["movie/a"] = [crash]
    with pytest.raises(type(crash)):
        await run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal)
    assert world.applied == ["search:movie/a"], "the pass stops: the process is going down"
    [pending] = await journal.pending_intents()
    assert (pending.key, pending.item, pending.intended_at) == (
        "search:movie/a", "movie/a", clock.now(),
    )  # fmt: skip

    clock.advance(timedelta(minutes=1))
    await run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal)
    assert [p.key for p in fake.observed[-1].pending] == ["search:movie/a"]


async def test_cancellation_propagates_and_leaves_the_intent_pending(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random,
    journal: SqliteJournal,
) -> None:  # fmt: skip
    started = asyncio.Event()

    async def hang(action: Search) -> None:
        started.set()
        await asyncio.Event().wait()

    world.script["movie/a"] = [hang]
    task = asyncio.create_task(run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal))
    await asyncio.wait_for(started.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [p.key for p in await journal.pending_intents()] == ["search:movie/a"]
    assert world.applied == ["search:movie/a"]
    assert journal.backoff.get("search:movie/a") is None


async def test_a_cancelled_error_raised_by_apply_is_not_turned_into_an_outcome(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random,
    journal: SqliteJournal,
) -> None:  # fmt: skip
    world.script["movie/a"] = [asyncio.CancelledError()]
    with pytest.raises(asyncio.CancelledError):
        await run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal)
    assert journal.intent("search:movie/a").outcome is None  # type: ignore[union-attr]

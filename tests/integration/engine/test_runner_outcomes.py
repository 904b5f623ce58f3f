"""run_pass against a real SQLite state: how errors from `apply` become outcomes."""

import logging
from datetime import timedelta
from random import Random

import pytest

from mediaos.core.actions import Retry, Stalled
from mediaos.core.clock import ManualClock
from mediaos.core.conditions import AVAILABLE, SEARCHING, STALLED, WANTED, Truth
from mediaos.core.errors import AuthRejected, RateLimited, Unreachable
from mediaos.daemon.backoff import BASE
from mediaos.daemon.runner import INTERNAL_MESSAGE, PassReport, run_pass
from mediaos.state.journal import SqliteJournal
from tests.integration.engine.fake_reconciler import FakeDesired, FakeReconciler, FakeWorld

DESIRED = FakeDesired(("movie/a", "movie/b", "movie/c"))


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def fake(world: FakeWorld, journal: SqliteJournal, clock: ManualClock) -> FakeReconciler:
    return FakeReconciler(world=world, journal=journal, clock=clock)


async def one_pass(
    fake: FakeReconciler, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> PassReport:
    return await run_pass(fake, DESIRED, clock=clock, rng=rng, journal=journal)


async def test_a_pass_applies_every_action_in_key_order_and_records_done(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    report = await one_pass(fake, clock, rng, journal)
    keys = ["search:movie/a", "search:movie/b", "search:movie/c"]
    assert world.applied == keys
    assert list(report.done) == keys and report.skipped == ()
    assert all(journal.intent(k).outcome == "done" for k in keys)  # type: ignore[union-attr]
    assert [c.type for c in journal.conditions.of("movie/a")] == [AVAILABLE, STALLED, WANTED]


async def test_a_second_pass_after_success_plans_and_applies_nothing(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    await one_pass(fake, clock, rng, journal)
    clock.advance(timedelta(minutes=1))
    again = await one_pass(fake, clock, rng, journal)
    assert again.plan.in_sync and again.outcomes == ()
    assert len(world.applied) == 3


async def test_a_temporary_error_retries_and_the_key_is_skipped_until_due(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/b"] = [Unreachable("qbit", "add torrent", "connection refused")]
    first = await one_pass(fake, clock, rng, journal)
    assert first.retrying == ("search:movie/b",)
    [(_, outcome)] = [(a, o) for a, o in first.outcomes if isinstance(o, Retry)]
    assert isinstance(outcome, Retry)
    assert (outcome.reason, outcome.message) == (
        "Unreachable",
        "qbit: add torrent: connection refused",
    )
    assert BASE * 0.9 <= outcome.after <= BASE * 1.1

    clock.advance(BASE * 0.5)
    waiting = await one_pass(fake, clock, rng, journal)
    assert waiting.skipped == ("search:movie/b",) and waiting.outcomes == ()

    clock.advance(BASE)
    due = await one_pass(fake, clock, rng, journal)
    assert due.done == ("search:movie/b",)
    assert await journal.failures("search:movie/b") == 0  # type: ignore[arg-type]


async def test_consecutive_temporary_errors_wait_longer_each_time(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/a"] = [Unreachable("qbit", "add") for _ in range(4)]
    waits = []
    for _ in range(4):
        report = await one_pass(fake, clock, rng, journal)
        [(_, outcome)] = [(a, o) for a, o in report.outcomes if a.item == "movie/a"]
        assert isinstance(outcome, Retry)
        waits.append(outcome.after)
        clock.advance(outcome.after)
    assert waits == sorted(waits) and waits[-1] >= BASE * 8 * 0.9


async def test_a_retry_after_hint_is_honoured(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/a"] = [RateLimited("nyaa", "search", retry_after=timedelta(hours=1))]
    report = await one_pass(fake, clock, rng, journal)
    outcome = report.outcomes[0][1]
    assert isinstance(outcome, Retry) and outcome.after >= timedelta(hours=1)
    clock.advance(timedelta(minutes=59))
    assert (await one_pass(fake, clock, rng, journal)).skipped == ("search:movie/a",)


async def test_a_permanent_error_stalls_and_is_not_retried(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/c"] = [AuthRejected("qbit", "login", "credentials refused")]
    report = await one_pass(fake, clock, rng, journal)
    assert report.stalled == ("search:movie/c",)
    outcome = report.outcomes[-1][1]
    assert outcome == Stalled("AuthRejected", "qbit: login: credentials refused")
    stalled = {c.type: c for c in journal.conditions.of("movie/c")}[STALLED]
    assert (stalled.status, stalled.reason, stalled.revision) == (
        Truth.TRUE, "AuthRejected", "rev1-movie/c",
    )  # fmt: skip

    clock.advance(timedelta(days=30))
    later = await one_pass(fake, clock, rng, journal)
    assert later.skipped == ("search:movie/c",)
    assert world.applied.count("search:movie/c") == 1


async def test_an_unexpected_exception_is_contained_without_leaking_internals(
    fake: FakeReconciler,
    world: FakeWorld,
    clock: ManualClock,
    rng: Random,
    journal: SqliteJournal,
    caplog: pytest.LogCaptureFixture,
) -> None:
    world.script["movie/a"] = [KeyError("secret internal detail"), ZeroDivisionError()]
    with caplog.at_level(logging.WARNING, logger="mediaos.daemon.runner"):
        report = await one_pass(fake, clock, rng, journal)
        outcome = report.outcomes[0][1]
        assert isinstance(outcome, Retry)
        assert (outcome.reason, outcome.message) == ("InternalError", INTERNAL_MESSAGE)
        clock.advance(timedelta(hours=1))
        await one_pass(fake, clock, rng, journal)
    searching = {c.type: c for c in journal.conditions.of("movie/a")}[SEARCHING]
    assert (searching.status, searching.reason) == (Truth.FALSE, "InternalError")
    assert "secret internal detail" not in searching.message
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and "search:movie/a" in tracebacks[0].getMessage()


async def test_one_failing_action_does_not_stop_the_others(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/a"] = [RuntimeError("boom")]
    world.script["movie/b"] = [AuthRejected("qbit", "login")]
    report = await one_pass(fake, clock, rng, journal)
    assert report.retrying == ("search:movie/a",)
    assert report.stalled == ("search:movie/b",)
    assert report.done == ("search:movie/c",)
    assert world.have == {"movie/c"}


async def test_the_plans_status_is_saved_with_since_kept_across_passes(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/a"] = [Unreachable("qbit", "add")]
    start = clock.now()
    await one_pass(fake, clock, rng, journal)
    clock.advance(timedelta(hours=1))
    await one_pass(fake, clock, rng, journal)
    wanted = {c.type: c for c in journal.conditions.of("movie/a")}[WANTED]
    assert (wanted.status, wanted.since) == (Truth.TRUE, start)


async def test_a_stalled_action_runs_again_once_its_items_spec_changes(
    fake: FakeReconciler, world: FakeWorld, clock: ManualClock, rng: Random, journal: SqliteJournal
) -> None:
    world.script["movie/c"] = [AuthRejected("qbit", "login", "credentials refused")]
    await one_pass(fake, clock, rng, journal)
    clock.advance(timedelta(minutes=1))
    edited = FakeDesired(DESIRED.items, revision="2")
    report = await run_pass(fake, edited, clock=clock, rng=rng, journal=journal)
    assert report.done == ("search:movie/c",) and report.skipped == ()
    stalled = {c.type: c for c in journal.conditions.of("movie/c")}[STALLED]
    assert (stalled.status, stalled.revision) == (Truth.FALSE, "rev2-movie/c")

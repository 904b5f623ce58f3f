from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.core.actions import Done, Retry, Stalled
from mediaos.state import StateDB, upgrade
from mediaos.state.backoff import BackoffRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
KEY = "grab:movie/dune-2021:abc"


@pytest.fixture
def backoff(state: StateDB) -> Iterator[BackoffRepo]:
    upgrade(state)
    yield BackoffRepo(state)


def test_a_key_never_tried_is_not_waiting_and_has_no_failures(backoff: BackoffRepo) -> None:
    assert not backoff.waiting(KEY, NOW)
    assert backoff.failures(KEY) == 0
    assert backoff.get(KEY) is None


def test_consecutive_retries_count_up_and_move_the_next_attempt(backoff: BackoffRepo) -> None:
    backoff.record(KEY, Retry(timedelta(seconds=30), "Unreachable", "x"), NOW)
    backoff.record(KEY, Retry(timedelta(seconds=60), "PeerBusy", "y"), NOW)
    record = backoff.get(KEY)
    assert record is not None
    assert (record.failures, record.next_at, record.last_reason) == (
        2, NOW + timedelta(seconds=60), "PeerBusy",
    )  # fmt: skip
    assert backoff.waiting(KEY, NOW + timedelta(seconds=59))
    assert not backoff.waiting(KEY, NOW + timedelta(seconds=60))


def test_success_deletes_the_row(backoff: BackoffRepo) -> None:
    backoff.record(KEY, Retry(timedelta(seconds=30), "Unreachable", "x"), NOW)
    backoff.record(KEY, Done(), NOW)
    assert backoff.get(KEY) is None and backoff.failures(KEY) == 0


def test_a_stalled_key_waits_until_it_is_cleared(backoff: BackoffRepo) -> None:
    backoff.record(KEY, Stalled("AuthRejected", "Login refused."), NOW)
    record = backoff.get(KEY)
    assert record is not None and record.stalled
    assert backoff.waiting(KEY, NOW + timedelta(days=365 * 50))
    backoff.clear(KEY)
    assert not backoff.waiting(KEY, NOW)


def test_keys_due_before_a_moment_come_soonest_first(backoff: BackoffRepo) -> None:
    backoff.record("b", Retry(timedelta(minutes=5), "R", ""), NOW)
    backoff.record("a", Retry(timedelta(minutes=1), "R", ""), NOW)
    backoff.record("c", Stalled("S", ""), NOW)
    assert [r.key for r in backoff.due_before(NOW + timedelta(hours=1))] == ["a", "b"]


def test_every_stall_can_be_lifted_at_once_after_a_config_change(backoff: BackoffRepo) -> None:
    backoff.record("a", Stalled("AuthRejected", ""), NOW)
    backoff.record("b", Stalled("Unsupported", ""), NOW)
    backoff.record("c", Retry(timedelta(minutes=1), "R", ""), NOW)
    assert backoff.clear_stalled() == 2
    assert [r.key for r in backoff.due_before(NOW + timedelta(hours=1))] == ["c"]

"""IndexerUsageRepo (migration 0008) and the budget check built on it: hits counted in rolling
windows, old rows pruned, and a spent budget refused with the time the window frees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mediaos.core.clock import ManualClock
from mediaos.core.errors import RateLimited
from mediaos.reconcilers.budget_guard import IndexerBudgets
from mediaos.schemas.indexers import IndexerSpec
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.indexer_usage import IndexerUsageRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateDB]:
    with open_database(tmp_path / "data") as opened:
        upgrade(opened)
        yield opened


def spec(name: str, **budget: Any) -> IndexerSpec:
    return IndexerSpec.model_validate(
        {"name": name, "type": "torznab", "url": "http://127.0.0.1:9/api", "budget": budget}
    )


def test_count_is_per_indexer_kind_and_window(state: StateDB) -> None:
    repo = IndexerUsageRepo(state)
    for minutes in (90, 50, 10):
        repo.record("a", "query", NOW - timedelta(minutes=minutes))
    repo.record("a", "grab", NOW)
    repo.record("b", "query", NOW)
    assert repo.count("a", "query", NOW - timedelta(hours=1)) == 2
    assert repo.count("a", "query", NOW - timedelta(days=1)) == 3
    assert repo.count("a", "grab", NOW - timedelta(hours=1)) == 1
    assert repo.count("c", "query", NOW - timedelta(days=1)) == 0


def test_nth_is_oldest_first_within_the_window(state: StateDB) -> None:
    repo = IndexerUsageRepo(state)
    times = [NOW - timedelta(minutes=m) for m in (90, 50, 10)]
    for at in times:
        repo.record("a", "query", at)
    since = NOW - timedelta(hours=1)
    assert repo.nth("a", "query", since, 0) == times[1]
    assert repo.nth("a", "query", since, 1) == times[2]
    assert repo.nth("a", "query", since, 2) is None
    with pytest.raises(ValueError, match="negative"):
        repo.nth("a", "query", since, -1)


def test_rows_older_than_a_day_are_pruned(state: StateDB) -> None:
    repo = IndexerUsageRepo(state)
    repo.record("a", "query", NOW - timedelta(days=2))
    repo.record("b", "query", NOW - timedelta(days=2))
    repo.record("a", "query", NOW)  # prunes a's old row as it is written
    ever = NOW - timedelta(days=30)
    assert repo.count("a", "query", ever) == 1
    assert repo.count("b", "query", ever) == 1
    assert repo.prune(NOW) == 1
    assert repo.count("b", "query", ever) == 0


def test_take_counts_until_the_budget_is_spent_then_refuses_with_the_free_time(
    state: StateDB,
) -> None:
    clock = ManualClock(NOW)
    repo = IndexerUsageRepo(state)
    budgets = IndexerBudgets({"a": spec("a", queries_per_hour=2)}, repo, clock)
    assert budgets.left("a", "query") == 2
    budgets.take("a", "query", "search")
    clock.advance(timedelta(minutes=15))
    budgets.take("a", "query", "search")
    assert budgets.left("a", "query") == 0
    with pytest.raises(RateLimited) as refused:
        budgets.take("a", "query", "search")
    assert refused.value.retry_after == timedelta(minutes=45)  # the first hit ages out
    assert "query budget exhausted until 13:00Z (queries_per_hour: 2)" in str(refused.value)
    assert repo.count("a", "query", NOW - timedelta(days=1)) == 2  # a refusal is no hit
    clock.advance(timedelta(minutes=45))
    budgets.take("a", "query", "search")  # the window moved on
    assert budgets.left("a", "grab") is None  # grabs unlimited


def test_every_limit_must_allow_the_hit(state: StateDB) -> None:
    clock = ManualClock(NOW)
    budgets = IndexerBudgets(
        {"a": spec("a", grabs_per_hour=5, grabs_per_day=2)}, IndexerUsageRepo(state), clock
    )
    budgets.take("a", "grab", "grab")
    clock.advance(timedelta(hours=2))
    budgets.take("a", "grab", "grab")
    clock.advance(timedelta(hours=2))
    with pytest.raises(RateLimited) as refused:
        budgets.check("a", "grab", "grab")
    assert refused.value.retry_after == timedelta(hours=20)  # the day-old first grab


def test_unknown_and_unbudgeted_indexers_are_unlimited(state: StateDB) -> None:
    budgets = IndexerBudgets({"a": spec("a")}, IndexerUsageRepo(state), ManualClock(NOW))
    for _ in range(3):
        budgets.take("a", "query", "search")
        budgets.take("elsewhere", "grab", "grab")
    assert budgets.left("a", "query") is None
    assert budgets.searches_left(["a"]) is None


def test_searches_left_is_the_best_indexer(state: StateDB) -> None:
    budgets = IndexerBudgets(
        {"a": spec("a", queries_per_day=1), "b": spec("b", queries_per_hour=3)},
        IndexerUsageRepo(state),
        ManualClock(NOW),
    )
    budgets.take("a", "query", "rss")
    budgets.take("b", "query", "rss")
    assert budgets.searches_left(["a", "b"]) == 2
    assert budgets.searches_left(["a"]) == 0

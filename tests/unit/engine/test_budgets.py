"""Indexer budget arithmetic (pure): what is left in rolling windows, and when one frees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mediaos.reconcilers.budgets import (
    DAY,
    HOUR,
    Limit,
    Usage,
    exhausted_message,
    frees_at,
    left,
    limits,
    retry_after,
    searches_left,
)
from mediaos.schemas.indexers import BudgetSpec

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_limits_are_only_the_configured_ones_for_that_kind() -> None:
    budget = BudgetSpec(queries_per_hour=2, grabs_per_day=5)
    assert limits(budget, "query") == (Limit(2, HOUR, "queries_per_hour"),)
    assert limits(budget, "grab") == (Limit(5, DAY, "grabs_per_day"),)
    assert limits(BudgetSpec(), "query") == ()


def test_left_is_the_smallest_of_every_limit_and_none_when_unlimited() -> None:
    hourly, daily = Limit(10, HOUR, "queries_per_hour"), Limit(50, DAY, "queries_per_day")
    assert left([Usage(hourly, 3), Usage(daily, 45)]) == 5
    assert left([Usage(hourly, 12), Usage(daily, 12)]) == 0  # over (e.g. budget lowered)
    assert left([]) is None


def test_a_zero_budget_allows_nothing() -> None:
    assert left([Usage(Limit(0, DAY, "grabs_per_day"), 0)]) == 0


def test_the_hit_that_must_age_out_is_counted_from_the_oldest_in_the_window() -> None:
    limit = Limit(2, HOUR, "queries_per_hour")
    assert Usage(limit, 1).ages_out is None
    assert Usage(limit, 2).ages_out == 0  # the oldest of the two
    assert Usage(limit, 5).ages_out == 3  # three must go before a third is allowed
    oldest = NOW - timedelta(minutes=40)
    assert frees_at(Usage(limit, 2), oldest) == NOW + timedelta(minutes=20)


def test_retry_after_waits_for_the_last_full_window() -> None:
    frees = [NOW + timedelta(minutes=5), NOW + timedelta(hours=3)]
    assert retry_after(frees, NOW) == timedelta(hours=3)
    assert retry_after([], NOW) == timedelta(0)
    assert retry_after([NOW - timedelta(seconds=1)], NOW) == timedelta(0)


def test_searches_left_is_the_best_indexer_and_unlimited_wins() -> None:
    assert searches_left([0, 3, 1]) == 3
    assert searches_left([0, None]) is None
    assert searches_left([0, 0]) == 0
    assert searches_left([]) is None


def test_the_message_names_the_spent_limit_and_the_time() -> None:
    hourly, daily = Limit(2, HOUR, "queries_per_hour"), Limit(50, DAY, "queries_per_day")
    text = exhausted_message(
        "query", NOW + timedelta(minutes=20), [Usage(hourly, 2), Usage(daily, 2)]
    )
    assert text == "query budget exhausted until 12:20Z (queries_per_hour: 2)"

from datetime import UTC, datetime

import pytest

from mediaos.core.actions import ItemKey, Plan, Search
from mediaos.core.conditions import WANTED, Condition, Truth

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def search(item: str, reason: str = "Missing.") -> Search:
    return Search(item=ItemKey(item), reason=reason)


def test_plan_of_sorts_actions_by_key() -> None:
    plan = Plan.of([search("series/b"), search("movie/c"), search("movie/a")])
    assert [a.key for a in plan.actions] == [
        "search:movie/a", "search:movie/c", "search:series/b",
    ]  # fmt: skip


def test_the_same_actions_in_any_order_give_equal_plans() -> None:
    items = ["movie/a", "movie/b", "movie/c"]
    assert Plan.of(map(search, items)) == Plan.of(map(search, reversed(items)))


def test_an_exact_duplicate_collapses_but_a_conflicting_one_is_a_bug() -> None:
    assert len(Plan.of([search("movie/a"), search("movie/a")]).actions) == 1
    with pytest.raises(ValueError, match="share the key"):
        Plan.of([search("movie/a"), search("movie/a", "Other reason.")])


def test_a_plan_built_unsorted_is_refused() -> None:
    with pytest.raises(ValueError, match="sorted"):
        Plan((search("movie/b"), search("movie/a")))


def test_a_plan_carries_status_and_knows_when_it_is_in_sync() -> None:
    wanted = Condition(WANTED, Truth.TRUE, "Missing", "", NOW, "r")
    plan = Plan.of([], {ItemKey("movie/a"): (wanted,)})
    assert plan.in_sync
    assert plan.status == {"movie/a": (wanted,)}
    assert not Plan.of([search("movie/a")]).in_sync

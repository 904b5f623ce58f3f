"""Indexer budgets (pure): how many more queries or grabs an indexer allows now, and when a
full window frees its next one.

Why: private indexers state their API limits as "N per rolling hour / day" and ban accounts
that go over, whatever the reason. `IndexerSpec.budget` (`BudgetSpec`) holds the user's
numbers; the hits themselves are counted in the state database
(`mediaos.state.indexer_usage`), because `apply` runs as separate processes and the daemon
restarts. This module only does the arithmetic on those counts, so it is tested without a
database; `mediaos.reconcilers.budget_guard` does the reading and writing.

A window is rolling: with `allowed` hits per `window` and `used` hits in the last `window`,
one more is allowed once the hit numbered `used - allowed` (0-based, oldest first among those
in the window) is older than `window`. Every limit of a kind must allow the hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from mediaos.schemas.indexers import BudgetSpec
from mediaos.state.indexer_usage import HitKind

HOUR: Final = timedelta(hours=1)
DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Limit:
    """One configured limit: `allowed` hits of a kind per rolling `window`."""

    allowed: int
    window: timedelta
    label: str
    """As the user wrote it, for messages: `queries_per_hour`."""


@dataclass(frozen=True, slots=True)
class Usage:
    """A limit and the hits counted in its window now."""

    limit: Limit
    used: int

    @property
    def left(self) -> int:
        return max(self.limit.allowed - self.used, 0)

    @property
    def ages_out(self) -> int | None:
        """When the window is full: the 0-based index (oldest first, among the hits in the
        window) of the hit whose ageing out allows one more; None while hits are left."""
        return self.used - self.limit.allowed if self.left == 0 else None


def limits(budget: BudgetSpec, kind: HitKind) -> tuple[Limit, ...]:
    """The limits `budget` sets on `kind`; empty when that kind is unlimited."""
    if kind == "query":
        pairs = (
            (budget.queries_per_hour, HOUR, "queries_per_hour"),
            (budget.queries_per_day, DAY, "queries_per_day"),
        )
    else:
        pairs = (
            (budget.grabs_per_hour, HOUR, "grabs_per_hour"),
            (budget.grabs_per_day, DAY, "grabs_per_day"),
        )
    return tuple(
        Limit(allowed, window, label) for allowed, window, label in pairs if allowed is not None
    )


def left(usages: Iterable[Usage]) -> int | None:
    """Hits allowed now: the smallest of what each limit leaves; None when unlimited."""
    lefts = [u.left for u in usages]
    return min(lefts) if lefts else None


def frees_at(usage: Usage, ageing_hit: datetime) -> datetime:
    """When the full window of `usage` allows one more, given the time of the hit numbered
    `usage.ages_out`."""
    return ageing_hit + usage.limit.window


def retry_after(frees: Iterable[datetime], now: datetime) -> timedelta:
    """How long until every full window allows one more (zero when none is full)."""
    latest = max(frees, default=now)
    return max(latest - now, timedelta(0))


def searches_left(lefts: Iterable[int | None]) -> int | None:
    """Item searches worth planning now, given each search indexer's queries left.

    A search goes on with the indexers that have queries left, so the count is the largest,
    not the sum, and any unlimited indexer makes it unlimited (None). A search may take more
    than one query (ids, then the title), so this is an upper bound, which is what a planner
    needs: planning more is certainly waste. No search indexer at all: None (no bound here;
    the search itself reports that nothing was searched).
    """
    best: int | None = None
    for n in lefts:
        if n is None:
            return None
        best = n if best is None else max(best, n)
    return best


def exhausted_message(kind: HitKind, until: datetime, usages: Iterable[Usage]) -> str:
    """One sentence for users: which budget is spent and when it frees (UTC)."""
    spent = ", ".join(
        f"{u.limit.label}: {u.limit.allowed}" for u in usages if u.ages_out is not None
    )
    return f"{kind} budget exhausted until {until:%H:%M}Z ({spent})"

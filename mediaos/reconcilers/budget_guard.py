"""The indexer budget check before every API hit, and the count of every hit made.

Every place in the acquisition loop that is about to send a request to an indexer (a search
page, an RSS fetch, a release-file download for a grab) calls `take` first: it raises
`RateLimited`, with the time the window frees as `retry_after`, when the indexer's budget is
spent, and otherwise records the hit, BEFORE the request (see `mediaos.state.indexer_usage`
for why). The arithmetic is `mediaos.reconcilers.budgets`; the counts live in the state
database, so they hold across processes and restarts.

Capabilities requests (`t=caps`) are not counted: the adapter caches them for a day, and
indexers do not count them as searches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mediaos.core.clock import Clock
from mediaos.core.errors import RateLimited
from mediaos.reconcilers.budgets import (
    Usage,
    exhausted_message,
    frees_at,
    left,
    limits,
    retry_after,
    searches_left,
)
from mediaos.schemas.indexers import IndexerSpec
from mediaos.state.indexer_usage import HitKind, IndexerUsageRepo


class IndexerBudgets:
    """Budgets of the configured indexers; an indexer without a spec is unlimited."""

    def __init__(
        self, specs: Mapping[str, IndexerSpec], usage: IndexerUsageRepo, clock: Clock
    ) -> None:
        self._specs = specs
        self._usage = usage
        self._clock = clock

    def usages(self, indexer: str, kind: HitKind) -> tuple[Usage, ...]:
        spec = self._specs.get(indexer)
        if spec is None:
            return ()
        now = self._clock.now()
        return tuple(
            Usage(limit, self._usage.count(indexer, kind, now - limit.window))
            for limit in limits(spec.budget, kind)
        )

    def left(self, indexer: str, kind: HitKind) -> int | None:
        """Hits of `kind` `indexer` allows now; None when unlimited."""
        return left(self.usages(indexer, kind))

    def searches_left(self, indexers: Iterable[str]) -> int | None:
        """Item searches worth planning now (`budgets.searches_left`)."""
        return searches_left(self.left(name, "query") for name in indexers)

    def check(self, indexer: str, kind: HitKind, operation: str) -> None:
        """Raise `RateLimited` when `indexer` allows no more hits of `kind` now."""
        usages = self.usages(indexer, kind)
        if left(usages) != 0:
            return
        now = self._clock.now()
        frees = []
        for usage in usages:
            if usage.ages_out is None:
                continue
            since = now - usage.limit.window
            ageing = self._usage.nth(indexer, kind, since, usage.ages_out)
            frees.append(frees_at(usage, ageing) if ageing is not None else now)
        wait = retry_after(frees, now)
        raise RateLimited(
            indexer, operation, exhausted_message(kind, now + wait, usages), retry_after=wait
        )

    def take(self, indexer: str, kind: HitKind, operation: str) -> None:
        """`check`, then count one hit now: call it right before the request."""
        self.check(indexer, kind, operation)
        self._usage.record(indexer, kind, self._clock.now())

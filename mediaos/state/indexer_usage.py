"""Indexer API hits (table `indexer_usage`, migration 0008): what indexer budgets count.

Each query (a search page, an RSS fetch) and each grab (a release-file download) made to an
indexer is one row, written BEFORE the request goes out: a request that then fails was still
seen by the indexer, and counting one too many is safe where counting one too few gets an
account banned. `count` serves the budget check before every hit; `nth` says when a full
window frees its next slot (the retry hint). Rows older than `KEEP` (the longest budget
window) are pruned as new ones are written, so the table never grows past a day of hits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final, Literal, TypeAlias

from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

HitKind: TypeAlias = Literal["query", "grab"]

#: The longest budget window; older hits can no longer count against any budget.
KEEP: Final = timedelta(days=1)


class IndexerUsageRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def record(self, indexer: str, kind: HitKind, at: datetime) -> None:
        """One hit on `indexer` at `at`; hits of that indexer and kind older than `KEEP`
        go in the same transaction (an index range, so it costs next to nothing)."""
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO indexer_usage (indexer, kind, at) VALUES (?, ?, ?)",
                [indexer, kind, to_db_time(at)],
            )
            self._db.execute(
                "DELETE FROM indexer_usage WHERE indexer = ? AND kind = ? AND at < ?",
                [indexer, kind, to_db_time(at - KEEP)],
            )

    def count(self, indexer: str, kind: HitKind, since: datetime) -> int:
        """Hits on `indexer` of `kind` after `since` (a hit exactly one window old has left it)."""
        row = self._db.execute(
            "SELECT count(*) FROM indexer_usage WHERE indexer = ? AND kind = ? AND at > ?",
            [indexer, kind, to_db_time(since)],
        ).fetchone()
        return int(row[0])

    def nth(self, indexer: str, kind: HitKind, since: datetime, n: int) -> datetime | None:
        """The time of the `n`-th hit (0-based, oldest first) after `since`, if any."""
        if n < 0:
            raise ValueError("n must not be negative")
        row = self._db.execute(
            "SELECT at FROM indexer_usage WHERE indexer = ? AND kind = ? AND at > ?"
            " ORDER BY at LIMIT 1 OFFSET ?",
            [indexer, kind, to_db_time(since), n],
        ).fetchone()
        return None if row is None else from_db_time(row[0])

    def prune(self, now: datetime) -> int:
        """Drop every hit older than `KEEP`; returns how many rows went."""
        with self._db.atomic():
            cursor = self._db.execute(
                "DELETE FROM indexer_usage WHERE at < ?", [to_db_time(now - KEEP)]
            )
        return int(cursor.rowcount)

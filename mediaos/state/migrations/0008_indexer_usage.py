"""Indexer API hits (table `indexer_usage`), so query and grab budgets hold across processes.

Private indexers count every API hit and every release download per rolling hour and day,
and ban accounts that go over. `mediaos apply` runs as separate processes, and the daemon
restarts, so the count cannot live in memory: each hit is one row `(indexer, kind, at)`,
`kind` being `query` (a search page or an RSS fetch) or `grab` (a release-file download).

Why one narrow table with one index: the budget check before every hit is a `count(*)` over
`(indexer, kind, at >= since)`, a range scan of the index; rows older than a day (the longest
window) are pruned as new ones are written, so the table stays small. No secret is stored.
"""

from __future__ import annotations

from sqlite_utils import Database

_TABLES = (
    """
    CREATE TABLE indexer_usage (
        id INTEGER PRIMARY KEY,
        indexer TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('query', 'grab')),
        at TEXT NOT NULL
    ) STRICT
    """,
    "CREATE INDEX indexer_usage_by_time ON indexer_usage (indexer, kind, at)",
)

_DROPS = (
    "DROP INDEX indexer_usage_by_time",
    "DROP TABLE indexer_usage",
)


def up(db: Database) -> None:
    for statement in _TABLES:
        db.execute(statement)


def down(db: Database) -> None:
    for statement in _DROPS:
        db.execute(statement)

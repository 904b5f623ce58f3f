"""Per-key retry backoff, so that waiting survives a restart.

One row per action or adapter key that failed: how many failures in a row, when the
next attempt may run (UTC text, fixed width, so `next_at <= :now` is a text compare),
and the reason of the last failure for the status view. A success deletes the row.
"""

from __future__ import annotations

from sqlite_utils import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE backoff (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL CHECK (failures >= 1),
            next_at TEXT NOT NULL,
            last_reason TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX backoff_by_next_at ON backoff (next_at)")


def down(db: Database) -> None:
    db.execute("DROP INDEX backoff_by_next_at")
    db.execute("DROP TABLE backoff")

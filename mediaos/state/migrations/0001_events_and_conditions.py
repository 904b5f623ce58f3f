"""History of what MediaOS did, and the status conditions each item shows.

`events` is append-only history: one row per thing observed or done (an intent written
before a side effect, its outcome after, an import, a failure). `at` is UTC text in the
fixed-width format of `mediaos.state.timestamps`; `data` is a small JSON object with
typed fields of the event kind, never a secret.

`item_conditions` holds the current conditions of each item (`Wanted`, `Grabbed`,
`Blocked` ...), one row per (item, type), as `mediaos.core` conditions: `since` changes
only when `status` flips, `revision` is the spec revision they were computed from.
"""

from __future__ import annotations

from sqlite_utils import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            item_key TEXT,
            action_key TEXT,
            message TEXT NOT NULL DEFAULT '',
            data TEXT CHECK (data IS NULL OR json_valid(data))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX events_by_item ON events (item_key, at)")
    db.execute("CREATE INDEX events_by_at ON events (at)")
    db.execute(
        """
        CREATE TABLE item_conditions (
            item_key TEXT NOT NULL,
            type TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('True', 'False', 'Unknown')),
            reason TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            since TEXT NOT NULL,
            revision TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (item_key, type)
        ) STRICT
        """
    )


def down(db: Database) -> None:
    db.execute("DROP TABLE item_conditions")
    db.execute("DROP INDEX events_by_at")
    db.execute("DROP INDEX events_by_item")
    db.execute("DROP TABLE events")

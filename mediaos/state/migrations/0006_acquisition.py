"""The acquisition loop's tables: search candidates and when each unit was last searched.

- `candidates`: releases an item search or an RSS sync found for a wanted unit, with their
  decision. `mediaos diff` plans grabs offline from the accepted ones, and `explain` and
  `grab ITEM GUID` read them back. The release is stored as JSON with its download link,
  magnet and info page REDACTED (`mediaos.core.redaction.redact`); a grab restores the
  link from the indexer's configured API key, or searches that indexer again. `source`
  tells an item search's rows (replaced by the next search of the unit) from RSS rows
  (dropped after a few days: the feed has moved on).
- `searches`: one row per unit: when it was last searched and what that search found, so
  the planner searches a unit again only once its interval has passed.

Guids are stored redacted, like everywhere in state; every time is fixed-width UTC text.
"""

from __future__ import annotations

from sqlite_utils import Database

_TABLES = (
    """
    CREATE TABLE candidates (
        id INTEGER PRIMARY KEY,
        item_key TEXT NOT NULL,
        indexer TEXT NOT NULL,
        guid TEXT NOT NULL,
        info_hash TEXT,
        source TEXT NOT NULL CHECK (source IN ('search', 'rss')),
        release TEXT NOT NULL CHECK (json_valid(release)),
        decision TEXT NOT NULL CHECK (json_valid(decision)),
        accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
        found_at TEXT NOT NULL,
        UNIQUE (item_key, indexer, guid)
    ) STRICT
    """,
    "CREATE INDEX candidates_accepted ON candidates (accepted, item_key)",
    "CREATE INDEX candidates_by_found_at ON candidates (source, found_at)",
    """
    CREATE TABLE searches (
        item_key TEXT PRIMARY KEY,
        searched_at TEXT NOT NULL,
        results INTEGER NOT NULL CHECK (results >= 0),
        accepted INTEGER NOT NULL CHECK (accepted >= 0)
    ) STRICT
    """,
)

_DROPS = (
    "DROP TABLE searches",
    "DROP INDEX candidates_by_found_at",
    "DROP INDEX candidates_accepted",
    "DROP TABLE candidates",
)


def up(db: Database) -> None:
    for statement in _TABLES:
        db.execute(statement)


def down(db: Database) -> None:
    for statement in _DROPS:
        db.execute(statement)

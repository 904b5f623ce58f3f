"""The downloads loop's own table: what it saw of each download, and what it imported.

- `downloads`: one row per download MediaOS follows, keyed `(client, download_id)` (the
  info-hash for torrents, the client's id for usenet). `progress` and `progress_at` (when the
  progress last changed) say whether a download is stalled past `stalled_after`;
  `completed_at`, `imported_at` and `imported_paths` (a JSON array of absolute library paths)
  record the import; `removed_at` when the download left the client after seeding.

Why a table of its own rather than columns on `grabs`: one download may serve several grabs
(a season pack grabbed for a season slot), the grab row is the acquisition loop's, and
dropping this table (downgrade) loses only observations, never a grab. Nothing here keeps an
item "held": whether a library file exists is the library index's answer, so a file deleted
by hand is missing again at once.
"""

from __future__ import annotations

from sqlite_utils import Database

_TABLES = (
    """
    CREATE TABLE downloads (
        client TEXT NOT NULL,
        download_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0),
        progress_at TEXT NOT NULL,
        completed_at TEXT,
        imported_at TEXT,
        imported_paths TEXT NOT NULL DEFAULT '[]'
            CHECK (json_valid(imported_paths) AND json_type(imported_paths) = 'array'),
        removed_at TEXT,
        PRIMARY KEY (client, download_id)
    ) STRICT
    """,
    "CREATE INDEX downloads_by_item ON downloads (item_key)",
)

_DROPS = (
    "DROP INDEX downloads_by_item",
    "DROP TABLE downloads",
)


def up(db: Database) -> None:
    for statement in _TABLES:
        db.execute(statement)


def down(db: Database) -> None:
    for statement in _DROPS:
        db.execute(statement)

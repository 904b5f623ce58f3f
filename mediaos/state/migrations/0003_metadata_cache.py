"""Raw metadata responses (TMDB, TVmaze, TheTVDB, MusicBrainz, Open Library) by request key.

Why in SQLite: metadata rarely changes, providers ration requests (MusicBrainz allows one a
second), and a restart must not refetch a 10,000-episode daily show. The body is kept as the
provider sent it, so a newer parser can read old rows; `fetched_at` is the database's fixed-
width UTC text, so expiry is a text compare. Losing the table loses nothing but time.
"""

from __future__ import annotations

from sqlite_utils import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE metadata_cache (
            key TEXT PRIMARY KEY,
            body BLOB NOT NULL,
            fetched_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX metadata_cache_by_fetched_at ON metadata_cache (fetched_at)")


def down(db: Database) -> None:
    db.execute("DROP INDEX metadata_cache_by_fetched_at")
    db.execute("DROP TABLE metadata_cache")

"""The library index: every directory and file found under the library roots.

Directories keep their mtime and sub-directories, so a rescan lists only directories that
changed. Files keep what the scanner read from their names (and later from tags and
ffprobe): the item key they belong to, numbering, quality, and why a file is unmatched.
A probe result is cached with the (inode, size, mtime) it was taken from, so a file is
never probed twice.
"""

from __future__ import annotations

from sqlite_utils import Database


def up(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE library_dirs (
            root TEXT NOT NULL,
            path TEXT NOT NULL,
            mtime_ns INTEGER NOT NULL,
            subdirs TEXT NOT NULL CHECK (json_valid(subdirs)),
            PRIMARY KEY (root, path)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE library_files (
            root TEXT NOT NULL,
            dir TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            item_key TEXT,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            device INTEGER NOT NULL,
            title TEXT,
            year INTEGER,
            season INTEGER,
            episodes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(episodes)),
            absolute_episodes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(absolute_episodes)),
            air_date TEXT,
            track INTEGER,
            quality TEXT,
            release_group TEXT,
            language TEXT,
            forced INTEGER NOT NULL DEFAULT 0,
            hearing_impaired INTEGER NOT NULL DEFAULT 0,
            tmdb INTEGER,
            imdb TEXT,
            tvdb INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            probe TEXT CHECK (probe IS NULL OR json_valid(probe)),
            probe_key TEXT,
            PRIMARY KEY (root, dir, name)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX library_files_by_item ON library_files (item_key)")
    db.execute("CREATE INDEX library_files_by_kind ON library_files (root, kind)")


def down(db: Database) -> None:
    db.execute("DROP INDEX library_files_by_kind")
    db.execute("DROP INDEX library_files_by_item")
    db.execute("DROP TABLE library_files")
    db.execute("DROP TABLE library_dirs")

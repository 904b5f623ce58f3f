"""Two indexes for reading a library root's holdings (`library_index.held_files`).

Why: `mediaos diff` reads, on every run, the series folders of each root (by the key
prefix of their episode files, with the title, year and TheTVDB id they were named with)
and the files holding several episodes. Both scanned every episode row: for 50,000 episode
files, 25 ms for the folders (the prefix computed per row, then de-duplicated) and 9 ms for
the multi-episode files (a `LIKE` per row). An index on the prefix expression lets the
first read the de-duplicated folders in index order, and a partial index holding only the
multi-episode files makes the second read nothing when there is none.

The prefix expression and the partial index's condition must stay exactly those of
`held_files`' queries (SQLite only uses an index whose expression or condition the query
repeats); a test checks that both queries use them.
"""

from __future__ import annotations

from sqlite_utils import Database

_PREFIX = "rtrim(item_key, '0123456789abcdefghijklmnopqrstuvwxyz-')"


def up(db: Database) -> None:
    db.execute(
        "CREATE INDEX library_files_series_folders ON library_files "
        f"(root, kind, {_PREFIX}, title, year, tvdb) WHERE item_key IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX library_files_multi_episode ON library_files (root) "
        "WHERE kind = 'episode' AND item_key IS NOT NULL AND season IS NOT NULL "
        "AND episodes LIKE '%,%'"
    )


def down(db: Database) -> None:
    db.execute("DROP INDEX library_files_multi_episode")
    db.execute("DROP INDEX library_files_series_folders")

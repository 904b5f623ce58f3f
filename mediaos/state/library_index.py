"""Reading and writing the library index (tables of migration 0004).

Why whole-directory replacement: the scanner hands over the complete listing of each changed
directory, so "delete this directory's rows, insert the new ones" is exact and idempotent,
and a crash between two directories leaves every directory either old or new, never mixed
(each directory is one transaction). Probe results survive a rescan when the file's
(inode, size, mtime) did not change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from mediaos.state.db import StateDB

FILE_COLUMNS = (
    "root",
    "dir",
    "name",
    "kind",
    "item_key",
    "size",
    "mtime_ns",
    "inode",
    "device",
    "title",
    "year",
    "season",
    "episodes",
    "absolute_episodes",
    "air_date",
    "track",
    "quality",
    "release_group",
    "language",
    "forced",
    "hearing_impaired",
    "tmdb",
    "imdb",
    "tvdb",
    "reason",
)


@dataclass(frozen=True, slots=True)
class IndexedFile:
    root: str
    dir: str
    name: str
    kind: str
    item_key: str | None
    size: int
    quality: str | None
    reason: str

    @property
    def path(self) -> str:
        return f"{self.dir}/{self.name}" if self.dir else self.name


def known_dirs(state: StateDB, root: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    rows = state.db.execute(
        "SELECT path, mtime_ns, subdirs FROM library_dirs WHERE root = ?", [root]
    ).fetchall()
    return {path: (mtime, tuple(json.loads(subdirs))) for path, mtime, subdirs in rows}


@dataclass(frozen=True, slots=True)
class DirectoryRows:
    path: str
    mtime_ns: int
    subdirs: Sequence[str]
    files: Sequence[tuple[object, ...]]  # rows in FILE_COLUMNS order


def replace_directories(state: StateDB, root: str, batch: Sequence[DirectoryRows]) -> None:
    """Store complete listings of directories, in one transaction: each directory ends up
    wholly old or wholly new, and a cold scan does not pay one commit per folder."""
    conn = state.db.conn
    with conn:
        for listing in batch:
            _replace(state, root, listing.path, listing.mtime_ns, listing.subdirs, listing.files)


def replace_directory(
    state: StateDB,
    root: str,
    path: str,
    mtime_ns: int,
    subdirs: Sequence[str],
    files: Iterable[tuple[object, ...]],
) -> None:
    """Store the complete listing of one directory; `files` rows follow FILE_COLUMNS."""
    with state.db.conn:
        _replace(state, root, path, mtime_ns, subdirs, files)


_INSERT = (
    f"INSERT INTO library_files ({', '.join(FILE_COLUMNS)}) "  # noqa: S608 - constant names
    f"VALUES ({', '.join('?' for _ in FILE_COLUMNS)})"
)


def _replace(
    state: StateDB,
    root: str,
    path: str,
    mtime_ns: int,
    subdirs: Sequence[str],
    files: Iterable[tuple[object, ...]],
) -> None:
    """Delete the directory's rows and insert the new ones, keeping probe results of files
    whose (inode, size, mtime) did not change. The caller holds the transaction."""
    conn = state.db.conn
    probes = {
        (name, key): probe
        for name, key, probe in conn.execute(
            "SELECT name, probe_key, probe FROM library_files "
            "WHERE root = ? AND dir = ? AND probe IS NOT NULL",
            [root, path],
        )
    }
    conn.execute("DELETE FROM library_files WHERE root = ? AND dir = ?", [root, path])
    rows = list(files)
    conn.executemany(_INSERT, rows)
    for row in rows if probes else ():
        name, key = row[2], f"{row[7]}:{row[5]}:{row[6]}"
        if (name, key) in probes:
            conn.execute(
                "UPDATE library_files SET probe = ?, probe_key = ? "
                "WHERE root = ? AND dir = ? AND name = ?",
                [probes[(name, key)], key, root, path, name],
            )
    conn.execute(
        "INSERT INTO library_dirs (root, path, mtime_ns, subdirs) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (root, path) DO UPDATE SET mtime_ns = excluded.mtime_ns, "
        "subdirs = excluded.subdirs",
        [root, path, mtime_ns, json.dumps(list(subdirs))],
    )


def forget_directories(state: StateDB, root: str, paths: Sequence[str]) -> None:
    conn = state.db.conn
    with conn:
        for path in paths:
            conn.execute("DELETE FROM library_files WHERE root = ? AND dir = ?", [root, path])
            conn.execute("DELETE FROM library_dirs WHERE root = ? AND path = ?", [root, path])


def files(state: StateDB, *, root: str | None = None, kind: str | None = None) -> list[IndexedFile]:
    query = "SELECT root, dir, name, kind, item_key, size, quality, reason FROM library_files"
    clauses, args = [], []
    if root is not None:
        clauses.append("root = ?")
        args.append(root)
    if kind is not None:
        clauses.append("kind = ?")
        args.append(kind)
    if clauses:
        query += " WHERE " + " AND ".join(clauses)
    query += " ORDER BY root, dir, name"
    return [IndexedFile(*row) for row in state.db.execute(query, args).fetchall()]


@dataclass(frozen=True, slots=True)
class IdentifiedFile:
    root: str
    path: str
    kind: str
    item_key: str | None
    title: str | None
    year: int | None
    season: int | None
    tmdb: int | None
    imdb: str | None
    tvdb: int | None
    reason: str


def identified_files(state: StateDB, root: str) -> list[IdentifiedFile]:
    """Every file of a root with what the scanner read from its name, in path order."""
    rows = state.db.execute(
        "SELECT root, CASE WHEN dir = '' THEN name ELSE dir || '/' || name END, kind, item_key, "
        "title, year, season, tmdb, imdb, tvdb, reason FROM library_files WHERE root = ? "
        "ORDER BY dir, name",
        [root],
    ).fetchall()
    return [IdentifiedFile(*row) for row in rows]


def counts(state: StateDB) -> dict[str, int]:
    rows = state.db.execute("SELECT kind, count(*) FROM library_files GROUP BY kind").fetchall()
    return dict(rows)


def store_probe(
    state: StateDB, root: str, path: str, probe_key: str, probe: dict[str, object]
) -> None:
    directory, _, name = path.rpartition("/")
    with state.db.conn:
        state.db.conn.execute(
            "UPDATE library_files SET probe = ?, probe_key = ? "
            "WHERE root = ? AND dir = ? AND name = ?",
            [json.dumps(probe, sort_keys=True), probe_key, root, directory, name],
        )


@dataclass(frozen=True, slots=True)
class UnprobedFile:
    root: str
    path: str
    probe_key: str


def unprobed_files(state: StateDB, *, limit: int) -> list[UnprobedFile]:
    """Videos whose probe is missing or was taken from another version of the file."""
    rows = state.db.execute(
        "SELECT root, CASE WHEN dir = '' THEN name ELSE dir || '/' || name END, "
        "inode || ':' || size || ':' || mtime_ns AS key FROM library_files "
        "WHERE kind IN ('movie', 'episode') AND (probe_key IS NULL OR probe_key != "
        "inode || ':' || size || ':' || mtime_ns) ORDER BY root, dir, name LIMIT ?",
        [limit],
    ).fetchall()
    return [UnprobedFile(*row) for row in rows]


def probe_of(state: StateDB, root: str, path: str) -> dict[str, object] | None:
    directory, _, name = path.rpartition("/")
    row = state.db.execute(
        "SELECT probe FROM library_files WHERE root = ? AND dir = ? AND name = ?",
        [root, directory, name],
    ).fetchone()
    if row is None or row[0] is None:
        return None
    loaded: dict[str, object] = json.loads(row[0])
    return loaded


def movie_items(
    state: StateDB, root: str
) -> list[tuple[str, str, int | None, int | None, str | None]]:
    """One row per movie in a root: (item key, title, year, tmdb, imdb), grouped in SQL so an
    adoption of 10,000 movies does not build 10,000 file objects."""
    rows = state.db.execute(
        "SELECT item_key, min(title), min(year), max(tmdb), max(imdb) FROM library_files "
        "WHERE root = ? AND kind = 'movie' AND item_key IS NOT NULL AND title IS NOT NULL "
        "GROUP BY item_key",
        [root],
    ).fetchall()
    return [tuple(row) for row in rows]


def series_items(
    state: StateDB, root: str
) -> list[tuple[str, str, int | None, int | None, str | None, tuple[int, ...]]]:
    """One row per series folder: (folder, title, year, tvdb, imdb, seasons present)."""
    rows = state.db.execute(
        "SELECT CASE WHEN instr(dir, '/') > 0 THEN substr(dir, 1, instr(dir, '/') - 1) "
        "ELSE dir END AS folder, min(title), min(year), max(tvdb), max(imdb), "
        "group_concat(DISTINCT season) FROM library_files "
        "WHERE root = ? AND kind = 'episode' AND title IS NOT NULL GROUP BY folder",
        [root],
    ).fetchall()
    return [
        (
            folder,
            title,
            year,
            tvdb,
            imdb,
            tuple(sorted({int(s) for s in (seasons or "").split(",") if s != ""})),
        )
        for folder, title, year, tvdb, imdb, seasons in rows
    ]


@dataclass(frozen=True, slots=True)
class ExternalSubtitle:
    name: str
    language: str | None
    forced: bool
    hearing_impaired: bool


def subtitles_of(state: StateDB, root: str, video_path: str) -> list[ExternalSubtitle]:
    """External subtitle files that belong to a video: in its folder, named after it
    (`Movie (2020).en.forced.srt` belongs to `Movie (2020).mkv`)."""
    directory, _, name = video_path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    rows = state.db.execute(
        "SELECT name, language, forced, hearing_impaired FROM library_files "
        "WHERE root = ? AND dir = ? AND kind = 'subtitle' ORDER BY name",
        [root, directory],
    ).fetchall()
    return [
        ExternalSubtitle(sub_name, language, bool(forced), bool(hi))
        for sub_name, language, forced, hi in rows
        if sub_name.startswith(stem + ".")
    ]


HeldRow = tuple[str, str, str | None]
"""(item key, path under the root, quality)."""


@dataclass(frozen=True, slots=True)
class HeldFiles:
    """A root's media files as plain rows, for the acquisition planner (100,000 episodes
    per `diff`: tuples from a few grouped queries, never one object or query per file)."""

    rows: list[HeldRow]
    folders: list[tuple[str, str | None, int | None, int | None]]
    """Series folders: (item-key prefix, title, year, tvdb), one row per folder."""
    multi: list[tuple[str, int, str]]
    """Multi-episode files: (item key, season, episodes JSON)."""
    movie_ids: list[tuple[str, int | None, str | None]]
    """Movie files with ids: (item key, tmdb, imdb)."""


_FOLDERS: Final = (
    "SELECT DISTINCT rtrim(item_key, '0123456789abcdefghijklmnopqrstuvwxyz-') AS prefix, "
    "title, year, tvdb FROM library_files WHERE root = ? AND kind = 'episode' "
    "AND item_key IS NOT NULL"
)
_MULTI: Final = (
    "SELECT item_key, season, episodes FROM library_files WHERE root = ? AND kind = 'episode' "
    "AND item_key IS NOT NULL AND season IS NOT NULL AND episodes LIKE '%,%'"
)
#: The same reads through migration 0010's indexes (they repeat its expression and its
#: condition word for word, as SQLite requires to use them).
_FOLDERS_INDEXED: Final = _FOLDERS.replace(
    "FROM library_files ", "FROM library_files INDEXED BY library_files_series_folders "
)
_MULTI_INDEXED: Final = _MULTI.replace(
    "FROM library_files ", "FROM library_files INDEXED BY library_files_multi_episode "
)


def _has_holdings_indexes(state: StateDB) -> bool:
    """Migration 0010's indexes exist (a read-only `diff` may open a database an older
    daemon keeps at 0009; SQLite refuses a query naming a missing index)."""
    (count,) = state.db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
        "AND name IN ('library_files_series_folders', 'library_files_multi_episode')"
    ).fetchone()
    return bool(count == 2)


def held_files(state: StateDB, root: str) -> HeldFiles:
    rows: list[HeldRow] = state.db.execute(
        "SELECT item_key, CASE WHEN dir = '' THEN name ELSE dir || '/' || name END, "
        "quality FROM library_files WHERE root = ? "
        "AND kind IN ('movie', 'episode', 'track', 'book') AND item_key IS NOT NULL",
        [root],
    ).fetchall()
    indexed = _has_holdings_indexes(state)
    folders = state.db.execute(_FOLDERS_INDEXED if indexed else _FOLDERS, [root]).fetchall()
    multi = state.db.execute(_MULTI_INDEXED if indexed else _MULTI, [root]).fetchall()
    movie_ids = state.db.execute(
        "SELECT item_key, tmdb, imdb FROM library_files WHERE root = ? AND kind = 'movie' "
        "AND item_key IS NOT NULL AND (tmdb IS NOT NULL OR imdb IS NOT NULL)",
        [root],
    ).fetchall()
    return HeldFiles(rows, [(p.rstrip("/"), t, y, v) for p, t, y, v in folders], multi, movie_ids)

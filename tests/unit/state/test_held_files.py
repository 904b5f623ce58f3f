"""held_files(): a root's holdings read through migration 0010's indexes, and the same rows
as the scans those indexes replace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediaos.state import StateDB, open_database, open_database_readonly, upgrade
from mediaos.state.library_index import FILE_COLUMNS, held_files

TV = "/srv/tv"


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateDB]:
    with open_database(tmp_path / "data") as opened:
        upgrade(opened)
        yield opened


def episode_row(
    folder: str, key: str, episodes: list[int], *, title: str, year: int | None, tvdb: int | None
) -> tuple[object, ...]:
    values = dict.fromkeys(FILE_COLUMNS)
    values.update(
        root=TV, dir=f"{folder}/Season 01", name=f"{key.rsplit('/', 1)[-1]}.mkv", kind="episode",
        item_key=key, size=1, mtime_ns=1, inode=hash(key) % 10_000, device=1, title=title,
        year=year, season=1, episodes=json.dumps(episodes), absolute_episodes="[]",
        quality="WEBDL-1080p", forced=0, hearing_impaired=0, tvdb=tvdb, reason="",
    )  # fmt: skip
    return tuple(values[c] for c in FILE_COLUMNS)


def test_folders_and_multi_episode_files_are_those_a_full_scan_finds(state: StateDB) -> None:
    rows = [
        episode_row("Show A (2010)", "series/show-a-2010/s01e01", [1], title="Show A", year=2010,
                    tvdb=None),
        episode_row("Show A (2010)", "series/show-a-2010/s01e02", [2, 3], title="Show A",
                    year=2010, tvdb=None),
        episode_row("Show B {tvdb-7}", "series/show-b/s01e01", [1], title="Show B", year=None,
                    tvdb=7),
        episode_row("Show B {tvdb-7}", "series/show-b/s01e02", [2], title="Show B", year=None,
                    tvdb=7),
        episode_row("Daily (2020)", "series/daily-2020/2024-01-31", [], title="Daily",
                    year=2020, tvdb=None),
    ]  # fmt: skip
    marks = ", ".join("?" for _ in FILE_COLUMNS)
    with state.db.conn:
        state.db.conn.executemany(
            f"INSERT INTO library_files ({', '.join(FILE_COLUMNS)}) VALUES ({marks})", rows
        )
    found = held_files(state, TV)
    scanned_folders = state.db.execute(
        "SELECT DISTINCT rtrim(item_key, '0123456789abcdefghijklmnopqrstuvwxyz-'), title, year, "
        "tvdb FROM library_files NOT INDEXED WHERE root = ? AND kind = 'episode' "
        "AND item_key IS NOT NULL",
        [TV],
    ).fetchall()
    assert sorted(found.folders, key=str) == sorted(
        ((p.rstrip("/"), t, y, v) for p, t, y, v in scanned_folders), key=str
    )
    assert {f[0] for f in found.folders} == {
        "series/show-a-2010",
        "series/show-b",
        "series/daily-2020",
    }
    assert found.multi == [("series/show-a-2010/s01e02", 1, "[2, 3]")]
    assert len(found.rows) == 5


def test_reads_name_the_indexes_when_the_database_has_them(state: StateDB) -> None:
    statements: list[str] = []
    state.db.conn.set_trace_callback(statements.append)
    try:
        held_files(state, TV)
    finally:
        state.db.conn.set_trace_callback(None)
    named = " ".join(statements)
    assert "INDEXED BY library_files_series_folders" in named
    assert "INDEXED BY library_files_multi_episode" in named


def test_a_database_before_migration_0010_is_read_without_them(tmp_path: Path) -> None:
    # `diff` opens the database read-only beside a running (maybe older) daemon, and runs
    # no migration: the reads must not name indexes that are not there.
    with open_database(tmp_path / "data") as opened:
        upgrade(opened, target=9)
        marks = ", ".join("?" for _ in FILE_COLUMNS)
        row = episode_row("Show A (2010)", "series/show-a-2010/s01e02", [2, 3], title="Show A",
                          year=2010, tvdb=None)  # fmt: skip
        with opened.db.conn:
            opened.db.conn.execute(
                f"INSERT INTO library_files ({', '.join(FILE_COLUMNS)}) VALUES ({marks})", row
            )
    with open_database_readonly(tmp_path / "data") as old:
        found = held_files(old, TV)
    assert [f[0] for f in found.folders] == ["series/show-a-2010"]
    assert found.multi == [("series/show-a-2010/s01e02", 1, "[2, 3]")]

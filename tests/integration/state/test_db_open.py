import sqlite3
from pathlib import Path

import pytest

from mediaos.core.errors import StateError
from mediaos.state import (
    DB_FILENAME,
    StateDB,
    open_database,
    open_database_readonly,
    upgrade,
)


def pragma(state: StateDB, name: str) -> object:
    return state.db.execute(f"PRAGMA {name}").fetchone()[0]


def test_opening_creates_the_data_dir_and_one_file_in_wal_mode(data_dir: Path) -> None:
    with open_database(data_dir) as state:
        assert state.path == data_dir / DB_FILENAME
        assert state.path.is_file()
        assert pragma(state, "journal_mode") == "wal"


def test_every_connection_enforces_foreign_keys_waits_when_busy_and_syncs_normally(
    state: StateDB,
) -> None:
    assert pragma(state, "foreign_keys") == 1
    assert pragma(state, "busy_timeout") == 5000
    assert pragma(state, "synchronous") == 1  # NORMAL


def test_wal_mode_stays_on_in_the_file_after_closing(data_dir: Path) -> None:
    open_database(data_dir).close()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_opening_without_create_refuses_a_missing_database(data_dir: Path) -> None:
    with pytest.raises(StateError, match=r"no state database at .*mediaos db upgrade"):
        open_database(data_dir, create=False)
    assert not data_dir.exists()


def test_a_file_that_is_not_sqlite_is_a_state_error(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"this is not a database, just some bytes" * 50)
    with pytest.raises(StateError, match="cannot open the state database"):
        open_database(data_dir)


def test_the_read_only_opener_sees_committed_rows_while_a_writer_is_open(
    state: StateDB,
) -> None:
    upgrade(state)
    state.db.execute("INSERT INTO backoff (key, failures, next_at) VALUES ('grab:x', 1, '2026')")
    state.db.conn.commit()
    with open_database_readonly(state.path.parent) as reader:
        rows = reader.db.execute("SELECT key FROM backoff").fetchall()
        assert rows == [("grab:x",)]
        assert reader.readonly


def test_the_read_only_opener_refuses_writes(state: StateDB) -> None:
    upgrade(state)
    with (
        open_database_readonly(state.path.parent) as reader,
        pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"),
    ):
        reader.db.execute("DELETE FROM backoff")


def test_the_read_only_opener_never_creates_a_database(data_dir: Path) -> None:
    with pytest.raises(StateError, match="no state database"):
        open_database_readonly(data_dir)
    assert not data_dir.exists()


def test_the_read_only_opener_works_after_every_writer_has_closed(data_dir: Path) -> None:
    with open_database(data_dir) as writer:
        upgrade(writer)
    with open_database_readonly(data_dir) as reader:
        assert reader.db.execute("SELECT count(*) FROM events").fetchone() == (0,)

"""Reading the state database, and upgrading one that is current, import no sqlite-utils.

`mediaos diff` runs offline and read-only against a one-second budget, and importing
sqlite-utils (with pluggy, dateutil, tabulate...) cost it ~33 ms. So `SQLHandle.execute`
runs on the sqlite3 connection itself and must behave as sqlite-utils' `Database.execute`
did (checked here statement by statement against sqlite-utils), and `upgrade` imports a
migration, and with it sqlite-utils, only when that migration is pending. Which modules a
fresh interpreter loads is checked in a subprocess (no timing).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.db import _first_keyword as sqlite_utils_first_keyword

from mediaos.state import load_migrations, open_database, upgrade
from mediaos.state.db import SQLHandle, _first_keyword
from mediaos.state.migrations import MODULES, migration_names

PROBE = """
import json, sys
from pathlib import Path
from mediaos.state import migration_status, open_database, require_current, upgrade
from mediaos.state.library_index import held_files

report = {}
with open_database(Path(sys.argv[1])) as state:
    report["applied"] = [m.version for m in upgrade(state)]
    require_current(state)
    migration_status(state)
    held_files(state, "/library")
    report["loaded_after_reads"] = sorted(sys.modules)
    with state.db.atomic():
        state.db.execute("DELETE FROM rss_seen WHERE 0")
    report["loaded_after_a_write"] = sorted(sys.modules)
print(json.dumps(report))
"""


def run_probe(data_dir: Path) -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    report: dict[str, list[object]] = json.loads(done.stdout)
    return report


def migration_modules(loaded: list[object]) -> set[str]:
    """The migration modules (`0001_...`) among the loaded module names."""
    return {str(m).removeprefix("mediaos.state.migrations.") for m in loaded} & set(MODULES)


def test_reading_a_current_database_imports_neither_sqlite_utils_nor_migrations(
    tmp_path: Path,
) -> None:
    with open_database(tmp_path) as state:
        upgrade(state)
    report = run_probe(tmp_path)
    assert report["applied"] == []
    assert "sqlite_utils" not in report["loaded_after_reads"]
    assert migration_modules(report["loaded_after_reads"]) == set()
    # The probe can see sqlite-utils: the first transaction brings it in.
    assert "sqlite_utils" in report["loaded_after_a_write"]


def test_upgrading_imports_only_the_pending_migrations(tmp_path: Path) -> None:
    latest = len(MODULES)
    with open_database(tmp_path) as state:
        upgrade(state, latest - 1)
    report = run_probe(tmp_path)
    assert report["applied"] == [latest]
    assert migration_modules(report["loaded_after_reads"]) == {MODULES[-1]}


def test_migration_names_match_the_modules_they_name() -> None:
    assert [(m.version, m.name) for m in load_migrations()] == list(migration_names())


STATEMENTS: list[tuple[str, object]] = [
    ("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", None),
    ("INSERT INTO t (id, v) VALUES (1, 'a')", None),  # commits at once
    ("SELECT * FROM t", None),
    ("INSERT INTO t (id, v) VALUES (?, ?)", [1, "dup"]),  # fails; leaves no transaction
    ("INSERT INTO t (id, v) VALUES (:id, :v)", {"id": 2, "v": "b"}),
    ("  -- a comment\n /* another */ begin", None),  # the caller's transaction
    ("UPDATE t SET v = 'c' WHERE id = 1", None),
    ("SAVEPOINT inner_one", None),
    ("DELETE FROM t WHERE id = 2", None),
    ("ROLLBACK TO inner_one", None),
    ("RELEASE inner_one", None),
    ("ROLLBACK", None),
    ("SAVEPOINT outer_one", None),  # opens a transaction that stays open
    ("INSERT INTO t (id, v) VALUES (3, 'd')", None),
    ("RELEASE outer_one", None),
    ("UPDATE t SET v = 'e' WHERE id = 3 RETURNING id", None),  # rows: left open, as before
    ("COMMIT", None),
    ("INSERT INTO t (id, v) VALUES (4, NULL)", None),  # fails
    ("DELETE FROM t WHERE id = 1", None),
]


def trace(execute: Callable[[str, Any], sqlite3.Cursor], conn: sqlite3.Connection) -> list[object]:
    seen: list[object] = []
    for sql, params in STATEMENTS:
        try:
            cursor = execute(sql, params)
            rows = cursor.fetchall() if cursor.description else None
            seen.append((sql, "ok", rows, conn.in_transaction))
        except sqlite3.Error as err:
            seen.append((sql, type(err).__name__, None, conn.in_transaction))
    seen.append(conn.execute("SELECT * FROM t ORDER BY id").fetchall())
    return seen


def test_execute_behaves_as_sqlite_utils_execute(tmp_path: Path) -> None:
    ours = sqlite3.connect(tmp_path / "ours.db")
    theirs = sqlite3.connect(tmp_path / "theirs.db")
    try:
        expected = trace(Database(theirs, execute_plugins=False).execute, theirs)
        assert trace(SQLHandle(ours).execute, ours) == expected
    finally:
        ours.close()
        theirs.close()
    assert ("INSERT INTO t (id, v) VALUES (1, 'a')", "ok", None, False) in expected


@pytest.mark.parametrize(
    "sql",
    [
        "select 1",
        "  \n\tBEGIN IMMEDIATE",
        ";;commit",
        "\ufeffrelease x",
        "-- only a comment",
        "-- c\nEND",
        "/* c */savepoint s",
        "/* unterminated",
        "insert_into",
        "",
        "123",
    ],
)
def test_the_first_keyword_is_read_as_sqlite_utils_reads_it(sql: str) -> None:
    assert _first_keyword(sql) == sqlite_utils_first_keyword(sql)


def test_atomic_is_sqlite_utils_on_the_same_connection(tmp_path: Path) -> None:
    with open_database(tmp_path) as state:
        state.db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        with pytest.raises(RuntimeError), state.db.atomic():
            state.db.execute("INSERT INTO t (id) VALUES (1)")
            with state.db.atomic():  # a savepoint
                state.db.execute("INSERT INTO t (id) VALUES (2)")
            raise RuntimeError("roll it all back")
        assert state.db.execute("SELECT count(*) FROM t").fetchone() == (0,)
        assert state.db.utils.conn is state.db.conn
        assert state.db.execute("PRAGMA recursive_triggers").fetchone() == (1,)

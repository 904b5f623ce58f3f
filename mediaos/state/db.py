"""Opening the one SQLite file that holds what MediaOS observed and did.

The file is `<data dir>/mediaos.db`, in WAL mode so that readers (`mediaos status`, the
API) never wait for the writer and the writer never waits for them. Invariants:

- Exactly one process writes: the one holding `DataDirLock`. Opening a database does
  not take the lock; the caller decides (the daemon and `apply` do, `status` does not).
- Every connection gets the same per-connection settings (`PRAGMAS`), because SQLite
  forgets all of them but `journal_mode` when a connection closes.
- The connection keeps Python's default transaction handling, which sqlite-utils
  requires; group writes with `StateDB.db.atomic()`, never with `executescript`, which
  commits whatever is open.
- All SQL lives in `mediaos.state`, so a PostgreSQL backend can come later without
  touching the loops.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Final, Self

from sqlite_utils import Database

from mediaos.core.errors import StateError

DB_FILENAME: Final = "mediaos.db"
BUSY_TIMEOUT_MS: Final = 5_000

#: Set on every connection. `synchronous=NORMAL` is the documented safe choice for WAL:
#: a power cut may lose the last transactions, never corrupt the file.
PRAGMAS: Final = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = NORMAL",
)


class StateDB:
    """An open state database: the sqlite-utils `Database` plus where it lives.

    Use it as a context manager, or call `close()`. `db` is the sqlite-utils handle that
    the repositories of `mediaos.state` (and only they) run SQL through.
    """

    def __init__(self, db: Database, path: Path, *, readonly: bool) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "read-write"
        return f"StateDB({str(self.path)!r}, {mode})"


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def open_database(data_dir: Path, *, create: bool = True) -> StateDB:
    """Open `<data_dir>/mediaos.db` for reading and writing, switched to WAL.

    With `create` (the default) the data directory and the file are created when
    missing; without it a missing file is a `StateError`. Opening does not migrate: call
    `upgrade` (writers) or `require_current` (code that needs the latest schema).
    """
    path = database_path(data_dir)
    if not create and not path.is_file():
        raise StateError(f"no state database at {path}; run `mediaos db upgrade` to create it")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StateError(f"cannot create the data directory {data_dir}: {err}") from err
    conn = _connect(path, str(path), uri=False)
    try:
        db = Database(conn, execute_plugins=False)
        _configure(db, path)
        db.enable_wal()
    except sqlite3.Error as err:
        conn.close()
        raise _open_error(path, err) from err
    return StateDB(db, path, readonly=False)


def open_database_readonly(data_dir: Path) -> StateDB:
    """Open the database for reading only, for commands that take no lock (`status`).

    Safe while the daemon writes: WAL lets a reader see the last committed state.
    Any write through this handle fails. A missing file is a `StateError`; this opener
    never creates anything but SQLite's own `-shm` side file.
    """
    path = database_path(data_dir)
    if not path.is_file():
        raise StateError(f"no state database at {path}; run `mediaos db upgrade` to create it")
    conn = _connect(path, f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        db = Database(conn, execute_plugins=False)
        _configure(db, path)
        db.execute("PRAGMA query_only = ON")
    except sqlite3.Error as err:
        conn.close()
        raise _open_error(path, err) from err
    return StateDB(db, path, readonly=True)


def _connect(path: Path, target: str, *, uri: bool) -> sqlite3.Connection:
    try:
        return sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as err:
        raise _open_error(path, err) from err


def _configure(db: Database, path: Path) -> None:
    for pragma in PRAGMAS:
        db.execute(pragma)
    # Reading the schema is the cheapest way to find a file that is not a database.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _open_error(path: Path, err: sqlite3.Error) -> StateError:
    return StateError(f"cannot open the state database {path}: {err}")

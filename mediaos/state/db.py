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
- Opening, reading and checking the schema version import no sqlite-utils (`SQLHandle`
  says why); the first `atomic()` does, on the same connection.
- All SQL lives in `mediaos.state`, so a PostgreSQL backend can come later without
  touching the loops.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self

from mediaos.core.errors import StateError

if TYPE_CHECKING:
    from sqlite_utils import Database

DB_FILENAME: Final = "mediaos.db"
BUSY_TIMEOUT_MS: Final = 5_000

#: Set on every connection. `synchronous=NORMAL` is the documented safe choice for WAL:
#: a power cut may lose the last transactions, never corrupt the file.
#: `recursive_triggers` is what sqlite-utils sets on every connection it wraps; set here
#: because the sqlite-utils `Database` is now built only when a write first needs it.
PRAGMAS: Final = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA recursive_triggers = ON",
)

#: Statements after which an open transaction is the caller's to end (sqlite-utils' list).
_TRANSACTION_CONTROL: Final = frozenset(
    {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
)
#: What the sqlite3 driver skips before a statement's first keyword: blanks, `;`, a byte
#: order mark, `--` and `/* */` comments.
_LEADING: Final = re.compile(r"(?:[\s;\ufeff]+|--[^\n]*\n|/\*.*?\*/)*", re.DOTALL)
_KEYWORD: Final = re.compile(r"[^\W\d]*")


class SQLHandle:
    """The connection the repositories run SQL through, with sqlite-utils behind `atomic()`.

    Most SQL MediaOS runs reads, and a read-only run (`mediaos diff`) runs nothing else;
    importing sqlite-utils (and pluggy, dateutil, tabulate... with it) cost such a run
    ~33 ms of a one-second budget. So `execute` goes to the sqlite3 connection itself,
    keeping sqlite-utils' `Database.execute` semantics (a write outside a transaction
    commits at once; a failing statement leaves no transaction behind), and the
    sqlite-utils `Database` that gives savepoint transactions and runs migrations is built
    on this same connection the first time `atomic()` or `utils` is used, so transactions
    behave exactly as when it wrapped the connection from the start.
    """

    __slots__ = ("_conn", "_utils")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._utils: Database | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @property
    def utils(self) -> Database:
        """The sqlite-utils `Database` over this connection (migrations, tests' `table_names`)."""
        if self._utils is None:
            from sqlite_utils import Database

            # Nothing runs on the connection: plugins are not wanted, and the one pragma
            # sqlite-utils would set is in `PRAGMAS` already.
            self._utils = Database(self._conn, execute_plugins=False, recursive_triggers=False)
        return self._utils

    def atomic(self) -> AbstractContextManager[Database]:
        """A transaction, or a savepoint inside one: sqlite-utils' `Database.atomic()`."""
        return self.utils.atomic()

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement and return its cursor, as sqlite-utils' `Database.execute`."""
        conn = self._conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")
        return cursor

    def close(self) -> None:
        self._conn.close()


class StateDB:
    """An open state database: the `SQLHandle` plus where it lives.

    Use it as a context manager, or call `close()`. `db` is the handle that the
    repositories of `mediaos.state` (and only they) run SQL through.
    """

    def __init__(self, db: SQLHandle, path: Path, *, readonly: bool) -> None:
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
        db = SQLHandle(conn)
        _configure(db)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
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
        db = SQLHandle(conn)
        _configure(db)
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


def _configure(db: SQLHandle) -> None:
    for pragma in PRAGMAS:
        db.execute(pragma)
    # Reading the schema is the cheapest way to find a file that is not a database.
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased; "" when there is none."""
    leading = _LEADING.match(sql)
    start = leading.end() if leading else 0
    keyword = _KEYWORD.match(sql, start)
    return keyword.group().upper() if keyword else ""


def _open_error(path: Path, err: sqlite3.Error) -> StateError:
    return StateError(f"cannot open the state database {path}: {err}")

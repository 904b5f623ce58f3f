"""Moving the state database between schema versions, one migration at a time.

`schema_migrations` (version, name, applied_at) records which migrations ran; it is
created by this runner, not by a migration, and survives a downgrade to 0. Invariants:

- A migration and the row that records it commit together or not at all: a failure
  rolls back that one migration, keeps the ones before it, and raises `StateError`.
- A database that records a version this code does not know is newer than the code.
  Nothing touches it; the message says to upgrade MediaOS.
- Reading the status never writes, so it works on a read-only handle.
- Reading the status, and upgrading a database that is already current, import no
  migration module (so no sqlite-utils): known versions come from the module names, and
  a migration is imported only when it is about to run.
- Callers hold `DataDirLock` around `upgrade` and `downgrade`; this module does not
  take it, so that tests and the daemon can decide how long they hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from mediaos.core.errors import StateError
from mediaos.state.db import StateDB
from mediaos.state.migrations import Migration, load_migration, migration_names
from mediaos.state.timestamps import from_db_time, to_db_time

TABLE = "schema_migrations"


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    version: int
    name: str
    applied: bool
    applied_at: datetime | None

    @property
    def label(self) -> str:
        return f"{self.version:04d} {self.name}"


def migration_status(
    state: StateDB, *, migrations: Sequence[Migration] | None = None
) -> list[MigrationStatus]:
    """Every known migration, oldest first, with whether and when it was applied."""
    known = _known(migrations)
    applied = _applied(state, known)
    return [
        MigrationStatus(m.version, m.name, m.version in applied, applied.get(m.version))
        for m in known.entries
    ]


def schema_version(state: StateDB, *, migrations: Sequence[Migration] | None = None) -> int:
    """The highest applied version, 0 for an empty database."""
    return max(_applied(state, _known(migrations)), default=0)


def require_current(state: StateDB, *, migrations: Sequence[Migration] | None = None) -> None:
    """Raise `StateError` unless every known migration is applied (for the daemon's start)."""
    known = _known(migrations)
    applied = _applied(state, known)
    pending = [m for m in known.entries if m.version not in applied]
    if pending:
        raise StateError(
            f"the state database {state.path} needs migrations up to {_latest(known):04d} "
            f"({len(pending)} pending); run `mediaos db upgrade`"
        )


def upgrade(
    state: StateDB,
    target: int | None = None,
    *,
    migrations: Sequence[Migration] | None = None,
    now: datetime | None = None,
) -> list[MigrationStatus]:
    """Apply pending migrations up to `target` (default: all), oldest first.

    Returns what was applied, empty when there was nothing to do (also when `target` is
    below the current version: upgrading never reverts).
    """
    known = _known(migrations)
    _require_writable(state)
    if now is not None and now.utcoffset() is None:
        raise ValueError("upgrade(now=...) needs an aware datetime")
    if target is None:
        target = _latest(known)
    _check_target(target, known, "upgrade")
    applied = _applied(state, known)
    if not _has_table(state):
        _ensure_table(state)
    done: list[MigrationStatus] = []
    for entry in known.entries:
        if entry.version > target or entry.version in applied:
            continue
        at = now or datetime.now(UTC)
        _run(state, known.load(entry.version), "up", record_at=at)
        done.append(MigrationStatus(entry.version, entry.name, True, _round(at)))
    return done


def downgrade(
    state: StateDB, target: int, *, migrations: Sequence[Migration] | None = None
) -> list[MigrationStatus]:
    """Revert applied migrations above `target`, newest first; `target=0` reverts all.

    Returns what was reverted. Reverting drops the tables those migrations created, with
    their rows: back the database up first.
    """
    known = _known(migrations)
    _require_writable(state)
    _check_target(target, known, "downgrade")
    applied = _applied(state, known)
    done: list[MigrationStatus] = []
    for entry in reversed(known.entries):
        if entry.version <= target or entry.version not in applied:
            continue
        _run(state, known.load(entry.version), "down", record_at=None)
        done.append(MigrationStatus(entry.version, entry.name, False, None))
    return done


class _EndedOwnTransactionError(Exception):
    """The migration committed or rolled back by itself, so it cannot be undone."""


@dataclass(frozen=True, slots=True)
class _Entry:
    version: int
    name: str


@dataclass(frozen=True, slots=True)
class _Known:
    """The known migrations' versions and names, oldest first, and how to get one's steps.

    Steps are fetched only for a migration about to run: the package's own are imported
    then (`load_migration`), so nothing else imports them, nor sqlite-utils.
    """

    entries: tuple[_Entry, ...]
    load: Callable[[int], Migration]


def _latest(known: _Known) -> int:
    return known.entries[-1].version if known.entries else 0


def _known(migrations: Sequence[Migration] | None) -> _Known:
    if migrations is None:
        names = migration_names()
        return _Known(tuple(_Entry(v, name) for v, name in names), load_migration)
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)) or (versions and versions[0] < 1):
        raise ValueError(f"migration versions must be positive and ascending, got {versions}")
    by_version = {m.version: m for m in migrations}
    return _Known(tuple(_Entry(m.version, m.name) for m in migrations), by_version.__getitem__)


def _has_table(state: StateDB) -> bool:
    return (
        state.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
        ).fetchone()
        is not None
    )


def _applied(state: StateDB, known: _Known) -> dict[int, datetime]:
    """Applied versions and times; refuses a database newer than `known`."""
    if not _has_table(state):
        return {}
    rows = state.db.execute(f"SELECT version, applied_at FROM {TABLE}").fetchall()  # noqa: S608
    applied = {int(version): from_db_time(at) for version, at in rows}
    unknown = sorted(set(applied) - {m.version for m in known.entries})
    if unknown:
        raise StateError(
            f"the state database {state.path} is at schema version {max(unknown):04d}, "
            f"newer than this MediaOS knows (up to {_latest(known):04d}); upgrade MediaOS, "
            "or restore a backup taken before the newer version ran"
        )
    return applied


def _require_writable(state: StateDB) -> None:
    if state.readonly:
        raise StateError(f"the state database {state.path} is open read-only; cannot migrate")


def _check_target(target: int, known: _Known, verb: str) -> None:
    if not 0 <= target <= _latest(known):
        raise StateError(
            f"cannot {verb} to version {target}: "
            f"this MediaOS knows versions 0 to {_latest(known):04d}"
        )


def _ensure_table(state: StateDB) -> None:
    with state.db.atomic():
        state.db.execute(
            f"""
            CREATE TABLE IF NOT EXISTS {TABLE} (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT
            """
        )


def _run(
    state: StateDB,
    migration: Migration,
    direction: Literal["up", "down"],
    *,
    record_at: datetime | None,
) -> None:
    db = state.db
    step = migration.up if direction == "up" else migration.down
    try:
        with db.atomic():
            step(db.utils)
            if not db.conn.in_transaction:
                raise _EndedOwnTransactionError
            violations = db.execute("SELECT * FROM pragma_foreign_key_check").fetchall()
            if violations:
                raise StateError(f"it leaves {len(violations)} foreign key violation(s)")
            if record_at is None:
                db.execute(f"DELETE FROM {TABLE} WHERE version = ?", [migration.version])  # noqa: S608
            else:
                db.execute(
                    f"INSERT INTO {TABLE} (version, name, applied_at) VALUES (?, ?, ?)",  # noqa: S608
                    [migration.version, migration.name, to_db_time(record_at)],
                )
    except _EndedOwnTransactionError:
        raise StateError(
            f"migration {migration.label} ({direction}) ended its own transaction "
            "(executescript, COMMIT or VACUUM?), so part of it may be applied and it was "
            "not recorded; restore a backup"
        ) from None
    # Deliberately broad: a migration is code written for one release, and whatever it
    # raises must reach the user as one StateError naming the migration; `atomic()` has
    # already rolled it back. BaseException (KeyboardInterrupt) still passes through.
    except Exception as err:
        raise StateError(
            f"migration {migration.label} ({direction}) failed and was rolled back: {err}"
        ) from err


def _round(moment: datetime) -> datetime:
    """The instant as stored (microseconds, UTC), so return values equal a later status."""
    return from_db_time(to_db_time(moment))

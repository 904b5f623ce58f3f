from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from mediaos.core.errors import StateError
from mediaos.state import (
    Migration,
    StateDB,
    downgrade,
    load_migrations,
    migration_status,
    open_database_readonly,
    require_current,
    schema_version,
    upgrade,
)


def create_a(db: Database) -> None:
    db.execute("CREATE TABLE a (id INTEGER PRIMARY KEY)")


def drop_a(db: Database) -> None:
    db.execute("DROP TABLE a")


def create_b_then_fail(db: Database) -> None:
    db.execute("CREATE TABLE b (id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO a (id) VALUES (1)")
    raise RuntimeError("disk says no")


def drop_b(db: Database) -> None:
    db.execute("DROP TABLE b")


def drop_a_rows_then_fail(db: Database) -> None:
    db.execute("DELETE FROM a")
    db.execute("DROP TABLE missing_table")


def commit_halfway(db: Database) -> None:
    db.execute("CREATE TABLE c (id INTEGER PRIMARY KEY)")
    db.conn.commit()


FIRST = Migration(1, "create_a", create_a, drop_a)
FAILING = (FIRST, Migration(2, "create_b", create_b_then_fail, drop_b))


def tables(state: StateDB) -> set[str]:
    return set(state.db.utils.table_names())


def test_a_failing_migration_is_rolled_back_and_earlier_ones_stay(state: StateDB) -> None:
    with pytest.raises(StateError, match=r"0002 create_b \(up\) failed.*rolled back.*disk"):
        upgrade(state, migrations=FAILING)
    assert tables(state) == {"schema_migrations", "a"}
    assert state.db.execute("SELECT count(*) FROM a").fetchone() == (0,)
    assert [m.applied for m in migration_status(state, migrations=FAILING)] == [True, False]


def test_a_failing_down_step_leaves_the_migration_applied_and_its_rows_intact(
    state: StateDB,
) -> None:
    broken_down = (Migration(1, "create_a", create_a, drop_a_rows_then_fail),)
    upgrade(state, migrations=broken_down)
    state.db.execute("INSERT INTO a (id) VALUES (7)")
    state.db.conn.commit()
    with pytest.raises(StateError, match=r"0001 create_a \(down\) failed.*missing_table"):
        downgrade(state, 0, migrations=broken_down)
    assert state.db.execute("SELECT id FROM a").fetchall() == [(7,)]
    assert schema_version(state, migrations=broken_down) == 1


def test_a_migration_that_commits_by_itself_is_reported_and_not_recorded(
    state: StateDB,
) -> None:
    committing = (Migration(1, "create_c", commit_halfway, drop_a),)
    with pytest.raises(StateError, match=r"ended its own transaction.*restore a backup"):
        upgrade(state, migrations=committing)
    assert schema_version(state, migrations=committing) == 0


ONLY_FIRST = (FIRST,)
OPERATIONS: dict[str, Callable[[StateDB], object]] = {
    "status": lambda state: migration_status(state, migrations=ONLY_FIRST),
    "upgrade": lambda state: upgrade(state, migrations=ONLY_FIRST),
    "downgrade": lambda state: downgrade(state, 0, migrations=ONLY_FIRST),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_database_newer_than_the_code_is_refused_with_advice_to_upgrade(
    state: StateDB, operation: str
) -> None:
    upgrade(state)
    latest = len(load_migrations())
    with pytest.raises(StateError, match=rf"schema version {latest:04d}, newer.*upgrade MediaOS"):
        OPERATIONS[operation](state)
    assert schema_version(state) == latest


def test_require_current_names_the_command_that_fixes_a_stale_database(
    state: StateDB,
) -> None:
    upgrade(state, 1)
    with pytest.raises(StateError, match="run `mediaos db upgrade`"):
        require_current(state)


@pytest.mark.parametrize("target", [-1, len(load_migrations()) + 1])
def test_targets_outside_the_known_versions_are_refused(state: StateDB, target: int) -> None:
    latest = len(load_migrations())
    with pytest.raises(StateError, match=f"to version {target}: .* 0 to {latest:04d}"):
        upgrade(state, target)
    with pytest.raises(StateError, match=f"to version {target}"):
        downgrade(state, target)


def test_a_read_only_handle_cannot_migrate_but_can_report(data_dir: Path, state: StateDB) -> None:
    upgrade(state, 1)
    with open_database_readonly(data_dir) as reader:
        applied = [m.applied for m in migration_status(reader)]
        assert applied == [True] + [False] * (len(load_migrations()) - 1)
        with pytest.raises(StateError, match="read-only"):
            upgrade(reader)


def test_status_of_a_fresh_database_writes_nothing(state: StateDB) -> None:
    assert not any(m.applied for m in migration_status(state))
    assert state.db.utils.table_names() == []

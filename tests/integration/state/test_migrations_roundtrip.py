import json
from datetime import UTC, datetime

from mediaos.state import (
    StateDB,
    downgrade,
    load_migrations,
    migration_status,
    require_current,
    schema_version,
    to_db_time,
    upgrade,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def schema(state: StateDB) -> list[tuple[str, str, str]]:
    rows = state.db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [tuple(row) for row in rows]


def add_history(state: StateDB) -> None:
    with state.db.atomic():
        state.db.execute(
            "INSERT INTO events (at, kind, item_key, action_key, message, data)"
            " VALUES (?, 'grab', 'movie/dune-2021', 'grab:movie/dune-2021:abc', ?, ?)",
            [to_db_time(NOW), "sent to qbittorrent", json.dumps({"client": "qbit"})],
        )
        state.db.execute(
            "INSERT INTO item_conditions (item_key, type, status, reason, message, since)"
            " VALUES ('movie/dune-2021', 'Grabbed', 'True', 'SentToClient', '', ?)",
            [to_db_time(NOW)],
        )


def test_upgrade_applies_every_migration_in_order(state: StateDB) -> None:
    applied = upgrade(state, now=NOW)
    assert [m.version for m in applied] == [m.version for m in load_migrations()]
    assert all(m.applied and m.applied_at == NOW for m in applied)
    assert schema_version(state) == len(load_migrations())
    require_current(state)


def test_status_lists_applied_and_pending_migrations_with_their_times(state: StateDB) -> None:
    assert [(m.label, m.applied) for m in migration_status(state)][:2] == [
        ("0001 events_and_conditions", False),
        ("0002 backoff", False),
    ]
    upgrade(state, 1, now=NOW)
    status = migration_status(state)
    assert [(m.version, m.name, m.applied, m.applied_at) for m in status][:2] == [
        (1, "events_and_conditions", True, NOW),
        (2, "backoff", False, None),
    ]
    assert not any(m.applied for m in status[1:])


def test_upgrading_twice_does_nothing_the_second_time(state: StateDB) -> None:
    upgrade(state)
    before = schema(state)
    assert upgrade(state) == []
    assert schema(state) == before


def test_downgrade_to_zero_leaves_only_the_migrations_table(state: StateDB) -> None:
    upgrade(state)
    reverted = downgrade(state, 0)
    assert [m.version for m in reverted] == list(range(len(load_migrations()), 0, -1))
    assert not any(m.applied for m in reverted)
    assert [name for _, name, _ in schema(state)] == ["schema_migrations"]
    assert schema_version(state) == 0


def test_up_down_up_recreates_exactly_the_same_schema(state: StateDB) -> None:
    upgrade(state)
    first = schema(state)
    downgrade(state, 0)
    upgrade(state)
    assert schema(state) == first


def test_rows_in_tables_of_earlier_migrations_survive_down_and_up_of_a_later_one(
    state: StateDB,
) -> None:
    upgrade(state)
    add_history(state)
    state.db.execute("INSERT INTO backoff (key, failures, next_at) VALUES ('k', 2, 'x')")
    state.db.conn.commit()

    latest = len(load_migrations())
    assert [m.version for m in downgrade(state, 1)] == list(range(latest, 1, -1))
    assert "backoff" not in state.db.utils.table_names()
    assert [m.version for m in upgrade(state)] == list(range(2, latest + 1))

    assert state.db.execute("SELECT kind, item_key, data FROM events").fetchall() == [
        ("grab", "movie/dune-2021", '{"client": "qbit"}')
    ]
    assert state.db.execute("SELECT reason FROM item_conditions").fetchall() == [("SentToClient",)]
    assert state.db.execute("SELECT count(*) FROM backoff").fetchone() == (0,)


def test_a_populated_database_goes_all_the_way_down_and_up_again(state: StateDB) -> None:
    upgrade(state)
    first = schema(state)
    add_history(state)
    downgrade(state, 0)
    upgrade(state)
    assert schema(state) == first
    assert state.db.execute("SELECT count(*) FROM events").fetchone() == (0,)
    add_history(state)
    assert state.db.execute("SELECT count(*) FROM events").fetchone() == (1,)


def test_downgrading_above_the_current_version_does_nothing(state: StateDB) -> None:
    upgrade(state, 1)
    assert downgrade(state, 2) == []
    assert schema_version(state) == 1


def test_upgrading_to_an_older_target_never_reverts(state: StateDB) -> None:
    upgrade(state)
    assert upgrade(state, 1) == []
    assert schema_version(state) == len(load_migrations())

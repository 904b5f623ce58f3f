import sqlite3
from datetime import UTC, datetime

import pytest

from mediaos.core.actions import Done, ItemKey, Search
from mediaos.state import StateDB, downgrade, schema_version, upgrade
from mediaos.state.blocklist import BlocklistRecord, BlocklistRepo
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.rss_seen import RssSeenRepo
from mediaos.state.traces import TraceRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ENGINE_TABLES = {"intents", "grabs", "blocklist", "decision_traces", "rss_seen"}
ENGINE = 5


def schema(state: StateDB) -> list[tuple[str, str]]:
    rows = state.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [tuple(row) for row in rows]


async def populate(state: StateDB) -> None:
    journal = SqliteJournal(state)
    action = Search(item=ItemKey("movie/dune-2021"), reason="Missing.")
    await journal.intend(action, NOW)
    await journal.settle(action, Done(), NOW)
    GrabRepo(state).add(
        GrabRecord("movie/dune-2021", "g1", "ab" * 20, "Dune", "nyaa", "qbit", "ab" * 20, NOW)
    )
    BlocklistRepo(state).add(BlocklistRecord("movie/dune-2021", "g2", None, "Failed", NOW))
    TraceRepo(state).record("movie/dune-2021", NOW, ['{"title":"Dune"}'])
    RssSeenRepo(state).mark("nyaa", ["g1"], NOW)


async def test_down_drops_the_engine_tables_and_keeps_rows_of_earlier_migrations(
    state: StateDB,
) -> None:
    upgrade(state)
    await populate(state)
    events = state.db.execute("SELECT count(*) FROM events").fetchone()
    downgrade(state, ENGINE - 1)
    assert schema_version(state) == ENGINE - 1
    assert not ENGINE_TABLES & set(state.db.utils.table_names())
    assert state.db.execute("SELECT count(*) FROM events").fetchone() == events


async def test_up_after_down_recreates_the_same_empty_tables(state: StateDB) -> None:
    upgrade(state)
    first = schema(state)
    await populate(state)
    downgrade(state, ENGINE - 1)
    upgrade(state)
    assert schema(state) == first
    for table in sorted(ENGINE_TABLES):
        assert state.db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    await populate(state)
    assert state.db.execute("SELECT count(*) FROM grabs").fetchone() == (1,)


def test_an_intent_cannot_be_settled_without_an_outcome(state: StateDB) -> None:
    upgrade(state)
    state.db.execute(
        "INSERT INTO intents (action_key, verb, item_key, intended_at)"
        " VALUES ('k', 'grab', 'i', 't')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        state.db.execute("UPDATE intents SET settled_at = 't2' WHERE action_key = 'k'")

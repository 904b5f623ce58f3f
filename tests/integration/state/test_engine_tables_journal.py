from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mediaos.core.actions import Done, Grab, ItemKey, Retry, Search, Stalled
from mediaos.core.errors import StateError
from mediaos.reconcilers.base import Journal
from mediaos.state import StateDB, open_database_readonly, upgrade
from mediaos.state.backoff import STALLED_UNTIL
from mediaos.state.journal import SqliteJournal

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DUNE = ItemKey("movie/dune-2021")
SEARCH = Search(item=DUNE, reason="Missing.")
GRAB = Grab(
    item=DUNE, reason="Best release.", guid="g1", indexer="nyaa", client="qbit",
    title="Dune.2021.1080p", protocol="torrent", info_hash="ab" * 20,
)  # fmt: skip


@pytest.fixture
def journal(state: StateDB) -> Iterator[SqliteJournal]:
    upgrade(state)
    yield SqliteJournal(state)


def test_the_sqlite_journal_is_the_runners_journal(journal: SqliteJournal) -> None:
    as_protocol: Journal = journal
    assert as_protocol is journal


async def test_an_intent_is_pending_until_settled(journal: SqliteJournal) -> None:
    await journal.intend(GRAB, NOW)
    pending = await journal.pending_intents()
    assert [(p.key, p.verb, p.item, p.reason, p.intended_at) for p in pending] == [
        (GRAB.key, "grab", DUNE, "Best release.", NOW)
    ]
    await journal.settle(GRAB, Done("SentToClient", "Sent to qbit."), NOW + timedelta(seconds=1))
    assert await journal.pending_intents() == ()
    record = journal.intent(GRAB.key)
    assert record is not None
    assert (record.outcome, record.outcome_reason, record.message) == (
        "done", "SentToClient", "Sent to qbit.",
    )  # fmt: skip
    assert record.settled_at == NOW + timedelta(seconds=1)


async def test_an_intent_is_committed_as_soon_as_it_is_written(
    journal: SqliteJournal, data_dir: Path
) -> None:
    await journal.intend(GRAB, NOW)
    with open_database_readonly(data_dir) as other:
        rows = other.db.execute("SELECT action_key FROM intents").fetchall()
    assert rows == [(GRAB.key,)]


async def test_every_intent_and_outcome_is_kept_in_history(journal: SqliteJournal) -> None:
    await journal.intend(SEARCH, NOW)
    await journal.settle(SEARCH, Retry(timedelta(seconds=30), "Unreachable", "No answer."), NOW)
    await journal.intend(SEARCH, NOW + timedelta(minutes=1))
    await journal.settle(SEARCH, Done(), NOW + timedelta(minutes=1))
    kinds = [(e.kind, e.data) for e in journal.events.for_action(SEARCH.key)]
    assert kinds == [
        ("intent", {}),
        ("retry", {"after_seconds": 30.0}),
        ("intent", {}),
        ("done", {}),
    ]


async def test_a_retry_backs_the_key_off_and_success_resets_it(journal: SqliteJournal) -> None:
    await journal.intend(SEARCH, NOW)
    await journal.settle(SEARCH, Retry(timedelta(minutes=2), "RateLimited", "Slow down."), NOW)
    assert await journal.waiting(SEARCH.key, NOW + timedelta(minutes=1))
    assert not await journal.waiting(SEARCH.key, NOW + timedelta(minutes=2))
    assert await journal.failures(SEARCH.key) == 1
    await journal.settle(SEARCH, Done(), NOW + timedelta(minutes=3))
    assert await journal.failures(SEARCH.key) == 0


async def test_a_stall_parks_the_key_until_cleared(journal: SqliteJournal) -> None:
    await journal.intend(GRAB, NOW)
    await journal.settle(GRAB, Stalled("AuthRejected", "Login refused."), NOW)
    assert await journal.waiting(GRAB.key, NOW + timedelta(days=3650))
    record = journal.backoff.get(GRAB.key)
    assert record is not None and record.stalled and record.next_at == STALLED_UNTIL
    journal.backoff.clear(GRAB.key)
    assert not await journal.waiting(GRAB.key, NOW)


async def test_an_interrupted_intent_can_be_settled_by_key(journal: SqliteJournal) -> None:
    await journal.intend(GRAB, NOW)
    journal.settle_pending(GRAB.key, Done("AlreadyInClient"), NOW)
    assert await journal.pending_intents() == ()
    record = journal.intent(GRAB.key)
    assert record is not None and record.outcome_reason == "AlreadyInClient"


async def test_a_read_only_database_turns_writes_into_state_errors(
    journal: SqliteJournal, data_dir: Path
) -> None:
    with (
        open_database_readonly(data_dir) as readonly,
        pytest.raises(StateError, match="record the intent"),
    ):
        await SqliteJournal(readonly).intend(GRAB, NOW)


async def test_a_stall_is_lifted_when_the_items_revision_changes(journal: SqliteJournal) -> None:
    await journal.intend(GRAB, NOW, revision="rev1")
    await journal.settle(GRAB, Stalled("AuthRejected", "Login refused."), NOW)
    assert await journal.waiting(GRAB.key, NOW, "rev1")
    assert not await journal.waiting(GRAB.key, NOW, "rev2")
    assert journal.backoff.get(GRAB.key) is None
    record = journal.intent(GRAB.key)
    assert record is not None and record.revision == "rev1"


async def test_a_revision_change_does_not_cut_a_retry_short(journal: SqliteJournal) -> None:
    await journal.intend(SEARCH, NOW, revision="rev1")
    await journal.settle(SEARCH, Retry(timedelta(minutes=5), "Unreachable", "x"), NOW)
    assert await journal.waiting(SEARCH.key, NOW + timedelta(minutes=1), "rev2")

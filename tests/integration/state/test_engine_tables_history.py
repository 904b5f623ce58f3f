from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.state import StateDB, upgrade
from mediaos.state.history import EventRecord, EventRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DUNE = "movie/dune-2021"


@pytest.fixture
def events(state: StateDB) -> Iterator[EventRepo]:
    upgrade(state)
    yield EventRepo(state)


def test_events_read_back_per_item_oldest_first_with_their_data(events: EventRepo) -> None:
    later = EventRecord(NOW + timedelta(minutes=1), "import", DUNE, None, "Imported.", {"size": 5})
    events.append(later)
    events.append(EventRecord(NOW, "grab", DUNE, "grab:movie/dune-2021:ab", "Sent."))
    events.append(EventRecord(NOW, "grab", "movie/other", None, "Sent."))
    assert [(e.kind, e.data) for e in events.for_item(DUNE)] == [
        ("grab", {}), ("import", {"size": 5}),
    ]  # fmt: skip


def test_the_limit_keeps_the_latest_events(events: EventRepo) -> None:
    for minute in range(5):
        events.append(
            EventRecord(NOW + timedelta(minutes=minute), "retry", DUNE, None, str(minute))
        )
    assert [e.message for e in events.for_item(DUNE, limit=2)] == ["3", "4"]

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from random import Random

import pytest

from mediaos.core.clock import ManualClock
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.journal import SqliteJournal

START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def state(data_dir: Path) -> Iterator[StateDB]:
    with open_database(data_dir) as opened:
        upgrade(opened)
        yield opened


@pytest.fixture
def journal(state: StateDB) -> SqliteJournal:
    return SqliteJournal(state)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def rng() -> Random:
    return Random(42)

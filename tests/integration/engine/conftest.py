from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from random import Random

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.core.clock import ManualClock
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.journal import SqliteJournal
from tests.peers.qbittorrent_fake import FakeQBittorrent

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


# A loopback qBittorrent speaking its Web API, for the loops' tests that need a client but
# not a real transfer (those use the real qbittorrent-nox).
@pytest.fixture
async def fake() -> AsyncIterator[FakeQBittorrent]:
    server = FakeQBittorrent()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def qbit(fake: FakeQBittorrent) -> AsyncIterator[QBittorrent]:
    client = QBittorrent(
        name="qbit", base_url=fake.url, username=fake.username, password=fake.password, timeout=5
    )
    try:
        yield client
    finally:
        await client.aclose()

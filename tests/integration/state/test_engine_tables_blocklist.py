from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.state import StateDB, upgrade
from mediaos.state.blocklist import BlocklistRecord, BlocklistRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DUNE = "movie/dune-2021"
GUID = "https://idx/t/1?passkey=s3cret"
HASH = "CD" * 20


@pytest.fixture
def blocklist(state: StateDB) -> Iterator[BlocklistRepo]:
    upgrade(state)
    yield BlocklistRepo(state)


def test_a_blocked_release_is_found_by_raw_guid_or_info_hash(blocklist: BlocklistRepo) -> None:
    blocklist.add(BlocklistRecord(DUNE, GUID, HASH, "DownloadFailed", NOW))
    assert blocklist.is_blocked(DUNE, GUID)
    assert blocklist.is_blocked(DUNE, "other-guid", HASH.lower())
    assert not blocklist.is_blocked("movie/other", GUID, HASH)


def test_blocked_ids_feed_the_decision_context_without_secrets(blocklist: BlocklistRepo) -> None:
    blocklist.add(BlocklistRecord(DUNE, GUID, HASH, "DownloadFailed", NOW))
    assert blocklist.blocked_ids(DUNE) == {"https://idx/t/1?passkey=***", HASH.lower()}


def test_blocking_again_keeps_the_first_time_and_reason(blocklist: BlocklistRepo) -> None:
    blocklist.add(BlocklistRecord(DUNE, GUID, None, "DownloadFailed", NOW))
    blocklist.add(BlocklistRecord(DUNE, GUID, None, "DownloadStalled", NOW + timedelta(hours=1)))
    [entry] = blocklist.entries(DUNE)
    assert (entry.reason, entry.added_at) == ("DownloadFailed", NOW)


def test_a_person_can_unblock_a_release(blocklist: BlocklistRepo) -> None:
    blocklist.add(BlocklistRecord(DUNE, GUID, None, "DownloadFailed", NOW))
    assert blocklist.remove(DUNE, GUID)
    assert not blocklist.remove(DUNE, GUID)
    assert blocklist.entries(DUNE) == ()

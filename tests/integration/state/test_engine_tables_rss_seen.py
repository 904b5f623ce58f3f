from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.state import StateDB, upgrade
from mediaos.state.rss_seen import RssSeenRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def seen(state: StateDB) -> Iterator[RssSeenRepo]:
    upgrade(state)
    yield RssSeenRepo(state)


def test_marking_returns_only_the_items_not_seen_before(seen: RssSeenRepo) -> None:
    assert seen.mark("nyaa", ["a", "b", "a"], NOW) == ("a", "b")
    assert seen.mark("nyaa", ["b", "c"], NOW) == ("c",)
    assert seen.has("nyaa", "a") and not seen.has("nyaa", "z")


def test_items_are_seen_per_indexer(seen: RssSeenRepo) -> None:
    seen.mark("nyaa", ["a"], NOW)
    assert seen.mark("rarbg", ["a"], NOW) == ("a",)
    assert seen.count() == 2 and seen.count("nyaa") == 1


def test_guids_with_secrets_are_stored_redacted_and_still_match(
    seen: RssSeenRepo, state: StateDB
) -> None:
    seen.mark("nyaa", ["https://idx/dl/1?apikey=s3cret"], NOW)
    assert seen.has("nyaa", "https://idx/dl/1?apikey=s3cret")
    assert state.db.execute("SELECT guid FROM rss_seen").fetchall() == [
        ("https://idx/dl/1?apikey=***",)
    ]


def test_pruning_forgets_items_older_than_n_days(seen: RssSeenRepo) -> None:
    seen.mark("nyaa", ["old"], NOW - timedelta(days=31))
    seen.mark("nyaa", ["new"], NOW - timedelta(days=29))
    assert seen.prune(NOW, days=30) == 1
    assert not seen.has("nyaa", "old") and seen.has("nyaa", "new")

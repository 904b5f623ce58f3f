"""CandidateRepo (migration 0006): latest search per unit, RSS rows by age, no secret stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.candidates import CandidateRepo, release_from_json, release_to_json

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
KEY = "s3cr3tkey"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[CandidateRepo]:
    with open_database(tmp_path / "data") as state:
        upgrade(state)
        yield CandidateRepo(state)


def release(name: str, *, hash_: str | None = None) -> ReleaseInfo:
    link = f"http://idx/dl?apikey={KEY}&id={name}"
    return ReleaseInfo(
        title=name,
        guid=link,
        indexer="idx",
        protocol="torrent",
        download_url=link,
        magnet=f"magnet:?xt=urn:btih:{'a' * 40}&tr=http://t/announce?passkey={KEY}",
        info_hash=hash_,
        size=123,
        published=NOW,
        seeders=4,
        categories=(2040,),
        flags=frozenset({"freeleech"}),
    )


def test_the_json_form_keeps_everything_but_secrets(repo: CandidateRepo) -> None:
    text = release_to_json(release("A", hash_="B" * 40))
    assert KEY not in text
    back = release_from_json(text)
    assert back.download_url == "http://idx/dl?apikey=***&id=A"
    assert back.guid == "http://idx/dl?apikey=***&id=A"
    assert (back.size, back.published, back.categories, back.flags) == (
        123,
        NOW,
        (2040,),
        frozenset({"freeleech"}),
    )
    assert back.info_hash == "b" * 40


def test_a_search_replaces_the_units_earlier_search_rows_but_not_rss_rows(
    repo: CandidateRepo,
) -> None:
    repo.replace_search("m/a", NOW, [(release("old"), "{}", True)])
    repo.add_rss(NOW, [("m/a", release("fromrss"), "{}", True)])
    record = repo.replace_search(
        "m/a",
        NOW + timedelta(hours=1),
        [(release("new"), "{}", True), (release("bad"), "{}", False)],
    )
    assert (record.results, record.accepted) == (2, 1)
    assert sorted(c.release.title for c in repo.for_item("m/a")) == ["bad", "fromrss", "new"]
    assert sorted(c.release.title for c in repo.accepted()["m/a"]) == ["fromrss", "new"]
    assert repo.searches()["m/a"].searched_at == NOW + timedelta(hours=1)
    assert repo.last_search("m/other") is None


def test_find_takes_the_raw_or_the_redacted_guid(repo: CandidateRepo) -> None:
    raw = release("x")
    repo.replace_search("m/a", NOW, [(raw, "{}", True)])
    found = repo.find("m/a", "idx", raw.guid)
    assert found is not None and found.release.title == "x"
    assert repo.find("m/a", "idx", found.release.guid) == found
    assert repo.find("m/b", "idx", raw.guid) is None


def test_old_rss_rows_are_pruned_and_search_rows_stay(repo: CandidateRepo) -> None:
    repo.replace_search("m/a", NOW - timedelta(days=30), [(release("searched"), "{}", True)])
    repo.add_rss(NOW - timedelta(days=8), [("m/a", release("stale"), "{}", True)])
    repo.add_rss(NOW - timedelta(days=1), [("m/a", release("fresh"), "{}", True)])
    assert repo.prune_rss(NOW, days=7) == 1
    assert sorted(c.release.title for c in repo.for_item("m/a")) == ["fresh", "searched"]


def test_the_tables_hold_no_secret(tmp_path: Path) -> None:
    with open_database(tmp_path / "data") as state:
        upgrade(state)
        repo = CandidateRepo(state)
        repo.replace_search("m/a", NOW, [(release("x"), '{"guid": "redacted"}', True)])
        dump = "\n".join(state.db.conn.iterdump())
    assert KEY not in dump


def test_the_migration_goes_down_cleanly(tmp_path: Path) -> None:
    from mediaos.state import downgrade

    with open_database(tmp_path / "data") as state:
        upgrade(state)
        downgrade(state, 5)
        tables = {row[0] for row in state.db.conn.execute("SELECT name FROM sqlite_master")}
        assert "candidates" not in tables and "searches" not in tables
        state_db: StateDB = state
        upgrade(state_db)

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.state import StateDB, upgrade
from mediaos.state.grabs import GrabRecord, GrabRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HASH = "AB" * 20
GRAB = GrabRecord(
    item_key="movie/dune-2021", guid="https://idx/t/1?passkey=s3cret", info_hash=HASH,
    title="Dune.2021.1080p", indexer="nyaa", client="qbit", download_id=HASH.lower(),
    grabbed_at=NOW,
)  # fmt: skip


@pytest.fixture
def grabs(state: StateDB) -> Iterator[GrabRepo]:
    upgrade(state)
    yield GrabRepo(state)


def test_a_grab_is_stored_without_the_passkey_and_with_a_lower_case_hash(grabs: GrabRepo) -> None:
    stored = grabs.add(GRAB)
    assert stored.guid == "https://idx/t/1?passkey=***"
    assert stored.info_hash == HASH.lower()
    assert (stored.state, stored.updated_at) == ("grabbed", NOW)


def test_adding_the_same_grab_twice_keeps_one_row(grabs: GrabRepo) -> None:
    first = grabs.add(GRAB)
    again = grabs.add(replace(GRAB, grabbed_at=NOW + timedelta(minutes=5)))
    assert again == first
    assert len(grabs.for_item("movie/dune-2021")) == 1


def test_a_live_grab_blocks_a_second_grab_until_it_fails(grabs: GrabRepo) -> None:
    grabs.add(GRAB)
    assert [g.download_id for g in grabs.active("movie/dune-2021")] == [HASH.lower()]
    later = NOW + timedelta(hours=1)
    assert grabs.set_state("qbit", HASH.lower(), "downloading", later) == 1
    assert grabs.active("movie/dune-2021")[0].updated_at == later
    grabs.set_state("qbit", HASH.lower(), "failed", later)
    assert grabs.active("movie/dune-2021") == ()
    assert grabs.live() == ()


def test_grabs_are_found_by_download_and_by_info_hash(grabs: GrabRepo) -> None:
    grabs.add(GRAB)
    assert len(grabs.by_download("qbit", HASH.lower())) == 1
    assert len(grabs.by_info_hash(HASH)) == 1
    assert grabs.by_download("transmission", HASH.lower()) == ()


def test_an_unknown_state_is_refused(grabs: GrabRepo) -> None:
    with pytest.raises(ValueError, match="unknown grab state"):
        grabs.set_state("qbit", "x", "lost", NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize("final", ["cancelled", "imported", "removed", "failed"])
def test_sending_a_release_again_revives_its_finished_grab(grabs: GrabRepo, final: str) -> None:
    grabs.add(GRAB)
    grabs.set_state("qbit", HASH.lower(), final, NOW + timedelta(hours=1))  # type: ignore[arg-type]
    later = NOW + timedelta(days=1)
    again = grabs.add(replace(GRAB, client="qbit2", download_id="new-id", grabbed_at=later))
    assert (again.state, again.client, again.download_id) == ("grabbed", "qbit2", "new-id")
    assert (again.grabbed_at, again.updated_at) == (later, later)
    assert grabs.active("movie/dune-2021") == (again,)
    assert len(grabs.for_item("movie/dune-2021")) == 1

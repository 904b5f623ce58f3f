from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.core.conditions import BLOCKED, GRABBED, WANTED, Condition, Truth, with_condition
from mediaos.state import StateDB, upgrade
from mediaos.state.conditions import ConditionRepo

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=3)
DUNE = "movie/dune-2021"


@pytest.fixture
def conditions(state: StateDB) -> Iterator[ConditionRepo]:
    upgrade(state)
    yield ConditionRepo(state)


def test_saved_conditions_read_back_sorted_by_type(conditions: ConditionRepo) -> None:
    saved = (
        Condition(WANTED, Truth.TRUE, "Missing", "No file yet.", T0, "rev1"),
        Condition(BLOCKED, Truth.FALSE, "Reconciled", "", T0, "rev1"),
    )
    conditions.save(DUNE, saved)
    assert conditions.of(DUNE) == tuple(sorted(saved, key=lambda c: c.type))
    assert conditions.items() == (DUNE,)


def test_saving_the_same_status_keeps_since_but_updates_the_rest(
    conditions: ConditionRepo,
) -> None:
    conditions.save(DUNE, [Condition(BLOCKED, Truth.TRUE, "DownloadFailed", "a", T0, "rev1")])
    conditions.save(DUNE, [Condition(BLOCKED, Truth.TRUE, "DownloadStalled", "b", T1, "rev2")])
    assert conditions.of(DUNE) == (
        Condition(BLOCKED, Truth.TRUE, "DownloadStalled", "b", T0, "rev2"),
    )


def test_a_flip_moves_since(conditions: ConditionRepo) -> None:
    conditions.save(DUNE, [Condition(BLOCKED, Truth.TRUE, "DownloadFailed", "", T0, "r")])
    conditions.save(DUNE, [Condition(BLOCKED, Truth.FALSE, "Reconciled", "", T1, "r")])
    assert conditions.since(DUNE, BLOCKED) == T1


def test_the_repository_agrees_with_with_condition(conditions: ConditionRepo) -> None:
    first = (Condition(GRABBED, Truth.TRUE, "SentToClient", "", T0, "r"),)
    new = Condition(GRABBED, Truth.TRUE, "AlreadyInClient", "", T1, "r")
    conditions.save(DUNE, first)
    conditions.save(DUNE, [new])
    assert conditions.of(DUNE) == with_condition(first, new)


def test_saving_some_types_leaves_the_others_alone(conditions: ConditionRepo) -> None:
    conditions.save(DUNE, [Condition(WANTED, Truth.TRUE, "Missing", "", T0, "r")])
    conditions.save(DUNE, [Condition(GRABBED, Truth.TRUE, "SentToClient", "", T1, "r")])
    assert [c.type for c in conditions.of(DUNE)] == [GRABBED, WANTED]
    conditions.forget(DUNE)
    assert conditions.of(DUNE) == ()

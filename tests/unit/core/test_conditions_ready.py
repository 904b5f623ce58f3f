from datetime import UTC, datetime

import pytest

from mediaos.core.conditions import (
    BLOCKED,
    GRABBED,
    ITEM_CONDITIONS,
    READY,
    RECONCILED,
    STALLED,
    Condition,
    ConditionTable,
    Truth,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_ready_is_true_when_nothing_abnormal_is_true() -> None:
    conds = [
        Condition(GRABBED, Truth.TRUE, "SentToClient", "", NOW, "r"),
        Condition(BLOCKED, Truth.FALSE, "Reconciled", "", NOW, "r"),
    ]
    ready = ITEM_CONDITIONS.ready(conds, NOW, "r")
    assert (ready.type, ready.status, ready.reason, ready.revision) == (
        READY, Truth.TRUE, RECONCILED, "r",
    )  # fmt: skip


def test_ready_is_false_with_the_abnormal_conditions_reason_and_message() -> None:
    blocked = Condition(BLOCKED, Truth.TRUE, "Blocklisted", "The only release failed.", NOW, "r")
    ready = ITEM_CONDITIONS.ready([blocked], NOW, "r2")
    assert (ready.status, ready.reason, ready.message, ready.revision) == (
        Truth.FALSE, "Blocklisted", "The only release failed.", "r2",
    )  # fmt: skip


def test_stalled_always_makes_an_item_not_ready() -> None:
    stalled = Condition(STALLED, Truth.TRUE, "AuthRejected", "Login refused.", NOW, "r")
    assert ITEM_CONDITIONS.ready([stalled], NOW, "r").reason == "AuthRejected"


def test_the_worst_condition_is_chosen_by_type_so_the_summary_is_deterministic() -> None:
    conds = [
        Condition(STALLED, Truth.TRUE, "AuthRejected", "", NOW, "r"),
        Condition(BLOCKED, Truth.TRUE, "Blocklisted", "", NOW, "r"),
    ]
    assert ITEM_CONDITIONS.ready(conds, NOW, "r").reason == "Blocklisted"
    assert ITEM_CONDITIONS.ready(reversed(conds), NOW, "r").reason == "Blocklisted"


def test_a_table_refuses_abnormal_types_it_does_not_own() -> None:
    with pytest.raises(ValueError, match="must be owned"):
        ConditionTable(owned=frozenset({GRABBED}), abnormal_when_true=frozenset({BLOCKED}))

from datetime import UTC, datetime, timedelta

from mediaos.core.conditions import BLOCKED, GRABBED, WANTED, Condition, Truth, with_condition

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=5)


def cond(type_: str, status: Truth, at: datetime, reason: str = "R") -> Condition:
    return Condition(type_, status, reason, "", at, "rev1")


def test_since_is_kept_when_the_status_does_not_flip() -> None:
    current = (cond(BLOCKED, Truth.TRUE, T0, "DownloadFailed"),)
    updated = with_condition(current, cond(BLOCKED, Truth.TRUE, T1, "DownloadStalled"))
    assert updated == (cond(BLOCKED, Truth.TRUE, T0, "DownloadStalled"),)


def test_since_moves_when_the_status_flips() -> None:
    current = (cond(BLOCKED, Truth.TRUE, T0),)
    assert with_condition(current, cond(BLOCKED, Truth.FALSE, T1))[0].since == T1


def test_unknown_to_true_is_a_flip() -> None:
    current = (cond(GRABBED, Truth.UNKNOWN, T0),)
    assert with_condition(current, cond(GRABBED, Truth.TRUE, T1))[0].since == T1


def test_other_types_are_kept_and_the_result_is_sorted_by_type() -> None:
    current = (cond(WANTED, Truth.TRUE, T0),)
    updated = with_condition(current, cond(BLOCKED, Truth.FALSE, T1))
    assert [c.type for c in updated] == [BLOCKED, WANTED]
    assert updated[1] == current[0]

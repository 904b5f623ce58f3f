from datetime import UTC, datetime, timedelta, timezone

import pytest

from mediaos.core.clock import ManualClock, SystemClock

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_a_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(T0)
    assert clock.now() == T0
    assert clock.advance(timedelta(seconds=30)) == T0 + timedelta(seconds=30)
    assert clock.now() == T0 + timedelta(seconds=30)


def test_a_manual_clock_refuses_naive_times_and_going_backward() -> None:
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="backward"):
        ManualClock(T0).advance(timedelta(seconds=-1))


def test_both_clocks_give_utc() -> None:
    paris = timezone(timedelta(hours=1))
    assert ManualClock(T0.astimezone(paris)).now().tzinfo is UTC
    assert SystemClock().now().tzinfo is UTC

from datetime import timedelta
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from mediaos.daemon.backoff import BASE, CAP, HINT_CAP, next_delay


class Fixed(Random):
    """A Random whose `uniform` always returns the low end, middle or high end."""

    def __init__(self, where: float) -> None:
        super().__init__(0)
        self.where = where

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.where


MIDDLE_OF_JITTER = Fixed(0.5)


def test_the_first_failure_waits_about_thirty_seconds() -> None:
    assert next_delay(1, None, MIDDLE_OF_JITTER) == BASE


def test_each_failure_doubles_the_wait() -> None:
    delays = [next_delay(n, None, MIDDLE_OF_JITTER) for n in range(1, 6)]
    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]


def test_the_wait_stops_growing_at_the_cap() -> None:
    assert next_delay(12, None, MIDDLE_OF_JITTER) == CAP
    assert next_delay(10_000, None, MIDDLE_OF_JITTER) == CAP


def test_a_caller_can_pass_a_tighter_cap() -> None:
    assert next_delay(30, None, MIDDLE_OF_JITTER, cap=timedelta(minutes=5)) == timedelta(minutes=5)


def test_zero_or_negative_failures_count_as_the_first() -> None:
    assert next_delay(0, None, MIDDLE_OF_JITTER) == next_delay(-3, None, MIDDLE_OF_JITTER) == BASE


def test_a_retry_after_hint_is_honoured_never_sooner() -> None:
    hint = timedelta(minutes=10)
    assert next_delay(1, hint, Fixed(0.0)) == hint
    assert next_delay(1, hint, Fixed(1.0)) == hint * 1.1


def test_a_tiny_hint_still_waits_the_base_and_a_huge_one_is_bounded() -> None:
    assert next_delay(1, timedelta(seconds=1), Fixed(0.0)) == BASE
    assert next_delay(1, timedelta(days=30), Fixed(0.0)) == HINT_CAP


def test_the_jitter_spreads_keys_that_fail_together() -> None:
    rng = Random(7)
    assert len({next_delay(3, None, rng) for _ in range(20)}) > 1


@given(failures=st.integers(min_value=-5, max_value=10_000), seed=st.integers())
def test_delays_stay_within_ten_percent_of_the_capped_exponential(failures: int, seed: int) -> None:
    delay = next_delay(failures, None, Random(seed))
    expected = min(BASE * (1 << min(max(failures - 1, 0), 16)), CAP)
    assert expected * 0.9 <= delay <= expected * 1.1


@given(
    hint=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
    seed=st.integers(),
    failures=st.integers(min_value=1, max_value=50),
)
def test_a_hinted_delay_is_at_least_the_hint_within_bounds(
    hint: timedelta, seed: int, failures: int
) -> None:
    delay = next_delay(failures, hint, Random(seed))
    assert delay >= min(max(hint, BASE), HINT_CAP)
    assert delay <= HINT_CAP * 1.1

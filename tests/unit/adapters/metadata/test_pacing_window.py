from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from mediaos.adapters.metadata.pacing import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.now += delay


async def sends(limiter: RateLimiter, clock: Clock, count: int) -> list[float]:
    times = []
    for _ in range(count):
        await limiter.wait()
        times.append(clock.now)
    return times


async def test_one_per_second_spaces_every_request_by_a_second() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    assert await sends(limiter, clock, 4) == [0.0, 1.0, 2.0, 3.0]


async def test_a_window_allows_a_burst_then_waits_for_the_oldest_to_leave() -> None:
    clock = Clock()
    limiter = RateLimiter(20, 10.0, monotonic=clock.monotonic, sleep=clock.sleep)
    times = await sends(limiter, clock, 25)
    assert times[:20] == [0.0] * 20
    assert times[20:] == [10.0] * 5


async def test_hold_delays_the_next_request_by_the_hint_or_one_window() -> None:
    clock = Clock()
    limiter = RateLimiter(5, 2.0, monotonic=clock.monotonic, sleep=clock.sleep)
    limiter.hold(timedelta(seconds=30))
    assert await sends(limiter, clock, 1) == [30.0]
    limiter.hold(None)
    assert await sends(limiter, clock, 1) == [32.0]


async def test_concurrent_callers_are_served_in_turn() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    seen: list[float] = []

    async def one() -> None:
        await limiter.wait()
        seen.append(clock.now)

    await asyncio.gather(*(one() for _ in range(3)))
    assert seen == [0.0, 1.0, 2.0]


def test_a_limit_needs_positive_numbers() -> None:
    with pytest.raises(ValueError, match="calls >= 1"):
        RateLimiter(0, 1.0)

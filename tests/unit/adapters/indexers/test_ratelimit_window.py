"""`RateLimiter`: a sliding window of N requests per period, driven by a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from mediaos.adapters.indexers.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_a_burst_up_to_the_limit_passes_then_waits_for_the_window() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        await limiter.acquire()
    assert clock.sleeps == []
    await limiter.acquire()
    assert clock.sleeps == [10.0]


async def test_time_passing_frees_slots() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 10.0, clock=clock, sleep=clock.sleep)
    await limiter.acquire()
    clock.now += 6
    await limiter.acquire()
    clock.now += 5  # the first request left the window
    assert limiter.delay() == 0.0
    await limiter.acquire()
    assert limiter.delay() == pytest.approx(5.0)
    assert clock.sleeps == []


async def test_concurrent_callers_queue_and_are_never_dropped() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 2.0, clock=clock, sleep=clock.sleep)
    await asyncio.gather(*(limiter.acquire() for _ in range(4)))
    assert clock.now == 6.0 and clock.sleeps == [2.0, 2.0, 2.0]


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0, 1.0)

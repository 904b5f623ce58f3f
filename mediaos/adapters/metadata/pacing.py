"""Per-provider request pacing: at most `calls` requests in any window of `per` seconds.

Why a sliding window rather than a token bucket: the providers state their rules that way
("20 calls per 10 seconds" for TVmaze, "1 per second" for MusicBrainz) and a window can
never burst past them, even right after start-up. Why a lock: MusicBrainz asks that all
calls be serialised through one limiter, so waiters are served in arrival order.

A `429`/`503` with `Retry-After` calls `hold`, which pauses every later caller of the same
provider until the hint has passed: one throttled request must not be followed by ten more.

Time is injected (`monotonic`, `sleep`) so tests measure the pacing with a fake clock
instead of sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import timedelta

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    def __init__(
        self,
        calls: int,
        per: float,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if calls < 1 or per <= 0:
            raise ValueError("a rate limit needs calls >= 1 and a positive window")
        self.calls = calls
        self.per = per
        self._monotonic = monotonic
        self._sleep = sleep
        self._sent: deque[float] = deque(maxlen=calls)
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when one more request may be sent, and count it as sent."""
        async with self._lock:
            while True:
                now = self._monotonic()
                delay = self._held_until - now
                if len(self._sent) == self.calls:
                    delay = max(delay, self._sent[0] + self.per - now)
                if delay <= 0:
                    break
                await self._sleep(delay)
            self._sent.append(self._monotonic())

    def hold(self, retry_after: timedelta | None) -> None:
        """The provider said "slow down": nobody sends before `retry_after` has passed (one
        full window when it gave no hint)."""
        seconds = retry_after.total_seconds() if retry_after is not None else self.per
        self._held_until = max(self._held_until, self._monotonic() + seconds)

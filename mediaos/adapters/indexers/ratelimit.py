"""A per-indexer request limiter: at most `requests` calls in any window of `per` seconds.

Why a sliding window and not a token bucket: indexers state their limits as "N per period"
and ban on the first excess, so a burst allowance a bucket would grant after idle time is
exactly what must not happen; the window gives the same guarantee the user configured.

Time is injected (`clock` returning monotonic seconds, `sleep` awaiting seconds) so tests
drive it with a fake clock instead of sleeping. Callers queue on one lock: a request waits
its turn, it is never dropped. Cancellation while waiting gives the slot back.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

MonotonicClock = Callable[[], float]
Sleeper = Callable[[float], Awaitable[None]]


class RateLimiter:
    def __init__(
        self,
        requests: int,
        per: float,
        *,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleeper = asyncio.sleep,
    ) -> None:
        if requests < 1 or per < 0:
            raise ValueError("a rate limit needs requests >= 1 and a non-negative period")
        self.requests = requests
        self.per = per
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    def delay(self) -> float:
        """Seconds until one more request is allowed (0 when one is allowed now)."""
        now = self._clock()
        while self._sent and self._sent[0] <= now - self.per:
            self._sent.popleft()
        if len(self._sent) < self.requests:
            return 0.0
        return self._sent[0] + self.per - now

    async def acquire(self) -> None:
        """Wait for a free slot in the window and take it."""
        async with self._lock:
            while (wait := self.delay()) > 0:
                await self._sleep(wait)
            self._sent.append(self._clock())

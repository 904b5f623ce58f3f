"""How long a failed action waits before its next attempt.

Why a module of its own: the maths is pure and property-tested, while the runner around it
does I/O. The numbers follow house-style "Errors, retries, backoff":

- without a hint: 30 s doubling per consecutive failure, capped (6 h by default; callers
  pass a tighter `cap`, e.g. an indexer's `backoff_cap`), times a jitter in [0.9, 1.1] so
  that keys failing together do not come back together;
- with a hint (`Retry-After`): never sooner than the peer asked, never sooner than the base,
  and never later than `HINT_CAP` (a peer cannot park us for a month), times [1.0, 1.1].

Invariant: the result is always positive and at most 1.1 x the applicable cap.
"""

from __future__ import annotations

from datetime import timedelta
from random import Random
from typing import Final

BASE: Final = timedelta(seconds=30)
CAP: Final = timedelta(hours=6)
HINT_CAP: Final = timedelta(hours=24)
JITTER: Final = 0.1
#: Doubling stops here; 30 s x 2**16 is already 23 days, far past any cap.
_MAX_DOUBLINGS: Final = 16


def next_delay(
    failures: int,
    hint: timedelta | None,
    rng: Random,
    *,
    base: timedelta = BASE,
    cap: timedelta = CAP,
) -> timedelta:
    """The wait after the `failures`-th consecutive failure of one key (1 for the first)."""
    if hint is not None:
        bounded = min(max(hint, base), max(HINT_CAP, base))
        return bounded * rng.uniform(1.0, 1.0 + JITTER)
    exponential = base * (1 << min(max(failures - 1, 0), _MAX_DOUBLINGS))
    return min(exponential, cap) * rng.uniform(1.0 - JITTER, 1.0 + JITTER)

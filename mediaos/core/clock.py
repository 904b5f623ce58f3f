"""Where the time comes from, so that nothing that decides reads a clock itself.

Pure code (`plan`, everything in `releases`) receives `now` as a value; the daemon, the
runner and the repositories receive a `Clock`. Tests use `ManualClock` and move it by hand,
so backoff and "due again" are checked without a single sleep.

Invariant: every `now()` is an aware datetime in UTC; the state database refuses naive ones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """The current instant, aware and in UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock; built once, in `daemon/runtime.py` and the CLI."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to, for tests and the offline `diff`."""

    def __init__(self, start: datetime) -> None:
        self._now = _utc(start)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta` (never backward) and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("a clock does not run backward")
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _utc(moment)


def _utc(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError(f"a clock needs an aware datetime, got {moment.isoformat()}")
    return moment.astimezone(UTC)

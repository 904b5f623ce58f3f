"""Per-key backoff rows (table `backoff`, migration 0002): when a failed key may run again.

The runner asks `waiting` before each action and records every outcome here:

- `Done` deletes the row: success resets the count (house-style backoff table).
- `Retry` counts one more consecutive failure and sets `next_at = at + after`.
- `Stalled` counts one more failure and parks the key at `STALLED_UNTIL`: it is not tried
  again until something clears it (`clear`, when the item's revision or its adapter's
  config changes), because retrying cannot fix what a person must change.

Why rows and not memory: waiting must survive a restart, or a crash loop would hammer a peer
that asked us to wait an hour. `next_at` is fixed-width UTC text, so `next_at > :now` is a
text comparison the index serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from mediaos.core.actions import Done, Outcome, Retry, Stalled
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

#: Where a stalled key waits: past any real date, so `waiting` is simply True.
STALLED_UNTIL: Final = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BackoffRecord:
    key: str
    failures: int
    next_at: datetime
    last_reason: str

    @property
    def stalled(self) -> bool:
        return self.next_at >= STALLED_UNTIL


class BackoffRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def get(self, key: str) -> BackoffRecord | None:
        row = self._db.execute(
            "SELECT key, failures, next_at, last_reason FROM backoff WHERE key = ?", [key]
        ).fetchone()
        if row is None:
            return None
        return BackoffRecord(row[0], int(row[1]), from_db_time(row[2]), row[3])

    def waiting(self, key: str, now: datetime) -> bool:
        """True while `key` may not run yet (backing off, or stalled)."""
        row = self._db.execute(
            "SELECT 1 FROM backoff WHERE key = ? AND next_at > ?", [key, to_db_time(now)]
        ).fetchone()
        return row is not None

    def failures(self, key: str) -> int:
        """Consecutive failures of `key` so far; 0 after a success or never tried."""
        row = self._db.execute("SELECT failures FROM backoff WHERE key = ?", [key]).fetchone()
        return 0 if row is None else int(row[0])

    def record(self, key: str, outcome: Outcome, at: datetime) -> None:
        match outcome:
            case Done():
                with self._db.atomic():
                    self._db.execute("DELETE FROM backoff WHERE key = ?", [key])
                return
            case Retry():
                next_at = at + outcome.after
            case Stalled():
                next_at = STALLED_UNTIL
        with self._db.atomic():
            self._db.execute(
                """
                INSERT INTO backoff (key, failures, next_at, last_reason) VALUES (?, 1, ?, ?)
                ON CONFLICT (key) DO UPDATE SET failures = failures + 1,
                    next_at = excluded.next_at, last_reason = excluded.last_reason
                """,
                [key, to_db_time(next_at), outcome.reason],
            )

    def clear(self, key: str) -> None:
        """Forget the key's failures, e.g. a stall after its item's spec changed."""
        with self._db.atomic():
            self._db.execute("DELETE FROM backoff WHERE key = ?", [key])

    def clear_stalled(self) -> int:
        """Lift every stall, e.g. after an adapter's config changed; returns how many."""
        with self._db.atomic():
            cursor = self._db.execute(
                "DELETE FROM backoff WHERE next_at >= ?", [to_db_time(STALLED_UNTIL)]
            )
        return int(cursor.rowcount)

    def due_before(self, moment: datetime) -> tuple[BackoffRecord, ...]:
        """Keys whose wait ends before `moment`, soonest first (the scheduler's next wake)."""
        rows = self._db.execute(
            "SELECT key, failures, next_at, last_reason FROM backoff"
            " WHERE next_at < ? ORDER BY next_at, key",
            [to_db_time(moment)],
        ).fetchall()
        return tuple(BackoffRecord(r[0], int(r[1]), from_db_time(r[2]), r[3]) for r in rows)

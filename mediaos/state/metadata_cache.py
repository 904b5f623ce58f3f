"""The metadata response cache: the SQLite side of `adapters.metadata.base.MetadataCache`.

Adapters know only the Protocol (adapters and state are sibling layers); `daemon/runtime.py`
hands them this class. Invariants:

- `get` honours the TTL given at construction (`metadata.cache_ttl`): a row older than that
  is a miss, so the scheduled metadata refresh sees announced episodes; expired rows are
  overwritten by the next `put` and removed in bulk by `prune`.
- Keys never hold secrets (the adapters build them from paths and public parameters), so the
  table is safe to copy into a bug report.
- Writes are single statements in their own transaction; a failed write is a `StateError`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from mediaos.core.errors import StateError
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SqliteMetadataCache:
    def __init__(
        self, state: StateDB, *, ttl: timedelta, now: Callable[[], datetime] = _utc_now
    ) -> None:
        self._db = state.db
        self._ttl = ttl
        self._now = now

    async def get(self, key: str) -> bytes | None:
        try:
            row = self._db.execute(
                "SELECT body, fetched_at FROM metadata_cache WHERE key = ?", [key]
            ).fetchone()
        except sqlite3.Error as err:
            raise StateError(f"cannot read the metadata cache: {err}") from err
        if row is None or from_db_time(row[1]) + self._ttl <= self._now():
            return None
        body: bytes = row[0]
        return body

    async def put(self, key: str, body: bytes, fetched_at: datetime) -> None:
        try:
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO metadata_cache (key, body, fetched_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE "
                    "SET body = excluded.body, fetched_at = excluded.fetched_at",
                    [key, body, to_db_time(fetched_at)],
                )
        except sqlite3.Error as err:
            raise StateError(f"cannot write the metadata cache: {err}") from err

    async def under(self, prefix: str) -> dict[str, bytes]:
        """Every row whose key starts with `prefix`, expired ones too, in one query: the
        offline `diff` plans from whatever metadata it has (`reconcilers.catalog`)."""
        try:
            rows = self._db.execute(
                "SELECT key, body FROM metadata_cache WHERE key >= ? AND key < ?",
                [prefix, prefix + "\U0010ffff"],
            ).fetchall()
        except sqlite3.Error as err:
            raise StateError(f"cannot read the metadata cache: {err}") from err
        return dict(rows)

    def prune(self) -> int:
        """Delete expired rows; returns how many. For the daemon's housekeeping."""
        cutoff = to_db_time(self._now() - self._ttl)
        try:
            with self._db.atomic():
                cursor = self._db.execute(
                    "DELETE FROM metadata_cache WHERE fetched_at <= ?", [cutoff]
                )
        except sqlite3.Error as err:
            raise StateError(f"cannot prune the metadata cache: {err}") from err
        return int(cursor.rowcount)

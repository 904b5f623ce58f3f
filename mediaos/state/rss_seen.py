"""RSS items seen (table `rss_seen`, migration 0005): so an RSS sync judges new items only.

Every sync fetches the same feed pages again; matching 10,000 items against every wanted
unit is the expensive part, so each (indexer, guid) is remembered and skipped next time.
Rows older than the longest feed window (`prune`, days) are dropped: an item that old has
left the feed anyway.

Guids are stored redacted, like everywhere in state; lookups redact the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from mediaos.core.redaction import redact
from mediaos.state.db import StateDB
from mediaos.state.timestamps import to_db_time


class RssSeenRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def mark(self, indexer: str, guids: Sequence[str], at: datetime) -> tuple[str, ...]:
        """Remember `guids` as seen on `indexer`; return those not seen before, in order.

        One transaction for the whole feed page; duplicates within `guids` count once.
        """
        new: list[str] = []
        stamp = to_db_time(at)
        with self._db.atomic():
            for guid in guids:
                cursor = self._db.execute(
                    "INSERT INTO rss_seen (indexer, guid, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (indexer, guid) DO NOTHING",
                    [indexer, redact(guid), stamp],
                )
                if cursor.rowcount:
                    new.append(guid)
        return tuple(new)

    def has(self, indexer: str, guid: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM rss_seen WHERE indexer = ? AND guid = ?", [indexer, redact(guid)]
        ).fetchone()
        return row is not None

    def prune(self, now: datetime, *, days: int) -> int:
        """Forget items first seen more than `days` ago; returns how many rows went."""
        if days < 0:
            raise ValueError("days must not be negative")
        cutoff = to_db_time(now - timedelta(days=days))
        with self._db.atomic():
            cursor = self._db.execute("DELETE FROM rss_seen WHERE seen_at < ?", [cutoff])
        return int(cursor.rowcount)

    def count(self, indexer: str | None = None) -> int:
        if indexer is None:
            row = self._db.execute("SELECT count(*) FROM rss_seen").fetchone()
        else:
            row = self._db.execute(
                "SELECT count(*) FROM rss_seen WHERE indexer = ?", [indexer]
            ).fetchone()
        return int(row[0])

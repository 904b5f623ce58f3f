"""The blocklist (table `blocklist`, migration 0005): releases never to grab again for an item.

A release lands here when its download failed or stalled past `stalled_after`; the decision
engine then rejects it with `Blocklisted` (through `DecisionContext.blocklist`). Entries are
per item: a release that failed for one episode may be fine for another unit.

Guids are stored redacted (no passkey in the database), and info-hashes lower-case. Lookups
redact the guid they are given the same way, so a caller holding the raw guid still matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mediaos.core.redaction import redact
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class BlocklistRecord:
    item_key: str
    guid: str
    info_hash: str | None
    reason: str
    added_at: datetime


class BlocklistRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def add(self, entry: BlocklistRecord) -> None:
        """Block a release for an item; blocking it again keeps the first time and reason."""
        info_hash = entry.info_hash.lower() if entry.info_hash else None
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO blocklist (item_key, guid, info_hash, reason, added_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_key, guid) DO NOTHING",
                [entry.item_key, redact(entry.guid), info_hash, entry.reason,
                 to_db_time(entry.added_at)],
            )  # fmt: skip

    def blocked_ids(self, item: str) -> frozenset[str]:
        """Redacted guids and info-hashes blocked for `item`, for `DecisionContext.blocklist`."""
        rows = self._db.execute(
            "SELECT guid, info_hash FROM blocklist WHERE item_key = ?", [item]
        ).fetchall()
        return frozenset(value for row in rows for value in row if value)

    def blocked_by_item(self) -> dict[str, frozenset[str]]:
        """`blocked_ids` for every item at once (one query), for a planning pass."""
        found: dict[str, set[str]] = {}
        for item, guid, info_hash in self._db.execute(
            "SELECT item_key, guid, info_hash FROM blocklist"
        ).fetchall():
            found.setdefault(item, set()).update(v for v in (guid, info_hash) if v)
        return {item: frozenset(ids) for item, ids in found.items()}

    def is_blocked(self, item: str, guid: str, info_hash: str | None = None) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM blocklist WHERE item_key = ? AND (guid = ? OR info_hash = ?)",
            [item, redact(guid), info_hash.lower() if info_hash else None],
        ).fetchone()
        return row is not None

    def entries(self, item: str) -> tuple[BlocklistRecord, ...]:
        rows = self._db.execute(
            "SELECT item_key, guid, info_hash, reason, added_at FROM blocklist"
            " WHERE item_key = ? ORDER BY added_at, guid",
            [item],
        ).fetchall()
        return tuple(
            BlocklistRecord(item_key, guid, info_hash, reason, from_db_time(added))
            for item_key, guid, info_hash, reason, added in rows
        )

    def remove(self, item: str, guid: str) -> bool:
        """Unblock one release (a person's decision); True when an entry was removed."""
        with self._db.atomic():
            cursor = self._db.execute(
                "DELETE FROM blocklist WHERE item_key = ? AND guid = ?", [item, redact(guid)]
            )
        return bool(cursor.rowcount)

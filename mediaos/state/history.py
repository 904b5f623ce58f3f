"""History (table `events`, migration 0001): an append-only log of what MediaOS did.

The runner appends one event when it records an intent and one when it settles it; the
downloads and library loops append imports and failures. `mediaos explain` and the API read
it back per item. `data` holds a few typed fields of the event kind as a JSON object; it is
never a secret and never a peer's raw body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

EventValue: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class EventRecord:
    at: datetime
    kind: str
    item_key: str | None
    action_key: str | None
    message: str = ""
    data: Mapping[str, EventValue] = field(default_factory=dict)


class EventRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def append(self, event: EventRecord) -> None:
        data = json.dumps(dict(event.data), sort_keys=True) if event.data else None
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO events (at, kind, item_key, action_key, message, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [to_db_time(event.at), event.kind, event.item_key, event.action_key,
                 event.message, data],
            )  # fmt: skip

    def for_item(self, item: str, *, limit: int = 100) -> tuple[EventRecord, ...]:
        """The item's latest events, oldest first."""
        rows = self._db.execute(
            "SELECT at, kind, item_key, action_key, message, data FROM ("
            " SELECT id, at, kind, item_key, action_key, message, data FROM events"
            " WHERE item_key = ? ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id",
            [item, limit],
        ).fetchall()
        return tuple(_event(row) for row in rows)

    def for_action(self, key: str) -> tuple[EventRecord, ...]:
        rows = self._db.execute(
            "SELECT at, kind, item_key, action_key, message, data FROM events"
            " WHERE action_key = ? ORDER BY at, id",
            [key],
        ).fetchall()
        return tuple(_event(row) for row in rows)


def _event(row: tuple[str, str, str | None, str | None, str, str | None]) -> EventRecord:
    at, kind, item, action, message, data = row
    values: dict[str, EventValue] = json.loads(data) if data else {}
    return EventRecord(from_db_time(at), kind, item, action, message, values)

"""Item conditions (table `item_conditions`, migration 0001): what each item shows now.

One row per (item, type). Saving applies the rule of `mediaos.core.conditions.with_condition`
in SQL terms: a condition whose status did not flip keeps its stored `since`, so "Blocked
since Tuesday" survives a retry every 30 s. Saving only touches the types given: several
reconcilers write conditions of the same item, and none may erase another's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mediaos.core.conditions import Condition, Truth
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

_COLUMNS = "type, status, reason, message, since, revision"


class ConditionRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def save(self, item: str, conditions: Iterable[Condition]) -> None:
        """Upsert each condition of `item`; `since` is kept unless the status flips."""
        with self._db.atomic():
            for c in conditions:
                self._db.execute(
                    f"""
                    INSERT INTO item_conditions (item_key, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (item_key, type) DO UPDATE SET
                        since = CASE WHEN status = excluded.status THEN since
                                     ELSE excluded.since END,
                        status = excluded.status, reason = excluded.reason,
                        message = excluded.message, revision = excluded.revision
                    """,  # noqa: S608 - column names are constants
                    [item, c.type, c.status.value, c.reason, c.message,
                     to_db_time(c.since), c.revision],
                )  # fmt: skip

    def of(self, item: str) -> tuple[Condition, ...]:
        """The item's conditions, sorted by type (as `with_condition` sorts them)."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM item_conditions WHERE item_key = ? ORDER BY type",  # noqa: S608
            [item],
        ).fetchall()
        return tuple(_condition(row) for row in rows)

    def since(self, item: str, type_: str) -> datetime | None:
        row = self._db.execute(
            "SELECT since FROM item_conditions WHERE item_key = ? AND type = ?", [item, type_]
        ).fetchone()
        return None if row is None else from_db_time(row[0])

    def items(self) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT DISTINCT item_key FROM item_conditions ORDER BY item_key"
        ).fetchall()
        return tuple(row[0] for row in rows)

    def forget(self, item: str) -> None:
        """Drop every condition of an item that left the desired state."""
        with self._db.atomic():
            self._db.execute("DELETE FROM item_conditions WHERE item_key = ?", [item])


def _condition(row: tuple[str, str, str, str, str, str]) -> Condition:
    type_, status, reason, message, since, revision = row
    return Condition(type_, Truth(status), reason, message, from_db_time(since), revision)

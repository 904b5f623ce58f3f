"""The runner's journal: intents before side effects, outcomes after (table `intents`).

`SqliteJournal` implements `mediaos.reconcilers.base.Journal` (by shape; state sits below
reconcilers and does not import them). It ties four tables together for the runner:
`intents` (this module), `events` (history), `backoff` and `item_conditions`.

Invariants a reader must not break:
- `intend` commits before it returns. If the process dies during the side effect, the row
  stays with `settled_at IS NULL`; `pending_intents` hands it to the next `observe`, which
  settles it by asking the peer (never by re-running the action blindly).
- `settle` writes the outcome, its event and the backoff change in one transaction.
- Intending a key again (a retry in a later pass) replaces the row: one row per key, the
  latest attempt. History keeps every attempt in `events`.
- Failures of SQLite itself surface as `StateError` (the pass stops: state is not optional).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from mediaos.core.actions import (
    Action,
    ActionKey,
    ItemKey,
    Outcome,
    OutcomeName,
    PendingIntent,
    Retry,
    Status,
    outcome_name,
)
from mediaos.core.errors import StateError
from mediaos.state.backoff import BackoffRepo
from mediaos.state.conditions import ConditionRepo
from mediaos.state.db import StateDB
from mediaos.state.history import EventRecord, EventRepo
from mediaos.state.timestamps import from_db_time, to_db_time


@dataclass(frozen=True, slots=True)
class IntentRecord:
    key: str
    verb: str
    item_key: str
    reason: str
    revision: str
    intended_at: datetime
    settled_at: datetime | None
    outcome: OutcomeName | None
    outcome_reason: str
    message: str


class SqliteJournal:
    def __init__(self, state: StateDB) -> None:
        self._state = state
        self._db = state.db
        self.backoff = BackoffRepo(state)
        self.conditions = ConditionRepo(state)
        self.events = EventRepo(state)

    async def intend(self, action: Action, at: datetime, revision: str = "") -> None:
        with self._errors("record the intent of", action.key), self._db.atomic():
            self._db.execute(
                """
                INSERT OR REPLACE INTO intents
                    (action_key, verb, item_key, reason, revision, intended_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [action.key, action.verb, action.item, action.reason, revision, to_db_time(at)],
            )
            self.events.append(EventRecord(at, "intent", action.item, action.key, action.reason))

    async def settle(self, action: Action, outcome: Outcome, at: datetime) -> None:
        name = outcome_name(outcome)
        data = (
            {"after_seconds": outcome.after.total_seconds()} if isinstance(outcome, Retry) else {}
        )
        with self._errors("record the outcome of", action.key), self._db.atomic():
            self._db.execute(
                """
                UPDATE intents SET settled_at = ?, outcome = ?, outcome_reason = ?, message = ?
                WHERE action_key = ?
                """,
                [to_db_time(at), name, outcome.reason, outcome.message, action.key],
            )
            event = EventRecord(at, name, action.item, action.key, outcome.message, data)
            self.events.append(event)
            self.backoff.record(action.key, outcome, at)

    async def pending_intents(self) -> tuple[PendingIntent, ...]:
        rows = self._db.execute(
            "SELECT action_key, verb, item_key, reason, intended_at FROM intents"
            " WHERE settled_at IS NULL ORDER BY intended_at, action_key"
        ).fetchall()
        return tuple(
            PendingIntent(ActionKey(k), verb, ItemKey(item), reason, from_db_time(at))
            for k, verb, item, reason, at in rows
        )

    async def waiting(self, key: ActionKey, now: datetime, revision: str = "") -> bool:
        """True while `key` backs off, or is stalled under the same item revision.

        A stall recorded under another revision is lifted here (its backoff row cleared):
        the item's spec changed, which is what a stall waits for.
        """
        record = self.backoff.get(key)
        if record is None:
            return False
        if not record.stalled:
            return record.next_at > now
        row = self._db.execute(
            "SELECT revision FROM intents WHERE action_key = ?", [key]
        ).fetchone()
        if row is not None and row[0] != revision:
            with self._errors("lift the stall of", key):
                self.backoff.clear(key)
            return False
        return True

    async def failures(self, key: ActionKey) -> int:
        return self.backoff.failures(key)

    async def save_status(self, status: Status, at: datetime) -> None:
        """Save each item's conditions; `at` is when they were computed (for the log)."""
        with self._errors("save the status at", to_db_time(at)), self._db.atomic():
            for item in sorted(status):
                self.conditions.save(item, status[item])

    def intent(self, key: str) -> IntentRecord | None:
        """The latest attempt of `key`, settled or not (for the status view and tests)."""
        row = self._db.execute(
            "SELECT action_key, verb, item_key, reason, revision, intended_at, settled_at,"
            " outcome, outcome_reason, message FROM intents WHERE action_key = ?",
            [key],
        ).fetchone()
        if row is None:
            return None
        k, verb, item, reason, revision, intended, settled, outcome, outcome_reason, message = row
        settled_at = None if settled is None else from_db_time(settled)
        return IntentRecord(
            k, verb, item, reason, revision, from_db_time(intended), settled_at, outcome,
            outcome_reason, message,
        )  # fmt: skip

    def settle_pending(self, key: str, outcome: Outcome, at: datetime) -> None:
        """Settle an interrupted intent found by `observe`, without an `Action` value."""
        with self._errors("settle the interrupted", key), self._db.atomic():
            self._db.execute(
                "UPDATE intents SET settled_at = ?, outcome = ?, outcome_reason = ?, message = ?"
                " WHERE action_key = ? AND settled_at IS NULL",
                [to_db_time(at), outcome_name(outcome), outcome.reason, outcome.message, key],
            )
            self.backoff.record(key, outcome, at)

    @contextmanager
    def _errors(self, doing: str, what: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            raise StateError(
                f"cannot {doing} {what} in the state database {self._state.path}: {err}"
            ) from err

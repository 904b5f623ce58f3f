"""The reconciler contract, and the narrow view of state the runner writes through.

Every reconciler has three steps (house-style "The reconciler contract"):

- `observe(desired) -> Observed` (async): reads adapters and state. One dead peer is data,
  not a crash: failures per adapter or per item become `Problem` values in `problems`.
- `plan(desired, observed, now) -> Plan` (sync, pure): delegates to a module-level planner
  function, so unit tests need no adapters.
- `apply(action) -> Outcome` (async): exactly one action; asks the peer first and returns
  `Done` when the effect already holds; lets typed errors through to the runner.

`Journal` is what `mediaos.daemon.runner` needs from the state database. It is a Protocol
here, implemented by `mediaos.state.journal.SqliteJournal`; state never imports this
module (it sits below), it only matches the shape. Its methods are async so the writer can
move to a thread of its own without touching the runner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol, TypeVar

from mediaos.core.actions import (
    Action,
    ActionKey,
    ItemKey,
    Outcome,
    PendingIntent,
    Plan,
    Status,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One failure seen while observing, kept as a value (a dead indexer, an unreadable file).

    `source` is the adapter or component (`indexer/nyaa`, `client/qbit`), `item` the item it
    concerns when it concerns one. `message` is the error's `str()`: one sentence, no secret.
    """

    source: str
    reason: str
    message: str
    item: ItemKey | None = None

    @classmethod
    def of(cls, source: str, err: Exception, *, item: ItemKey | None = None) -> Problem:
        return cls(source, type(err).__name__, str(err), item)


@dataclass(frozen=True, slots=True, kw_only=True)
class Observed:
    """Base of every reconciler's observation: what was seen, plus the problems met."""

    problems: tuple[Problem, ...] = ()
    pending: tuple[PendingIntent, ...] = ()
    """Intents left unsettled by an interrupted pass; the planner must settle them first."""


DesiredT = TypeVar("DesiredT", contravariant=True)
ObservedT = TypeVar("ObservedT", bound=Observed)
ActionT = TypeVar("ActionT", bound=Action, contravariant=True)


class Reconciler(Protocol[DesiredT, ObservedT, ActionT]):
    """One resource kind's loop body; built with keyword-only dependencies (adapters,
    repositories, a `Clock`) in `daemon/runtime.py`, and nowhere else with real clients."""

    kind: ClassVar[str]

    async def observe(self, desired: DesiredT) -> ObservedT: ...

    def plan(self, desired: DesiredT, observed: ObservedT, now: datetime) -> Plan: ...

    async def apply(self, action: ActionT) -> Outcome: ...


class Journal(Protocol):
    """The runner's writes and reads in state: intents, outcomes, backoff and conditions.

    Invariants an implementation keeps:
    - `intend` is durable (committed) before it returns: the side effect comes after it.
    - `settle` records the outcome, the event and the backoff change in one transaction.
    - `save_status` keeps each condition's `since` unless its status flips.
    - A stalled key stays `waiting` until the item's `revision` differs from the one its
      intent was recorded under (the spec changed, so a person did act).
    """

    async def intend(self, action: Action, at: datetime, revision: str = "") -> None: ...

    async def settle(self, action: Action, outcome: Outcome, at: datetime) -> None: ...

    async def pending_intents(self) -> tuple[PendingIntent, ...]: ...

    async def waiting(self, key: ActionKey, now: datetime, revision: str = "") -> bool: ...

    async def failures(self, key: ActionKey) -> int: ...

    async def save_status(self, status: Status, at: datetime) -> None: ...

"""One reconcile pass: observe, plan, then apply each action; the only place exceptions
become outcomes.

Order inside a pass, and why:

1. `observe` then the pure `plan`, at one `now`; the plan's conditions are saved first, so
   status reflects what was observed even when every action then fails.
2. Each action in key order. A key still backing off is skipped, not applied; so is a
   stalled key, until its item's spec revision changes.
3. The intent is committed *before* `apply`, the outcome after. A crash in between leaves a
   pending intent, which the next `observe` settles by asking the peer: a grab is never
   repeated blindly.
4. Exceptions from `apply` map to outcomes (house-style table):

   | raised              | outcome                          | backoff                      |
   | ------------------- | -------------------------------- | ---------------------------- |
   | `TemporaryError`    | `Retry`, reason = error class    | hint honoured, else doubling |
   | `PermanentError`    | `Stalled`, reason = error class  | none until config changes    |
   | any other Exception | `Retry`, reason `InternalError`  | doubling; traceback logged   |
   | `CancelledError` and other BaseExceptions | re-raised, intent left pending | none  |

   One action's failure never stops the others.

Invariants: the runner never retries within a pass (retries are the next pass's business,
after the backoff); `observe` failing as a whole propagates, because without an observation
there is nothing to plan (the daemon backs off the whole kind).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import TypeVar, assert_never, cast

from mediaos.core.actions import (
    Action,
    ActionKey,
    Done,
    ItemKey,
    Outcome,
    Plan,
    Retry,
    Stalled,
    Verb,
)
from mediaos.core.clock import Clock
from mediaos.core.conditions import (
    AVAILABLE,
    BLOCKED,
    DOWNLOADING,
    GRABBED,
    IMPORTING,
    INTERNAL_ERROR,
    RECONCILED,
    SEARCHING,
    STALLED,
    Condition,
    Truth,
)
from mediaos.core.errors import PermanentError, TemporaryError
from mediaos.daemon.backoff import next_delay
from mediaos.reconcilers.base import Journal, Observed, Reconciler

log = logging.getLogger(__name__)

D = TypeVar("D")
O = TypeVar("O", bound=Observed)  # noqa: E741
A = TypeVar("A", bound=Action)

#: The condition a failing step sets to False, so a retry shows in status, not only in logs.
STEP_CONDITION: Mapping[Verb, str] = {
    "search": SEARCHING,
    "grab": GRABBED,
    "import": IMPORTING,
    "cancel": DOWNLOADING,
    "remove": DOWNLOADING,
    "prune": AVAILABLE,
    "blocklist": BLOCKED,
}
INTERNAL_MESSAGE = "Unexpected error in MediaOS; see the logs."


@dataclass(frozen=True, slots=True)
class PassReport:
    """What one pass planned, skipped and came to; what `apply` prints."""

    kind: str
    started_at: datetime
    plan: Plan
    skipped: tuple[ActionKey, ...]
    outcomes: tuple[tuple[Action, Outcome], ...]

    @property
    def done(self) -> tuple[ActionKey, ...]:
        return tuple(a.key for a, o in self.outcomes if isinstance(o, Done))

    @property
    def retrying(self) -> tuple[ActionKey, ...]:
        return tuple(a.key for a, o in self.outcomes if isinstance(o, Retry))

    @property
    def stalled(self) -> tuple[ActionKey, ...]:
        return tuple(a.key for a, o in self.outcomes if isinstance(o, Stalled))


async def run_pass(
    reconciler: Reconciler[D, O, A],
    desired: D,
    *,
    clock: Clock,
    rng: Random,
    journal: Journal,
) -> PassReport:
    """Run one pass of `reconciler` against `desired`; see the module docstring."""
    started = clock.now()
    observed = await reconciler.observe(desired)
    plan = reconciler.plan(desired, observed, started)
    await journal.save_status(plan.status, at=started)
    skipped: list[ActionKey] = []
    outcomes: list[tuple[Action, Outcome]] = []
    for action in plan.actions:
        revision = _revision(plan, action.item)
        if await journal.waiting(action.key, clock.now(), revision):
            skipped.append(action.key)
            continue
        await journal.intend(action, at=clock.now(), revision=revision)
        # The narrowing is the reconciler's promise: its planner only emits its own actions.
        outcome = await _apply_once(reconciler, cast(A, action), journal, rng)
        at = clock.now()
        await journal.settle(action, outcome, at=at)
        conditions = outcome_conditions(action, outcome, at, revision)
        if conditions:
            await journal.save_status({action.item: conditions}, at=at)
        outcomes.append((action, outcome))
    return PassReport(reconciler.kind, started, plan, tuple(skipped), tuple(outcomes))


async def _apply_once(
    reconciler: Reconciler[D, O, A], action: A, journal: Journal, rng: Random
) -> Outcome:
    try:
        return await reconciler.apply(action)
    except TemporaryError as err:
        failures = await journal.failures(action.key) + 1
        after = next_delay(failures, err.retry_after, rng)
        return Retry(after=after, reason=type(err).__name__, message=str(err))
    except PermanentError as err:
        return Stalled(reason=type(err).__name__, message=str(err))
    # Deliberately broad, and only here: one bug must cost one action, not the pass.
    # CancelledError, KeyboardInterrupt and SystemExit are BaseExceptions and pass through.
    except Exception:
        failures = await journal.failures(action.key) + 1
        if failures == 1:
            log.exception("internal error applying %s (item %s)", action.key, action.item)
        else:
            log.warning("internal error again applying %s (failure %d)", action.key, failures)
        return Retry(
            after=next_delay(failures, None, rng), reason=INTERNAL_ERROR, message=INTERNAL_MESSAGE
        )


def outcome_conditions(
    action: Action, outcome: Outcome, at: datetime, revision: str
) -> tuple[Condition, ...]:
    """Conditions an outcome sets on `action.item`: the step False on a retry, `Stalled`
    True on a stall, whatever `Done` carries, and `Stalled` False again after success."""
    step = STEP_CONDITION[action.verb]
    match outcome:
        case Done():
            cleared = Condition(STALLED, Truth.FALSE, RECONCILED, "", at, revision)
            return (*outcome.conditions, cleared)
        case Retry():
            return (Condition(step, Truth.FALSE, outcome.reason, outcome.message, at, revision),)
        case Stalled():
            return (Condition(STALLED, Truth.TRUE, outcome.reason, outcome.message, at, revision),)
        case _:
            assert_never(outcome)


def _revision(plan: Plan, item: ItemKey) -> str:
    return next((c.revision for c in plan.status.get(item, ()) if c.revision), "")

"""A small reconciler for runner tests: wants items, "makes" them, and fails on cue.

The world is a set of items that exist. `plan` proposes a `Search` (standing in for any side
effect) for each wanted item the world lacks; `apply` runs the next scripted effect for the
item (an exception to raise, or None to succeed) and, on success, adds the item to the world.
So a second pass after success plans nothing: the fake is idempotent the way real ones must be.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from mediaos.core.actions import Done, ItemKey, Outcome, Plan, Search
from mediaos.core.clock import Clock
from mediaos.core.conditions import AVAILABLE, WANTED, Condition, Truth
from mediaos.reconcilers.base import Journal, Observed

Effect = BaseException | Callable[[Search], Awaitable[None]] | None


@dataclass(frozen=True, slots=True)
class FakeDesired:
    items: tuple[str, ...]
    revision: str = "1"
    """Stands in for every item's spec revision; change it to "edit the YAML"."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FakeObserved(Observed):
    have: frozenset[str] = frozenset()


@dataclass
class FakeWorld:
    have: set[str] = field(default_factory=set)
    script: dict[str, list[Effect]] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)


class FakeReconciler:
    kind: ClassVar[str] = "fake"

    def __init__(self, *, world: FakeWorld, journal: Journal, clock: Clock) -> None:
        self.world = world
        self.journal = journal
        self.clock = clock
        self.observed: list[FakeObserved] = []

    async def observe(self, desired: FakeDesired) -> FakeObserved:
        seen = FakeObserved(
            have=frozenset(self.world.have), pending=await self.journal.pending_intents()
        )
        self.observed.append(seen)
        return seen

    def plan(self, desired: FakeDesired, observed: FakeObserved, now: datetime) -> Plan:
        missing = [i for i in desired.items if i not in observed.have]
        status = {
            ItemKey(i): (
                Condition(WANTED, Truth.TRUE, "Missing" if i in missing else "CutoffMet", "",
                          now, f"rev{desired.revision}-{i}"),
            )
            for i in desired.items
        }  # fmt: skip
        actions = [Search(item=ItemKey(i), reason="The item is missing.") for i in missing]
        return Plan.of(actions, status)

    async def apply(self, action: Search) -> Outcome:
        self.world.applied.append(action.key)
        effects = self.world.script.get(action.item, [])
        effect = effects.pop(0) if effects else None
        if isinstance(effect, BaseException):
            raise effect
        if effect is not None:
            await effect(action)
        self.world.have.add(action.item)
        made = Condition(AVAILABLE, Truth.TRUE, "ImportVerified", "", self.clock.now(), "")
        return Done("ImportVerified", "Made it.", (made,))

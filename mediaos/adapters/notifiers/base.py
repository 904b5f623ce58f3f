"""The `Notifier` role: telling a person that something happened (grab, import, failure...).

Why a closed `Event` value: notifications leave the process, so what they may carry is fixed
here and nowhere else: a kind from `NotificationEvent`, the item key, one title and message
for humans, a time, and flat scalar `data` (sizes, quality, indexer name). Nothing in it is
secret; callers never put URLs with keys into it.

Which notification gets which event is decided by `wants`, a pure function of the user's spec,
so the daemon filters before it sends and a notifier never has to know about the filter.
Notifiers raise the typed errors of `mediaos.core.errors`: a `TemporaryError` when the target
may accept the same event later, a `PermanentError` when a person must change the config.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Protocol, TypeAlias

from mediaos.schemas.services import AppriseSpec, NotificationEvent, WebhookSpec

Scalar: TypeAlias = str | int | float | bool | None

#: Version of the JSON body `event_json` produces; bumped only on incompatible changes.
EVENT_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Event:
    kind: NotificationEvent
    item: str  # an item key, "movie/dune-2021"; "" for events about MediaOS itself
    title: str
    message: str
    occurred_at: datetime  # timezone-aware
    data: Mapping[str, Scalar] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))


class Notifier(Protocol):
    name: str

    async def send(self, event: Event) -> None:
        """Deliver `event` once; raise a typed error when the target did not take it."""
        ...


def wants(spec: WebhookSpec | AppriseSpec, event: Event) -> bool:
    """Whether this notification is enabled and subscribed to the event's kind."""
    return spec.enabled and event.kind in spec.events


def event_json(event: Event) -> dict[str, Scalar | dict[str, Scalar]]:
    """The JSON body sent when no template is configured (documented in docs/adapters.md)."""
    return {
        "schema_version": EVENT_SCHEMA_VERSION,
        "event": event.kind,
        "item": event.item,
        "title": event.title,
        "message": event.message,
        "occurred_at": event.occurred_at.isoformat(),
        "data": dict(event.data),
    }

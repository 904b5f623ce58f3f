"""Notifications for the events the daemon emits: JSON webhooks and Apprise URLs.

Both implement the `Notifier` Protocol of `base`; `wants(spec, event)` decides which of the
user's notifications get an event. The daemon's runtime picks the class from the spec's `type`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from mediaos.adapters.notifiers.base import Event, Notifier, event_json, wants

if TYPE_CHECKING:
    from mediaos.adapters.notifiers.apprise_notifier import AppriseNotifier
    from mediaos.adapters.notifiers.webhook import Webhook, render_template

# The products load on first use: importing `base` (as the downloads loop does) must not
# pull in Apprise and httpx, which `mediaos diff` never needs.
_LAZY = {
    "AppriseNotifier": "apprise_notifier",
    "Webhook": "webhook",
    "render_template": "webhook",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AppriseNotifier",
    "Event",
    "Notifier",
    "Webhook",
    "event_json",
    "render_template",
    "wants",
]

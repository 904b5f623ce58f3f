"""Notifications for the events the daemon emits: JSON webhooks and Apprise URLs.

Both implement the `Notifier` Protocol of `base`; `wants(spec, event)` decides which of the
user's notifications get an event. The daemon's runtime picks the class from the spec's `type`.
"""

from __future__ import annotations

from mediaos.adapters.notifiers.apprise_notifier import AppriseNotifier
from mediaos.adapters.notifiers.base import Event, Notifier, event_json, wants
from mediaos.adapters.notifiers.webhook import Webhook, render_template

__all__ = [
    "AppriseNotifier",
    "Event",
    "Notifier",
    "Webhook",
    "event_json",
    "render_template",
    "wants",
]

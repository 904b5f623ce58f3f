"""`wants`: which notification receives which event (pure)."""

from __future__ import annotations

from mediaos.adapters.notifiers import Event, wants
from mediaos.schemas.services import AppriseSpec, WebhookSpec
from tests.integration.adapters.notifiers.conftest import sample_event


def hook(**extra: object) -> WebhookSpec:
    return WebhookSpec.model_validate(
        {"name": "h", "type": "webhook", "url": "http://ha.local/hook", **extra}
    )


def test_defaults_want_import_failure_and_health_only() -> None:
    spec = hook()
    wanted = {
        k
        for k in ("grab", "import", "upgrade", "failure", "health", "request", "removal")
        if wants(spec, sample_event(kind=k))
    }
    assert wanted == {"import", "failure", "health"}


def test_listed_events_are_wanted_and_disabled_wants_nothing() -> None:
    spec = AppriseSpec.model_validate(
        {"name": "a", "type": "apprise", "urls": ["json://x"], "events": ["grab", "request"]}
    )
    assert wants(spec, sample_event(kind="grab"))
    assert not wants(spec, sample_event(kind="import"))
    assert not wants(hook(enabled=False), sample_event(kind="import"))


def test_event_data_is_read_only() -> None:
    event: Event = sample_event()
    assert dict(event.data)["size"] == 58_000_000_000
    try:
        event.data["size"] = 1  # type: ignore[index]
    except TypeError:
        pass
    else:
        raise AssertionError("Event.data must be immutable")

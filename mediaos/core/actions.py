"""Actions, plans and outcomes: the values that flow through observe -> plan -> apply.

An `Action` is one side effect a reconciler proposes (`mediaos diff` prints them, `apply`
runs them); a `Plan` is every action of one pass plus the conditions each item should show;
an `Outcome` is what applying one action came to.

Invariants a reader must not break:
- Keys come from content, never from time or randomness: `grab:movie/dune-2021:<infohash>`.
  The same world planned twice gives the same keys, so backoff, intents and `diff` line up
  across passes and restarts. Each subclass names the fields its key is built from.
- No secret ever goes into a key (keys are printed and stored): a guid, which may embed a
  passkey, enters a key only as a digest.
- `Plan.actions` is sorted by key and keys are unique; the constructor refuses anything else.
- `Outcome` is closed: `Done | Retry | Stalled`. `Retry` is "come back after", `Stalled` is
  "a person must change something"; neither is an exception. Only the runner turns
  exceptions into outcomes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import ClassVar, Final, Literal, NewType, TypeAlias, assert_never

from mediaos.core.conditions import Condition

ItemKey = NewType("ItemKey", str)
"""`movie/dune-2021`, `series/the-office-2005/s02e01`: the item an action is for."""
ActionKey = NewType("ActionKey", str)
"""`verb:item[:detail]`, derived from content."""

Verb = Literal["search", "grab", "import", "cancel", "remove", "prune", "blocklist"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One proposed side effect. Subclasses add typed fields and say which go in the key."""

    verb: ClassVar[Verb]
    item: ItemKey
    reason: str
    """One sentence for `diff` and history: why this action is needed."""

    @property
    def key(self) -> ActionKey:
        return ActionKey(":".join((self.verb, self.item, *self._key_details())))

    def _key_details(self) -> tuple[str, ...]:
        return ()


def guid_digest(guid: str) -> str:
    """A short, stable stand-in for a guid in keys (a guid may carry a passkey)."""
    return "g" + hashlib.sha256(guid.encode()).hexdigest()[:16]


def _release_id(info_hash: str | None, guid: str) -> str:
    return info_hash.lower() if info_hash else guid_digest(guid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Search(Action):
    """Query the indexers for the item (ids first, then titles). Key: `search:<item>`."""

    verb: ClassVar[Verb] = "search"


@dataclass(frozen=True, slots=True, kw_only=True)
class Grab(Action):
    """Send one release to a client. Key: `grab:<item>:<info-hash, or guid digest>`."""

    verb: ClassVar[Verb] = "grab"
    guid: str
    indexer: str
    client: str
    title: str
    protocol: Literal["torrent", "usenet"]
    info_hash: str | None = None

    def _key_details(self) -> tuple[str, ...]:
        return (_release_id(self.info_hash, self.guid),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Import(Action):
    """Copy or hardlink a finished download into the library. Key: `import:<item>:<id>`."""

    verb: ClassVar[Verb] = "import"
    client: str
    download_id: str
    source: PurePosixPath
    destination: PurePosixPath

    def _key_details(self) -> tuple[str, ...]:
        return (self.download_id.lower(),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancel(Action):
    """Stop a pending or failed download and drop its data. Key: `cancel:<item>:<id>`."""

    verb: ClassVar[Verb] = "cancel"
    client: str
    download_id: str

    def _key_details(self) -> tuple[str, ...]:
        return (self.download_id.lower(),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Remove(Action):
    """Take a finished, imported download out of its client once seeding goals are met."""

    verb: ClassVar[Verb] = "remove"
    client: str
    download_id: str

    def _key_details(self) -> tuple[str, ...]:
        return (self.download_id.lower(),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Prune(Action):
    """Move a library file of an item no longer wanted to the recycle bin, never delete it.

    Key: `prune:<item>:<path>`; only planned when `prune` is on and the item is not protected.
    """

    verb: ClassVar[Verb] = "prune"
    path: PurePosixPath

    def _key_details(self) -> tuple[str, ...]:
        return (str(self.path),)


@dataclass(frozen=True, slots=True, kw_only=True)
class Blocklist(Action):
    """Never grab this release again for this item. Key: `blocklist:<item>:<release id>`."""

    verb: ClassVar[Verb] = "blocklist"
    guid: str
    indexer: str
    info_hash: str | None = None

    def _key_details(self) -> tuple[str, ...]:
        return (_release_id(self.info_hash, self.guid),)


EngineAction: TypeAlias = Search | Grab | Import | Cancel | Remove | Prune | Blocklist
Status: TypeAlias = Mapping[ItemKey, tuple[Condition, ...]]


@dataclass(frozen=True, slots=True)
class Plan:
    """What one pass would do (`actions`, sorted by key) and what items should show."""

    actions: tuple[Action, ...] = ()
    status: Status = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [a.key for a in self.actions]
        if keys != sorted(set(keys)):
            raise ValueError("Plan.actions must be sorted by key with unique keys; use Plan.of")

    @classmethod
    def of(cls, actions: Iterable[Action], status: Status | None = None) -> Plan:
        """Sort by key and drop exact duplicates; two different actions on one key is a bug.

        A mutable `status` (a dict) is copied, as the caller may change it later; another
        mapping is kept as it is, so a planner can hand over a read-only one that builds its
        values when read. (A read-only view of a dict the caller keeps changing would change
        the plan too: do not pass one.)"""
        by_key: dict[ActionKey, Action] = {}
        for action in actions:
            seen = by_key.setdefault(action.key, action)
            if seen != action:
                raise ValueError(f"two different actions share the key {action.key}")
        kept: Status = {}
        if status is not None:
            kept = dict(status) if isinstance(status, MutableMapping) else status
        return cls(tuple(by_key[k] for k in sorted(by_key)), kept)

    @property
    def in_sync(self) -> bool:
        return not self.actions


@dataclass(frozen=True, slots=True)
class Done:
    """The action's effect holds (done now, or found already done)."""

    reason: str = "Done"
    message: str = ""
    conditions: tuple[Condition, ...] = ()
    """Conditions of `action.item` this outcome establishes (`Grabbed` True ...)."""


@dataclass(frozen=True, slots=True)
class Retry:
    """Not done; try again after `after`. Backoff is per action key."""

    after: timedelta
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class Stalled:
    """Not done, and retrying cannot help until the spec or an adapter's config changes."""

    reason: str
    message: str


Outcome: TypeAlias = Done | Retry | Stalled
OutcomeName = Literal["done", "retry", "stalled"]


def outcome_name(outcome: Outcome) -> OutcomeName:
    match outcome:
        case Done():
            return "done"
        case Retry():
            return "retry"
        case Stalled():
            return "stalled"
        case _:
            assert_never(outcome)


@dataclass(frozen=True, slots=True)
class PendingIntent:
    """An action whose intent was recorded but whose outcome never was (a crash, a kill).

    The next `observe` settles it by asking the peer; it is never re-run blindly.
    """

    key: ActionKey
    verb: str
    item: ItemKey
    reason: str
    intended_at: datetime


#: Keys whose values are dropped from a spec before hashing, at any depth, in case a caller
#: forgot to redact: the revision must never depend on (or leak) a secret.
SECRET_KEYS: Final = frozenset(
    {"api_key", "apikey", "password", "passkey", "token", "secret", "username", "cookie"}
)


def revision_of(spec_json: str) -> str:
    """A stable hash of a desired item's normalised spec, secrets excluded.

    Takes the spec as JSON text (already redacted by the schema layer); key order and
    whitespace do not matter, and values under `SECRET_KEYS` are left out entirely.
    """
    normal = json.dumps(
        _without_secrets(json.loads(spec_json)),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def _without_secrets(value: object) -> object:
    if isinstance(value, dict):
        return {
            k: _without_secrets(v) for k, v in value.items() if str(k).lower() not in SECRET_KEYS
        }
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value

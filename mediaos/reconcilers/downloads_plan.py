"""The downloads planner: what to do about every grab the clients are working on. Pure.

Condition table (item conditions this loop owns):

| type          | status  | reason                         | when                                  |
| ------------- | ------- | ------------------------------ | ------------------------------------- |
| `Downloading` | True    | `Transferring`                 | the client is working on it           |
| `Downloading` | False   | `DownloadFailed`               | the client says it failed             |
| `Downloading` | False   | `DownloadStalled`              | no progress for `stalled_after`       |
| `Downloading` | Unknown | `ClientUnreachable`            | the client did not answer             |
| `Importing`   | True    | `Transferring`                 | finished, import planned              |
| `Available`   | True    | `ImportVerified`               | set by `apply(Import)`                |

Rules, per live grab (grabbed, downloading, completed):
- its client unreachable, or no longer configured: nothing; the grab is left alone (a dead
  client is a problem, never a sign that the download is gone);
- its download absent from a reachable client (removed by hand) once the grab is older than
  `VANISHED_GRACE`: `Cancel`, which records the grab cancelled, so acquisition grabs again;
- failed in the client, or no progress for longer than the client's `stalled_after` (paused
  and queued downloads excepted: a person or the queue holds them): `Blocklist` that release
  for that item, and `Cancel` (removed from the client with its data). The stall timer
  counts only time the download was watched and free to move: it restarts while the download
  is paused or queued, and when it is seen again after more than `UNWATCHED_SHARE` of
  `stalled_after` without a sighting (its client unreachable, the machine off): see
  `restarts_stall_timer`;
- complete and not yet imported, for a slot still desired: `Import` from the download's
  local path into the slot's folder. A grab for a slot no longer desired is the removal
  loop's business, so nothing is imported for it.
Per imported download still in its client: with `remove_completed`, once a seeding goal is
met (ratio >= `seed_ratio`, or seeding time >= `seed_time`; the client's goal first, else the
indexer's; no goal at all means at once): `Remove`, keeping the files (the library holds its
own hardlink or copy). Usenet downloads have no seeding and are left in the client's history.

Invariants: the same observation gives the same plan; every action key comes from content
(`verb:item:download id`); nothing here reads a clock or a disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Final, Literal

from mediaos.adapters.downloaders.base import DownloadState, DownloadStatus
from mediaos.core.actions import Action, Blocklist, Cancel, Import, ItemKey, Plan, Remove
from mediaos.core.conditions import (
    CLIENT_UNREACHABLE,
    DOWNLOAD_FAILED,
    DOWNLOAD_STALLED,
    DOWNLOADING,
    IMPORTING,
    TRANSFERRING,
    Condition,
    Truth,
)
from mediaos.reconcilers.base import Observed
from mediaos.reconcilers.desired import Desired
from mediaos.state.downloads import DownloadRecord, SeedingRecord
from mediaos.state.grabs import GrabRecord

#: A grab younger than this whose download is not listed yet is not "vanished": the client
#: may not list a download it accepted a moment ago (a magnet resolving, an NZB queued).
VANISHED_GRACE: Final = timedelta(minutes=5)
#: A gap between two sightings longer than this share of `stalled_after` restarts the stall
#: timer: at most this much of the time a download is given up for went unwatched.
UNWATCHED_SHARE: Final = 0.5
_WAITING: Final = frozenset({DownloadStatus.PAUSED, DownloadStatus.QUEUED})
_COMPLETE: Final = frozenset({DownloadStatus.COMPLETED, DownloadStatus.SEEDING})


@dataclass(frozen=True, slots=True)
class ClientRules:
    """The parts of a client's spec this loop obeys, resolved from the config."""

    name: str
    protocol: Literal["torrent", "usenet"]
    stalled_after: timedelta
    seed_ratio: float | None = None
    seed_time: timedelta | None = None
    remove_completed: bool = False


@dataclass(frozen=True, slots=True)
class SeedGoal:
    ratio: float | None = None
    time: timedelta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadsObserved(Observed):
    clients: Mapping[str, ClientRules] = field(default_factory=dict)
    """Every configured client, reachable or not."""
    downloads: Mapping[str, Mapping[str, DownloadState]] = field(default_factory=dict)
    """Per reachable client: its downloads in MediaOS' category, by lower-case id."""
    grabs: tuple[GrabRecord, ...] = ()
    """Live grabs."""
    tracking: Mapping[tuple[str, str], DownloadRecord] = field(default_factory=dict)
    """Per (client, download id): progress seen and since when, after this observation."""
    seeding: tuple[SeedingRecord, ...] = ()
    """Imported downloads not yet removed from their client."""
    indexer_goals: Mapping[str, SeedGoal] = field(default_factory=dict)
    sources: Mapping[tuple[str, str], PurePosixPath] = field(default_factory=dict)
    """Per (client, download id) of a complete download: its content as a local path."""
    folders: Mapping[str, PurePosixPath] = field(default_factory=dict)
    """Per slot key: the slot's library folder (where an import goes)."""


def is_complete(state: DownloadState) -> bool:
    return state.status in _COMPLETE or (
        state.progress >= 1.0 and state.status is not DownloadStatus.FAILED
    )


def restarts_stall_timer(
    state: DownloadState, known: DownloadRecord | None, rules: ClientRules, now: datetime
) -> bool:
    """Whether this sighting starts the stall timer again rather than continuing it.

    Why: a paused or queued download is held, not stalled, and one not looked at for a while
    may have moved and stopped meanwhile; counting that time would give up (blocklist, and
    delete the data of) a download resumed after a night in the queue or an outage.
    """
    if state.status in _WAITING or known is None or known.seen_at is None:
        return True
    return now - known.seen_at > rules.stalled_after * UNWATCHED_SHARE


def plan_downloads(desired: Desired, observed: DownloadsObserved, now: datetime) -> Plan:
    """Every action for the grabs and imported downloads observed; see the module rules."""
    slots = desired.by_key()
    actions: list[Action] = []
    status: dict[ItemKey, tuple[Condition, ...]] = {}

    def show(item: ItemKey, *conditions: Condition) -> None:
        status[item] = (*status.get(item, ()), *conditions)

    for grab in observed.grabs:
        item = ItemKey(grab.item_key)
        slot = slots.get(grab.item_key)
        revision = slot.revision if slot else ""

        def cond(kind: str, truth: Truth, reason: str, message: str) -> Condition:
            return Condition(kind, truth, reason, message, now, revision)  # noqa: B023

        rules = observed.clients.get(grab.client)
        listing = observed.downloads.get(grab.client)
        if rules is None or listing is None:
            why = "is not configured" if rules is None else "did not answer"
            show(item, cond(DOWNLOADING, Truth.UNKNOWN, CLIENT_UNREACHABLE,
                            f"Download client {grab.client} {why}."))  # fmt: skip
            continue
        state = listing.get(grab.download_id.lower())
        if state is None:
            if now - grab.grabbed_at >= VANISHED_GRACE:
                actions.append(_cancel(grab, f"the download vanished from {grab.client}"))
            continue
        if state.status is DownloadStatus.FAILED:
            detail = f": {state.error}" if state.error else ""
            show(item, cond(DOWNLOADING, Truth.FALSE, DOWNLOAD_FAILED,
                            f"{grab.client} reports the download failed{detail}."))  # fmt: skip
            actions += _give_up(grab, f"the download failed in {grab.client}")
        elif is_complete(state):
            source = observed.sources.get((grab.client, grab.download_id))
            folder = observed.folders.get(grab.item_key)
            if slot is None or source is None or folder is None:
                continue
            show(item, cond(IMPORTING, Truth.TRUE, TRANSFERRING, "Finished; importing."))
            actions.append(
                Import(
                    item=item,
                    reason=f"{grab.title} finished downloading in {grab.client}",
                    client=grab.client,
                    download_id=grab.download_id,
                    source=source,
                    destination=folder,
                )
            )
        elif _stalled(grab, state, rules, observed.tracking, now):
            show(item, cond(DOWNLOADING, Truth.FALSE, DOWNLOAD_STALLED,
                            f"No progress for longer than {rules.stalled_after}."))  # fmt: skip
            actions += _give_up(grab, f"no progress for longer than {rules.stalled_after}")
        else:
            percent = f"{state.progress:.0%}"
            show(item, cond(DOWNLOADING, Truth.TRUE, TRANSFERRING,
                            f"{grab.client}: {percent} of {grab.title}."))  # fmt: skip
    actions += _removals(observed)
    return Plan.of(actions, status)


def _stalled(
    grab: GrabRecord,
    state: DownloadState,
    rules: ClientRules,
    tracking: Mapping[tuple[str, str], DownloadRecord],
    now: datetime,
) -> bool:
    if state.status in _WAITING:
        return False
    seen = tracking.get((grab.client, grab.download_id))
    since = seen.progress_at if seen is not None else grab.grabbed_at
    return now - since > rules.stalled_after


def _cancel(grab: GrabRecord, why: str) -> Cancel:
    return Cancel(
        item=ItemKey(grab.item_key),
        reason=f"{why}; searching again",
        client=grab.client,
        download_id=grab.download_id,
    )


def _give_up(grab: GrabRecord, why: str) -> list[Action]:
    block = Blocklist(
        item=ItemKey(grab.item_key),
        reason=f"{why}: never grab {grab.title} again for this item",
        guid=grab.guid,
        indexer=grab.indexer,
        info_hash=grab.info_hash,
    )
    return [block, _cancel(grab, why)]


def seed_goal(rules: ClientRules, indexer: SeedGoal | None) -> SeedGoal:
    """The client's goals where set, else the indexer's."""
    fallback = indexer or SeedGoal()
    return SeedGoal(
        rules.seed_ratio if rules.seed_ratio is not None else fallback.ratio,
        rules.seed_time if rules.seed_time is not None else fallback.time,
    )


def goal_met(goal: SeedGoal, state: DownloadState) -> bool:
    """Either goal reached (as qBittorrent's share limits work); no goal: met at once."""
    if goal.ratio is None and goal.time is None:
        return True
    ratio_met = goal.ratio is not None and (state.ratio or 0.0) >= goal.ratio
    time_met = goal.time is not None and (state.seeding_time or 0) >= goal.time.total_seconds()
    return ratio_met or time_met


def _removals(observed: DownloadsObserved) -> list[Action]:
    actions: list[Action] = []
    for seeding in observed.seeding:
        record = seeding.download
        rules = observed.clients.get(record.client)
        listing = observed.downloads.get(record.client)
        if rules is None or listing is None or rules.protocol != "torrent":
            continue
        state = listing.get(record.download_id.lower())
        if state is None or not rules.remove_completed or not is_complete(state):
            continue
        goal = seed_goal(rules, observed.indexer_goals.get(seeding.indexer))
        if goal_met(goal, state):
            actions.append(
                Remove(
                    item=ItemKey(record.item_key),
                    reason=f"imported, and its seeding goal in {record.client} is met",
                    client=record.client,
                    download_id=record.download_id,
                )
            )
    return actions

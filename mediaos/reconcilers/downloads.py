"""The downloads loop: follow grabs in the clients, import what finished, let go of the rest.

Condition table and planning rules: `mediaos.reconcilers.downloads_plan` (pure). This
module is the I/O around it.

`observe`:
- lists every client's category (a client that fails is a `Problem`; its grabs are left
  alone, never taken for vanished);
- notes each live grab's progress in the `downloads` table (the stall timer) and moves the
  grab to `downloading` / `completed` as the client reports it; a live grab whose download
  row says imported or removed was revived (the same release grabbed again): the row is
  reopened, so the download is imported and seeded again;
- drift: an imported download no longer in its (reachable) client is recorded as removed;
  a live grab whose download vanished is planned as a `Cancel` (visible in `diff`), which
  records it cancelled so acquisition grabs again;
- on a read-only state (`diff` beside a running `apply`) writes nothing: progress is planned
  from what would have been recorded, and interrupted intents are left pending;
- settles the interrupted intents of its verbs by looking, never by re-running them: an
  import whose files are all at their destination is recorded and indexed; a partial one is
  settled `Retry` and planned again (the transfer is atomic per file and recognises files
  already in place); a cancel or remove is done when the client no longer has the download.

`apply` carries out one action: `Import` (see `mediaos.reconcilers.importing`, then media
servers and notifications, whose failures are logged, never an import failure), `Remove`
(keep files), `Cancel` (drop data) and `Blocklist`.

Invariants: the client is asked before it is told (a download already gone is not removed
twice); grab state changes only after the side effect it records.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

from mediaos.adapters.downloaders.base import Downloader, DownloadState
from mediaos.adapters.filesystem import map_client_path
from mediaos.adapters.mediaservers.base import MediaServer
from mediaos.adapters.notifiers.base import Event, Notifier, wants
from mediaos.core.actions import (
    Action,
    Blocklist,
    Cancel,
    Done,
    Import,
    ItemKey,
    Outcome,
    PendingIntent,
    Plan,
    Remove,
    Retry,
    Stalled,
    guid_digest,
)
from mediaos.core.clock import Clock
from mediaos.core.conditions import (
    AVAILABLE,
    BLOCKLISTED,
    IMPORT_VERIFIED,
    IMPORTING,
    INTERRUPTED,
    Condition,
    Truth,
)
from mediaos.core.errors import AdapterError, NotFound
from mediaos.reconcilers.base import Problem
from mediaos.reconcilers.client_removal import take_out
from mediaos.reconcilers.desired import Desired, Slot
from mediaos.reconcilers.downloads_plan import (
    ClientRules,
    DownloadsObserved,
    SeedGoal,
    is_complete,
    plan_downloads,
    restarts_stall_timer,
)
from mediaos.reconcilers.import_job import slot_folder
from mediaos.releases.naming import NamingError
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.downloads import BlackholeSpec, TorrentClientSpec, client_protocol
from mediaos.schemas.services import NotificationEvent
from mediaos.state.blocklist import BlocklistRecord, BlocklistRepo
from mediaos.state.db import StateDB
from mediaos.state.downloads import DownloadRecord, DownloadRepo, SeedingRecord, sighted
from mediaos.state.grabs import GrabRecord, GrabRepo, GrabState
from mediaos.state.history import EventRecord, EventRepo
from mediaos.state.journal import SqliteJournal

if TYPE_CHECKING:
    from mediaos.reconcilers.importing import ImportResult

# Importing (the file importer, the library scanner and their readers) is loaded by the
# methods that import files: an offline `diff` only looks at downloads.

log = logging.getLogger(__name__)

#: Verbs whose interrupted intents this loop settles (prune is the removal loop's).
SETTLES: tuple[str, ...] = ("import", "remove", "cancel", "blocklist")
MANUAL_CLIENT = "manual"
"""The `client` recorded for `mediaos import PATH --as ITEM` imports."""


def client_rules(config: MediaOSConfig) -> dict[str, ClientRules]:
    rules = {}
    for spec in config.download_clients:
        ratio, time, remove = None, None, False
        if isinstance(spec, TorrentClientSpec):
            ratio, time, remove = spec.seed_ratio, spec.seed_time, spec.remove_completed
        elif isinstance(spec, BlackholeSpec):
            ratio, time = spec.seed_ratio, spec.seed_time
        rules[spec.name] = ClientRules(
            name=spec.name,
            protocol=client_protocol(spec),
            stalled_after=spec.stalled_after,
            seed_ratio=ratio,
            seed_time=time,
            remove_completed=remove,
        )
    return rules


class Downloads:
    kind: ClassVar[str] = "downloads"

    def __init__(
        self,
        *,
        config: MediaOSConfig,
        state: StateDB,
        clients: Mapping[str, Downloader],
        clock: Clock,
        media_servers: Sequence[MediaServer] = (),
        notifiers: Sequence[Notifier] = (),
    ) -> None:
        self._config = config
        self._state = state
        self._clients = clients
        self._clock = clock
        self._media_servers = media_servers
        self._notifiers = notifiers
        self._grabs = GrabRepo(state)
        self._downloads = DownloadRepo(state)
        self._blocklist = BlocklistRepo(state)
        self._events = EventRepo(state)
        self._journal = SqliteJournal(state)
        self._categories = {spec.name: spec.category for spec in config.download_clients}
        self._desired: Desired | None = None

    # -- observe ---------------------------------------------------------------------------

    async def observe(self, desired: Desired) -> DownloadsObserved:
        self._desired = desired
        now = self._clock.now()
        problems: list[Problem] = []
        listings = await self._list_clients(problems)
        pending = await self._settle_pending(desired, listings, now, problems)
        tracking = self._follow(self._grabs.live(), listings, now)
        seeding = self._seeding(listings, now)
        live = self._grabs.live()
        sources, folders = self._places(desired, live, listings, problems)
        return DownloadsObserved(
            problems=tuple(problems),
            pending=pending,
            clients=client_rules(self._config),
            downloads=listings,
            grabs=live,
            tracking=tracking,
            seeding=seeding,
            indexer_goals={
                i.name: SeedGoal(i.seed_ratio, i.seed_time) for i in self._config.indexers
            },
            sources=sources,
            folders=folders,
        )

    def plan(self, desired: Desired, observed: DownloadsObserved, now: datetime) -> Plan:
        return plan_downloads(desired, observed, now)

    async def _list_clients(self, problems: list[Problem]) -> dict[str, dict[str, DownloadState]]:
        listings: dict[str, dict[str, DownloadState]] = {}
        for name in sorted(self._clients):
            category = self._categories.get(name, "mediaos")
            try:
                listed = await self._clients[name].list(category=category)
            except AdapterError as err:
                problems.append(Problem.of(f"client/{name}", err))
                continue
            listings[name] = {d.id.lower(): d for d in listed}
        return listings

    def _follow(
        self,
        live: Sequence[GrabRecord],
        listings: Mapping[str, Mapping[str, DownloadState]],
        now: datetime,
    ) -> dict[tuple[str, str], DownloadRecord]:
        """Progress seen (the stall timer) and the grab's state as the client reports it."""
        tracking: dict[tuple[str, str], DownloadRecord] = {}
        rules = client_rules(self._config)
        for grab in live:
            key = (grab.client, grab.download_id)
            state = listings.get(grab.client, {}).get(grab.download_id.lower())
            known = self._downloads.get(*key)
            if known is not None and (known.imported_at or known.removed_at):
                # A grab revived (the same release grabbed again after an import): follow it
                # as new, or it would never be seeded out, or be taken out before its import.
                known = replace(known, completed_at=None, imported_at=None, removed_at=None)
                if not self._state.readonly:
                    self._downloads.reopen(*key)
            if state is None:
                if known is not None:
                    tracking[key] = known
                continue
            client = rules.get(grab.client)
            restart = client is None or restarts_stall_timer(state, known, client, now)
            if self._state.readonly:
                # `diff` beside a running `apply`: plan from what a write would have recorded.
                tracking[key] = sighted(known, *key, grab.item_key, state.progress, now,
                                        restart=restart)  # fmt: skip
                continue
            tracking[key] = self._downloads.observe_progress(
                grab.client, grab.download_id, grab.item_key, state.progress, now, restart=restart
            )
            moved: GrabState = "completed" if is_complete(state) else "downloading"
            if grab.state != moved and not (grab.state == "completed" and moved != "completed"):
                self._grabs.set_state(grab.client, grab.download_id, moved, now)
        return tracking

    def _seeding(
        self, listings: Mapping[str, Mapping[str, DownloadState]], now: datetime
    ) -> tuple[SeedingRecord, ...]:
        """Imported downloads still in their client; one removed by hand is recorded so."""
        kept: list[SeedingRecord] = []
        live = {(g.client, g.download_id) for g in self._grabs.live()}
        for seeding in self._downloads.seeding():
            record = seeding.download
            listing = listings.get(record.client)
            if record.client == MANUAL_CLIENT or (record.client, record.download_id) in live:
                continue  # a live grab's download is being downloaded again, not seeded
            if listing is not None and record.download_id.lower() not in listing:
                if self._state.readonly:
                    continue  # recorded by the next read-write pass
                self._downloads.mark_removed(record.client, record.download_id, now)
                self._grabs.set_state(record.client, record.download_id, "removed", now)
                continue
            kept.append(seeding)
        return tuple(kept)

    def _places(
        self,
        desired: Desired,
        live: Sequence[GrabRecord],
        listings: Mapping[str, Mapping[str, DownloadState]],
        problems: list[Problem],
    ) -> tuple[dict[tuple[str, str], PurePosixPath], dict[str, PurePosixPath]]:
        """Local paths of complete downloads, and the library folder of each grabbed slot."""
        slots = desired.by_key()
        sources: dict[tuple[str, str], PurePosixPath] = {}
        folders: dict[str, PurePosixPath] = {}
        for grab in live:
            state = listings.get(grab.client, {}).get(grab.download_id.lower())
            slot = slots.get(grab.item_key)
            if state is None or slot is None or not is_complete(state):
                continue
            local = self._local_path(state)
            if local is None:
                problems.append(
                    Problem(f"client/{grab.client}", "NoContentPath",
                            f"{grab.client} reports no path for {grab.title}",
                            ItemKey(grab.item_key))
                )  # fmt: skip
                continue
            sources[(grab.client, grab.download_id)] = PurePosixPath(local)
            try:
                folder = slot_folder(
                    slot, self._config.library, season_folders=self._season_folders(slot)
                )
                folders[grab.item_key] = PurePosixPath(folder)
            except NamingError as err:
                problems.append(Problem.of("naming", err, item=ItemKey(grab.item_key)))
        return sources, folders

    def _season_folders(self, slot: Slot) -> bool:
        """The series' `season_folders` (the slot does not carry it)."""
        return next((s.season_folders for s in self._config.series if s.key() == slot.item), True)

    def _local_path(self, state: DownloadState) -> Path | None:
        reported = state.content_path
        if not reported and state.save_path:
            reported = f"{state.save_path.rstrip('/')}/{state.name}"
        if not reported:
            return None
        mappings = self._config.library.path_mappings
        return map_client_path(reported, mappings, client=state.client)

    # -- interrupted intents ---------------------------------------------------------------

    async def _settle_pending(
        self,
        desired: Desired,
        listings: Mapping[str, Mapping[str, DownloadState]],
        now: datetime,
        problems: list[Problem],
    ) -> tuple[PendingIntent, ...]:
        left = []
        for intent in await self._journal.pending_intents():
            if intent.verb not in SETTLES:
                continue
            if self._state.readonly:
                left.append(intent)  # settling writes; the planner leaves its unit alone
                continue
            download_id = intent.key.removeprefix(f"{intent.verb}:{intent.item}:")
            grab = next(
                (g for g in self._grabs.for_item(intent.item)
                 if g.download_id.lower() == download_id),
                None,
            )  # fmt: skip
            outcome = await self._look(intent, grab, desired, listings, now, problems)
            if outcome is None:
                left.append(intent)
            else:
                self._journal.settle_pending(intent.key, outcome, now)
        return tuple(left)

    async def _look(
        self,
        intent: PendingIntent,
        grab: GrabRecord | None,
        desired: Desired,
        listings: Mapping[str, Mapping[str, DownloadState]],
        now: datetime,
        problems: list[Problem],
    ) -> Outcome | None:
        """What an interrupted action came to, by looking; None: cannot tell yet."""
        again = Retry(timedelta(0), INTERRUPTED, "Interrupted; planned again after a look.")
        if grab is None or intent.verb == "blocklist":
            return again  # a blocklist insert is one transaction: redoing it is harmless
        listing = listings.get(grab.client)
        if intent.verb in ("cancel", "remove"):
            if listing is None:
                return None
            if grab.download_id.lower() in listing:
                return again
            if intent.verb == "cancel":
                self._cancelled(grab.client, grab.download_id, now)
            else:
                self._removed(grab.client, grab.download_id, now)
            return Done(INTERRUPTED, "The client no longer has the download.")
        if grab.state == "imported":
            from mediaos.reconcilers.library import index_library

            slot = desired.by_key().get(grab.item_key)
            if slot is not None:
                ignore = self._config.library.ignore
                await index_library(self._state, {slot.kind: slot.root}, ignore=ignore)
            return Done(IMPORT_VERIFIED, "Imported before the interruption.")
        return await self._look_at_import(grab, desired, listing, now, problems) or again

    async def _look_at_import(
        self,
        grab: GrabRecord,
        desired: Desired,
        listing: Mapping[str, DownloadState] | None,
        now: datetime,
        problems: list[Problem],
    ) -> Outcome | None:
        slots = desired.by_key()
        slot = slots.get(grab.item_key)
        state = (listing or {}).get(grab.download_id.lower())
        local = self._local_path(state) if state is not None else None
        if slot is None or local is None:
            return None
        from mediaos.reconcilers.importing import is_in_place, leftover_temporaries, plan_import
        from mediaos.reconcilers.library import index_library

        try:
            job = plan_import(
                local, slot, self._config.library, release_title=grab.title,
                episode_slots=slots, season_folders=self._season_folders(slot),
            )  # fmt: skip
        except AdapterError as err:
            problems.append(Problem.of("import", err, item=ItemKey(grab.item_key)))
            return None
        leftover_temporaries(job)
        if not is_in_place(local, job):
            return None
        paths = [str(job.destinations[p.file.path]) for p in job.plan.picks]
        self._record_import(grab.client, grab.download_id, grab.item_key, paths, now)
        await index_library(self._state, {slot.kind: slot.root}, ignore=self._config.library.ignore)
        return Done(IMPORT_VERIFIED, "The files were in place before the interruption.")

    # -- apply -----------------------------------------------------------------------------

    async def apply(self, action: Action) -> Outcome:
        match action:
            case Import():
                return await self._import(action)
            case Remove():
                return await self._take_out(action.client, action.download_id, keep=True)
            case Cancel():
                return await self._take_out(action.client, action.download_id, keep=False)
            case Blocklist():
                return self._block(action)
        raise TypeError(f"the downloads loop does not apply {action.verb} actions")

    async def _import(self, action: Import) -> Outcome:
        grab = next(
            (g for g in self._grabs.by_download(action.client, action.download_id)
             if g.item_key == action.item),
            None,
        )  # fmt: skip
        if grab is None:
            raise NotFound("downloads", "import", f"no grab of {action.item} for this download")
        if grab.state == "imported":
            return Done(IMPORT_VERIFIED, "Already imported.", self._available(action.item))
        desired = self._desired
        slot = desired.by_key().get(action.item) if desired is not None else None
        if desired is None or slot is None:
            return Stalled("NotWanted", f"{action.item} is no longer a wanted slot.")
        now = self._clock.now()
        from mediaos.reconcilers.importing import run_import

        def record(result: ImportResult) -> None:
            self._record_import(action.client, action.download_id, grab.item_key,
                                result.paths, now, title=grab.title)  # fmt: skip

        result = await run_import(
            self._state, Path(action.source), slot, self._config.library,
            release_title=grab.title, episode_slots=desired.by_key(), now=now, record=record,
            season_folders=self._season_folders(slot),
        )  # fmt: skip
        if not result.transferred:
            return Stalled(
                "NoImportableFile",
                f"Nothing in {action.source} is a file for {action.item}; "
                "import it by hand with `mediaos import PATH --as ITEM`.",
            )
        await self._announce(slot, result, grab.title)
        return Done(IMPORT_VERIFIED, self._summary(result), self._available(action.item))

    async def import_path(self, path: Path, slot: Slot) -> Outcome:
        """`mediaos import PATH --as ITEM`: import a file or folder the scanner could not
        match, as `slot`, with the same naming and atomic transfer as the loop."""
        desired = self._desired
        episodes = desired.by_key() if desired is not None else {slot.unit.key: slot}
        now = self._clock.now()
        manual_id = guid_digest(str(path.resolve()))
        from mediaos.reconcilers.importing import run_import

        def record(result: ImportResult) -> None:
            self._record_import(MANUAL_CLIENT, manual_id, slot.unit.key, result.paths, now,
                                title=path.name)  # fmt: skip

        result = await run_import(
            self._state, path, slot, self._config.library,
            release_title=path.name, episode_slots=episodes, now=now, record=record,
            season_folders=self._season_folders(slot),
        )  # fmt: skip
        if not result.transferred:
            return Stalled("NoImportableFile", f"Nothing in {path} is a file for {slot.unit.key}.")
        await self._announce(slot, result, path.name)
        return Done(IMPORT_VERIFIED, self._summary(result), self._available(slot.unit.key))

    async def _take_out(self, client_name: str, download_id: str, *, keep: bool) -> Outcome:
        """Remove (keep files) or cancel (drop data) one download, asking the client first."""
        client = self._clients.get(client_name)
        if client is None:
            raise NotFound("downloads", "remove", f"download client {client_name} is not set up")
        category = self._categories.get(client_name, "mediaos")
        await take_out(client, download_id, category=category, delete_files=not keep)
        now = self._clock.now()
        if keep:
            self._removed(client_name, download_id, now)
            return Done("Removed", f"Removed from {client_name}; the library keeps its files.")
        self._cancelled(client_name, download_id, now)
        return Done("Cancelled", f"Removed from {client_name} with its data.")

    def _block(self, action: Blocklist) -> Outcome:
        now = self._clock.now()
        self._blocklist.add(
            BlocklistRecord(action.item, action.guid, action.info_hash, action.reason, now)
        )
        return Done(BLOCKLISTED, "The release will not be grabbed again for this item.")

    # -- records and announcements ---------------------------------------------------------

    def _record_import(
        self,
        client: str,
        download_id: str,
        item: str,
        paths: Sequence[str],
        at: datetime,
        *,
        title: str = "",
    ) -> None:
        self._downloads.record_import(client, download_id, item, paths, at)
        self._grabs.set_state(client, download_id, "imported", at)
        message = f"imported {len(paths)} file(s)" + (f" from {title}" if title else "")
        data: dict[str, str | int] = {"client": client, "files": len(paths)}
        self._events.append(EventRecord(at, "import", item, None, message, data))

    def _removed(self, client: str, download_id: str, at: datetime) -> None:
        self._downloads.mark_removed(client, download_id, at)
        self._grabs.set_state(client, download_id, "removed", at)

    def _cancelled(self, client: str, download_id: str, at: datetime) -> None:
        self._grabs.set_state(client, download_id, "cancelled", at)
        self._downloads.forget(client, download_id)

    async def _announce(self, slot: Slot, result: ImportResult, title: str) -> None:
        """Media servers and notifications: their failures are logged, not the import's."""
        folder = result.job.folder
        now = self._clock.now()
        servers = self._media_servers if folder is not None else ()
        for server in servers:
            assert folder is not None
            try:
                await server.refresh(folder)
            except AdapterError as err:
                log.warning("media server %s was not refreshed for %s: %s",
                            server.name, slot.unit.key, err)  # fmt: skip
                self._events.append(EventRecord(now, "mediaserver-failed", slot.unit.key, None,
                                                f"{server.name}: {err}"))  # fmt: skip
        kind: NotificationEvent = "upgrade" if result.recycled else "import"
        event = Event(kind, slot.unit.key, slot.unit.title, self._summary(result) + f": {title}",
                      now, {"files": len(result.transferred)})  # fmt: skip
        specs = {spec.name: spec for spec in self._config.notifications}
        for notifier in self._notifiers:
            spec = specs.get(notifier.name)
            if spec is not None and not wants(spec, event):
                continue
            try:
                await notifier.send(event)
            except AdapterError as err:
                log.warning("notification %s failed for %s: %s",
                            notifier.name, slot.unit.key, err)  # fmt: skip

    @staticmethod
    def _summary(result: ImportResult) -> str:
        moved = len(result.transferred)
        recycled = len(result.recycled)
        tail = f", {recycled} replaced file(s) to the recycle bin" if recycled else ""
        return f"{moved} file(s) in the library{tail}"

    def _available(self, item: str) -> tuple[Condition, ...]:
        now = self._clock.now()
        revision = ""
        if self._desired is not None:
            slot = self._desired.by_key().get(item)
            revision = slot.revision if slot is not None else ""
        return (
            Condition(AVAILABLE, Truth.TRUE, IMPORT_VERIFIED, "In the library.", now, revision),
            Condition(IMPORTING, Truth.FALSE, IMPORT_VERIFIED, "Import finished.", now, revision),
        )

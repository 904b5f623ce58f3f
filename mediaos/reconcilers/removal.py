"""The removal loop: an item taken out of the YAML stops being wanted, and nothing more.

Rules and the mass-removal guard: `mediaos.reconcilers.removal_plan` (pure). This module
observes (live grabs, the library index under MediaOS roots, what MediaOS imported) and
applies: `Cancel` takes a download out of its client with its data and records the grab
cancelled; `Prune` moves a library file, and the subtitles named after it, to the recycle
bin (never deletes), then brings the index up to date.

The guard is evaluated in `observe` as well as in `plan` (the planner does not depend on
time, so both agree): its `MassRemovalRefused` problem is in `Observed.problems`, where
`diff` and `apply` show it.

Invariants: a file outside the MediaOS roots, an unidentified file and a file of a
protected item are never pruned; without `library.recycle_bin` nothing is pruned at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from mediaos.adapters.downloaders.base import Downloader
from mediaos.adapters.filesystem.paths import inside_root
from mediaos.adapters.filesystem.policy import DEFAULT_HASH_LIMIT
from mediaos.adapters.filesystem.recycle import discard
from mediaos.core.actions import Action, Cancel, Done, Outcome, Plan, Prune
from mediaos.core.clock import Clock
from mediaos.core.conditions import AVAILABLE, NOT_WANTED, Condition, Truth
from mediaos.core.errors import NotFound
from mediaos.reconcilers.client_removal import take_out
from mediaos.reconcilers.desired import Desired
from mediaos.reconcilers.library import index_library
from mediaos.reconcilers.removal_plan import (
    LibraryFile,
    RemovalObserved,
    RemovalPlan,
    declared_items,
    listed_seasons,
    plan_removal,
)
from mediaos.releases.identify import MediaKind
from mediaos.schemas.config import MediaOSConfig
from mediaos.state.db import StateDB
from mediaos.state.downloads import DownloadRepo
from mediaos.state.grabs import GrabRepo
from mediaos.state.history import EventRecord, EventRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.library_index import identified_files

_MEDIA_KINDS = frozenset({"movie", "episode", "track", "book"})


class Removal:
    kind: ClassVar[str] = "removal"

    def __init__(
        self,
        *,
        config: MediaOSConfig,
        state: StateDB,
        clients: Mapping[str, Downloader],
        clock: Clock,
        allow_mass_removal: bool = False,
    ) -> None:
        self._config = config
        self._state = state
        self._clients = clients
        self._clock = clock
        self._allow = allow_mass_removal
        self._grabs = GrabRepo(state)
        self._downloads = DownloadRepo(state)
        self._events = EventRepo(state)
        self._journal = SqliteJournal(state)
        self._categories = {spec.name: spec.category for spec in config.download_clients}
        self._roots: dict[str, MediaKind] = {}
        self._memo: tuple[Desired, tuple[LibraryFile, ...], RemovalPlan] | None = None

    async def observe(self, desired: Desired) -> RemovalObserved:
        now = self._clock.now()
        await self._settle_pending(now)
        self._roots = self._mediaos_roots(desired)
        library = self._config.library
        # The index is read only when files may be pruned, and the declared items only when
        # something may be removed: with prune off (the default) and no live grab, a
        # 100,000-file library costs nothing here.
        prunes = library.prune and library.recycle_bin is not None
        files = (
            tuple(
                LibraryFile(f.root, f.path, f.kind, f.item_key, f.title, f.tmdb, f.imdb, f.tvdb)
                for root in sorted(self._roots)
                for f in identified_files(self._state, root)
                if f.kind in _MEDIA_KINDS
            )
            if prunes
            else ()
        )
        grabs = self._grabs.live()
        observed = RemovalObserved(
            grabs=grabs,
            files=files,
            imported=self._downloads.imported() if prunes else (),
            declared=declared_items(self._config, desired) if grabs or prunes else (),
            listed_seasons=listed_seasons(self._config),
            prune=library.prune,
            recycle_bin=library.recycle_bin is not None,
            max_removals=library.max_removals,
            allow_mass_removal=self._allow,
        )
        planned = plan_removal(desired, observed)
        self._memo = (desired, observed.files, planned)
        problems = planned.problems
        return RemovalObserved(
            problems=problems,
            grabs=observed.grabs,
            files=observed.files,
            imported=observed.imported,
            declared=observed.declared,
            listed_seasons=observed.listed_seasons,
            prune=observed.prune,
            recycle_bin=observed.recycle_bin,
            max_removals=observed.max_removals,
            allow_mass_removal=observed.allow_mass_removal,
        )

    def plan(self, desired: Desired, observed: RemovalObserved, now: datetime) -> Plan:
        # observe already planned (its problems are the guard's); reuse it for the same inputs.
        memo = self._memo
        if memo is not None and memo[0] is desired and memo[1] is observed.files:
            return Plan.of(memo[2].actions)
        return Plan.of(plan_removal(desired, observed).actions)

    def _mediaos_roots(self, desired: Desired) -> dict[str, MediaKind]:
        roots = self._config.library.roots
        found: dict[str, MediaKind] = {}
        for kind, root in (("movies", roots.movies), ("series", roots.series),
                           ("music", roots.music), ("books", roots.books)):  # fmt: skip
            if root is not None:
                found[str(root)] = kind  # type: ignore[assignment]
        last: Path | None = None
        for slot in desired.slots:
            if slot.root is not last:  # slots share their root objects; str(Path) is slow
                last = slot.root
                found.setdefault(str(last), slot.kind)
        return found

    async def _settle_pending(self, now: datetime) -> None:
        """An interrupted prune: the file is in the bin or still in place; either way the
        planner decides again from the index, so the intent is settled as done-or-redo.
        A read-only state (`diff` beside a running `apply`) settles nothing."""
        if self._state.readonly:
            return
        for intent in await self._journal.pending_intents():
            if intent.verb != "prune":
                continue
            path = Path(intent.key.removeprefix(f"prune:{intent.item}:"))
            if path.exists():
                continue  # left pending; the next plan proposes the same key again
            self._journal.settle_pending(
                intent.key, Done("Pruned", "The file was in the recycle bin already."), now
            )

    async def apply(self, action: Action) -> Outcome:
        match action:
            case Cancel():
                return await self._cancel(action)
            case Prune():
                return await self._prune(action)
        raise TypeError(f"the removal loop does not apply {action.verb} actions")

    async def _cancel(self, action: Cancel) -> Outcome:
        client = self._clients.get(action.client)
        if client is None:
            raise NotFound("removal", "cancel", f"download client {action.client} is not set up")
        category = self._categories.get(action.client, "mediaos")
        await take_out(client, action.download_id, category=category, delete_files=True)
        now = self._clock.now()
        self._grabs.set_state(action.client, action.download_id, "cancelled", now)
        self._downloads.forget(action.client, action.download_id)
        self._events.append(EventRecord(now, "cancel", action.item, action.key, action.reason))
        return Done(NOT_WANTED, f"Cancelled in {action.client}: {action.reason}.")

    async def _prune(self, action: Prune) -> Outcome:
        bin_root = self._config.library.recycle_bin
        path = Path(action.path)
        root = self._root_of(path)
        if bin_root is None or root is None:
            raise NotFound("removal", "prune", f"{path} is not under a MediaOS root with a bin")
        now = self._clock.now()
        moved: list[str] = []
        if path.exists():
            inside_root(root, path.parent)
            stem = path.name[: len(path.name) - len(path.suffix)]
            companions = sorted(
                p for p in path.parent.glob(f"{_glob_escape(stem)}.*") if p != path and p.is_file()
            )
            for victim in (path, *companions):
                target = discard(victim, bin_root, root, now, hash_limit=DEFAULT_HASH_LIMIT)
                moved.append(str(target))
            await index_library(
                self._state, {self._roots.get(str(root), "movies"): root},
                ignore=self._config.library.ignore,
            )  # fmt: skip
        message = f"{len(moved)} file(s) moved to the recycle bin" if moved else "already gone"
        self._events.append(EventRecord(now, "prune", action.item, action.key, message))
        gone = Condition(AVAILABLE, Truth.FALSE, NOT_WANTED, "Pruned to the recycle bin.", now)
        return Done(NOT_WANTED, message, (gone,))

    def _root_of(self, path: Path) -> Path | None:
        for root in sorted(self._roots, key=len, reverse=True):
            if Path(root) in path.parents:
                return Path(root)
        return None


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)

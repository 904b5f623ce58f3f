"""The engine pass: every reconciler, in a fixed order, over one resolved desired state.

Order, and why: the library index first (`apply` only; an import of the last round must be
seen before acquisition decides what is missing), then downloads (a finished download
becomes a library file), removal (an item taken out of the YAML stops being pursued before
acquisition would search for it), and acquisition last (it sees what the others settled).

- `plan_all` observes and plans each reconciler (no action is applied): what `mediaos diff`
  prints. A reconciler whose `observe` fails as a whole is a problem of that kind; the
  others are still planned.
- `apply_all` runs `run_pass` for each reconciler, then runs the whole round again while
  the previous round got something *new* done (a search done lets the next round grab, a
  grab done lets downloads follow it, an import done lets the index and acquisition see the
  file), at most `MAX_ROUNDS` rounds. A key done in an earlier round does not count again,
  so a search that finds nothing cannot keep the loop going. `apply` never waits for a
  download: it returns as soon as a round changes nothing new.

Desired is resolved once per round from the config and the catalog (`resolve` is pure), so
a round sees the time it runs at.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from random import Random
from typing import Any, ClassVar, Literal

from mediaos.core.actions import Action, ActionKey, Done, Outcome, Plan
from mediaos.core.clock import Clock
from mediaos.core.errors import MediaOSError
from mediaos.daemon.runner import PassReport, run_pass
from mediaos.daemon.runtime import Runtime, build_reconcilers, open_runtime
from mediaos.reconcilers.acquisition import Acquisition
from mediaos.reconcilers.base import Journal, Observed, Problem, Reconciler
from mediaos.reconcilers.catalog import load_catalog
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.reconcilers.downloads import Downloads
from mediaos.releases.identify import MediaKind
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB
from mediaos.state.journal import SqliteJournal

MAX_ROUNDS = 5

EngineReconciler = Reconciler[Desired, Any, Any]
"""Every reconciler the engine runs takes the resolved `Desired`."""


@dataclass(frozen=True, slots=True)
class KindPlan:
    """One reconciler's plan, and what its observation ran into."""

    kind: str
    plan: Plan
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class EnginePlan:
    """What `diff` prints: each reconciler's actions, in engine order, and every problem."""

    desired: Desired
    kinds: tuple[KindPlan, ...]
    problems: tuple[Problem, ...]
    """Catalog, desired-state and observation problems, in that order."""

    @property
    def actions(self) -> tuple[tuple[str, Action], ...]:
        return tuple((k.kind, a) for k in self.kinds for a in k.plan.actions)

    @property
    def in_sync(self) -> bool:
        return all(k.plan.in_sync for k in self.kinds)


ProgressPhase = Literal["round", "planned", "applying", "applied"]


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of `apply_all`, for a progress bar: a round starts, a kind planned `total`
    actions, one action starts or ends (`outcome` set when it ended)."""

    phase: ProgressPhase
    round: int
    kind: str = ""
    total: int = 0
    action: Action | None = None
    outcome: Outcome | None = None


ProgressHook = Callable[[Progress], None]


@dataclass
class EngineRun:
    """What `apply_all` did: every pass report in order, problems met, rounds run."""

    reports: list[PassReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rounds: int = 0
    indexed: int = 0
    """Library files the index saw change (listed directories' files), over all rounds."""


async def plan_all(
    reconcilers: Sequence[EngineReconciler],
    desired: Desired,
    *,
    now: datetime,
    problems: Sequence[Problem] = (),
) -> EnginePlan:
    """Observe and plan each reconciler against `desired`; apply nothing."""
    kinds: list[KindPlan] = []
    seen: list[Problem] = [*problems, *desired.problems]
    for reconciler in reconcilers:
        try:
            observed = await reconciler.observe(desired)
        except MediaOSError as err:
            seen.append(Problem.of(reconciler.kind, err))
            kinds.append(KindPlan(reconciler.kind, Plan()))
            continue
        plan = reconciler.plan(desired, observed, now)
        found = observed.problems if isinstance(observed, Observed) else ()
        seen.extend(found)
        kinds.append(KindPlan(reconciler.kind, plan, tuple(found)))
    return EnginePlan(desired, tuple(kinds), tuple(seen))


async def apply_all(
    config: MediaOSConfig,
    catalog: Catalog,
    reconcilers: Sequence[EngineReconciler],
    *,
    state: StateDB,
    journal: Journal,
    clock: Clock,
    rng: Random,
    progress: ProgressHook | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> EngineRun:
    """Rounds of index + one pass per reconciler until nothing new gets done; see above."""
    run = EngineRun()
    done_before: set[ActionKey] = set()
    hook = progress or _quiet
    for number in range(1, max_rounds + 1):
        run.rounds = number
        hook(Progress("round", number))
        run.indexed += await index_roots(config, state, run.problems)
        desired = resolve(config, catalog, clock.now())
        if number == 1:
            run.problems.extend(desired.problems)
        new_done = False
        for reconciler in reconcilers:
            watched = _Watched(reconciler, number, hook)
            try:
                report = await run_pass(watched, desired, clock=clock, rng=rng, journal=journal)
            except MediaOSError as err:  # the kind could not observe: the others go on
                if (problem := Problem.of(reconciler.kind, err)) not in run.problems:
                    run.problems.append(problem)
                continue
            run.reports.append(report)
            run.problems.extend(p for p in watched.problems if p not in run.problems)
            fresh = {a.key for a, o in report.outcomes if isinstance(o, Done)} - done_before
            new_done = new_done or bool(fresh)
            done_before |= fresh
        if not new_done:
            break
    return run


async def index_roots(config: MediaOSConfig, state: StateDB, problems: list[Problem]) -> int:
    """Bring the library index up to date (incremental: unchanged folders are not listed)."""
    from mediaos.reconcilers.library import index_library

    roots = _roots(config)
    if not roots:
        return 0
    summaries = await index_library(state, roots)
    for summary in summaries:
        for path, reason in summary.unreadable:
            problems.append(Problem("library", "Unreadable", f"{path}: {reason}"))
    return sum(s.files for s in summaries)


def _roots(config: MediaOSConfig) -> Mapping[MediaKind, Path]:
    roots = config.library.roots
    found: dict[MediaKind, Path] = {}
    for kind, path in (
        ("movies", roots.movies),
        ("series", roots.series),
        ("music", roots.music),
        ("books", roots.books),
    ):
        if path is not None and path.is_dir():  # a root not made yet has nothing to index
            found[kind] = path  # type: ignore[index]
    return found


def _quiet(_: Progress) -> None:
    return None


class _Watched:
    """A reconciler seen through the progress hook: same kind, same steps, and it keeps the
    observation's problems for the report (the runner does not return them)."""

    kind: ClassVar[str] = "watched"

    def __init__(self, inner: EngineReconciler, round_number: int, hook: ProgressHook) -> None:
        self._inner = inner
        self._round = round_number
        self._hook = hook
        self.kind = inner.kind  # type: ignore[misc]  # the instance speaks for the inner kind
        self.problems: tuple[Problem, ...] = ()

    async def observe(self, desired: Desired) -> Any:
        observed = await self._inner.observe(desired)
        if isinstance(observed, Observed):
            self.problems = observed.problems
        return observed

    def plan(self, desired: Desired, observed: Any, now: datetime) -> Plan:
        plan = self._inner.plan(desired, observed, now)
        self._hook(Progress("planned", self._round, self.kind, len(plan.actions)))
        return plan

    async def apply(self, action: Action) -> Outcome:
        self._hook(Progress("applying", self._round, self.kind, action=action))
        outcome: Outcome | None = None
        try:
            outcome = await self._inner.apply(action)
        finally:  # a raise is the runner's to map; the bar still moves on
            self._hook(Progress("applied", self._round, self.kind, action=action, outcome=outcome))
        return outcome


# --- a session: what one command works with ---------------------------------------------


@dataclass
class Session:
    """One command's engine: state (locked when it writes), adapters, catalog, reconcilers."""

    config: MediaOSConfig
    state: StateDB
    journal: SqliteJournal
    runtime: Runtime
    catalog: Catalog
    problems: tuple[Problem, ...]
    """What building the runtime and loading the catalog ran into."""
    reconcilers: tuple[EngineReconciler, ...]
    readonly: bool
    """Another process holds the data directory: the database was opened read-only."""
    clock: Clock

    def desired(self) -> Desired:
        return resolve(self.config, self.catalog, self.clock.now())

    async def refresh_catalog(self) -> None:
        """Look the items up through the sources now (a session opened with the catalog
        offline, for a command that needed only one item it already knew)."""
        self.catalog, found = await load_catalog(
            self.config, self.runtime.metadata, offline=False, now=self.clock.now()
        )
        self.problems = (*self.problems, *found)

    def reconciler(self, kind: str) -> EngineReconciler:
        return next(r for r in self.reconcilers if r.kind == kind)

    def acquisition(self) -> Acquisition:
        """The acquisition loop, typed, for the single-item commands (search, grab)."""
        found = self.reconciler("acquisition")
        assert isinstance(found, Acquisition)
        return found

    def downloads(self) -> Downloads:
        """The downloads loop, typed, for `mediaos import`."""
        found = self.reconciler("downloads")
        assert isinstance(found, Downloads)
        return found


@asynccontextmanager
async def open_session(
    config: MediaOSConfig,
    data_dir: Path,
    *,
    online: bool,
    write: bool,
    holder: str,
    reconcilers: bool = True,
    allow_mass_removal: bool = False,
    offline_catalog: bool | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[Session]:
    """Lock and open the state, build the runtime, load the catalog, build the reconcilers.

    `write`: the data directory lock is required (`DataDirLocked` when another process has
    it). Without it (`diff`, `explain`) the lock is taken when free, else the database is
    opened read-only, so a `diff` works beside a running daemon. `offline_catalog`
    (default: not `online`) loads metadata from the snapshots only; `refresh_catalog` asks
    the sources later if need be.
    """
    from mediaos.core.clock import SystemClock
    from mediaos.core.errors import DataDirLocked
    from mediaos.state import DataDirLock, open_database, open_database_readonly, upgrade
    from mediaos.state.journal import SqliteJournal

    clock = clock or SystemClock()
    with ExitStack() as stack:
        lock = DataDirLock(data_dir, holder=holder)
        readonly = False
        try:
            stack.enter_context(lock)
        except DataDirLocked:
            if write:
                raise
            readonly = True
        if readonly:
            state = stack.enter_context(open_database_readonly(data_dir))
        else:
            state = stack.enter_context(open_database(data_dir))
            upgrade(state)
        async with open_runtime(config, offline=not online, state=state, clock=clock) as runtime:
            cached = not online if offline_catalog is None else offline_catalog
            catalog, found = await load_catalog(
                config, runtime.metadata, offline=cached, now=clock.now()
            )
            built = (
                build_reconcilers(
                    runtime, state, refresh=online, allow_mass_removal=allow_mass_removal
                )
                if reconcilers
                else ()
            )
            yield Session(
                config,
                state,
                SqliteJournal(state),
                runtime,
                catalog,
                (*runtime.problems, *found),
                built,
                readonly,
                clock,
            )

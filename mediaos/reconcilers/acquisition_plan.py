"""The acquisition planner (pure): for each wanted slot, search, grab, or wait, and why.

Per slot, in this order (docs/acquisition.md tells the story):
1. held at or above the profile's cutoff (or held with upgrades off) -> `Available`;
2. a live grab for the slot, or for the season pack covering it -> nothing, ever: never a
   second grab for a unit already grabbed or downloading (`Grabbed` shows it);
3. accepted candidates (from the latest search or RSS sync), judged again now against the
   held file and the blocklist -> one `Grab` of the best (`rank`), sent to an enabled client
   of the release's protocol, lowest priority number first;
4. not searched within `SEARCH_INTERVAL` (never searched counts as due) -> `Search`;
5. otherwise `Wanted` with reason `NoAcceptableRelease`.

Season packs: a season slot is worth a pack when at least half its episodes have no file
and none of them is grabbed (an episode held below the cutoff is upgraded on its own: counted
as missing, a season held wholly at 720p would take any allowed pack, even a worse one). Then
the season's candidates are grabbed or the season is searched INSTEAD of its episodes; a pack
below the quality of an episode already held is never picked (its import would replace the
better file); a pack grab makes every covered episode count as grabbed; once a season search
found nothing acceptable, its episodes are searched one by one.

Pure: no I/O, no clock; `now` and every observation arrive as values. The re-judging in
step 3 runs the decision engine only on the few slots that have accepted candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Final, Literal, cast

from mediaos.core.actions import Grab, ItemKey, Plan, Search
from mediaos.core.conditions import (
    AVAILABLE,
    BELOW_CUTOFF,
    CUTOFF_MET,
    DOWNLOADING,
    GRABBED,
    INTERRUPTED,
    MISSING,
    NO_ACCEPTABLE_RELEASE,
    SEARCH_DUE,
    SEARCHING,
    SENT_TO_CLIENT,
    TRANSFERRING,
    WANTED,
    Condition,
    Truth,
)
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.base import Observed
from mediaos.reconcilers.desired import Desired, Slot
from mediaos.reconcilers.holdings import Holding, plain_grade
from mediaos.reconcilers.rss_match import FeedMatcher
from mediaos.releases.decide import decide
from mediaos.releases.decision import Decision, DecisionContext, select_delay
from mediaos.releases.formats import CompiledFormat, compile_formats
from mediaos.releases.model import ParsedRelease
from mediaos.releases.parse import parse
from mediaos.releases.rank import rank
from mediaos.releases.reasons import Reason
from mediaos.releases.upgrades import Grade, cutoff_met, quality_weights
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.downloads import client_protocol
from mediaos.schemas.quality import DelayProfileSpec, ProfileSpec, SizeLimitSpec
from mediaos.state.candidates import CandidateRecord, SearchRecord
from mediaos.state.grabs import GrabRecord

#: How long after a search a unit is searched again; matches `schedules.search_missing`'s
#: default (every 6 h). A module constant, not a setting: the schedule decides when passes
#: run, this only keeps one unit from being searched on every pass.
SEARCH_INTERVAL: Final = timedelta(hours=6)
#: At most this many item searches per pass, the most overdue first (never searched, then the
#: oldest search). Why: indexers rate-limit (one request per 2 s by default) and count API
#: hits; a new library of 10,000 missing movies must not turn one pass into hours of
#: searching. The rest show `Searching` False, `SearchDue`, and go in the next passes.
#: Fewer when the indexers' query budgets allow fewer (`AcquisitionObserved.search_budget`).
MAX_SEARCHES_PER_PASS: Final = 100
#: A season pack is planned when at least this share of the season's episodes is missing.
PACK_SHARE: Final = 0.5

# Reasons of this loop beyond `mediaos.core.conditions.REASONS` (docs/acquisition.md).
SEASON_PACK_FIRST: Final = "SeasonPackFirst"
"""The episode waits: its season pack is being searched for or grabbed instead."""
NO_DOWNLOAD_CLIENT: Final = "NoDownloadClient"
"""Releases were accepted, but no enabled download client speaks their protocol."""
EPISODES_SINGLY: Final = "EpisodesSearchedSingly"
"""A season slot that is not worth a pack (few episodes missing, or some grabbed)."""
SEARCHED: Final = "Searched"
"""An item search finished; the message says how many releases it found and accepted."""


@dataclass(frozen=True, slots=True)
class ClientChoice:
    """A configured, enabled download client the planner may send releases to."""

    name: str
    protocol: Literal["torrent", "usenet"]
    priority: int


def clients_from_config(
    config: MediaOSConfig, available: Collection[str] | None = None
) -> tuple[ClientChoice, ...]:
    """Enabled clients (and, when given, only those with an adapter), best first."""
    return tuple(
        sorted(
            (
                ClientChoice(spec.name, client_protocol(spec), spec.priority)
                for spec in config.download_clients
                if spec.enabled and (available is None or spec.name in available)
            ),
            key=lambda c: (c.priority, c.name),
        )
    )


def choose_client(
    clients: Iterable[ClientChoice], protocol: Literal["torrent", "usenet"]
) -> ClientChoice | None:
    """The client for a release: same protocol, lowest priority number, then name."""
    fitting = [c for c in clients if c.protocol == protocol]
    return min(fitting, key=lambda c: (c.priority, c.name)) if fitting else None


@dataclass(frozen=True, slots=True)
class Judge:
    """The config's side of every decision, compiled once (formats, sizes, delays, seeders,
    indexer priorities); `context` adds a slot's own side (held file, blocklist, tags)."""

    sizes: Mapping[str, SizeLimitSpec] = field(default_factory=dict)
    formats: tuple[CompiledFormat, ...] = ()
    delays: tuple[DelayProfileSpec, ...] = ()
    min_seeders: Mapping[str, int] = field(default_factory=dict)
    indexer_priority: Mapping[str, int] = field(default_factory=dict)
    indexers: frozenset[str] | None = None
    """Enabled indexers; a candidate from another (removed or disabled since) is not
    grabbed, since its link cannot be restored. None: any."""

    @classmethod
    def from_config(cls, config: MediaOSConfig) -> Judge:
        return cls(
            sizes=config.quality.size_limits(),
            formats=compile_formats(config.quality.formats),
            delays=tuple(config.quality.delay),
            min_seeders={i.name: i.min_seeders for i in config.indexers},
            indexer_priority={i.name: i.priority for i in config.indexers},
            indexers=frozenset(i.name for i in config.indexers if i.enabled),
        )

    def context(
        self,
        slot: Slot,
        now: datetime,
        *,
        held: Grade | None = None,
        blocked: frozenset[str] = frozenset(),
        grabbed: frozenset[str] = frozenset(),
    ) -> DecisionContext:
        return DecisionContext(
            now=now,
            existing=held,
            sizes=self.sizes,
            formats=self.formats,
            blocklist=blocked,
            grabbed=grabbed,
            delay=select_delay(self.delays, slot.unit.tags),
            min_seeders=self.min_seeders,
            indexer_priority=self.indexer_priority,
        )

    def decide(
        self,
        release: ReleaseInfo,
        slot: Slot,
        context: DecisionContext,
        parsed: ParsedRelease | None = None,
    ) -> Decision:
        parsed = parsed if parsed is not None else parse(release.title)
        return decide(release, parsed, slot.unit, slot.profile, context)


@dataclass(frozen=True, slots=True, kw_only=True)
class AcquisitionObserved(Observed):
    """What the acquisition loop saw: holdings, live grabs, blocklist, candidates, searches;
    all by slot key."""

    holdings: Mapping[str, Holding] = field(default_factory=dict)
    grabs: Mapping[str, tuple[GrabRecord, ...]] = field(default_factory=dict)
    """Live grabs (grabbed, downloading, completed) by unit key."""
    blocked: Mapping[str, frozenset[str]] = field(default_factory=dict)
    candidates: Mapping[str, tuple[CandidateRecord, ...]] = field(default_factory=dict)
    """Accepted candidates by unit key, links redacted."""
    searches: Mapping[str, SearchRecord] = field(default_factory=dict)
    search_budget: int | None = None
    """Item searches the indexers' query budgets allow now (`budgets.searches_left`): the
    plan holds no more searches than that. None: unlimited."""


def ranked_decisions(decisions: Iterable[Decision]) -> list[Decision]:
    """Accepted ones best first (`rank`), then the rejected ones by title: what a person
    reading `mediaos search` wants to see."""
    listed = list(decisions)
    rejected = sorted((d for d in listed if not d.accepted), key=lambda d: d.release.title)
    return [*rank(listed), *rejected]


def grabbable(decision: Decision) -> bool:
    """Accepted, or rejected only because the delay profile says "not yet": such a
    candidate is kept eligible, and the planner judges it again at each pass (with the
    time of that pass), so it is grabbed once the delay has passed, not at the next search."""
    rejections = decision.rejections
    if not rejections:
        return decision.accepted
    return all(v.code is Reason.TOO_NEW_DELAY for v in rejections)


def _minute(moment: datetime) -> str:
    """`2026-11-25 12:34Z`: UTC to the minute. Through `isoformat` (C): a library with
    30,000 units searched in vain formats two of these for each on every `diff`, and
    `strftime` took 0.1 s of it."""
    return moment.astimezone(UTC).isoformat(sep=" ", timespec="minutes")[:16] + "Z"


@dataclass(frozen=True, slots=True)
class NothingFound:
    """The message of a unit whose last search found nothing acceptable, written only when
    its conditions are read: a large library has 30,000 such units, and `diff` reads none."""

    searched_at: datetime | None
    """None: never searched."""
    results: int
    interval: timedelta
    then: str = ""
    """Text that follows the message."""

    def __str__(self) -> str:
        if self.searched_at is None:
            return "no acceptable release yet" + self.then
        again = self.searched_at + self.interval
        return (
            f"searched {_minute(self.searched_at)}: {self.results} releases, none acceptable; "
            f"next search after {_minute(again)}{self.then}"
        )


Shown = tuple[bool, str, "str | NothingFound"]
"""One condition as the planner decides it: (true?, reason, message)."""
Recipe = tuple[str, Shown, Shown, Shown, Shown, bool]
"""What a slot shows: (spec revision, Wanted, Searching, Grabbed, Available, downloading?)."""


class PlannedConditions(Mapping[ItemKey, tuple[Condition, ...]]):
    """Each slot's conditions (`Plan.status`), built when first read.

    Why lazily: every slot has five conditions, and each spec revision its own (10,000
    movies: 10,000 revisions), so building them all was half of the planner's time, while
    `mediaos diff` never reads them; `apply` (which saves them) reads each once. A recipe is
    shared by the slots in the same state, and so are the conditions built from it.
    """

    __slots__ = ("_built", "_now", "_recipes")

    def __init__(self, recipes: Mapping[str, Recipe], now: datetime) -> None:
        self._recipes = recipes
        self._now = now
        self._built: dict[Recipe, tuple[Condition, ...]] = {}

    def __getitem__(self, key: ItemKey) -> tuple[Condition, ...]:
        recipe = self._recipes[key]
        built = self._built.get(recipe)
        if built is None:
            built = self._built[recipe] = conditions_of(recipe, self._now)
        return built

    def __iter__(self) -> Iterator[ItemKey]:
        return iter(cast(Mapping[ItemKey, Recipe], self._recipes))

    def __len__(self) -> int:
        return len(self._recipes)

    def __repr__(self) -> str:
        return f"PlannedConditions({len(self._recipes)} items, {len(self._built)} built)"


def conditions_of(recipe: Recipe, now: datetime) -> tuple[Condition, ...]:
    """The five conditions a recipe describes, in `Condition.type` order. Downloading is
    always shown, so a finished download leaves no stale "True"."""
    revision, wanted, searching, grabbed, available, downloading = recipe

    def one(kind: str, value: Shown) -> Condition:
        truth = Truth.TRUE if value[0] else Truth.FALSE
        message = value[2] if isinstance(value[2], str) else str(value[2])
        return Condition(kind, truth, value[1], message, now, revision)

    return (
        one(AVAILABLE, available),
        one(DOWNLOADING, (True, TRANSFERRING, "") if downloading else (False, wanted[1], "")),
        one(GRABBED, grabbed),
        one(SEARCHING, searching),
        one(WANTED, wanted),
    )


@dataclass(frozen=True, slots=True)
class _Pick:
    decision: Decision
    client: ClientChoice


class _Planner:
    def __init__(
        self,
        observed: AcquisitionObserved,
        now: datetime,
        judge: Judge,
        clients: Sequence[ClientChoice],
        interval: timedelta,
        max_searches: int,
    ) -> None:
        self.observed = observed
        self.now = now
        self.judge = judge
        self.clients = clients
        self.interval = interval
        self.actions: list[Grab | Search] = []
        self.status: dict[str, Recipe] = {}
        """What each slot shows, by slot key (keys are `ItemKey`s; plain `str` here, as
        wrapping 100,000 keys in `ItemKey(...)` calls costs more than planning them)."""
        self.grabbed: dict[str, GrabRecord] = {
            key: records[-1] for key, records in observed.grabs.items() if records
        }
        self.no_client: set[str] = set()
        self.due: list[tuple[tuple[bool, datetime, int], str, str]] = []
        self.max_searches = max_searches
        self.interrupted: set[str] = {p.item for p in observed.pending if p.verb == "grab"}
        self.holdings = observed.holdings
        self.candidates = observed.candidates
        self._shown: dict[tuple[object, ...], Recipe] = {}
        self._cutoff: dict[tuple[int, str], bool] = {}
        self._available: dict[tuple[str, str], Recipe] = {}
        self._held: dict[tuple[str, str, str], Recipe | tuple[()]] = {}
        """(revision, profile, quality) -> the recipe when that file meets the cutoff, else ()."""
        self._pack_first: dict[str, Recipe] = {}
        """Revision -> the recipe of an episode waiting for its season's search."""

    # --- helpers -------------------------------------------------------------------------

    def met(self, profile: ProfileSpec, quality: str) -> bool:
        """A file of `quality` meets the profile's cutoff (or the profile takes no upgrades);
        memoized per profile and quality, as 100,000 slots share a few of each."""
        memo = (id(profile), quality)
        met = self._cutoff.get(memo)
        if met is None:
            met = self._cutoff[memo] = not profile.upgrades or cutoff_met(
                plain_grade(quality), profile
            )
        return met

    def search_due(self, key: str) -> bool:
        last = self.observed.searches.get(key)
        return last is None or self.now - last.searched_at >= self.interval

    def pick(self, slot: Slot, key: str) -> _Pick | None:
        candidates = self.observed.candidates.get(key, ())
        if not candidates:
            return None
        if self.judge.indexers is not None:
            candidates = tuple(c for c in candidates if c.release.indexer in self.judge.indexers)
        if not candidates:
            return None
        held = self.holdings.get(key)
        context = self.judge.context(
            slot,
            self.now,
            held=held.grade if held else None,
            blocked=self.observed.blocked.get(key, frozenset()),
        )
        floor = self.pack_floor(slot)
        for decision in rank(self.judge.decide(c.release, slot, context) for c in candidates):
            if decision.quality_weight < floor:
                continue  # the pack would replace a better episode file
            client = choose_client(self.clients, decision.release.protocol)
            if client is not None:
                return _Pick(decision, client)
            self.no_client.add(key)
        return None

    def pack_floor(self, slot: Slot) -> int:
        """For a season: the profile weight of the best quality held among its episodes (a
        pack below it would downgrade that episode); -1 when none is held or not a season."""
        weights = quality_weights(slot.profile) if slot.covers else {}
        holdings = self.holdings
        return max(
            (weights.get(h.quality, -1) for e in slot.covers if (h := holdings.get(e))),
            default=-1,
        )

    def grab(self, key: str, pick: _Pick, why: str) -> None:
        release = pick.decision.release
        self.actions.append(
            Grab(
                item=ItemKey(key),
                reason=f"{why}: {release.title} ({pick.decision.quality}, score "
                f"{pick.decision.score}) from {release.indexer} to {pick.client.name}",
                guid=release.guid,
                indexer=release.indexer,
                client=pick.client.name,
                title=release.title,
                protocol=release.protocol,
                info_hash=release.info_hash,
            )
        )

    def search(self, key: str, why: str) -> None:
        """Queue a search; `run` keeps the `max_searches` most overdue (never searched first,
        then the oldest search, then config order)."""
        last = self.observed.searches.get(key)
        order = (last is not None, last.searched_at if last else self.now, len(self.due))
        self.due.append((order, key, why))

    def show(
        self,
        slot: Slot,
        key: str,
        *,
        wanted: Shown,
        searching: Shown | None = None,
        grabbed: Shown | None = None,
        available: Shown = (False, MISSING, ""),
        downloading: bool = False,
    ) -> None:
        # 100,000 slots mostly share a handful of states per spec revision: one recipe per
        # distinct state, shared. A condition that is False carries the slot's own reason
        # (Missing, CutoffMet...): "Grabbed False SentToClient" after an import would read
        # as a contradiction.
        memo = (slot.revision, wanted, searching, grabbed, available, downloading)
        recipe = self._shown.get(memo)
        if recipe is None:
            idle = (False, wanted[1], "")
            recipe = self._shown[memo] = (
                slot.revision,
                wanted,
                searching or idle,
                grabbed or idle,
                available,
                downloading,
            )
        self.status[key] = recipe

    def available(self, revision: str, quality: str) -> Recipe:
        """What a slot held at the cutoff shows (the most common state by far), once per
        spec revision and quality; `quality` empty for a season."""
        recipe = self._available.get((revision, quality))
        if recipe is None:
            message = f"holds {quality}" if quality else "every episode is held"
            idle = (False, CUTOFF_MET, "")
            recipe = self._available[(revision, quality)] = (
                revision,
                idle,
                idle,
                idle,
                (True, CUTOFF_MET, message),
                False,
            )
        return recipe

    def show_grabbed(self, slot: Slot, key: str, grab: GrabRecord) -> None:
        reason = MISSING if key not in self.holdings else BELOW_CUTOFF
        message = f"{grab.title} in {grab.client} ({grab.state})"
        self.show(
            slot,
            key,
            wanted=(True, reason, ""),
            grabbed=(True, SENT_TO_CLIENT, message),
            downloading=grab.state == "downloading",
        )

    # --- the passes ----------------------------------------------------------------------

    def seasons(self, seasons: Sequence[Slot]) -> tuple[set[str], set[str]]:
        """Plan season packs; return (episodes waiting for a pack, episodes not to search)."""
        waiting: set[str] = set()
        no_search: set[str] = set()
        holdings = self.holdings
        for season in seasons:
            key = season.key
            grab = self.grabbed.get(key)
            if grab is not None:
                for episode in season.covers:
                    self.grabbed.setdefault(episode, grab)
        for season in seasons:
            key = season.key
            covers = season.covers
            grab = self.grabbed.get(key)
            if grab is not None:
                self.show_grabbed(season, key, grab)
                continue
            if self.interrupted and (
                key in self.interrupted or not self.interrupted.isdisjoint(covers)
            ):
                if key in self.interrupted:  # the pack may be in a client: its episodes wait
                    self.interrupted.update(covers)
                self.show_interrupted(season, key)
                continue
            # Every episode held at the cutoff (in C where it can: a season is ~20 lookups).
            if all(map(holdings.__contains__, covers)) and all(
                self.met(season.profile, quality)
                for quality in {holdings[e].quality for e in covers}
            ):
                self.status[key] = self.available(season.revision, "")
                continue
            some_grabbed = any(map(self.grabbed.__contains__, covers))
            missing = [e for e in covers if e not in holdings and e not in self.grabbed]
            share = f"{len(missing)} of {len(covers)} episodes missing"
            if some_grabbed or len(missing) < PACK_SHARE * len(covers):
                why = f"{share}; episodes are searched one by one"
                self.show(season, key, wanted=(False, EPISODES_SINGLY, why))
                continue
            pick = self.pick(season, key)
            if pick is not None:
                self.grab(key, pick, f"season pack ({share})")
                waiting.update(covers)
                self.show(season, key, wanted=(True, MISSING, share))
            elif self.search_due(key):
                self.search(key, f"season pack search ({share})")
                no_search.update(covers)
                self.show(
                    season, key, wanted=(True, MISSING, share), searching=(True, SEARCH_DUE, "")
                )
            else:
                unfound = self._nothing_found(key, then="; its episodes are searched one by one")
                self.show(season, key, wanted=(True, NO_ACCEPTABLE_RELEASE, unfound))
        return waiting, no_search

    def _nothing_found(self, key: str, *, then: str = "") -> NothingFound:
        last = self.observed.searches.get(key)
        if last is None:
            return NothingFound(None, 0, self.interval, then)
        return NothingFound(last.searched_at, last.results, self.interval, then)

    def show_interrupted(self, slot: Slot, key: str) -> None:
        why = "a grab was interrupted; the clients are asked before anything is sent again"
        self.show(slot, key, wanted=(True, INTERRUPTED, why), grabbed=(False, INTERRUPTED, why))

    def unit(self, slot: Slot, key: str, waiting: set[str], no_search: set[str]) -> None:
        # Called for each of 100,000 slots: the common cases (held at the cutoff; waiting
        # for a season search) cost a few dictionary lookups, their conditions memoized.
        held = self.holdings.get(key)
        if held is not None:
            memo = (slot.revision, slot.profile_name, held.quality)
            shown = self._held.get(memo)
            if shown is None:
                met = self.met(slot.profile, held.quality)
                shown = self._held[memo] = (
                    self.available(slot.revision, held.quality) if met else ()
                )
            if shown:
                self.status[key] = shown
                return
        if key in self.interrupted:
            self.show_interrupted(slot, key)
            return
        grab = self.grabbed.get(key)
        if grab is not None:
            self.show_grabbed(slot, key, grab)
            return
        below = held is not None
        reason = BELOW_CUTOFF if below else MISSING
        if key in waiting:
            self.show(slot, key, wanted=(True, SEASON_PACK_FIRST, "its season pack is grabbed"))
            return
        pick = self.pick(slot, key) if key in self.candidates else None
        if pick is not None:
            self.grab(key, pick, "upgrade" if below else "missing")
            self.show(slot, key, wanted=(True, reason, ""))
        elif key in no_search and self.search_due(key):
            shown = self._pack_first.get(slot.revision)
            if shown is None:
                why = "its season is searched first"
                self.show(slot, key, wanted=(True, SEASON_PACK_FIRST, why))
                self._pack_first[slot.revision] = self.status[key]
            else:
                self.status[key] = shown
        elif self.search_due(key):
            self.search(key, "below cutoff, search due" if below else "missing, search due")
            self.show(slot, key, wanted=(True, reason, ""), searching=(True, SEARCH_DUE, ""))
        elif key in self.no_client:
            why = "accepted releases, but no enabled download client for their protocol"
            self.show(slot, key, wanted=(True, NO_DOWNLOAD_CLIENT, why))
        else:
            self.show(slot, key, wanted=(True, NO_ACCEPTABLE_RELEASE, self._nothing_found(key)))

    def run(self, slots: Iterable[Slot]) -> Plan:
        listed = slots if isinstance(slots, Sequence) else list(slots)
        waiting, no_search = self.seasons([s for s in listed if s.covers])
        unit, holdings, held_at_cutoff, status = self.unit, self.holdings, self._held, self.status
        for slot in listed:
            if slot.covers:
                continue
            key = slot.key
            # `unit`'s first case inlined, the most common one: held at the cutoff, with the
            # conditions of that revision and quality already built.
            held = holdings.get(key)
            if held is not None and (
                shown := held_at_cutoff.get((slot.revision, slot.profile_name, held.quality))
            ):
                status[key] = shown
                continue
            unit(slot, key, waiting, no_search)
        self.due.sort()  # by `order` alone: its last member (the queue position) is unique
        budget = self.observed.search_budget
        limit = self.max_searches if budget is None else min(self.max_searches, budget)
        for _, key, why in self.due[:limit]:
            self.actions.append(Search(item=ItemKey(key), reason=why))
        queued = len(self.due) - limit
        if limit < self.max_searches:
            why = f"search due; the indexers' query budgets allow {limit} more now"
        else:
            why = f"search due; {queued} more than the {self.max_searches} searched per pass"
        for _, key, _ in self.due[limit:]:
            revision, wanted, searching, grabbed, available, downloading = self.status[key]
            self.status[key] = (
                revision,
                wanted,
                (False, searching[1], why),
                grabbed,
                available,
                downloading,
            )
        return Plan.of(self.actions, PlannedConditions(self.status, self.now))


def plan_acquisition(
    desired: Desired,
    observed: AcquisitionObserved,
    now: datetime,
    *,
    judge: Judge,
    clients: Sequence[ClientChoice],
    search_interval: timedelta = SEARCH_INTERVAL,
    max_searches: int = MAX_SEARCHES_PER_PASS,
) -> Plan:
    """Searches and grabs for every wanted slot, and each slot's conditions (pure)."""
    planner = _Planner(observed, now, judge, clients, search_interval, max_searches)
    return planner.run(desired.slots)


def judge_matches(
    matcher: FeedMatcher,
    releases: Iterable[ReleaseInfo],
    context_for: Callable[[Slot, str], DecisionContext],
) -> dict[str, list[Decision]]:
    """Each release parsed once, matched through the index, decided for matched slots only."""
    contexts: dict[str, DecisionContext] = {}
    found: dict[str, list[Decision]] = {}
    for release in releases:
        parsed = parse(release.title)
        for slot in matcher.match(release, parsed):
            key = slot.key
            context = contexts.get(key)
            if context is None:
                context = contexts[key] = context_for(slot, key)
            decision = decide(release, parsed, slot.unit, slot.profile, context)
            found.setdefault(key, []).append(decision)
    return found


def judge_feed(
    desired: Desired,
    releases: Sequence[ReleaseInfo],
    holdings: Mapping[str, Holding],
    context: DecisionContext,
    now: datetime,
    *,
    matcher: FeedMatcher | None = None,
) -> dict[str, list[Decision]]:
    """An RSS feed judged against every wanted slot: decisions by slot key, only for the
    slots the matcher paired with an item. `context` carries the config's side (sizes,
    formats, ...); each slot gets its held file as `existing` and `now`."""
    index = matcher if matcher is not None else FeedMatcher(desired.slots)

    def context_for(slot: Slot, key: str) -> DecisionContext:
        held = holdings.get(key)
        return replace(context, now=now, existing=held.grade if held else None)

    return judge_matches(index, releases, context_for)

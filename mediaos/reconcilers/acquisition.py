"""The acquisition loop: search indexers for wanted units, send the best release to a client.

observe (state, plus indexers' feeds on `refresh`) -> `plan_acquisition` (pure) -> apply one
`Search` or `Grab`. docs/acquisition.md tells the whole story; the rules that matter most:

- Never a second grab for a unit: the planner skips units with a live grab; a `Grab` asks
  the client first whether it already holds the info-hash (then it only records); and an
  interrupted grab (a pending intent after a crash) is settled in `observe` by asking the
  clients, never by sending again blindly. The crash points of a grab are named
  (`after-grab-intent`, `after-grab-sent-before-record`, `after-grab-record`).
- No secret in state: candidates are stored with `apikey=***` in their links; a grab puts
  the configured API key back, or searches that indexer again when another secret
  (a passkey) was redacted, and finds the release by guid.
- One dead indexer is a `Problem` (RSS) or a partial search; a search fails (and backs off)
  only when every indexer failed.
- Indexer budgets (`IndexerSpec.budget`) are checked before every API hit and every hit is
  counted in the state database (`IndexerBudgets.take`): an indexer whose budget is spent
  is skipped by searches and RSS; a search every indexer refused, or a grab from a spent
  indexer, raises `RateLimited` with the time the window frees, so the runner backs off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import ClassVar, Final

from mediaos.adapters.downloaders.base import Downloader, DownloadState
from mediaos.adapters.indexers.base import Indexer, SearchQuery
from mediaos.core.actions import (
    Action,
    Done,
    Grab,
    ItemKey,
    Outcome,
    PendingIntent,
    Plan,
    Search,
    Stalled,
    guid_digest,
)
from mediaos.core.clock import Clock
from mediaos.core.conditions import (
    ALREADY_IN_CLIENT,
    GRABBED,
    INTERRUPTED,
    NO_ACCEPTABLE_RELEASE,
    SEARCHING,
    SENT_TO_CLIENT,
    Condition,
    Truth,
)
from mediaos.core.crashpoints import crash_point
from mediaos.core.errors import AdapterError, NotFound, PermanentError, RateLimited, Unsupported
from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.acquisition_plan import (
    NO_DOWNLOAD_CLIENT,
    SEARCHED,
    AcquisitionObserved,
    Judge,
    choose_client,
    clients_from_config,
    grabbable,
    judge_matches,
    plan_acquisition,
    ranked_decisions,
)
from mediaos.reconcilers.base import Problem
from mediaos.reconcilers.budget_guard import IndexerBudgets
from mediaos.reconcilers.desired import Desired, Slot
from mediaos.reconcilers.grab_failures import GRAB_FAILED, release_failure
from mediaos.reconcilers.holdings import Holding, read_holdings
from mediaos.reconcilers.rss_match import FeedMatcher
from mediaos.releases.decision import Decision, DecisionContext, decision_to_json
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.indexers import IndexerSpec
from mediaos.state.blocklist import BlocklistRecord, BlocklistRepo
from mediaos.state.candidates import CandidateRecord, CandidateRepo
from mediaos.state.db import StateDB
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.indexer_usage import IndexerUsageRepo
from mediaos.state.journal import SqliteJournal
from mediaos.state.rss_seen import RssSeenRepo
from mediaos.state.traces import TraceRepo

#: RSS candidates and seen feed items older than this are dropped at each RSS sync.
RSS_KEEP_DAYS: Final = 7
ADAPTER: Final = "acquisition"
_REDACTED_KEY = re.compile(r"(?i)([?&;](?:apikey|api_key|jackett_apikey|api-key)=)\*\*\*")
_HASH = re.compile(r"^[0-9a-f]{40}$")


class Acquisition:
    """The acquisition reconciler; see the module docstring. Built by the engine with real
    adapters; tests hand it adapters pointed at loopback peers."""

    kind: ClassVar[str] = "acquisition"

    def __init__(
        self,
        *,
        config: MediaOSConfig,
        state: StateDB,
        indexers: Mapping[str, Indexer],
        clients: Mapping[str, Downloader],
        clock: Clock,
        refresh: bool = False,
    ) -> None:
        self._config = config
        self._state = state
        self._indexers = indexers
        self._clients = clients
        self._clock = clock
        self._refresh = refresh
        self._judge = Judge.from_config(config)
        self._specs = {spec.name: spec for spec in config.indexers}
        self._client_specs = {spec.name: spec for spec in config.download_clients}
        self._choices = clients_from_config(config, clients.keys())
        self._grabs = GrabRepo(state)
        self._blocklist = BlocklistRepo(state)
        self._candidates = CandidateRepo(state)
        self._traces = TraceRepo(state)
        self._seen = RssSeenRepo(state)
        self._journal = SqliteJournal(state)
        self._budgets = IndexerBudgets(self._specs, IndexerUsageRepo(state), clock)
        self._wanted: Mapping[str, Slot] = {}
        self._chosen: dict[str, Slot] = {}
        """Slots `search_now` and `force_grab` were given (`mediaos search`/`grab`)."""
        self._holdings: dict[str, Holding] = {}

    # --- observe -------------------------------------------------------------------------

    async def observe(self, desired: Desired) -> AcquisitionObserved:
        self._wanted = desired.by_key()  # shared, not copied: 115,000 slots in a large library
        self._chosen = {}
        self._holdings = read_holdings(self._state, desired)
        problems: list[Problem] = []
        pending = await self._settle_pending(problems)
        grabs: dict[str, list[GrabRecord]] = {}
        for grab in self._grabs.live():
            grabs.setdefault(grab.item_key, []).append(grab)
        live = {item: tuple(records) for item, records in grabs.items()}
        blocked = self._blocklist.blocked_by_item()
        if self._refresh and not self._state.readonly:
            problems += await self._rss_sync(desired, live, blocked)
        searchers = (spec.name for spec in self._enabled_indexers("search"))
        return AcquisitionObserved(
            problems=tuple(problems),
            pending=pending,
            holdings=self._holdings,
            grabs=live,
            blocked=blocked,
            candidates=self._candidates.accepted(),
            searches=self._candidates.searches(),
            search_budget=self._budgets.searches_left(searchers),
        )

    async def _settle_pending(self, problems: list[Problem]) -> tuple[PendingIntent, ...]:
        """Settle interrupted grabs and searches by asking the clients; return the intents
        that could not be settled (a client did not answer, no client is configured, or the
        state is read-only, as for a `diff` beside a running daemon): the planner plans
        nothing for their units until they are settled."""
        left: list[PendingIntent] = []
        for intent in await self._journal.pending_intents():
            if intent.verb in ("search", "grab") and self._state.readonly:
                left.append(intent)
            elif intent.verb == "search":
                # Nothing outside changed; the planner searches again when it is due.
                self._journal.settle_pending(
                    intent.key,
                    Done(INTERRUPTED, "the search was interrupted"),
                    self._clock.now(),
                )
            elif intent.verb == "grab" and not self._choices:
                left.append(intent)  # nobody to ask (offline): never settle by guessing
            elif intent.verb == "grab":
                try:
                    outcome = await self._settle_grab(intent)
                except AdapterError as err:
                    problems.append(Problem.of(f"client/{err.adapter}", err, item=intent.item))
                    left.append(intent)
                    continue
                self._journal.settle_pending(intent.key, outcome, self._clock.now())
        return tuple(left)

    async def _settle_grab(self, intent: PendingIntent) -> Outcome:
        item = intent.item
        release_id = intent.key.rsplit(":", 1)[-1]
        candidate = next(
            (c for c in self._candidates.for_item(item) if _release_id(c.release) == release_id),
            None,
        )
        for grab in self._grabs.for_item(item):
            # Only a record this grab wrote: an older one of the same release (imported, its
            # file deleted since) must not hide the new download from the downloads loop.
            recorded = grab.grabbed_at >= intent.intended_at
            if recorded and release_id in (grab.info_hash, guid_digest(grab.guid)):
                return Done(ALREADY_IN_CLIENT, f"{grab.title} was recorded before the restart")
        for choice in self._choices:
            client = self._clients[choice.name]
            category = self._client_specs[choice.name].category
            for download in await client.list(category=category):
                if _same_download(download, release_id, candidate) or (
                    _same_name(download, candidate) and not self._recorded(choice.name, download)
                ):
                    self._grabs.add(
                        GrabRecord(
                            item_key=item,
                            guid=candidate.release.guid if candidate else release_id,
                            info_hash=download.info_hash
                            or (release_id if _HASH.match(release_id) else None),
                            title=candidate.release.title if candidate else download.name,
                            indexer=candidate.release.indexer if candidate else "",
                            client=choice.name,
                            download_id=download.id,
                            grabbed_at=intent.intended_at,
                        )
                    )
                    return Done(ALREADY_IN_CLIENT, f"found in {choice.name} after a restart")
        return Done(INTERRUPTED, "not in any client after a restart; it may be grabbed again")

    async def _rss_sync(
        self,
        desired: Desired,
        live: Mapping[str, tuple[GrabRecord, ...]],
        blocked: Mapping[str, frozenset[str]],
    ) -> list[Problem]:
        """Each enabled RSS indexer's feed fetched once; new items matched against every slot
        through one index, judged, and the accepted ones stored as candidates."""
        now = self._clock.now()
        problems: list[Problem] = []
        matcher = FeedMatcher(desired.slots)

        def context_for(slot: Slot, key: str) -> DecisionContext:
            held = self._holdings.get(key)
            grabbed = frozenset(
                i for g in live.get(key, ()) for i in (redact(g.guid), g.info_hash) if i
            )
            return self._judge.context(
                slot,
                now,
                held=held.grade if held else None,
                blocked=blocked.get(key, frozenset()),
                grabbed=grabbed,
            )

        for spec in self._enabled_indexers("rss"):
            try:
                self._budgets.take(spec.name, "query", "rss")  # a feed fetch is a query
                page = await self._indexers[spec.name].rss()
            except AdapterError as err:
                problems.append(Problem.of(f"indexer/{spec.name}", err))
                continue
            new = [r for r in page.releases if not self._seen.has(spec.name, r.guid)]
            judged = judge_matches(matcher, new, context_for)
            self._candidates.add_rss(
                now,
                (
                    (key, d.release, decision_to_json(d), True)
                    for key, decisions in judged.items()
                    for d in decisions
                    if grabbable(d)
                ),
            )
            self._seen.mark(spec.name, [r.guid for r in new], now)
        self._candidates.prune_rss(now, days=RSS_KEEP_DAYS)
        self._seen.prune(now, days=RSS_KEEP_DAYS)
        return problems

    def _enabled_indexers(self, use: str) -> list[IndexerSpec]:
        specs = [
            s
            for s in self._config.indexers
            if s.enabled and getattr(s, use) and s.name in self._indexers
        ]
        return sorted(specs, key=lambda s: (s.priority, s.name))

    # --- plan ----------------------------------------------------------------------------

    def plan(self, desired: Desired, observed: AcquisitionObserved, now: datetime) -> Plan:
        return plan_acquisition(desired, observed, now, judge=self._judge, clients=self._choices)

    # --- apply ---------------------------------------------------------------------------

    async def apply(self, action: Action) -> Outcome:
        if isinstance(action, Search):
            _, outcome = await self._search(self._slot(action.item))
            return outcome
        if isinstance(action, Grab):
            return await self._grab(action)
        raise Unsupported(ADAPTER, action.verb, f"the acquisition loop does not {action.verb}")

    def _slot(self, item: str) -> Slot:
        slot = self._known_slot(item)
        if slot is None:
            raise NotFound(ADAPTER, "search", f"{item} is not wanted (any more)")
        return slot

    def _known_slot(self, item: str) -> Slot | None:
        return self._chosen.get(item) or self._wanted.get(item)

    async def search_now(self, slot: Slot) -> list[Decision]:
        """Search the indexers for `slot` now, store the results like a planned search, and
        return every decision: accepted ones best first, then the rejected ones."""
        key = slot.key
        self._chosen[key] = slot
        held = read_holdings(self._state, Desired((slot,), frozenset(), frozenset()))
        self._holdings.update(held)
        decisions, _ = await self._search(slot)
        return ranked_decisions(decisions)

    async def force_grab(self, slot: Slot, guid: str) -> Outcome:
        """Grab the release `guid` (raw, redacted, or an info-hash) from the unit's latest
        candidates, even a rejected one: a person chose it. Errors of the client or the
        indexer are raised as typed errors, as from `apply`."""
        key = slot.key
        wanted = {guid, redact(guid), guid.casefold()}
        found = next(
            (
                c
                for c in self._candidates.for_item(key)
                if c.release.guid in wanted or (c.release.info_hash or "") in wanted
            ),
            None,
        )
        if found is None:
            return Stalled(
                "UnknownRelease",
                f"{redact(guid)} is not among the latest candidates of {key}; "
                f"run `mediaos search {key}` first",
            )
        release = found.release
        client = choose_client(self._choices, release.protocol)
        if client is None:
            return Stalled(NO_DOWNLOAD_CLIENT, f"no enabled {release.protocol} client")
        self._chosen[key] = slot
        action = Grab(
            item=ItemKey(key),
            reason="chosen by a person",
            guid=release.guid,
            indexer=release.indexer,
            client=client.name,
            title=release.title,
            protocol=release.protocol,
            info_hash=release.info_hash,
        )
        return await self._grab(action)

    # --- search --------------------------------------------------------------------------

    async def _search(self, slot: Slot) -> tuple[list[Decision], Outcome]:
        now = self._clock.now()
        key = slot.key
        releases: list[ReleaseInfo] = []
        failures: list[str] = []
        first_error: AdapterError | None = None
        spent: list[RateLimited] = []
        specs = self._enabled_indexers("search")
        for spec in specs:
            try:
                releases += await self._search_indexer(spec.name, slot)
            except AdapterError as err:
                first_error = first_error or err
                if isinstance(err, RateLimited) and err.retry_after is not None:
                    spent.append(err)
                failures.append(f"{spec.name}: {err}")
        if first_error is not None and len(failures) == len(specs):
            # Every indexer refused or failed: back off until the first one is usable again
            # when that is known (a budget window, an indexer's own Retry-After).
            raise min(spent, key=lambda e: e.retry_after or timedelta(0), default=first_error)
        held = self._holdings.get(key)
        grabbed = frozenset(
            i for g in self._grabs.for_item(key) for i in (redact(g.guid), g.info_hash) if i
        )
        context = self._judge.context(
            slot,
            now,
            held=held.grade if held else None,
            blocked=self._blocklist.blocked_ids(key),
            grabbed=grabbed,
        )
        unique = {(r.indexer, r.guid): r for r in releases}
        decisions = [self._judge.decide(r, slot, context) for r in unique.values()]
        texts = [decision_to_json(d) for d in decisions]
        record = self._candidates.replace_search(
            key, now, [(d.release, t, grabbable(d)) for d, t in zip(decisions, texts, strict=True)]
        )
        self._traces.record(key, now, texts)
        accepted = sum(1 for d in decisions if d.accepted)
        message = f"{record.results} releases, {accepted} accepted"
        waiting = record.accepted - accepted
        if waiting:
            message += f", {waiting} waiting for the delay profile"
        if failures:
            message += "; failed: " + "; ".join(failures)
        reason = SEARCHED if accepted else NO_ACCEPTABLE_RELEASE
        searching = Condition(SEARCHING, Truth.FALSE, reason, message, now, slot.revision)
        return decisions, Done(reason, message, (searching,))

    async def _search_indexer(self, name: str, slot: Slot) -> list[ReleaseInfo]:
        """Ids first (those the caps list), then the title when the id search found none.
        Each query is checked against the indexer's budget first (`RateLimited` when spent)."""
        indexer = self._indexers[name]
        by_ids, by_title = search_queries(slot)
        caps = await indexer.caps()
        offered = caps.searches.get(by_ids.kind)
        params = offered.params if offered and offered.available else frozenset()
        ids_sent = any(
            value is not None and name in params
            for name, value in (
                ("imdbid", by_ids.imdb_id),
                ("tmdbid", by_ids.tmdb_id),
                ("tvdbid", by_ids.tvdb_id),
            )
        )
        try:
            self._budgets.take(name, "query", "search")
            page = await indexer.search(by_ids)
        except Unsupported:
            page = None
        if page is not None and (page.releases or not ids_sent or by_title is None):
            return list(page.releases)
        if by_title is None:
            return []
        self._budgets.take(name, "query", "search")
        return list((await indexer.search(by_title)).releases)

    # --- grab ----------------------------------------------------------------------------

    async def _grab(self, action: Grab) -> Outcome:
        item = action.item
        candidate = self._candidates.find(item, action.indexer, action.guid)
        if candidate is None:
            raise NotFound(
                ADAPTER, "grab", f"{action.title} is no longer a candidate of {item}; search again"
            )
        # Before anything is spent on it (a re-search in `_restore`), and again when counted.
        self._budgets.check(candidate.release.indexer, "grab", "grab")
        with self._blocked_if_gone(item, candidate.release):
            release = await self._restore(candidate)
        crash_point("after-grab-intent")
        client = self._clients.get(action.client)
        spec = self._client_specs.get(action.client)
        if client is None or spec is None:
            raise NotFound(ADAPTER, "grab", f"no download client named {action.client}")
        present = await _find_in_client(
            client, spec.category, release, lambda d: self._recorded(action.client, d)
        )
        if present is not None:
            download_id, reason = present.id, ALREADY_IN_CLIENT
        else:
            # The client fetches the release file from the indexer: that is the grab it counts.
            self._budgets.take(release.indexer, "grab", "grab")
            with self._blocked_if_gone(item, release):
                download_id = await client.add(release, category=spec.category)
            crash_point("after-grab-sent-before-record")
            reason = SENT_TO_CLIENT
        now = self._clock.now()
        info_hash = release.info_hash or (
            download_id.lower()
            if release.protocol == "torrent" and _HASH.match(download_id.lower())
            else None
        )
        self._grabs.add(
            GrabRecord(
                item_key=item,
                guid=release.guid,
                info_hash=info_hash,
                title=release.title,
                indexer=release.indexer,
                client=action.client,
                download_id=download_id,
                grabbed_at=now,
            )
        )
        crash_point("after-grab-record")
        message = f"{release.title} to {action.client}"
        slot = self._known_slot(item)
        revision = slot.revision if slot else ""
        grabbed = Condition(GRABBED, Truth.TRUE, reason, message, now, revision)
        return Done(reason, message, (grabbed,))

    def _recorded(self, client: str, download: DownloadState) -> bool:
        """Whether a grab already follows `download`: then a name match is an older download
        of the same title (usenet history), not the one just sent."""
        return bool(self._grabs.by_download(client, download.id))

    @contextmanager
    def _blocked_if_gone(self, item: str, release: ReleaseInfo) -> Iterator[None]:
        """Blocklist `release` for `item` when grabbing it failed for good (its fault:
        `grab_failures`), then re-raise; the next pass picks another candidate or searches."""
        try:
            yield
        except PermanentError as err:
            if release_failure(err):
                why, now = f"{GRAB_FAILED}: {redact(str(err))}", self._clock.now()
                hashed = release.info_hash
                self._blocklist.add(BlocklistRecord(item, release.guid, hashed, why, now))
            raise

    async def _restore(self, candidate: CandidateRecord) -> ReleaseInfo:
        """The stored release with its secrets back: the configured API key where
        `apikey=***` stands; for any other redacted secret, the release as the indexer
        serves it now (found again by guid)."""
        release = candidate.release
        spec = self._specs.get(release.indexer)
        key = spec.api_key.get_secret_value() if spec and spec.api_key else None

        def restore(text: str | None) -> str | None:
            if text is None or key is None:
                return text
            return _REDACTED_KEY.sub(lambda m: m.group(1) + key, text)

        restored = replace(
            release, download_url=restore(release.download_url), magnet=restore(release.magnet)
        )
        if "***" not in (restored.download_url or "") + (restored.magnet or ""):
            return restored
        indexer = self._indexers.get(release.indexer)
        if indexer is None:
            raise NotFound(ADAPTER, "grab", f"indexer {release.indexer} is not configured")
        self._budgets.take(release.indexer, "query", "grab")
        page = await indexer.search(SearchQuery(text=release.title))
        for fresh in page.releases:
            if redact(fresh.guid) == release.guid:
                return fresh
        raise NotFound(ADAPTER, "find again", f"{release.indexer} no longer offers {release.title}")


def search_queries(slot: Slot) -> tuple[SearchQuery, SearchQuery | None]:
    """The id query (with the title, which the query builder sends only when no id is
    accepted) and the title-only fallback, for one slot."""
    unit = slot.unit
    if unit.kind == "movie":
        ids = SearchQuery(
            kind="movie",
            text=unit.title,
            imdb_id=unit.imdb_id,
            tmdb_id=unit.tmdb_id,
            year=unit.year,
        )
        return ids, replace(ids, imdb_id=None, tmdb_id=None)
    if unit.kind in ("episode", "season"):
        season, episode = unit.season, None
        if unit.kind == "episode":
            if unit.series_type == "daily" and unit.air_date is not None:
                season, episode = unit.air_date.year, unit.air_date.strftime("%m/%d")
            elif unit.episodes:
                episode = str(unit.episodes[0])
        ids = SearchQuery(
            kind="tv",
            text=unit.title,
            imdb_id=unit.imdb_id,
            tvdb_id=unit.tvdb_id,
            season=season,
            episode=episode,
        )
        return ids, replace(ids, imdb_id=None, tvdb_id=None)
    if unit.kind == "album":
        return SearchQuery(kind="music", artist=unit.creator, album=unit.title), None
    return SearchQuery(kind="book", author=unit.creator, title=unit.title), None


def _release_id(release: ReleaseInfo) -> str:
    return release.info_hash.lower() if release.info_hash else guid_digest(release.guid)


def _same_download(download: DownloadState, release_id: str, found: CandidateRecord | None) -> bool:
    hashes = {h.lower() for h in (download.info_hash, download.id) if h}
    if release_id in hashes:
        return True
    return found is not None and found.release.info_hash in hashes


def _same_name(download: DownloadState, found: CandidateRecord | None) -> bool:
    return found is not None and download.name.casefold() == found.release.title.casefold()


async def _find_in_client(
    client: Downloader,
    category: str,
    release: ReleaseInfo,
    recorded: Callable[[DownloadState], bool],
) -> DownloadState | None:
    """The client's download of `release`, if it has one: by info-hash, or for usenet by
    name (an NZB keeps the release title) among downloads no grab follows yet."""
    if release.info_hash is None and release.protocol == "torrent":
        return None  # the hash is learnt on add, and `add` itself refuses a duplicate
    downloads: Sequence[DownloadState] = await client.list(category=category)
    for download in downloads:
        hashes = {h.lower() for h in (download.info_hash, download.id) if h}
        if release.info_hash and release.info_hash.lower() in hashes:
            return download
        same_name = download.name.casefold() == release.title.casefold()
        if release.protocol == "usenet" and same_name and not recorded(download):
            return download
    return None

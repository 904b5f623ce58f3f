"""The only wiring: config in, adapters and reconcilers out, everything closed on exit.

`open_runtime(config, offline=...)` builds every *enabled* indexer and download client (by
name), the metadata sources, media servers and notifiers; `build_reconcilers` then hands
them to the engine's reconcilers, in the engine's order. Both are literal tables (house
style rule 6): no registry filled at import time, no lookup by string between plugins.

Why offline is a mode of its own: plain `mediaos diff` must not touch the network and must
start fast, so it builds no network adapter at all and imports no HTTP module (the adapter
modules are imported inside `_open_online`, which offline never calls). Reconcilers built
over an offline runtime get empty adapter tables and plan from the state database.

HTTP clients: indexers share one client, and so do the usenet and blackhole clients, media
servers and webhooks (connection pooling, one set of limits). qBittorrent and Transmission
each keep their own (their session cookie / id is per client), and each metadata source
its own (the gateway's client carries the provider's base URL). All are closed on exit,
even when building a later one failed.

Secrets: specs hand secrets to adapters as `SecretStr`; this module never formats a spec,
so nothing here can log one. Problems met while building (a source without its key) are
returned as `Problem` values with the config path, not the value.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from mediaos.core.clock import Clock, SystemClock
from mediaos.reconcilers.base import Problem
from mediaos.reconcilers.catalog import MetadataSources
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB

if TYPE_CHECKING:
    import httpx

    from mediaos.adapters.downloaders.base import Downloader
    from mediaos.adapters.indexers.base import Indexer
    from mediaos.adapters.mediaservers.base import MediaServer
    from mediaos.adapters.metadata.gateway import GatewaySource, Wiring
    from mediaos.adapters.metadata.tmdb import TMDB
    from mediaos.adapters.metadata.tvdb import TVDB
    from mediaos.adapters.metadata.tvmaze import TVmaze
    from mediaos.adapters.notifiers.base import Notifier
    from mediaos.daemon.engine import EngineReconciler
    from mediaos.state.metadata_cache import SqliteMetadataCache

Closing = Callable[[Callable[[], Awaitable[None]]], None]
"""Registers an adapter's `aclose` with the runtime's exit stack."""
SourceT = TypeVar("SourceT", bound="GatewaySource")


_FOREVER = timedelta(days=365 * 100)


@dataclass(frozen=True, slots=True)
class Runtime:
    """The adapters one command or one daemon run works with."""

    config: MediaOSConfig
    offline: bool
    clock: Clock
    indexers: Mapping[str, Indexer] = field(default_factory=dict)
    clients: Mapping[str, Downloader] = field(default_factory=dict)
    metadata: MetadataSources = field(default_factory=MetadataSources)
    media_servers: tuple[MediaServer, ...] = ()
    notifiers: tuple[Notifier, ...] = ()
    problems: tuple[Problem, ...] = ()


@asynccontextmanager
async def open_runtime(
    config: MediaOSConfig,
    *,
    offline: bool,
    state: StateDB | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[Runtime]:
    """Build the adapters `config` enables (none but the caches when `offline`); close them
    all on exit. `state` gives the metadata sources their response cache and the catalog
    its snapshots; without it lookups are uncached and `diff` knows no metadata."""
    clock = clock or SystemClock()
    store = _metadata_cache(config, state, clock) if state is not None else None
    if offline:
        sources = MetadataSources(
            store=store,
            series_source=config.metadata.series_source,
            movie_metadata=_movie_metadata(config),
            cache_only=_cache_only(config, state, clock) if state is not None else None,
        )
        yield Runtime(config, True, clock, metadata=sources)
        return
    async with AsyncExitStack() as stack:
        yield await _open_online(config, stack, store, clock)


def _metadata_cache(config: MediaOSConfig, state: StateDB, clock: Clock) -> SqliteMetadataCache:
    from mediaos.state.metadata_cache import SqliteMetadataCache

    return SqliteMetadataCache(state, ttl=config.metadata.cache_ttl, now=clock.now)


def _cache_only(
    config: MediaOSConfig, state: StateDB, clock: Clock
) -> Callable[[], AbstractAsyncContextManager[MetadataSources]]:
    """Sources that read the cached responses, stale ones too, and never send a request:
    their HTTP transport refuses every request and their pacing never waits. Built only when
    an offline `diff` finds items without a snapshot, so a plain `diff` imports no HTTP code
    once `apply` or `diff --refresh` has run."""

    @asynccontextmanager
    async def opened() -> AsyncIterator[MetadataSources]:
        import httpx

        from mediaos.adapters.metadata.pacing import RateLimiter
        from mediaos.state.metadata_cache import SqliteMetadataCache

        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("offline: answering from the cache only", request=request)

        cache = SqliteMetadataCache(state, ttl=_FOREVER, now=clock.now)
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client,
            AsyncExitStack() as stack,
        ):
            wiring: Wiring = {
                "cache": cache,
                "now": clock.now,
                "client": client,
                "limiter": RateLimiter(1_000_000, 1.0),
            }

            def closing(close: Callable[[], Awaitable[None]]) -> None:
                stack.push_async_callback(close)

            sources, _ = _metadata(config, None, clock, closing, wiring)
            yield replace(sources, store=_metadata_cache(config, state, clock))

    return opened


async def _open_online(
    config: MediaOSConfig, stack: AsyncExitStack, store: SqliteMetadataCache | None, clock: Clock
) -> Runtime:
    from mediaos.adapters.http import build_client

    def closing(close: Callable[[], Awaitable[None]]) -> None:
        stack.push_async_callback(close)

    shared = build_client()
    closing(shared.aclose)
    indexers = _indexers(config, shared, clock)
    clients = _clients(config, shared, closing)
    sources, problems = _metadata(config, store, clock, closing)
    return Runtime(
        config,
        False,
        clock,
        indexers=indexers,
        clients=clients,
        metadata=sources,
        media_servers=_media_servers(config, shared),
        notifiers=_notifiers(config, shared),
        problems=problems,
    )


def _indexers(config: MediaOSConfig, http: httpx.AsyncClient, clock: Clock) -> dict[str, Indexer]:
    from mediaos.adapters.indexers.newznab import indexer_from_spec

    return {
        spec.name: indexer_from_spec(spec, http, now=clock.now)
        for spec in config.indexers
        if spec.enabled
    }


def _clients(
    config: MediaOSConfig, http: httpx.AsyncClient, closing: Closing
) -> dict[str, Downloader]:
    from mediaos.adapters.downloaders.blackhole import Blackhole
    from mediaos.adapters.downloaders.nzbget import NZBGet
    from mediaos.adapters.downloaders.qbittorrent import QBittorrent
    from mediaos.adapters.downloaders.sabnzbd import SABnzbd
    from mediaos.adapters.downloaders.transmission import Transmission

    built: dict[str, Downloader] = {}
    for spec in config.download_clients:
        if not spec.enabled:
            continue
        client: Downloader
        match spec.type:
            case "qbittorrent":
                qbit = QBittorrent.from_spec(spec)  # its own client: the SID cookie
                closing(qbit.aclose)
                client = qbit
            case "transmission":
                transmission = Transmission.from_spec(spec)  # its own session id
                closing(transmission.aclose)
                client = transmission
            case "nzbget":
                client = NZBGet.from_spec(spec, http=http)
            case "sabnzbd":
                client = SABnzbd.from_spec(spec, http=http)
            case "blackhole":
                client = Blackhole.from_spec(spec, http=http)
        built[spec.name] = client
    return built


def _metadata(
    config: MediaOSConfig,
    store: SqliteMetadataCache | None,
    clock: Clock,
    closing: Closing,
    wiring: Wiring | None = None,
) -> tuple[MetadataSources, tuple[Problem, ...]]:
    meta = config.metadata
    problems: list[Problem] = []
    wiring = wiring if wiring is not None else {"cache": store, "now": clock.now}

    def opened(source: SourceT) -> SourceT:
        closing(source.aclose)
        return source

    movies = None
    if config.movies and _movie_metadata(config):  # else movies plan from title and year
        from mediaos.adapters.metadata.tmdb import TMDB

        movies = opened(TMDB.from_spec(meta.tmdb, **wiring))
    series = None
    if config.series:
        series = _series_source(config, wiring, problems)
        if series is not None:
            opened(series)
    music = None
    if config.music and meta.musicbrainz.enabled:
        from mediaos.adapters.metadata.musicbrainz import MusicBrainz

        music = opened(MusicBrainz.from_spec(meta.musicbrainz, **wiring))
    books = None
    if config.books and meta.openlibrary.enabled:
        from mediaos.adapters.metadata.openlibrary import OpenLibrary

        books = opened(OpenLibrary.from_spec(meta.openlibrary, **wiring))
    sources = MetadataSources(
        movies=movies,
        series=series,
        music=music,
        books=books,
        store=store,
        series_source=meta.series_source,
        movie_metadata=movies is not None,
    )
    return sources, tuple(problems)


def _movie_metadata(config: MediaOSConfig) -> bool:
    tmdb = config.metadata.tmdb
    return config.metadata.movie_source == "tmdb" and tmdb.enabled and tmdb.api_key is not None


def _series_source(
    config: MediaOSConfig, wiring: Wiring, problems: list[Problem]
) -> TVmaze | TMDB | TVDB | None:
    meta = config.metadata
    name = meta.series_source
    if name == "tvmaze":
        if not meta.tvmaze.enabled:
            problems.append(_unusable(name, "metadata.tvmaze.enabled is false"))
            return None
        from mediaos.adapters.metadata.tvmaze import TVmaze

        return TVmaze.from_spec(meta.tvmaze, **wiring)
    if name == "tmdb":
        if not meta.tmdb.enabled or meta.tmdb.api_key is None:
            problems.append(_unusable(name, "metadata.tmdb needs enabled and an api_key"))
            return None
        from mediaos.adapters.metadata.tmdb import TMDB

        return TMDB.from_spec(meta.tmdb, **wiring)
    if not meta.tvdb.enabled or meta.tvdb.api_key is None:
        problems.append(_unusable(name, "metadata.tvdb needs enabled and an api_key"))
        return None
    from mediaos.adapters.metadata.tvdb import TVDB

    return TVDB.from_spec(meta.tvdb, **wiring)


def _unusable(source: str, why: str) -> Problem:
    return Problem(
        f"metadata/{source}",
        "SourceUnusable",
        f"series_source is {source} but {why}; series get no episode list",
    )


def _media_servers(config: MediaOSConfig, http: httpx.AsyncClient) -> tuple[MediaServer, ...]:
    from mediaos.adapters.mediaservers import Jellyfin, Plex

    servers: list[MediaServer] = []
    for spec in config.media_servers:
        if spec.enabled:
            kind = Plex if spec.type == "plex" else Jellyfin
            servers.append(kind.from_spec(spec, http=http))
    return tuple(servers)


def _notifiers(config: MediaOSConfig, http: httpx.AsyncClient) -> tuple[Notifier, ...]:
    built: list[Notifier] = []
    for spec in config.notifications:
        if not spec.enabled:
            continue
        if spec.type == "webhook":
            from mediaos.adapters.notifiers.webhook import Webhook

            built.append(Webhook.from_spec(spec, http=http))
        else:
            from mediaos.adapters.notifiers.apprise_notifier import AppriseNotifier

            built.append(AppriseNotifier.from_spec(spec))
    return tuple(built)


def build_reconcilers(
    runtime: Runtime,
    state: StateDB,
    *,
    refresh: bool = True,
    allow_mass_removal: bool = False,
) -> tuple[EngineReconciler, ...]:
    """The engine's reconcilers over `runtime`'s adapters, in the engine's order (the
    library index is not a reconciler object: `engine.apply_all` runs it first).

    `refresh`: acquisition observes the indexers' RSS feeds (the online `apply` and
    `diff --refresh`); without it, it plans from cached candidates only."""
    from mediaos.reconcilers.acquisition import Acquisition
    from mediaos.reconcilers.downloads import Downloads
    from mediaos.reconcilers.removal import Removal

    config, clock = runtime.config, runtime.clock
    return (
        Downloads(
            config=config,
            state=state,
            clients=runtime.clients,
            clock=clock,
            media_servers=runtime.media_servers,
            notifiers=runtime.notifiers,
        ),
        Removal(
            config=config,
            state=state,
            clients=runtime.clients,
            clock=clock,
            allow_mass_removal=allow_mass_removal,
        ),
        Acquisition(
            config=config,
            state=state,
            indexers=runtime.indexers,
            clients=runtime.clients,
            clock=clock,
            refresh=refresh and not runtime.offline,
        ),
    )

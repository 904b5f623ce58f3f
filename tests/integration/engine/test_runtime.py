"""open_runtime(): the adapters a config enables, none offline, all closed on exit."""

from __future__ import annotations

from typing import Any

import pytest

from mediaos.adapters.downloaders.qbittorrent import QBittorrent
from mediaos.adapters.downloaders.transmission import Transmission
from mediaos.adapters.mediaservers import Jellyfin
from mediaos.adapters.metadata.tvmaze import TVmaze
from mediaos.adapters.notifiers.webhook import Webhook
from mediaos.core.errors import Unreachable
from mediaos.daemon.runtime import open_runtime
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB

SECRET = "k3y-that-must-not-leak"


def config(**extra: Any) -> MediaOSConfig:
    return MediaOSConfig.model_validate(
        {
            "version": 1,
            "indexers": [
                {"name": "one", "type": "torznab", "url": "http://127.0.0.1:9/api",
                 "api_key": SECRET},
                {"name": "off", "type": "newznab", "url": "http://127.0.0.1:9/api",
                 "api_key": SECRET, "enabled": False},
            ],
            "download_clients": [
                {"name": "qbit", "type": "qbittorrent", "url": "http://127.0.0.1:9"},
                {"name": "tr", "type": "transmission", "url": "http://127.0.0.1:9"},
                {"name": "gone", "type": "qbittorrent", "url": "http://127.0.0.1:9",
                 "enabled": False},
            ],
            "media_servers": [
                {"name": "jf", "type": "jellyfin", "url": "http://127.0.0.1:9", "api_key": SECRET}
            ],
            "notifications": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:9"}],
            "movies": [{"title": "Sintel", "year": 2010}],
            "series": [{"title": "Pioneer One", "year": 2010}],
            **extra,
        }
    )  # fmt: skip


async def test_online_builds_every_enabled_adapter_by_name_and_closes_them(state: StateDB) -> None:
    async with open_runtime(config(), offline=False, state=state) as runtime:
        assert list(runtime.indexers) == ["one"]
        assert set(runtime.clients) == {"qbit", "tr"}
        assert isinstance(runtime.clients["qbit"], QBittorrent)
        assert isinstance(runtime.clients["tr"], Transmission)
        assert [type(s) for s in runtime.media_servers] == [Jellyfin]
        assert [type(n) for n in runtime.notifiers] == [Webhook]
        assert isinstance(runtime.metadata.series, TVmaze)
        assert runtime.metadata.movies is None  # no TMDB key: movies plan from title and year
        assert runtime.metadata.store is not None
        assert runtime.problems == ()
        series = runtime.metadata.series
        qbit = runtime.clients["qbit"]
    assert series._gw.client.is_closed
    assert qbit._http.is_closed  # type: ignore[attr-defined]


async def test_offline_builds_no_network_adapter(state: StateDB) -> None:
    async with open_runtime(config(), offline=True, state=state) as runtime:
        assert (runtime.indexers, runtime.clients) == ({}, {})
        assert (runtime.media_servers, runtime.notifiers) == ((), ())
        meta = runtime.metadata
        assert (meta.movies, meta.series, meta.music, meta.books) == (None, None, None, None)
        assert meta.store is not None and meta.cache_only is not None
        assert meta.series_source == "tvmaze"


async def test_a_series_source_without_its_key_is_a_problem_naming_the_setting(
    state: StateDB,
) -> None:
    wanted = config(metadata={"series_source": "tvdb"})
    async with open_runtime(wanted, offline=False, state=state) as runtime:
        assert runtime.metadata.series is None
        (problem,) = runtime.problems
        assert "metadata.tvdb needs enabled and an api_key" in problem.message
        assert SECRET not in repr(runtime.problems)


async def test_cache_only_sources_answer_a_miss_with_an_error_and_never_send(
    state: StateDB,
) -> None:
    async with open_runtime(config(), offline=True, state=state) as runtime:
        assert runtime.metadata.cache_only is not None
        async with runtime.metadata.cache_only() as cached:
            assert isinstance(cached.series, TVmaze)
            with pytest.raises(Unreachable):  # the transport refuses: nothing left
                await cached.series.series(tvmaze=1)

"""The indexer contract against Torznab servers shaped like Jackett and Prowlarr."""

from __future__ import annotations

import httpx
import pytest

from mediaos.adapters.indexers.base import SearchQuery
from mediaos.adapters.indexers.newznab import Torznab
from tests.integration.adapters.indexers.conftest import StartServer, adapter_for
from tests.integration.adapters.indexers.contract import check_indexer_contract

TV = SearchQuery(kind="tv", text="Breaking Bad", imdb_id="tt0903747", season=3)


@pytest.mark.parametrize("flavour", ["jackett", "prowlarr"])
async def test_torznab_keeps_the_indexer_contract(
    flavour: str, start_server: StartServer, http: httpx.AsyncClient
) -> None:
    server = await start_server(flavour=flavour)
    indexer = adapter_for(server, http)
    assert isinstance(indexer, Torznab)
    await check_indexer_contract(
        indexer, protocol="torrent", query=TV, secret=server.behaviour.api_key or "?"
    )

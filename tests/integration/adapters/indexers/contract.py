"""The contract every `Indexer` keeps, run against each implementation and server flavour.

Each test module builds an adapter against its loopback server and calls
`check_indexer_contract` with a query the catalogue answers and the secret the server wants,
so the same promises are checked for Torznab (Jackett, Prowlarr) and Newznab (nZEDb).
"""

from __future__ import annotations

import dataclasses
import unicodedata

from mediaos.adapters.indexers.base import Caps, Indexer, SearchQuery
from mediaos.core.releaseinfo import KNOWN_FLAGS, ReleaseInfo, TransferProtocol


def check_release(
    release: ReleaseInfo, *, indexer: str, protocol: TransferProtocol, secret: str
) -> None:
    assert release.title and release.title == release.title.strip()
    assert not any(unicodedata.category(c) == "Cc" for c in release.title), release.title
    assert release.indexer == indexer
    assert release.protocol == protocol
    assert release.download_url or release.magnet, "a release must be grabbable"
    if protocol == "usenet":
        assert release.magnet is None and release.info_hash is None
    if release.info_hash is not None:
        assert len(release.info_hash) == 40 and release.info_hash == release.info_hash.lower()
    assert release.size is None or release.size > 0
    assert release.published is None or release.published.tzinfo is not None
    assert release.flags <= KNOWN_FLAGS
    assert release.categories, "every item carries at least one category"
    shown = [release.guid, release.info_url or "", release.title]
    assert all(secret not in text for text in shown), "API key leaked outside download_url"


async def check_indexer_contract(
    indexer: Indexer, *, protocol: TransferProtocol, query: SearchQuery, secret: str
) -> None:
    health = await indexer.health()
    assert health.ok, health.message
    assert secret not in health.message

    caps = await indexer.caps()
    assert isinstance(caps, Caps)
    assert caps.searches["search"].available
    assert caps.limit_max is None or caps.limit_max > 0
    assert caps.categories, "caps list categories"

    latest = await indexer.rss()
    assert latest.releases and latest.offset == 0
    for release in latest.releases:
        check_release(release, indexer=indexer.name, protocol=protocol, secret=secret)

    found = await indexer.search(query)
    assert found.releases, f"{query} found nothing"
    for release in found.releases:
        check_release(release, indexer=indexer.name, protocol=protocol, secret=secret)

    first = await indexer.search(dataclasses.replace(query, offset=0, limit=1))
    second = await indexer.search(dataclasses.replace(query, offset=1, limit=1))
    assert len(first.releases) == 1 and second.offset == 1
    if second.releases:
        assert first.releases[0].guid != second.releases[0].guid, "paging must move on"
    beyond = await indexer.search(dataclasses.replace(query, offset=10_000))
    assert beyond.releases == (), "an offset past the end is an empty page, not an error"

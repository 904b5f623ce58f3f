"""Walking the pages of one search, with Sonarr's stopping rules (protocols.md 1.8).

Why a function apart from the adapter: an `Indexer` answers one page per call so that the
caller owns the budget (each page is an API hit that private indexers count). This is the
one loop that spends it: it stops at a short page (Sonarr's `IsFullPage`), at
`max_results` (Sonarr's 1000) or at `max_pages` (Sonarr's 30), whichever comes first, and
never trusts `newznab:response total`, which is optional and often wrong.
"""

from __future__ import annotations

import dataclasses

from mediaos.adapters.indexers.base import Indexer, SearchQuery
from mediaos.adapters.indexers.caps import page_size
from mediaos.core.releaseinfo import ReleaseInfo

MAX_RESULTS = 1000
MAX_PAGES = 30


async def search_all(
    indexer: Indexer,
    query: SearchQuery,
    *,
    max_results: int = MAX_RESULTS,
    max_pages: int = MAX_PAGES,
) -> list[ReleaseInfo]:
    """Every release for `query`, page after page, without duplicates (by guid)."""
    limit = query.limit or page_size(await indexer.caps())
    found: dict[str, ReleaseInfo] = {}
    offset = query.offset
    for _ in range(max_pages):
        page = await indexer.search(dataclasses.replace(query, offset=offset, limit=limit))
        for release in page.releases:
            found.setdefault(release.guid, release)
        if len(page.releases) < limit or len(found) >= max_results:
            break
        offset += limit
    return list(found.values())[:max_results]

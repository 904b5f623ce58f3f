"""The contract every `Downloader` keeps, run against each real implementation.

Each client's test module calls `check_downloader_contract` with a client built against its
real peer (or loopback server) and a factory of releases that peer can really download.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from mediaos.adapters.downloaders.base import Downloader, DownloadStatus
from mediaos.core.releaseinfo import ReleaseInfo


async def wait_for(
    client: Downloader, category: str, predicate: Callable[[list[str]], bool], timeout: float = 20
) -> list[str]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        ids = [d.id for d in await client.list(category=category)]
        if predicate(ids) or asyncio.get_running_loop().time() > deadline:
            return ids
        await asyncio.sleep(0.2)


async def check_downloader_contract(
    client: Downloader, release: ReleaseInfo, *, category: str = "mediaos-contract"
) -> None:
    health = await client.health()
    assert health.ok, health.message

    await client.ensure(category=category)
    await client.ensure(category=category)  # idempotent

    first = await client.add(release, category=category)
    second = await client.add(release, category=category)
    assert first == second, "adding the same release twice must give the same download"

    ids = await wait_for(client, category, lambda ids: first in ids)
    assert ids.count(first) == 1, f"expected exactly one {first} in {ids}"
    (state,) = [d for d in await client.list(category=category) if d.id == first]
    assert state.category == category
    assert state.protocol == client.protocol
    assert isinstance(state.status, DownloadStatus)
    assert 0.0 <= state.progress <= 1.0

    other = await client.list(category=category + "-other")
    assert first not in [d.id for d in other], "list must keep to its category"

    await client.remove(first, delete_files=True)
    ids = await wait_for(client, category, lambda ids: first not in ids)
    assert first not in ids

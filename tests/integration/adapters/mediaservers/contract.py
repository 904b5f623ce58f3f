"""The contract every `MediaServer` keeps, run against each implementation's loopback peer.

Each server's test calls `check_mediaserver_contract` with an adapter pointed at its peer,
a local path inside one of the peer's libraries (after the adapter's path mappings), one
outside all of them, and a way to read which server-side paths the peer was asked to scan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mediaos.adapters.mediaservers.base import MediaServer, ServerHealth
from mediaos.core.errors import NotFound


async def check_mediaserver_contract(
    server: MediaServer,
    *,
    inside: Path,
    expected_scan: str,
    outside: Path,
    scanned: Callable[[], list[str | None]],
) -> None:
    health = await server.health()
    assert isinstance(health, ServerHealth)
    assert health.ok, health.message
    assert health.version

    before = len(scanned())
    await server.refresh(inside)
    assert scanned()[before:] == [expected_scan], "exactly one targeted scan of that folder"

    with pytest.raises(NotFound) as caught:
        await server.refresh(outside)
    assert outside.name in str(caught.value), "the error names the path"
    assert "path_mappings" in str(caught.value), "the error says what to check"
    assert len(scanned()) == before + 1, "nothing is scanned for a path outside the libraries"

"""Taking one download out of its client: the step `Remove`, `Cancel` and removal share.

Why one function: the crash point `after-remove-sent-before-record` must sit in exactly one
place, and "ask the client first" must hold for every caller: a download already gone (by
hand, or by an earlier attempt killed before its record) is not removed twice, and the
caller still records the outcome.
"""

from __future__ import annotations

from mediaos.adapters.downloaders.base import Downloader
from mediaos.core.crashpoints import crash_point


async def take_out(
    client: Downloader, download_id: str, *, category: str, delete_files: bool
) -> bool:
    """Remove `download_id` when the client still lists it; True when it did. The caller
    records the new state after this returns (the crash point falls in between)."""
    listed = await client.list(category=category)
    present = any(d.id.lower() == download_id.lower() for d in listed)
    if present:
        await client.remove(download_id, delete_files=delete_files)
    crash_point("after-remove-sent-before-record")
    return present

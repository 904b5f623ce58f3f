"""A release as an indexer offers it: the value that flows from indexers to decisions to grabs.

Why in `core`: indexer adapters produce it, the pure decision engine (`releases`) and the
reconcilers consume it, and `releases` sits below `adapters`; a shared value type is exactly
what `core` is for. It holds no secrets: adapters strip API keys and passkeys from what they
show (`download_url` keeps them because a grab needs them, so it is never logged or stored
as is; see `mediaos.adapters.http.redact_url`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

TransferProtocol = Literal["torrent", "usenet"]

#: Flags an indexer can put on a release (Sonarr's IndexerFlags, lower case).
KNOWN_FLAGS = frozenset(
    {
        "freeleech",
        "halfleech",
        "freeleech25",
        "freeleech75",
        "double_upload",
        "internal",
        "scene",
        "nuked",
    }
)


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    title: str
    guid: str
    indexer: str
    protocol: TransferProtocol
    download_url: str | None = None
    magnet: str | None = None
    info_hash: str | None = None  # lower-case hex v1 info-hash, when known
    size: int | None = None  # bytes
    published: datetime | None = None  # aware, UTC
    seeders: int | None = None
    leechers: int | None = None
    grabs: int | None = None
    categories: tuple[int, ...] = ()
    imdb_id: str | None = None  # "tt0133093"
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    info_url: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    download_factor: float | None = None  # 0 = freeleech
    upload_factor: float | None = None
    minimum_ratio: float | None = None
    minimum_seed_time: int | None = None  # seconds

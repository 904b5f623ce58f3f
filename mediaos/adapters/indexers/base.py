"""The `Indexer` role: what the acquisition loop needs from Torznab and Newznab servers.

Implementations raise the typed errors of `mediaos.core.errors` (auth vs rate limit vs
unreachable vs bad payload) and never return partial garbage: a malformed feed is a
`BadPayload`, an indexer `<error code=...>` is mapped to the matching leaf.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from mediaos.core.releaseinfo import ReleaseInfo

SearchKind = Literal["search", "tv", "movie", "music", "book"]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    kind: SearchKind = "search"
    text: str | None = None
    imdb_id: str | None = None  # "tt0133093"
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    season: int | None = None
    episode: str | None = None  # "5", or "01/31" for daily shows as Sonarr sends it
    artist: str | None = None
    album: str | None = None
    author: str | None = None
    title: str | None = None  # book title
    year: int | None = None
    categories: tuple[int, ...] = ()
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class SearchCaps:
    available: bool
    params: frozenset[str]  # e.g. {"q", "season", "ep", "imdbid", "tvdbid"}


@dataclass(frozen=True, slots=True)
class Caps:
    server_title: str | None
    limit_max: int | None
    limit_default: int | None
    searches: dict[SearchKind, SearchCaps]
    categories: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchPage:
    releases: tuple[ReleaseInfo, ...]
    offset: int
    total: int | None  # newznab:response total, when the server says


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    message: str


class Indexer(Protocol):
    name: str

    async def caps(self) -> Caps: ...

    async def search(self, query: SearchQuery) -> SearchPage: ...

    async def rss(self, categories: Sequence[int] = ()) -> SearchPage: ...

    async def health(self) -> Health: ...

"""The value `parse` returns: everything a release name says, typed, and nothing it does not.

Why a frozen slotted dataclass: the decision engine compares thousands of these per search,
so they must be cheap, hashable and impossible to mutate behind a caller's back. Every field
has a neutral default (None, False or an empty tuple) so an unparseable part of a name is
simply absent; `parse` never has to raise to say "I do not know".

Invariants a reader must not break:
- `quality` is always one of `mediaos.core.qualities.QUALITY_NAMES`.
- Sequences are tuples (hashable, immutable), sorted ascending where they hold numbers.
- `languages` holds ISO 639-1 codes, with a region only where it matters (pt-BR, es-419).
- Field names are part of the public contract and are all documented in docs/releases.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mediaos.core.qualities import MediaFamily


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    """One release name, read. See docs/releases.md for the meaning of every field."""

    raw: str
    family: MediaFamily = MediaFamily.VIDEO
    title: str | None = None
    titles: tuple[str, ...] = ()
    year: int | None = None
    # Series numbering.
    season: int | None = None
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    full_season: bool = False
    multi_season: bool = False
    complete_series: bool = False
    special: bool = False
    air_date: date | None = None
    # Quality.
    resolution: int | None = None
    source: str | None = None
    quality: str = "Unknown"
    remux: bool = False
    proper: bool = False
    repack: bool = False
    real: bool = False
    version: int = 1
    # Technical details.
    codec: str | None = None
    bit_depth: int | None = None
    audio: str | None = None
    audio_channels: str | None = None
    hdr: tuple[str, ...] = ()
    three_d: bool = False
    edition: tuple[str, ...] = ()
    streaming_service: str | None = None
    # Provenance.
    release_group: str | None = None
    release_hash: str | None = None
    languages: tuple[str, ...] = ()
    multi_language: bool = False
    hardcoded_subs: bool = False
    imdb_id: str | None = None
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    container: str | None = None
    # Music.
    artist: str | None = None
    album: str | None = None
    audio_format: str | None = None
    audio_bitrate: str | None = None
    # Books.
    author: str | None = None
    book_title: str | None = None
    book_format: str | None = None

"""Metadata adapters: TVmaze, TMDB, TheTVDB, MusicBrainz and Open Library behind four roles.

The roles and values live in `base`; every request goes through `gateway.Gateway` (cache,
pacing, bounded fetch, pydantic parsing); `expand` turns a declared series or artist plus
its metadata into the episodes or albums wanted; `matching` picks the search hit a declared
title and year mean. Import the products from their modules
(`mediaos.adapters.metadata.tvmaze.TVmaze`, ...): this namespace re-exports only the shared
vocabulary, so importing it builds no client.
"""

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    BookMeta,
    BookSource,
    EpisodeMeta,
    MetadataCache,
    MovieMeta,
    MovieSource,
    MusicSource,
    SeriesMeta,
    SeriesSource,
    TrackMeta,
)
from mediaos.adapters.metadata.pacing import RateLimiter

__all__ = [
    "AlbumMeta",
    "ArtistMeta",
    "BookMeta",
    "BookSource",
    "EpisodeMeta",
    "MetadataCache",
    "MovieMeta",
    "MovieSource",
    "MusicSource",
    "RateLimiter",
    "SeriesMeta",
    "SeriesSource",
    "TrackMeta",
]

"""Indexers: where releases are found.

Why budgets and backoff caps live here: many private indexers limit API hits and grabs per day
and ban clients that exceed them; the daemon must never be the reason a user loses an account.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

from mediaos.schemas.types import Duration, HttpUrl, Name, OptionalSecret, Spec


class RateLimitSpec(Spec):
    requests: int = Field(1, ge=1)
    """Requests allowed per period."""
    per: Duration = timedelta(seconds=2)
    """Length of the period."""


class BudgetSpec(Spec):
    queries_per_hour: int | None = Field(None, ge=0)
    """Search queries per rolling hour; none is unlimited."""
    queries_per_day: int | None = Field(None, ge=0)
    """Search queries per rolling day; none is unlimited."""
    grabs_per_hour: int | None = Field(None, ge=0)
    """Release downloads per rolling hour; none is unlimited."""
    grabs_per_day: int | None = Field(None, ge=0)
    """Release downloads per rolling day; none is unlimited."""


class IndexerSpec(Spec):
    name: Name
    """Unique name, used in logs, decisions and item keys."""
    type: Literal["torznab", "newznab"]
    """Protocol: torznab (torrents; Jackett, Prowlarr) or newznab (usenet)."""
    url: HttpUrl
    """API endpoint, e.g. http://prowlarr:9696/1/api."""
    api_key: OptionalSecret = None
    """API key (apikey parameter)."""
    categories: list[int] = []
    """Newznab category ids to search; empty uses the standard ones for each media kind."""
    priority: int = Field(25, ge=1, le=50)
    """1 (first) to 50 (last): breaks ties between equal releases, as in Sonarr."""
    enabled: bool = True
    """Disabled indexers are neither searched nor synced."""
    rss: bool = True
    """Include this indexer in RSS sync."""
    search: bool = True
    """Use this indexer for item searches."""
    rate_limit: RateLimitSpec = RateLimitSpec()
    """At most this many requests per period."""
    budget: BudgetSpec = BudgetSpec()
    """Query and grab budgets."""
    min_seeders: int = Field(1, ge=0)
    """Torrents with fewer seeders are rejected."""
    seed_ratio: float | None = Field(None, ge=0)
    """Seed ratio goal for torrents from this indexer; overrides the client's."""
    seed_time: Duration | None = None
    """Seeding time goal for torrents from this indexer; overrides the client's."""
    backoff_cap: Duration = timedelta(hours=1)
    """Longest wait between retries after failures."""
    timeout: Duration = timedelta(seconds=30)
    """Time allowed for one request."""
    tags: list[Name] = []
    """Only items with one of these tags use this indexer; empty serves every item."""

"""What Sonarr (v3/v4) and Radarr (v3 to v5) answer on API v3, as typed, frozen values.

Why a module of its own: these models are the trust boundary. Sonarr and Radarr add fields in
every release and send far more than adoption needs (images, statistics, alternate titles), so
unknown fields are ignored and only what `mediaos adopt` reads is declared. Numbers the *arr
tools send as `0` or `""` when unknown (a series without a TVmaze id, a movie without an IMDb
id, year 0) are normalised to `None` here, so no caller has to remember that convention.

Invariant: every model is frozen; nothing outside `mediaos.adapters.arr` builds them from
anything but an API body (tests included: they go through the loopback servers).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

App = Literal["sonarr", "radarr"]


class _Peer(BaseModel):
    """camelCase on the wire, snake_case here; unknown fields ignored; immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel, extra="ignore", frozen=True, populate_by_name=True
    )


def _none_if_empty(value: object) -> object:
    return None if value in (0, "", None) else value


class ArrStatus(_Peer):
    """`GET /api/v3/system/status`: which product answers, and which version."""

    app_name: str | None = None
    version: str = "unknown"
    url_base: str | None = None


class ArrTag(_Peer):
    id: int
    label: str


class ArrQuality(_Peer):
    id: int
    name: str


class ArrProfileItem(_Peer):
    """One row of a profile: a single quality, or a named group ("WEB 1080p") whose
    qualities are equal to the *arr tool. Rows are listed lowest to highest."""

    quality: ArrQuality | None = None
    items: list[ArrProfileItem] = []
    allowed: bool = False
    name: str | None = None  # groups only
    id: int | None = None  # groups only (1000 and up); the cutoff may name one


class ArrQualityProfile(_Peer):
    """`GET /api/v3/qualityprofile` rows. `cutoff` is a quality id or a group id."""

    id: int
    name: str
    upgrade_allowed: bool = True
    cutoff: int = 0
    items: list[ArrProfileItem] = []
    min_format_score: int = 0
    cutoff_format_score: int = 0


class ArrSeason(_Peer):
    season_number: int
    monitored: bool = False


class ArrSeries(_Peer):
    """`GET /api/v3/series` rows (Sonarr)."""

    id: int
    title: str
    year: int | None = None
    tvdb_id: int | None = None
    tv_maze_id: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    series_type: Literal["standard", "daily", "anime"] = "standard"
    monitored: bool = False
    seasons: list[ArrSeason] = []
    quality_profile_id: int = 0
    root_folder_path: str | None = None
    path: str | None = None
    tags: list[int] = []

    _empty = field_validator(
        "year", "tvdb_id", "tv_maze_id", "tmdb_id", "imdb_id", "root_folder_path", mode="before"
    )(_none_if_empty)

    @field_validator("series_type", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class ArrMovie(_Peer):
    """`GET /api/v3/movie` rows (Radarr). `minimum_availability` keeps Radarr's spelling;
    `tba`, `preDB` and `deleted` come from older versions' enum."""

    id: int
    title: str
    year: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    monitored: bool = False
    minimum_availability: Literal[
        "tba", "announced", "inCinemas", "released", "preDB", "deleted"
    ] = "released"
    quality_profile_id: int = 0
    root_folder_path: str | None = None
    path: str | None = None
    has_file: bool = False
    tags: list[int] = []

    _empty = field_validator("year", "tmdb_id", "imdb_id", "root_folder_path", mode="before")(
        _none_if_empty
    )

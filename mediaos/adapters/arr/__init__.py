"""Sonarr and Radarr, read through their API v3 so an existing setup can be adopted.

Public names: `Sonarr`, `Radarr` (clients), `api_key_from_env`, `convert_profile` (an *arr
quality profile in MediaOS terms), and the payload values
(`ArrSeries`, `ArrMovie`, `ArrQualityProfile`, ...). Nothing here writes to the *arr tools.
"""

from mediaos.adapters.arr.client import (
    API_KEY_ENV,
    MAX_LIST_BYTES,
    ArrClient,
    Radarr,
    Sonarr,
    api_key_from_env,
)
from mediaos.adapters.arr.payloads import (
    App,
    ArrMovie,
    ArrProfileItem,
    ArrQuality,
    ArrQualityProfile,
    ArrSeason,
    ArrSeries,
    ArrStatus,
    ArrTag,
)
from mediaos.adapters.arr.profiles import ConvertedProfile, convert_profile

__all__ = [
    "API_KEY_ENV",
    "MAX_LIST_BYTES",
    "App",
    "ArrClient",
    "ArrMovie",
    "ArrProfileItem",
    "ArrQuality",
    "ArrQualityProfile",
    "ArrSeason",
    "ArrSeries",
    "ArrStatus",
    "ArrTag",
    "ConvertedProfile",
    "Radarr",
    "Sonarr",
    "api_key_from_env",
    "convert_profile",
]

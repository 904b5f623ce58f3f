"""`mediaos adopt --from-sonarr URL --from-radarr URL`: a running Sonarr/Radarr as desired state.

Why from the API and not only from the disk: the *arr database knows what the user *wants*
(monitored series and seasons, profiles, types, minimum availability), which no file name
says. Adoption must not invent wanted items, so only monitored items are declared: an
unmonitored series or movie, and an unmonitored season, are listed as comments instead.

Two steps, as everywhere in MediaOS: `observe_sonarr` / `observe_radarr` read the peers (the
only I/O), and `adopt_arr` is pure: it turns those snapshots into an `ArrAdopted`, which
`mediaos.schemas.render_arr.render_arr_adopted` writes as YAML.

Profiles: only profiles used by a declared item are converted (`convert_profile` in
`mediaos.adapters.arr` says how). Sonarr and Radarr both ship "HD-1080p" with different
contents: identical profiles are shared, different ones are named `sonarr-hd-1080p` and
`radarr-hd-1080p`. A profile with no quality MediaOS knows gives way to `adopted-video`.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePosixPath

from mediaos.adapters.arr import (
    ArrMovie,
    ArrQualityProfile,
    ArrSeries,
    ConvertedProfile,
    Radarr,
    Sonarr,
    convert_profile,
)
from mediaos.adapters.http import redact_url
from mediaos.core.qualities import BY_NAME, VIDEO_QUALITY_NAMES
from mediaos.schemas.keys import slugify
from mediaos.schemas.references import identities
from mediaos.schemas.render_arr import AdoptedProfile, ArrAdopted, ArrMovieItem, ArrSeriesItem

AVAILABILITY = {
    "tba": "announced",
    "announced": "announced",
    "inCinemas": "in_cinemas",
    "released": "released",
    "preDB": "released",
    "deleted": "released",
}
_IMDB = re.compile(r"tt\d{7,10}")
_NOT_NAME = re.compile(r"[^a-z0-9._-]+")
_ORDINARY_SOURCES = frozenset({"sdtv", "dvd", "webrip", "webdl", "bluray", "hdtv", "remux"})
FALLBACK = AdoptedProfile(
    "adopted-video",
    tuple(q for q in VIDEO_QUALITY_NAMES if BY_NAME[q].source in _ORDINARY_SOURCES),
    "Bluray-1080p",
    upgrades=False,
    origin="MediaOS, for items whose profile had no quality MediaOS knows",
)


@dataclass(frozen=True, slots=True)
class ArrSnapshot:
    """What one *arr instance reported; `items` are series (Sonarr) or movies (Radarr)."""

    app: str  # "Sonarr" | "Radarr"
    version: str
    url: str
    items: tuple[ArrSeries | ArrMovie, ...]
    profiles: tuple[ArrQualityProfile, ...]
    tags: dict[int, str]


async def observe_sonarr(client: Sonarr) -> ArrSnapshot:
    status = await client.connect()
    profiles, tags, series = await asyncio.gather(
        client.quality_profiles(), client.tags(), client.series()
    )
    return ArrSnapshot(
        "Sonarr", status.version, redact_url(client.url), tuple(series), tuple(profiles), tags
    )


async def observe_radarr(client: Radarr) -> ArrSnapshot:
    status = await client.connect()
    profiles, tags, movies = await asyncio.gather(
        client.quality_profiles(), client.tags(), client.movies()
    )
    return ArrSnapshot(
        "Radarr", status.version, redact_url(client.url), tuple(movies), tuple(profiles), tags
    )


async def adopt_from_arr(
    *, sonarr: Sonarr | None = None, radarr: Radarr | None = None
) -> ArrAdopted:
    """Read both instances (either may be absent) and describe them; adapter errors pass."""
    return adopt_arr(
        await observe_sonarr(sonarr) if sonarr else None,
        await observe_radarr(radarr) if radarr else None,
    )


def name_of(text: str, fallback: str) -> str:
    """A valid MediaOS name (lower-case slug) for a profile or tag label."""
    return _NOT_NAME.sub("-", slugify(text)).strip("-._") or fallback


def adopt_arr(sonarr: ArrSnapshot | None, radarr: ArrSnapshot | None) -> ArrAdopted:
    """Pure: the monitored series and movies, their profiles, roots, tags and notes."""
    adopted = ArrAdopted(roots={})
    snapshots = [s for s in (sonarr, radarr) if s is not None]
    for snap in snapshots:
        monitored = sum(1 for item in snap.items if item.monitored)
        adopted.notes.append(
            f"{snap.app} {snap.version} at {snap.url}: {monitored} of {len(snap.items)} "
            f"{'series' if snap.app == 'Sonarr' else 'movies'} monitored"
        )
    profile_names = _name_profiles(snapshots, adopted)
    for snap in snapshots:
        _declare(snap, profile_names, adopted)
    if any(p.name == FALLBACK.name for p in adopted.profiles):
        adopted.notes.append(f"items whose profile could not be converted use {FALLBACK.name}")
    return adopted


def _declare(snap: ArrSnapshot, profiles: dict[tuple[str, int], str], adopted: ArrAdopted) -> None:
    """Declare the monitored items of one instance; list the others, and duplicates."""
    kind = "series" if snap.app == "Sonarr" else "movies"
    root = _main_root([item for item in snap.items if item.monitored])
    if root is not None:
        adopted.roots[kind] = Path(root)
    seen: set[str] = set()
    missing_files = 0
    for item in sorted(snap.items, key=lambda i: (i.title.casefold(), i.year or 0)):
        label = f"{snap.app}: {item.title}" + (f" ({item.year})" if item.year else "")
        if not item.monitored:
            adopted.unmatched.append((label, "not monitored"))
            continue
        profile = profiles.get((snap.app, item.quality_profile_id), FALLBACK.name)
        tags = tuple(
            sorted({name_of(snap.tags[t], f"tag-{t}") for t in item.tags if t in snap.tags})
        )
        item_root = _root_of(item)
        extra_root = item_root if item_root != root else None
        declared: ArrSeriesItem | ArrMovieItem
        if isinstance(item, ArrSeries):
            declared = _series(item, profile, extra_root, tags)
        else:
            declared = _movie(item, profile, extra_root, tags)
            missing_files += not item.has_file
        if isinstance(declared, ArrMovieItem) and not (
            declared.year or declared.tmdb or declared.imdb
        ):
            adopted.unmatched.append((label, "no year and no TMDB or IMDb id to identify it by"))
            continue
        tokens = identities(kind, asdict(declared))
        if seen.intersection(tokens):
            adopted.unmatched.append((label, "same title and year or id as another item"))
            continue
        seen.update(tokens)
        if isinstance(declared, ArrSeriesItem):
            adopted.series.append(declared)
        else:
            adopted.movies.append(declared)
    if missing_files:
        adopted.notes.append(
            f"{missing_files} monitored movies have no file yet: MediaOS will search for them"
        )


def _series(
    item: ArrSeries, profile: str, root: str | None, tags: tuple[str, ...]
) -> ArrSeriesItem:
    seasons = tuple(sorted(s.season_number for s in item.seasons if s.monitored))
    return ArrSeriesItem(
        title=item.title,
        year=_year(item.year),
        tvdb=item.tvdb_id,
        tvmaze=item.tv_maze_id,
        imdb=_imdb(item.imdb_id),
        seasons=seasons,
        tmdb=item.tmdb_id,
        type=item.series_type,
        profile=profile,
        root=root,
        tags=tags,
    )


def _movie(item: ArrMovie, profile: str, root: str | None, tags: tuple[str, ...]) -> ArrMovieItem:
    return ArrMovieItem(
        title=item.title,
        year=_year(item.year),
        tmdb=item.tmdb_id,
        imdb=_imdb(item.imdb_id),
        profile=profile,
        minimum_availability=AVAILABILITY[item.minimum_availability],
        root=root,
        tags=tags,
    )


def _name_profiles(snapshots: list[ArrSnapshot], adopted: ArrAdopted) -> dict[tuple[str, int], str]:
    """Convert the profiles declared items use and give each a unique, valid name."""
    converted: dict[tuple[str, int], tuple[str, ArrQualityProfile, ConvertedProfile]] = {}
    for snap in snapshots:
        used = {i.quality_profile_id for i in snap.items if i.monitored}
        for profile in snap.profiles:
            if profile.id not in used:
                continue
            result = convert_profile(profile, snap.app)
            if result is None:
                adopted.notes.append(
                    f'{snap.app} profile "{profile.name}" allows no quality MediaOS knows'
                )
                continue
            adopted.notes.extend(result.notes)
            slug = name_of(profile.name, f"profile-{profile.id}")
            converted[(snap.app, profile.id)] = (slug, profile, result)
    by_slug: dict[str, list[tuple[str, int]]] = {}
    for key, (slug, _, _) in converted.items():
        by_slug.setdefault(slug, []).append(key)
    names: dict[tuple[str, int], str] = {}
    for slug, keys in by_slug.items():
        if len({_content(converted[k][2]) for k in keys}) == 1:
            names.update(dict.fromkeys(keys, slug))  # one profile, or identical ones: shared
            continue
        per_app = Counter(app for app, _ in keys)
        for app, profile_id in keys:
            suffix = f"-{profile_id}" if per_app[app] > 1 else ""
            names[(app, profile_id)] = f"{app.lower()}-{slug}{suffix}"
    origins: dict[str, list[str]] = {}
    for key, name in names.items():
        origins.setdefault(name, []).append(f'{key[0]} profile "{converted[key][1].name}"')
        result = converted[key][2]
        if len(origins[name]) == 1:
            adopted.profiles.append(
                AdoptedProfile(name, result.allowed, result.cutoff, result.upgrades, "")
            )
    adopted.profiles[:] = [
        replace(p, origin=" and ".join(origins[p.name])) for p in adopted.profiles
    ]
    missing = {
        (s.app, i.quality_profile_id) for s in snapshots for i in s.items if i.monitored
    } - names.keys()
    if missing:
        adopted.profiles.append(FALLBACK)
    adopted.profiles.sort(key=lambda p: p.name)
    return names


def _content(profile: ConvertedProfile) -> tuple[object, ...]:
    return (profile.allowed, profile.cutoff, profile.upgrades)


def _root_of(item: ArrSeries | ArrMovie) -> str | None:
    if item.root_folder_path:
        return item.root_folder_path.rstrip("/") or "/"
    if item.path:
        return str(PurePosixPath(item.path).parent)
    return None


def _main_root(items: Sequence[ArrSeries | ArrMovie]) -> str | None:
    """The root folder most items live in; the others get a per-item `root`."""
    counts = Counter(r for r in map(_root_of, items) if r is not None)
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def _year(year: int | None) -> int | None:
    return year if year is not None and 1870 <= year <= 2100 else None


def _imdb(imdb: str | None) -> str | None:
    return imdb if imdb is not None and _IMDB.fullmatch(imdb) else None

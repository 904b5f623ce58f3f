"""The engine benchmarks' world: 10,000 movies, 1,000 series, a half-filled library, a feed.

Why one generator for `bench_engine_diff.py` and `bench_rss_sync.py`: both measure the engine
against the same desired state, and the RSS figure is only comparable with FlexGet's when
both read the same feed for the same wanted set. Everything is seeded, so two runs (and two
machines) measure the same thing; the result is kept under the temporary folder keyed by
`VERSION`, so reruns skip the ~5 s of generation (bump `VERSION` when the shape changes).

What it writes, all through the project's own code where the project has code for it:
- `config/mediaos.yaml`: 10,000 movies (title and year, a third with TMDB ids) and 1,000
  series (TheTVDB ids, `seasons: all`), one quality profile, one Torznab indexer, one
  qBittorrent client, library roots. `metadata.movie_source: none`:
  movies are judged by their declaration, as without a TMDB key.
- `data/mediaos.db`: migrated by `mediaos.state.upgrade`; its metadata cache holds, for each
  series, the three TVmaze answers `TVmaze.series(tvdb=...)` asks for (the TheTVDB lookup,
  `/shows/{id}?embed=episodes`, `/shows/{id}/episodes?specials=1`) under the keys the adapter
  builds (`gateway.cache_key`), with TVmaze's own field set, so an offline catalogue finds
  every series, plus the catalogue snapshots the first offline `load_catalog` writes from
  them (the state after an `apply`). 100 aired regular episodes per series, 0-2 specials,
  and for a tenth of the series an announced season not aired yet.
- `library/`: empty files named as Radarr/Sonarr name them, indexed by the real scanner
  (`index_library`): half the movies and half the episodes (a third of the series complete,
  a third with their first seasons, a third with nothing), all at or above the cutoff.
- `feed.xml`: 10,000 Torznab items (the same document FlexGet's `rss` input reads): about
  30% releases of wanted movies and episodes (single episodes and season packs, qualities
  in and out of the profile, some wrong-year and oversized ones to reject), the rest other
  movies and shows (titles built from the same words, never equal to a wanted title), music
  and software.
- `wanted.json`: the wanted titles, for FlexGet's runner, and each feed item's intended
  item key, to check that matchers find what they should.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mediaos.adapters.metadata.gateway import cache_key
from mediaos.reconcilers.library import index_library
from mediaos.schemas.keys import episode_key, movie_key, series_key
from mediaos.state import StateDB, open_database, to_db_time, upgrade

VERSION = 3
SEED = 20261125
MOVIES, SERIES, EPISODES_PER_SERIES, FEED_ITEMS = 10_000, 1_000, 100, 10_000
PROFILE_ALLOWED = (
    "HDTV-720p",
    "WEBRip-720p",
    "WEBDL-720p",
    "Bluray-720p",
    "WEBRip-1080p",
    "WEBDL-1080p",
    "Bluray-1080p",
)
CUTOFF = "WEBDL-1080p"
HELD_QUALITIES = ("WEBDL-1080p", "Bluray-1080p")  # at or above the cutoff
INDEXER, CLIENT = "bench-torznab", "qbittorrent"
WORDS = (
    "night", "river", "shadow", "empire", "last", "star", "dark", "city", "blue", "iron", "ghost",
    "winter", "storm", "king", "road", "lost", "fire", "silent", "glass", "wolf", "crimson",
    "hollow", "golden", "broken", "northern", "paper", "silver", "black", "white", "red", "green",
    "house", "garden", "island", "mountain", "ocean", "desert", "forest", "valley", "harbor",
    "bridge", "tower", "castle", "station", "machine", "engine", "signal", "echo", "mirror",
    "window", "door", "letter", "secret", "promise", "memory", "dream", "summer", "autumn",
    "spring", "morning", "evening", "midnight", "thunder", "rain", "snow", "wind", "stone",
    "bone", "blood", "heart", "soul", "queen", "prince", "princess", "knight", "hunter",
    "stranger", "doctor", "teacher", "soldier", "pilot", "captain", "sailor", "thief", "liar",
    "saint", "angel", "devil", "witch", "ghosts", "wolves", "kings", "children", "brothers",
    "sisters", "mothers", "fathers", "friends", "lovers", "enemies", "strangers", "neighbors",
    "hours", "days", "years", "moments", "rivers", "roads", "seven", "three", "twelve", "hundred",
    "first", "second", "final", "endless", "hidden", "frozen", "burning", "falling", "rising",
    "wild", "quiet", "loud", "sweet", "bitter", "cold", "warm", "young", "old", "new", "ancient",
    "modern", "savage", "gentle", "electric", "velvet", "neon", "copper", "marble", "crystal",
    "amber", "scarlet", "violet", "ivory", "emerald",
)  # fmt: skip
QUALITY_TAGS = {
    # quality: (resolution, source tag, typical GiB for a 45-minute episode)
    "HDTV-720p": ("720p", "HDTV.x264", 1.0),
    "WEBDL-720p": ("720p", "WEB-DL.DDP5.1.H.264", 1.2),
    "WEBRip-1080p": ("1080p", "WEBRip.x264", 2.0),
    "WEBDL-1080p": ("1080p", "WEB-DL.DDP5.1.H.264", 2.5),
    "Bluray-1080p": ("1080p", "BluRay.x264", 4.0),
    "WEBDL-2160p": ("2160p", "WEB-DL.DDP5.1.Atmos.DV.HEVC", 8.0),
    "Remux-2160p": ("2160p", "BluRay.REMUX.HEVC.TrueHD.7.1", 25.0),
    "SDTV": ("", "HDTV.x264", 0.4),
    "CAM": ("", "CAM.x264", 1.5),
}
GROUPS = ("NTb", "FLUX", "CMRG", "EDITH", "KOGi", "SPARKS", "AMIABLE", "playWEB", "HONE", "BiQ")


@dataclass(frozen=True, slots=True)
class Movie:
    title: str
    year: int
    tmdb: int | None
    held: bool

    @property
    def key(self) -> str:
        return movie_key(self.title, self.year, self.tmdb)


@dataclass(frozen=True, slots=True)
class Series:
    title: str
    tvdb: int
    tvmaze: int
    premiered: int
    season_length: int
    held_seasons: int
    """Seasons 1..held_seasons are in the library."""
    specials: int
    announced: bool
    """A season announced but not aired yet."""

    @property
    def key(self) -> str:
        return series_key(self.title, None, self.tvdb)

    @property
    def seasons(self) -> int:
        return EPISODES_PER_SERIES // self.season_length


@dataclass(frozen=True, slots=True)
class Fixture:
    """Paths of a generated world; `build()` returns one."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config" / "mediaos.yaml"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def library(self) -> Path:
        return self.root / "library"

    @property
    def feed(self) -> Path:
        return self.root / "feed.xml"

    @property
    def wanted(self) -> Path:
        return self.root / "wanted.json"


def cache_dir() -> Path:
    """Where fixtures (and FlexGet's venv) are kept between runs."""
    base = os.environ.get("MEDIAOS_BENCH_CACHE") or Path(tempfile.gettempdir()) / "mediaos-bench"
    return Path(base)


def build(*, force: bool = False) -> Fixture:
    """The fixture of this `VERSION`, generated if missing (or if `force`)."""
    fixture = Fixture(cache_dir() / f"engine-v{VERSION}")
    with exclusive(cache_dir() / "engine.lock"):
        if (fixture.root / "READY").exists() and not force:
            refresh_cache_times(fixture)
            return fixture
        _generate(fixture)
    return fixture


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`: two benchmarks started at once (two `make bench`)
    must not both generate into the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _generate(fixture: Fixture) -> None:
    if fixture.root.exists():
        shutil.rmtree(fixture.root)
    fixture.root.mkdir(parents=True)
    rng = random.Random(SEED)
    movies, series = _movies(rng), _series(rng)
    _write_config(fixture, movies, series)
    state = open_database(fixture.data_dir)
    try:
        upgrade(state)
        _write_metadata_cache(state, series, datetime.now(UTC))
        _write_library(fixture.library, movies, series)
        roots = {"movies": fixture.library / "movies", "series": fixture.library / "series"}
        asyncio.run(index_library(state, roots))  # type: ignore[arg-type]
        asyncio.run(_snapshot_catalog(fixture, state))
    finally:
        state.close()
    expected = _write_feed(fixture.feed, rng, movies, series)
    fixture.wanted.write_text(
        json.dumps(
            {
                "movies": [{"title": m.title, "year": m.year, "held": m.held} for m in movies],
                "series": [
                    {"title": s.title, "tvdb": s.tvdb, "held_seasons": s.held_seasons}
                    for s in series
                ],
                "expected": expected,
            }
        )
    )
    (fixture.root / "READY").write_text(f"{VERSION}\n")


def refresh_cache_times(fixture: Fixture) -> None:
    """Bring a reused fixture to today: the latest migrations, and the cached metadata marked
    as fetched now (the cache's TTL, 12 h by default, would otherwise expire it)."""
    state = open_database(fixture.data_dir)
    try:
        upgrade(state)  # migrations added since the fixture was made
        with state.db.atomic():
            state.db.execute(
                "UPDATE metadata_cache SET fetched_at = ?", [to_db_time(datetime.now(UTC))]
            )
    finally:
        state.close()


def searched_copy(fixture: Fixture) -> Path:
    """A data directory like the fixture's, where every wanted unit the library lacks has
    been searched (one `searches` row each, the last 12 h spread over them, so about half are
    due again): a library `apply` has been working through, and the state a long-running
    install is in. Returns the data directory; the `-c` config is the fixture's.

    The unit keys are found once (resolve and holdings, ~2 s) and kept beside the copy;
    the times are written anew on each call, relative to now."""
    folder = fixture.root / "data-searched"
    keys_file = fixture.root / "searched-keys.json"
    with exclusive(cache_dir() / "engine.lock"):
        if not keys_file.exists():
            keys_file.write_text(json.dumps(_unheld_keys(fixture)))
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        shutil.copy2(fixture.data_dir / "mediaos.db", folder / "mediaos.db")
        keys: list[str] = json.loads(keys_file.read_text())
        now = datetime.now(UTC)
        spread = timedelta(hours=12) / max(len(keys), 1)
        rng = random.Random(SEED)
        rows = [
            (key, to_db_time(now - spread * (n + 1)), rng.randint(0, 20), 0)
            for n, key in enumerate(keys)
        ]
        state = open_database(folder)
        try:
            with state.db.conn:
                state.db.conn.executemany("INSERT INTO searches VALUES (?, ?, ?, ?)", rows)
        finally:
            state.close()
    return folder


def _unheld_keys(fixture: Fixture) -> list[str]:
    from mediaos.daemon.runtime import open_runtime
    from mediaos.reconcilers.catalog import load_catalog
    from mediaos.reconcilers.desired import resolve
    from mediaos.reconcilers.holdings import read_holdings
    from mediaos.schemas.load import load_config

    config = load_config([fixture.config], {}).config
    now = datetime.now(UTC)
    state = open_database(fixture.data_dir)
    try:

        async def catalogue() -> Any:
            async with open_runtime(config, offline=True, state=state) as runtime:
                return (await load_catalog(config, runtime.metadata, offline=True, now=now))[0]

        desired = resolve(config, asyncio.run(catalogue()), now)
        held = read_holdings(state, desired)
    finally:
        state.close()
    return [slot.key for slot in desired.slots if slot.key not in held]


async def _snapshot_catalog(fixture: Fixture, state: StateDB) -> None:
    """What the first `apply` leaves behind: one catalogue snapshot per series, decoded by
    the TVmaze adapter from the cached answers (`load_catalog` writes them), so `diff`
    measures its steady state rather than its first run after an upgrade."""
    from mediaos.daemon.runtime import open_runtime
    from mediaos.reconcilers.catalog import load_catalog
    from mediaos.schemas.load import load_config

    config = load_config([fixture.config], {}).config
    async with open_runtime(config, offline=True, state=state) as runtime:
        catalog, problems = await load_catalog(
            config, runtime.metadata, offline=True, now=datetime.now(UTC)
        )
    if len(catalog.series) != SERIES or problems:
        raise RuntimeError(f"catalogue incomplete: {len(catalog.series)} series, {problems[:3]}")


def _unique_titles(
    rng: random.Random, count: int, taken: set[str], words: tuple[int, int]
) -> list[str]:
    titles: list[str] = []
    while len(titles) < count:
        title = " ".join(w.title() for w in rng.sample(WORDS, rng.randint(*words)))
        if title.lower() not in taken:
            taken.add(title.lower())
            titles.append(title)
    return titles


def _movies(rng: random.Random) -> list[Movie]:
    titles = _unique_titles(rng, MOVIES, set(), (2, 4))
    return [
        Movie(
            title,
            rng.randint(1950, 2024),
            100_000 + index if index % 3 == 0 else None,
            held=rng.random() < 0.5,
        )
        for index, title in enumerate(titles)
    ]


def _series(rng: random.Random) -> list[Series]:
    titles = _unique_titles(rng, SERIES, set(), (1, 3))
    result = []
    for index, title in enumerate(titles):
        length = rng.choice((10, 20, 25, 50))
        seasons = EPISODES_PER_SERIES // length
        third = index % 3
        held = seasons if third == 0 else (seasons // 2 if third == 1 else 0)
        result.append(
            Series(
                title,
                tvdb=70_000 + index,
                tvmaze=10_000 + index,
                premiered=rng.randint(1995, 2015),
                season_length=length,
                held_seasons=held,
                specials=rng.choice((0, 0, 1, 2)),
                announced=index % 10 == 7,
            )
        )
    return result


def _write_config(fixture: Fixture, movies: list[Movie], series: list[Series]) -> None:
    lib = fixture.library
    lines = [
        "version: 1",
        f"data_dir: {fixture.data_dir}",
        "library:",
        f"  roots: {{movies: {lib / 'movies'}, series: {lib / 'series'}}}",
        f"  downloads: {fixture.root / 'downloads'}",
        "metadata: {movie_source: none}",
        "quality:",
        "  profiles:",
        f"    hd: {{allowed: [{', '.join(PROFILE_ALLOWED)}], cutoff: {CUTOFF}}}",
        "indexers:",
        f"  - {{name: {INDEXER}, type: torznab, url: 'http://127.0.0.1:9117/api', api_key: bench}}",
        "download_clients:",
        f"  - {{name: {CLIENT}, type: qbittorrent, url: 'http://127.0.0.1:8080', "
        "username: admin, password: adminadmin, category: mediaos}",
        "movies:",
    ]
    for movie in movies:
        lines.append(f"  - title: {movie.title}")
        lines.append(f"    year: {movie.year}")
        if movie.tmdb is not None:
            lines.append(f"    tmdb: {movie.tmdb}")
    lines.append("series:")
    for show in series:
        lines.append(f"  - title: {show.title}")
        lines.append(f"    tvdb: {show.tvdb}")
    fixture.config.parent.mkdir(parents=True)
    fixture.config.write_text("\n".join(lines) + "\n")


def _episode_json(
    show: Series, season: int, number: int | None, aired: date, name: str
) -> dict[str, object]:
    """One episode as TVmaze answers it (the fields the adapter reads, and the ones it does
    not, so the cached bodies have TVmaze's size)."""
    episode_id = show.tvmaze * 1000 + season * 100 + (number or 99)
    stamp = datetime(aired.year, aired.month, aired.day, 1, 0, tzinfo=UTC)
    return {
        "id": episode_id,
        "url": f"https://www.tvmaze.com/episodes/{episode_id}/{name.lower().replace(' ', '-')}",
        "name": name,
        "season": season,
        "number": number,
        "type": "regular" if number is not None else "significant_special",
        "airdate": aired.isoformat(),
        "airtime": "21:00",
        "airstamp": stamp.isoformat(),
        "runtime": 45,
        "rating": {"average": 7.5},
        "image": {
            "medium": f"https://static.tvmaze.com/uploads/images/medium_landscape/{episode_id}.jpg",
            "original": f"https://static.tvmaze.com/uploads/images/original_untouched/{episode_id}.jpg",
        },
        "summary": f"<p>{name}: the story of {show.title} goes on, and nothing is as it seems.</p>",
        "_links": {"self": {"href": f"https://api.tvmaze.com/episodes/{episode_id}"}},
    }


def episode_air_date(show: Series, season: int, number: int) -> date:
    """Seasons a year apart from the premiere, episodes a week apart."""
    return date(show.premiered + season - 1, 1, 10) + timedelta(weeks=number - 1)


def _write_metadata_cache(state: StateDB, series: list[Series], fetched: datetime) -> None:
    rows = []
    today = fetched.date()
    for show in series:
        regular = [
            _episode_json(show, s, n, episode_air_date(show, s, n), f"Chapter {n}")
            for s in range(1, show.seasons + 1)
            for n in range(1, show.season_length + 1)
        ]
        if show.announced:  # announced season: dates in the future, or none yet
            next_season = show.seasons + 1
            for n in range(1, 4):
                future = today + timedelta(days=60 + 7 * n)
                episode = _episode_json(show, next_season, n, future, f"Chapter {n}")
                if n == 3:
                    episode["airdate"], episode["airstamp"] = "", None
                regular.append(episode)
        specials = [
            _episode_json(
                show, s, None, episode_air_date(show, s, 1) - timedelta(days=3), "Special"
            )
            for s in range(1, show.specials + 1)
        ]
        body = {
            "id": show.tvmaze,
            "url": f"https://www.tvmaze.com/shows/{show.tvmaze}",
            "name": show.title,
            "type": "Scripted",
            "language": "English",
            "genres": ["Drama", "Thriller"],
            "status": "Running" if show.announced else "Ended",
            "runtime": 45,
            "averageRuntime": 45,
            "premiered": f"{show.premiered}-01-10",
            "officialSite": None,
            "schedule": {"time": "21:00", "days": ["Sunday"]},
            "rating": {"average": 7.9},
            "network": {"id": 1, "name": "Bench Network", "country": {"code": "US"}},
            "externals": {"tvrage": None, "thetvdb": show.tvdb, "imdb": f"tt{9000000 + show.tvdb}"},
            "summary": f"<p>{show.title} is a show.</p>",
            "_embedded": {"episodes": regular},
        }
        all_episodes = sorted(regular + specials, key=lambda e: str(e["airdate"] or "9999"))
        rows.append((f"tvmaze:/lookup/shows?thetvdb={show.tvdb}", str(show.tvmaze).encode()))
        rows.append(
            (
                cache_key("tvmaze", f"/shows/{show.tvmaze}", {"embed": "episodes"}),
                json.dumps(body).encode(),
            )
        )
        rows.append(
            (
                cache_key("tvmaze", f"/shows/{show.tvmaze}/episodes", {"specials": 1}),
                json.dumps(all_episodes).encode(),
            )
        )
    db = state.db
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO metadata_cache (key, body, fetched_at) VALUES (?, ?, ?)",
            [(key, body, to_db_time(fetched)) for key, body in rows],
        )


def _write_library(library: Path, movies: list[Movie], series: list[Series]) -> None:
    rng = random.Random(SEED + 1)
    for movie in movies:
        if not movie.held:
            continue
        ids = f" {{tmdb-{movie.tmdb}}}" if movie.tmdb else ""
        folder = library / "movies" / f"{movie.title} ({movie.year}){ids}"
        folder.mkdir(parents=True)
        quality = rng.choice(HELD_QUALITIES)
        (folder / f"{movie.title} ({movie.year}) {quality}.mkv").touch()
    for show in series:
        top = library / "series" / f"{show.title} {{tvdb-{show.tvdb}}}"
        for season in range(1, show.held_seasons + 1):
            folder = top / f"Season {season:02d}"
            folder.mkdir(parents=True)
            for number in range(1, show.season_length + 1):
                quality = rng.choice(HELD_QUALITIES)
                name = f"{show.title} - S{season:02d}E{number:02d} - Chapter {number} {quality}.mkv"
                (folder / name).touch()
    (library / "movies").mkdir(parents=True, exist_ok=True)
    (library / "series").mkdir(parents=True, exist_ok=True)


def _dotted(title: str) -> str:
    return title.replace(" ", ".")


def _release(
    rng: random.Random, name: str, quality: str, minutes: int, *, oversize: bool = False
) -> tuple[str, int]:
    resolution, tag, gib_per_45 = QUALITY_TAGS[quality]
    parts = [name, resolution, tag] if resolution else [name, tag]
    title = ".".join(p for p in parts if p) + f"-{rng.choice(GROUPS)}"
    size = gib_per_45 * minutes / 45 * rng.uniform(0.8, 1.2) * (8 if oversize else 1)
    return title, int(size * 1024**3)


def _write_feed(
    path: Path, rng: random.Random, movies: list[Movie], series: list[Series]
) -> dict[str, str | None]:
    """The feed, and for each guid the item key it was built for (None: nothing wanted)."""
    wanted_titles = {m.title.lower() for m in movies} | {s.title.lower() for s in series}
    other_titles = _unique_titles(rng, 3_000, set(wanted_titles), (1, 4))
    wanted_qualities = ("WEBDL-1080p", "Bluray-1080p", "WEBRip-1080p", "HDTV-720p", "WEBDL-720p")
    unwanted_qualities = ("WEBDL-2160p", "Remux-2160p", "SDTV", "CAM")
    published = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    items: list[str] = []
    expected: dict[str, str | None] = {}
    for index in range(FEED_ITEMS):
        roll = rng.random()
        quality = rng.choice(wanted_qualities if rng.random() < 0.7 else unwanted_qualities)
        ids: dict[str, str] = {}
        key: str | None = None
        if roll < 0.10:  # a wanted movie
            movie = rng.choice(movies)
            year = movie.year if rng.random() < 0.9 else movie.year + 3
            title, size = _release(
                rng, f"{_dotted(movie.title)}.{year}", quality, 110, oversize=rng.random() < 0.05
            )
            if movie.tmdb and rng.random() < 0.5:
                ids["tmdbid"] = str(movie.tmdb)
            # A release three years off is another movie of the same name, unless its id
            # says it is this one.
            category = 2040
            key = movie.key if year == movie.year or ids else None
        elif roll < 0.30:  # a wanted series: mostly single episodes, some season packs
            show = rng.choice(series)
            season = rng.randint(1, show.seasons)
            if rng.random() < 0.1:
                name, minutes = f"{_dotted(show.title)}.S{season:02d}", 45 * show.season_length
                key = f"{show.key}/s{season:02d}"
            else:
                number = rng.randint(1, show.season_length)
                name, minutes = f"{_dotted(show.title)}.S{season:02d}E{number:02d}", 45
                key = episode_key(show.key, season, number)
            title, size = _release(rng, name, quality, minutes, oversize=rng.random() < 0.05)
            category = 5040
            if rng.random() < 0.5:
                ids["tvdbid"] = str(show.tvdb)
        elif roll < 0.60:  # another movie
            other = rng.choice(other_titles)
            title, size = _release(rng, f"{_dotted(other)}.{rng.randint(1950, 2025)}", quality, 110)
            category = 2040
        elif roll < 0.92:  # another show
            other = rng.choice(other_titles)
            episode = f"S{rng.randint(1, 12):02d}E{rng.randint(1, 24):02d}"
            title, size = _release(rng, f"{_dotted(other)}.{episode}", quality, 45)
            category = 5040
        elif roll < 0.97:  # music
            artist, album = rng.sample(other_titles, 2)
            title = f"{artist} - {album} ({rng.randint(1970, 2025)}) [FLAC]"
            size, category = rng.randint(200, 900) * 1024**2, 3040
        else:  # software
            version = f"v{rng.randint(1, 20)}.{rng.randint(0, 9)}"
            title = f"{_dotted(rng.choice(other_titles))}.{version}.x64-{rng.choice(GROUPS)}"
            size, category = rng.randint(50, 4000) * 1024**2, 4050
        guid = f"https://bench.invalid/details/{index}"
        expected[guid] = key
        items.append(
            _item(
                index, title, guid, size, category, published - timedelta(minutes=index), rng, ids
            )
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:torznab="http://torznab.com/schemas/2015/feed">\n<channel>\n'
        f"<title>{INDEXER}</title>\n<link>https://bench.invalid/</link>\n"
        "<description>MediaOS engine benchmark feed</description>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )
    path.write_text(document)
    return expected


def _item(
    index: int,
    title: str,
    guid: str,
    size: int,
    category: int,
    published: datetime,
    rng: random.Random,
    ids: dict[str, str],
) -> str:
    info_hash = f"{rng.getrandbits(160):040x}"
    link = f"https://bench.invalid/download/{index}.torrent?passkey=bench"
    attrs = {
        "category": str(category),
        "seeders": str(rng.randint(0, 500)),
        "peers": str(rng.randint(0, 800)),
        "infohash": info_hash,
        "downloadvolumefactor": rng.choice(("1", "1", "1", "0")),
        "uploadvolumefactor": "1",
        **ids,
    }
    attr_xml = "".join(f'<torznab:attr name="{k}" value="{v}"/>' for k, v in attrs.items())
    return (
        f"<item><title>{escape(title)}</title><guid>{escape(guid)}</guid>"
        f"<link>{escape(link)}</link><comments>{escape(guid)}</comments>"
        f"<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<size>{size}</size><category>{category}</category>"
        f'<enclosure url={quoteattr(link)} length="{size}" type="application/x-bittorrent"/>'
        f"{attr_xml}</item>\n"
    )


if __name__ == "__main__":
    import sys
    import time

    start = time.perf_counter()
    built = build(force="--force" in sys.argv)
    print(f"fixture at {built.root} ({time.perf_counter() - start:.1f} s)")

"""A library adopted with `mediaos adopt` diffs with nothing missing: what is on disk is
never searched for or grabbed again, with the series' episode list known or not."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mediaos.adapters.metadata.base import EpisodeMeta, SeriesMeta
from mediaos.reconcilers.catalog import series_snapshot
from mediaos.schemas.load import load_config
from mediaos.state import open_database
from mediaos.state.metadata_cache import SqliteMetadataCache

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    "movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv",
    "movies/Sintel (2010)/Sintel (2010) WEBDL-1080p.mkv",
    "movies/Big Buck Bunny (2008) {tmdb-10378}/Big Buck Bunny (2008) {tmdb-10378} Bluray-720p.mkv",
    "series/Pioneer One (2010)/Season 01/Pioneer One (2010) - S01E01 - Earthfall WEBDL-1080p.mkv",
    "series/Pioneer One (2010)/Season 01/Pioneer One (2010) - S01E02 - Alone WEBDL-1080p.mkv",
    "series/Pioneer One (2010)/Season 01/Pioneer One (2010) - S01E03 - Triangle WEBDL-1080p.mkv",
]


def mediaos(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAOS_")}
    return subprocess.run(
        [sys.executable, "-m", "mediaos", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def adopted(tmp_path: Path) -> tuple[Path, Path]:
    """The adopted YAML and the data dir `adopt` indexed the library into."""
    library, data, output = tmp_path / "library", tmp_path / "data", tmp_path / "adopted.yaml"
    for relative in FILES:
        path = library / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * 4096)
    result = mediaos(
        "adopt", f"movies={library / 'movies'}", f"series={library / 'series'}",
        "--data-dir", str(data), "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output, data


def _cache_episodes(config: Path, data: Path, episodes: int) -> None:
    """The series' metadata as an earlier `apply` would have left it in the cache."""
    loaded = load_config([config], os.environ).config
    (spec,) = loaded.series
    start = date(2010, 6, 1)
    show = SeriesMeta(
        title="Pioneer One",
        year=2010,
        tvmaze=1,
        episodes=tuple(
            EpisodeMeta(1, n, f"Episode {n}", air_date=start + timedelta(weeks=n))
            for n in range(1, episodes + 1)
        ),
    )
    key, body = series_snapshot(spec, show, source="tvmaze")
    with open_database(data) as state:
        cache = SqliteMetadataCache(state, ttl=timedelta(hours=12))
        asyncio.run(cache.put(key, body, datetime.now(UTC)))


def test_adopted_library_diffs_in_sync_when_the_episode_list_is_known(
    adopted: tuple[Path, Path],
) -> None:
    config, data = adopted
    _cache_episodes(config, data, episodes=3)
    result = mediaos("diff", "-c", str(config), "--data-dir", str(data), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    assert "problem" not in result.stderr


def test_adopted_library_without_metadata_searches_none_of_what_it_holds(
    adopted: tuple[Path, Path],
) -> None:
    config, data = adopted
    result = mediaos("diff", "-c", str(config), "--data-dir", str(data), "--json")
    # the episode list is unknown offline: a problem, never a search for held files
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    assert "episode list unknown" in result.stderr


def test_only_the_episode_the_library_lacks_is_searched(adopted: tuple[Path, Path]) -> None:
    config, data = adopted
    _cache_episodes(config, data, episodes=4)
    result = mediaos("diff", "-c", str(config), "--data-dir", str(data), "--json")
    assert result.returncode == 2, result.stderr
    wanted = [(a["verb"], a["item"]) for a in json.loads(result.stdout)]
    assert ("search", "series/pioneer-one-2010/s01e04") in wanted
    held = {"movie/the-matrix-1999", "movie/sintel-2010", "series/pioneer-one-2010/s01e01"}
    assert not [w for w in wanted if w[1] in held or w[1].startswith("movie/")]

"""read_holdings(): which indexed library file fills which slot, and its grade."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from mediaos.adapters.metadata.base import EpisodeMeta, MovieMeta, SeriesMeta
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.reconcilers.holdings import read_holdings
from mediaos.releases.identify import MediaKind, identify
from mediaos.releases.upgrades import Revision
from mediaos.schemas.config import MediaOSConfig
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.library_index import FILE_COLUMNS, replace_directory

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
MOVIES, TV, UHD = "/srv/movies", "/srv/tv", "/srv/4k"


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateDB]:
    with open_database(tmp_path / "data") as opened:
        upgrade(opened)
        yield opened


def config(**sections: Any) -> MediaOSConfig:
    base: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": MOVIES, "series": TV}},
        "quality": {
            "profiles": {
                "hd": {"allowed": ["WEBDL-720p", "WEBDL-1080p"], "cutoff": "WEBDL-1080p"},
                "uhd": {"allowed": ["WEBDL-2160p"], "cutoff": "WEBDL-2160p"},
            },
            "default_profile": "hd",
        },
    }
    base.update(sections)
    return MediaOSConfig.model_validate(base)


def show(title: str, year: int, count: int = 3, tvdb: int | None = None) -> SeriesMeta:
    return SeriesMeta(
        title=title,
        year=year,
        tvdb=tvdb,
        episodes=tuple(
            EpisodeMeta(season=1, number=n, air_date=date(2010, 1, 1)) for n in range(1, count + 1)
        ),
    )


def index(state: StateDB, root: str, kind: MediaKind, *paths: str) -> None:
    """Index files the way the scanner does (identify, then one row per file)."""
    by_dir: dict[str, list[tuple[object, ...]]] = {}
    for number, relative in enumerate(paths):
        directory, _, name = relative.rpartition("/")
        found = identify(kind, relative)
        values = {
            "root": root,
            "dir": directory,
            "name": name,
            "kind": found.kind,
            "item_key": found.item_key,
            "size": 1,
            "mtime_ns": 1,
            "inode": number,
            "device": 1,
            "title": found.title,
            "year": found.year,
            "season": found.season,
            "episodes": json.dumps(list(found.episodes)),
            "absolute_episodes": json.dumps(list(found.absolute_episodes)),
            "air_date": found.air_date.isoformat() if found.air_date else None,
            "track": found.track,
            "quality": found.quality,
            "release_group": None,
            "language": None,
            "forced": 0,
            "hearing_impaired": 0,
            "tmdb": found.tmdb,
            "imdb": found.imdb,
            "tvdb": found.tvdb,
            "reason": found.reason,
        }
        by_dir.setdefault(directory, []).append(tuple(values[c] for c in FILE_COLUMNS))
    for directory, rows in by_dir.items():
        replace_directory(state, root, directory, 1, [], rows)


def test_a_movie_is_held_by_its_folder_key_with_quality_and_grade(state: StateDB) -> None:
    desired = resolve(config(movies=[{"title": "Dune", "year": 2021}]), Catalog(), NOW)
    assert read_holdings(state, desired) == {}
    index(state, MOVIES, "movies", "Dune (2021)/Dune (2021) WEBDL-1080p.mkv")
    held = read_holdings(state, desired)["movie/dune-2021"]
    assert held.quality == "WEBDL-1080p"
    assert held.path == f"{MOVIES}/Dune (2021)/Dune (2021) WEBDL-1080p.mkv"
    assert (held.grade.quality, held.grade.score, held.grade.revision) == (
        "WEBDL-1080p",
        0,
        Revision(),
    )


def test_a_movie_folder_named_by_id_is_found_by_the_id(state: StateDB) -> None:
    cfg = config(movies=[{"title": "Dune", "year": 2021}])
    catalog = Catalog(movies={"movie/dune-2021": MovieMeta(title="Dune", year=2021, tmdb=438631)})
    index(state, MOVIES, "movies", "Dune Part One {tmdb-438631}/Dune.Part.One.720p.WEB-DL.mkv")
    held = read_holdings(state, resolve(cfg, catalog, NOW))
    assert held["movie/dune-2021"].quality == "WEBDL-720p"


def test_a_proper_in_the_file_name_is_a_newer_revision(state: StateDB) -> None:
    desired = resolve(config(movies=[{"title": "Dune", "year": 2021}]), Catalog(), NOW)
    index(state, MOVIES, "movies", "Dune (2021)/Dune.2021.PROPER.1080p.WEB-DL.x264-GRP.mkv")
    assert read_holdings(state, desired)["movie/dune-2021"].grade.revision.version == 2


def test_versions_with_roots_of_their_own_are_told_apart_by_root(state: StateDB) -> None:
    movie = {
        "title": "Dune",
        "year": 2021,
        "versions": [{"name": "hd"}, {"name": "4k", "profile": "uhd", "root": UHD}],
    }
    desired = resolve(config(movies=[movie]), Catalog(), NOW)
    index(state, UHD, "movies", "Dune (2021)/Dune (2021) WEBDL-2160p.mkv")
    assert set(read_holdings(state, desired)) == {"movie/dune-2021@4k"}


def test_episodes_match_by_series_folder_season_and_numbers(state: StateDB) -> None:
    cfg = config(series=[{"title": "Pioneer One", "year": 2010}])
    desired = resolve(
        cfg, Catalog(series={"series/pioneer-one-2010": show("Pioneer One", 2010)}), NOW
    )
    index(
        state,
        TV,
        "series",
        "Pioneer One (2010)/Season 01/Pioneer One (2010) - S01E01 - Earthfall WEBDL-1080p.mkv",
        "Pioneer One (2010)/Season 01/Pioneer.One.S01E02E03.720p.WEB-DL.x264-GRP.mkv",
    )
    held = read_holdings(state, desired)
    base = "series/pioneer-one-2010"
    assert {k: h.quality for k, h in held.items()} == {
        f"{base}/s01e01": "WEBDL-1080p",
        f"{base}/s01e02": "WEBDL-720p",
        f"{base}/s01e03": "WEBDL-720p",
    }
    assert f"{base}/s01" not in held  # a season is held through its episodes


def test_a_series_folder_without_year_matches_and_one_with_another_year_does_not(
    state: StateDB,
) -> None:
    cfg = config(series=[{"title": "The Office", "year": 2005}])
    catalog = Catalog(series={"series/the-office-2005": show("The Office", 2005)})
    desired = resolve(cfg, catalog, NOW)
    index(state, TV, "series", "The Office (2001)/Season 1/The.Office.S01E01.720p.WEB-DL.mkv")
    assert read_holdings(state, desired) == {}
    index(state, TV, "series", "The Office/Season 1/The.Office.S01E02.720p.WEB-DL.mkv")
    assert set(read_holdings(state, desired)) == {"series/the-office-2005/s01e02"}


def test_a_series_folder_is_found_by_its_tvdb_id(state: StateDB) -> None:
    cfg = config(series=[{"title": "Pioneer One", "year": 2010, "tvdb": 4242}])
    catalog = Catalog(series={"series/pioneer-one-2010": show("Pioneer One", 2010, tvdb=4242)})
    index(state, TV, "series", "Pioneer {tvdb-4242}/Season 01/Pioneer.S01E03.1080p.WEB-DL.mkv")
    held = read_holdings(state, resolve(cfg, catalog, NOW))
    assert set(held) == {"series/pioneer-one-2010/s01e03"}


def test_a_hundred_thousand_episode_files_are_matched_in_a_few_queries(state: StateDB) -> None:
    """Grouped queries per root and dict lookups: a regression to a query per slot fails
    this (speed itself is measured by bench/bench_engine_diff.py, not here)."""
    shows = [(f"Show {n}", 2000 + n % 20) for n in range(1000)]
    cfg = config(series=[{"title": t, "year": y} for t, y in shows])
    catalog = Catalog(
        series={f"series/show-{n}-{y}": show(t, y, 100) for n, (t, y) in enumerate(shows)}
    )
    desired: Desired = resolve(cfg, catalog, NOW)
    rows = [
        (TV, f"{t} ({y})/Season 01", f"{t} ({y}) - S01E{e:02d} - Proper WEBDL-1080p.mkv", "episode",
         f"series/show-{n}-{y}/s01e{e:02d}", 1, 1, n * 1000 + e, 1, t, y, 1, f"[{e}]", "[]",
         None, None, "WEBDL-1080p", None, None, 0, 0, None, None, None, "")
        for n, (t, y) in enumerate(shows)
        for e in range(1, 101)
    ]  # fmt: skip
    with state.db.conn:
        marks = ", ".join("?" for _ in FILE_COLUMNS)
        state.db.conn.executemany(
            f"INSERT INTO library_files ({', '.join(FILE_COLUMNS)}) VALUES ({marks})", rows
        )
    statements: list[str] = []
    state.db.conn.set_trace_callback(statements.append)
    try:
        held = read_holdings(state, desired)
    finally:
        state.db.conn.set_trace_callback(None)
    assert len(held) == 100_000
    assert len(statements) <= 10, statements

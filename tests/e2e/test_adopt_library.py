"""`mediaos adopt` on a Radarr/Sonarr-shaped library made by the test: identifies the items,
declares no junk, and writes YAML that validates and resolves to the files it came from."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import yaml

from mediaos.reconcilers.adopt import collect
from mediaos.reconcilers.library import index_library
from mediaos.schemas.keys import movie_key, series_key
from mediaos.schemas.load import load_config
from mediaos.schemas.render import render_adopted
from mediaos.state import open_database, upgrade
from mediaos.state.library_index import files

ROOT = Path(__file__).resolve().parents[2]

MOVIES = [
    ("The Matrix", 1999, "{tmdb-603}", "The Matrix (1999) Bluray-1080p.mkv"),
    ("2001 A Space Odyssey", 1968, "", "2001.A.Space.Odyssey.1968.1080p.BluRay.x264-AMIABLE.mkv"),
    ("1917", 2019, "{imdb-tt8579674}", "1917 (2019) Bluray-2160p.mkv"),
    ("Blade Runner 2049", 2017, "[imdbid-tt1856101]", "Blade Runner 2049 (2017) WEBDL-2160p.mkv"),
    ("Amélie", 2001, "{tmdb-194}", "Amélie (2001) Bluray-1080p.mkv"),
    ("Léon The Professional", 1994, "", "Leon.The.Professional.1994.EXTENDED.720p.BluRay.mkv"),
    (
        "Spider-Man No Way Home",
        2021,
        "{tmdb-634649}",
        "Spider-Man No Way Home (2021) WEBDL-1080p.mkv",
    ),
    ("Mission Impossible - Dead Reckoning Part One", 2023, "", "Mission Impossible (2023).mkv"),
    ("Se7en", 1995, "", "Se7en.1995.REMASTERED.1080p.BluRay.x264-HDMaNiAcS.mkv"),
    ("WALL-E", 2008, "", "WALL-E (2008) Bluray-1080p.mp4"),
    ("Alien", 1979, "", "Alien (1979) {edition-Directors Cut} Bluray-1080p.mkv"),
    ("Star Wars Episode IV - A New Hope", 1977, "", "Star Wars (1977) Bluray-1080p.mkv"),
    ("M3GAN", 2022, "", "M3GAN.2022.UNRATED.1080p.WEB.h264-RUMOUR.mkv"),
    ("Don't Look Up", 2021, "", "Don't Look Up (2021) WEBDL-2160p.mkv"),
    ("Godzilla Minus One", 2023, "{tmdb-940721}", "Godzilla Minus One (2023) WEBRip-1080p.mkv"),
]
SERIES = [
    ("The Office (US)", "{tvdb-73244}", {1: 6, 2: 4}),
    ("Doctor Who (2005)", "{tvdb-78804}", {0: 2, 1: 3}),
    ("Marvel's Agents of S.H.I.E.L.D.", "", {1: 3}),
    ("Frieren Beyond Journey's End", "[tvdbid-424536]", {1: 4}),
    ("Law & Order - Special Victims Unit", "", {24: 2}),
]


def build(root: Path) -> tuple[Path, Path]:
    movies, series = root / "movies", root / "tv"
    for title, year, ids, file_name in MOVIES:
        folder = movies / f"{title} ({year}) {ids}".strip()
        folder.mkdir(parents=True)
        (folder / file_name).write_bytes(b"\0" * 64)
        (folder / "movie.nfo").write_text("<movie/>")
        (folder / "poster.jpg").write_bytes(b"\xff\xd8")
        (folder / file_name.replace(".mkv", ".en.srt").replace(".mp4", ".en.srt")).write_text("1")
    sample = movies / "Heat (1995)"
    sample.mkdir()
    (sample / "Heat.1995.1080p.BluRay.x264-EbP.mkv").write_bytes(b"\0" * 64)
    (sample / "Heat.1995.1080p.BluRay.x264-EbP-sample.mkv").write_bytes(b"\0")
    (sample / "Featurettes").mkdir()
    (sample / "Featurettes" / "Making of Heat.mkv").write_bytes(b"\0")
    junk = movies / "random downloads"
    junk.mkdir()
    (junk / "setup.exe").write_bytes(b"MZ")
    (junk / "readme.txt").write_text("hello")
    (movies / ".DS_Store").write_bytes(b"\0")
    for title, ids, seasons in SERIES:
        show = series / f"{title} {ids}".strip()
        for season, count in seasons.items():
            folder = show / ("Specials" if season == 0 else f"Season {season:02d}")
            folder.mkdir(parents=True)
            for episode in range(1, count + 1):
                name = f"{title} - S{season:02d}E{episode:02d} - Episode WEBDL-1080p.mkv"
                (folder / name).write_bytes(b"\0" * 32)
        (show / "tvshow.nfo").write_text("<tvshow/>")
    return movies, series


def test_adopt_declares_every_item_and_no_junk(tmp_path: Path) -> None:
    movies, series = build(tmp_path / "library")
    out = tmp_path / "adopted" / "mediaos.yaml"
    out.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAOS_")}
    result = subprocess.run(
        [sys.executable, "-m", "mediaos", "adopt", str(movies), f"series={series}", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(out.read_text())

    declared_movies = {movie_key(m["title"], m.get("year")) for m in data["movies"]}
    expected_movies = {movie_key(t, y) for t, y, _, _ in MOVIES} | {movie_key("Heat", 1995)}
    found = len(declared_movies & expected_movies) / len(expected_movies)
    assert found >= 0.98, sorted(expected_movies - declared_movies)
    assert declared_movies <= expected_movies, "declared something that is not a movie"

    declared_series = {s["title"]: s for s in data["series"]}
    expected_titles = {title for title, _, _ in SERIES} - {"Doctor Who (2005)"} | {"Doctor Who"}
    assert set(declared_series) == expected_titles
    assert declared_series["Doctor Who"]["year"] == 2005  # "(2005)" in a folder is the year
    assert declared_series["Doctor Who"]["seasons"] == [0, 1]
    assert declared_series["The Office (US)"]["tvdb"] == 73244
    assert declared_series["Frieren Beyond Journey's End"]["tvdb"] == 424536

    text = out.read_text()
    assert "random downloads/setup.exe" in text  # listed as a comment, not declared
    assert text.startswith("# yaml-language-server: $schema=")

    validated = subprocess.run(
        [sys.executable, "-m", "mediaos", "validate", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert validated.returncode == 0, validated.stderr


def test_every_adopted_item_resolves_to_its_files_in_the_index(tmp_path: Path) -> None:
    movies, series = build(tmp_path / "library")
    state = open_database(tmp_path / "data")
    upgrade(state)
    roots = {"movies": movies, "series": series}
    asyncio.run(index_library(state, roots))  # type: ignore[arg-type]
    text = render_adopted(collect(state, roots), sources=["test"], written_on="2026-11-25")  # type: ignore[arg-type]
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "mediaos.yaml").write_text(text)
    config = load_config([tmp_path / "cfg"], {}).config
    indexed = {f.item_key for f in files(state)}
    for movie in config.movies:
        assert movie.key() in indexed, movie.key()
    for show in config.series:
        key = series_key(show.title, show.year, show.tvdb)
        assert any(k and k.startswith(key + "/") for k in indexed), key

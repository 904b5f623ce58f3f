"""Library scan benchmark: 10,000 movies and 100,000 episode files, cold and incremental.

Run: .venv/bin/python bench/bench_library_scan.py (or `make bench`). Targets from the Library
issue: cold scan under 10 s, incremental rescan under 1 s, peak RSS under 150 MB. The
library is made of empty files with realistic *arr names (generated once per run in a
temporary folder); the state database is a real SQLite file.
"""

from __future__ import annotations

import asyncio
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from mediaos.reconcilers.adopt import collect
from mediaos.reconcilers.library import index_library
from mediaos.schemas.render import render_adopted
from mediaos.state import open_database, upgrade

COLD_TARGET, INCREMENTAL_TARGET, RSS_TARGET_MB, ADOPT_TARGET = 10.0, 1.0, 150.0, 1.0
WORDS = (
    "Night",
    "River",
    "Shadow",
    "Empire",
    "Last",
    "Star",
    "Dark",
    "City",
    "Blue",
    "Iron",
    "Ghost",
    "Winter",
    "Storm",
    "King",
    "Road",
    "Lost",
    "Fire",
    "Silent",
    "Glass",
    "Wolf",
)
QUALITIES = ("Bluray-1080p", "WEBDL-1080p", "WEBDL-2160p", "HDTV-720p", "Remux-2160p")


def make_library(root: Path, movies: int = 10_000, series: int = 1_000) -> int:
    rng = random.Random(7)
    count = 0
    for index in range(movies):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" {index}"
        year = rng.randint(1950, 2025)
        folder = root / "movies" / f"{title} ({year}) {{tmdb-{100000 + index}}}"
        folder.mkdir(parents=True)
        (folder / f"{title} ({year}) {rng.choice(QUALITIES)}.mkv").touch()
        count += 1
    for index in range(series):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" {index}"
        show = root / "series" / f"{title} {{tvdb-{70000 + index}}}"
        for season in range(1, 6):
            folder = show / f"Season {season:02d}"
            folder.mkdir(parents=True)
            for episode in range(1, 21):
                quality = rng.choice(QUALITIES)
                (
                    folder / f"{title} - S{season:02d}E{episode:02d} - Episode {episode} "
                    f"{quality}.mkv"
                ).touch()
                count += 1
    return count


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = make_library(base / "library")
        roots = {"movies": base / "library" / "movies", "series": base / "library" / "series"}
        state = open_database(base / "data")
        upgrade(state)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        summaries = asyncio.run(index_library(state, roots))  # type: ignore[arg-type]
        cold = time.perf_counter() - start
        indexed = sum(s.files for s in summaries)
        incremental = min(_timed(state, roots) for _ in range(3))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the scan's peak
        adopt_times = []
        for _ in range(3):
            start = time.perf_counter()
            adopted = collect(state, roots)  # type: ignore[arg-type]
            text = render_adopted(adopted, sources=["bench"], written_on="2026-11-25")
            adopt_times.append(time.perf_counter() - start)
        items = len(adopted.movies) + len(adopted.series)
        state.close()
    results = [
        ("library scan, cold", cold, COLD_TARGET, "s"),
        ("library scan, incremental (nothing changed)", incremental, INCREMENTAL_TARGET, "s"),
        ("library scan, peak RSS", rss, RSS_TARGET_MB, "MB"),
        (
            f"adopt: group and write YAML for {items:,} items ({len(text) / 1e6:.1f} MB)",
            min(adopt_times),
            ADOPT_TARGET,
            "s",
        ),
    ]
    print(
        f"library: {files:,} files generated, {indexed:,} indexed "
        f"(RSS before scanning {rss_before:.0f} MB)"
    )
    ok = True
    for label, value, target, unit in results:
        passed = value < target
        ok &= passed
        print(
            f"{label}: {value:.2f} {unit} (target < {target:g} {unit}) {'OK' if passed else 'MISS'}"
        )
    return 0 if ok and indexed == files else 1


def _timed(state: object, roots: dict[str, Path]) -> float:
    start = time.perf_counter()
    asyncio.run(index_library(state, roots))  # type: ignore[arg-type]
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())

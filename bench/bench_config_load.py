"""Config load benchmark: 10,000 movies and 1,000 series load and validate in under 0.5 s.

Run: .venv/bin/python bench/bench_config_load.py   (or `make bench`). Best of 3.
The config is generated (seeded) into a temporary folder, split over three files like a
real Git-kept config, with ids, versions and per-item overrides on some items.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from mediaos.schemas.load import load_config

TARGET_SECONDS = 0.5
WORDS = (
    "night",
    "river",
    "shadow",
    "empire",
    "last",
    "star",
    "dark",
    "city",
    "blue",
    "iron",
    "ghost",
    "winter",
    "storm",
    "king",
    "road",
    "lost",
    "fire",
    "silent",
    "glass",
    "wolf",
)


def generate(folder: Path, movies: int = 10_000, series: int = 1_000) -> None:
    rng = random.Random(20261125)
    (folder / "00-base.yaml").write_text(
        "version: 1\n"
        "library:\n  roots: {movies: /srv/movies, series: /srv/tv}\n"
        "quality:\n  default_profile: hd\n  profiles:\n"
        "    hd: {allowed: [WEBDL-720p, WEBDL-1080p, Bluray-1080p], cutoff: WEBDL-1080p}\n"
        "    uhd: {allowed: [WEBDL-2160p, Bluray-2160p, Remux-2160p], cutoff: Remux-2160p}\n"
        "indexers:\n  - {name: idx, type: torznab, url: 'http://127.0.0.1:9117/api', "
        "api_key: '${KEY:-k}'}\n"
    )
    lines = ["version: 1", "movies:"]
    for index in range(movies):
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 4)))
        lines.append(f"  - title: {title} {index}")
        lines.append(f"    year: {rng.randint(1950, 2026)}")
        if index % 3 == 0:
            lines.append(f"    tmdb: {100000 + index}")
        if index % 10 == 0:
            lines.append("    versions: [{name: 2160p, profile: uhd}, {name: 1080p}]")
        if index % 7 == 0:
            lines.append("    tags: [family]")
    (folder / "10-movies.yaml").write_text("\n".join(lines) + "\n")
    lines = ["version: 1", "series:"]
    for index in range(series):
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 3)))
        lines.append(f"  - title: {title} {index}")
        lines.append(f"    tvdb: {70000 + index}")
        lines.append(f"    seasons: {rng.choice(['all', 'future', '[1, 2]'])}")
        if index % 5 == 0:
            lines.append("    type: anime")
    (folder / "20-series.yaml").write_text("\n".join(lines) + "\n")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            loaded = load_config([folder], {})
            timings.append(time.perf_counter() - start)
        assert len(loaded.config.movies) == 10_000 and len(loaded.config.series) == 1_000
    best = min(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = best < TARGET_SECONDS
    print(
        f"config load (10,000 movies + 1,000 series, {size / 1e6:.1f} MB YAML): "
        f"{best:.3f} s best of 3 (target < {TARGET_SECONDS} s) {'OK' if ok else 'MISS'}"
    )
    print(f"config load peak RSS of the benchmark process: {peak_mb:.0f} MB (reference)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""RSS sync benchmark: 10,000 feed items against 10,000 movies + 1,000 series in under 1 s,
and the same feed matched by FlexGet, the Python peer, for reference.

Run: .venv/bin/python bench/bench_rss_sync.py (or `make bench`). The world is
`engine_fixture.build()`; the desired state and holdings are resolved from it as `apply`
does (offline catalogue, `resolve`, `read_holdings`), outside the timing.

MediaOS, timed as the acquisition reconciler's RSS sync runs it: the matcher built over
every slot (`FeedMatcher`), then every item parsed once, matched through the index and
decided for the matched slots only (`judge_matches`, with `Judge` contexts holding each
slot's held file). Target: matcher build + judging under 1 s of CPU time (so other
processes on a shared machine do not count, as in `bench_parse.py`; wall time is printed
beside it), median of 3 after a warm-up.
Reading the Torznab XML into releases (`parse_feed`) is printed beside it.

FlexGet (no target): installed on first run into its own venv under the bench cache
(`MEDIAOS_BENCH_CACHE`, default the temporary folder), never into the project's venv, and
driven by `flexget_runner.py` with the usual FlexGet recipe (`rss` input, `series` with
the 1,000 names, `list_match` on a `movie_list` of the wanted movies, `quality`). Its
`metainfo` and `filter` phases are its parse + match + decide. FlexGet's `series` plugin
tries every configured series on every entry, which takes minutes on this feed, so it is
timed on the first `FLEXGET_ITEMS` items and scaled to 10,000 (both figures printed), as
`bench_parse.py` does with guessit; MediaOS is timed on the same subset too. When FlexGet
cannot be installed or run, the bench says why and does not fail on it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_fixture import FEED_ITEMS, INDEXER, VERSION, Fixture, build, cache_dir, exclusive

from mediaos.adapters.indexers.feed import parse_feed
from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.daemon.runtime import open_runtime
from mediaos.reconcilers.acquisition_plan import Judge, judge_matches
from mediaos.reconcilers.catalog import load_catalog
from mediaos.reconcilers.desired import Desired, Slot, resolve
from mediaos.reconcilers.holdings import Holding, read_holdings
from mediaos.reconcilers.rss_match import FeedMatcher
from mediaos.releases.decision import Decision, DecisionContext
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.load import load_config
from mediaos.state import open_database

TARGET_SECONDS = 1.0
RUNS = 3
FLEXGET_VERSION = "3.22.8"
FLEXGET_ITEMS = 1_000
FLEXGET_TIMEOUT = 300.0
RUNNER = Path(__file__).resolve().parent / "flexget_runner.py"


def wanted_state(
    fixture: Fixture, now: datetime
) -> tuple[MediaOSConfig, Desired, dict[str, Holding]]:
    config = load_config([fixture.config], {}).config
    state = open_database(fixture.data_dir)
    try:

        async def catalogued() -> Desired:
            async with open_runtime(config, offline=True, state=state) as runtime:
                catalog, _ = await load_catalog(config, runtime.metadata, offline=True, now=now)
            return resolve(config, catalog, now)

        desired = asyncio.run(catalogued())
        holdings = read_holdings(state, desired)
    finally:
        state.close()
    return config, desired, holdings


def contexts(
    config: MediaOSConfig, holdings: Mapping[str, Holding], now: datetime
) -> Callable[[Slot, str], DecisionContext]:
    """Each slot's decision context as the RSS sync builds it (nothing grabbed or blocked)."""
    judge = Judge.from_config(config)

    def context_for(slot: Slot, key: str) -> DecisionContext:
        held = holdings.get(key)
        return judge.context(slot, now, held=held.grade if held else None)

    return context_for


def time_mediaos(
    desired: Desired,
    releases: Sequence[ReleaseInfo],
    context_for: Callable[[Slot, str], DecisionContext],
) -> tuple[float, float, float, dict[str, list[Decision]]]:
    """Median CPU seconds of the matcher build and of judging, and median wall seconds of
    both, over `RUNS` (after a warm-up); and what was judged."""
    builds, judging, walls = [], [], []
    judged: dict[str, list[Decision]] = {}
    for run in range(RUNS + 1):
        wall, start = time.perf_counter(), time.process_time()
        matcher = FeedMatcher(desired.slots)
        built = time.process_time()
        judged = judge_matches(matcher, releases, context_for)
        done = time.process_time()
        if run:
            builds.append(built - start)
            judging.append(done - built)
            walls.append(time.perf_counter() - wall)
    return (
        statistics.median(builds),
        statistics.median(judging),
        statistics.median(walls),
        judged,
    )


def quality_of_matching(
    judged: Mapping[str, list[Decision]], expected: Mapping[str, str | None]
) -> str:
    """How many items built for a wanted unit reached it, and how many others matched."""
    by_guid: dict[str, set[str]] = {}
    for key, decisions in judged.items():
        for decision in decisions:
            by_guid.setdefault(decision.release.guid, set()).add(key)
    intended = {redact(guid): key for guid, key in expected.items() if key is not None}
    found = sum(1 for guid, key in intended.items() if key in by_guid.get(guid, ()))
    stray = sum(1 for guid in by_guid if guid not in intended)
    accepted = {d.release.guid for found_for in judged.values() for d in found_for if d.accepted}
    decided = sum(len(d) for d in judged.values())
    return (
        f"{len(by_guid):,} items matched {len(judged):,} slots ({decided:,} decisions, "
        f"{len(accepted):,} items accepted, {len(accepted - intended.keys())} of them built for "
        f"nothing wanted); {found:,} of the {len(intended):,} items built for a wanted unit "
        f"reached it; {stray:,} matched items were built for nothing wanted"
    )


def stray_accepted(
    titles: Sequence[str], releases: Sequence[ReleaseInfo], expected: Mapping[str, str | None]
) -> int:
    """How many of FlexGet's accepted titles were built for nothing wanted."""
    guid_of = {r.title: r.guid for r in reversed(releases)}
    intended = {redact(guid) for guid, key in expected.items() if key is not None}
    return sum(1 for title in titles if guid_of.get(title) not in intended)


def main() -> int:
    start = time.perf_counter()
    fixture = build()
    now = datetime.now(UTC)
    config, desired, holdings = wanted_state(fixture, now)
    print(
        f"engine fixture and wanted state ready in {time.perf_counter() - start:.1f} s: "
        f"{len(desired.slots):,} slots, {len(holdings):,} held "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    body = fixture.feed.read_bytes()
    start = time.perf_counter()
    releases = parse_feed(body, indexer=INDEXER, protocol="torrent", now=now).releases
    read_seconds = time.perf_counter() - start
    context_for = contexts(config, holdings, now)
    build_s, judge_s, wall_s, judged = time_mediaos(desired, releases, context_for)
    total = build_s + judge_s
    ok = total < TARGET_SECONDS
    print(
        f"rss sync, {len(releases):,} items against {len(desired.slots):,} slots: matcher build "
        f"{build_s:.2f} s + parse/match/decide {judge_s:.2f} s = {total:.2f} s CPU, median of "
        f"{RUNS} (target < {TARGET_SECONDS:g} s) {'OK' if ok else 'MISS'}; wall {wall_s:.2f} s"
    )
    expected = json.loads(fixture.wanted.read_text())["expected"]
    print(f"  {quality_of_matching(judged, expected)}")
    print(f"  reading the Torznab XML into releases (parse_feed, reference): {read_seconds:.2f} s")
    subset = releases[:FLEXGET_ITEMS]
    _, subset_s, _, _ = time_mediaos(desired, subset, context_for)
    print(f"  the first {len(subset):,} items alone: parse/match/decide {subset_s:.3f} s CPU")
    flexget(fixture, subset_s, lambda titles: stray_accepted(titles, subset, expected))
    return 0 if ok else 1


# --- FlexGet ------------------------------------------------------------------------------


def flexget(fixture: Fixture, mediaos_seconds: float, stray: Callable[[list[str]], int]) -> None:
    """FlexGet's figure, or why there is none; never raises."""
    try:
        python = _flexget_python()
        pristine = _flexget_workdir(python, fixture)
        result = _flexget_match(python, pristine, fixture)
    except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as err:
        print(f"rss sync, FlexGet (reference): not measured: {err}")
        return
    plugins: dict[str, float] = result["plugins"]
    matching = {k: v for k, v in plugins.items() if k.split("/")[0] in ("metainfo", "filter")}
    seconds = sum(matching.values())
    top = sorted(matching.items(), key=lambda kv: -kv[1])[:4]
    scale = FEED_ITEMS / FLEXGET_ITEMS
    print(
        f"rss sync, FlexGet {FLEXGET_VERSION} (reference), first {FLEXGET_ITEMS:,} items "
        f"against the same 1,000 series and wanted movies: metainfo + filter "
        f"{seconds:.1f} s CPU ({', '.join(f'{k} {v:.1f}' for k, v in top)}), "
        f"~{seconds * scale:.0f} s for {FEED_ITEMS:,} items; {len(result['accepted'])} accepted "
        f"({stray(result['accepted'])} of them built for nothing wanted); "
        f"rss input {plugins.get('input/rss', 0.0):.1f} s; "
        f"{seconds / max(mediaos_seconds, 1e-9):.0f}x MediaOS's time on the same items"
    )


def _flexget_python() -> Path:
    """FlexGet's own venv, created and filled on first use."""
    venv = cache_dir() / f"flexget-{FLEXGET_VERSION}-venv"
    python = venv / "bin" / "python"
    with exclusive(cache_dir() / "flexget.lock"):
        if not (venv / "READY").exists():
            _install_flexget(venv, python)
    return python


def _install_flexget(venv: Path, python: Path) -> None:
    shutil.rmtree(venv, ignore_errors=True)
    print(f"installing FlexGet {FLEXGET_VERSION} into {venv} (first run only)")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True, capture_output=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"flexget=={FLEXGET_VERSION}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if install.returncode != 0:
        raise RuntimeError(f"pip could not install FlexGet: {install.stderr.strip()[-300:]}")
    (venv / "READY").touch()


def _flexget_workdir(python: Path, fixture: Fixture) -> Path:
    """FlexGet's config and database with the movie list filled (made once per fixture)."""
    pristine = cache_dir() / f"flexget-{FLEXGET_VERSION}-fixture-v{VERSION}"
    with exclusive(cache_dir() / "flexget.lock"):
        if not (pristine / "READY").exists():
            shutil.rmtree(pristine, ignore_errors=True)
            print("filling FlexGet's movie list with the wanted movies (first run only)")
            _run(python, "setup", str(pristine), str(fixture.wanted), str(fixture.feed))
            (pristine / "READY").touch()
    return pristine


def _flexget_match(python: Path, pristine: Path, fixture: Fixture) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp) / "flexget"
        shutil.copytree(pristine, workdir)
        feed = workdir / "feed.xml"
        feed.write_text(_first_items(fixture.feed.read_text(), FLEXGET_ITEMS))
        config = workdir / "config.yml"
        config.write_text(
            config.read_text().replace(json.dumps(str(fixture.feed)), json.dumps(str(feed)))
        )
        result = workdir / "result.json"
        _run(python, "match", str(workdir), str(result))
        if not result.exists():
            raise RuntimeError("the FlexGet task did not run (see its log)")
        value: dict[str, Any] = json.loads(result.read_text())
        return value


def _first_items(document: str, count: int) -> str:
    """The feed with only its first `count` items (the fixture writes one item per line)."""
    lines = document.splitlines(keepends=True)
    items = [i for i, line in enumerate(lines) if line.startswith("<item>")]
    keep = set(items[:count])
    return "".join(line for i, line in enumerate(lines) if i not in items or i in keep)


def _run(python: Path, *args: str) -> None:
    done = subprocess.run(
        [str(python), str(RUNNER), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=FLEXGET_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"flexget_runner {args[0]} exited {done.returncode}: {done.stderr[-300:]}"
        )


if __name__ == "__main__":
    sys.exit(main())

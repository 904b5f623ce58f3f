"""`mediaos diff` benchmark: 10,000 movies and 1,000 series (100,000 episodes) in under 1 s.

Run: .venv/bin/python bench/bench_engine_diff.py (or `make bench`). The world is
`engine_fixture.build()` (generated once, kept under the temporary folder): a config, a
state database with the metadata cache and catalogue snapshots, and a library index half
full, so the plan has searches to list for everything missing.

The figure is the wall time of the real command, `mediaos diff -c CONFIG --data-dir DIR` as a
subprocess (interpreter start, imports, config, catalogue, holdings, every reconciler's
observe and plan, printing), median of 3 after one warm-up run, with its CPU time beside
it; MediaOS's bytecode is cached, as in an installed copy (`time_cli`). Beside it, as a
reference, the same command on a copy of the state where every unit the library lacks has
been searched in the last 12 h (`engine_fixture.searched_copy`). Then the same work in
process, step by step (CPU seconds, the collector off as in the command), to show where the
time goes, and a cProfile of it (printed on a miss or with `--profile`: the 25 most expensive
MediaOS functions; the whole profile is written to the fixture folder as `diff.prof`).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_fixture import Fixture, build, searched_copy

TARGET_SECONDS = 1.0
RUNS = 3
T = TypeVar("T")


def time_cli(
    fixture: Fixture, data_dir: Path | None = None
) -> tuple[list[float], list[float], int, str]:
    """Wall and CPU (user + system) seconds of the command, after one warm-up run; its exit
    code and the last line it printed."""
    mediaos = Path(sys.executable).with_name("mediaos")
    data = data_dir or fixture.data_dir
    command = [str(mediaos), "diff", "-c", str(fixture.config), "--data-dir", str(data)]
    walls: list[float] = []
    cpus: list[float] = []
    code, tail = 0, ""
    # As installed (pip compiles a package's bytecode): the warm-up run writes the bytecode
    # under the fixture folder even where PYTHONDONTWRITEBYTECODE is set (as on the CI box),
    # so the timed runs do not compile MediaOS's ~100 modules from source each time.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(fixture.root / "pycache")
    for run in range(RUNS + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        code = done.returncode
        tail = (done.stdout.strip().splitlines() or [""])[-1]
        if code not in (0, 2):
            raise RuntimeError(f"mediaos diff exited {code}: {done.stderr.strip()[-500:]}")
        if run:
            walls.append(elapsed)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus, code, tail


def breakdown(fixture: Fixture) -> tuple[list[tuple[str, float]], int]:
    """The command's steps in process, in its order (`open_session` then `plan_all`), with
    the cyclic collector off as the command runs them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _breakdown(fixture)
    finally:
        if collecting:
            gc.enable()


def _breakdown(fixture: Fixture) -> tuple[list[tuple[str, float]], int]:
    from mediaos.daemon.runtime import build_reconcilers, open_runtime
    from mediaos.reconcilers.catalog import load_catalog
    from mediaos.reconcilers.desired import resolve
    from mediaos.reconcilers.holdings import read_holdings
    from mediaos.schemas.load import load_config
    from mediaos.state import open_database, upgrade

    steps: list[tuple[str, float]] = []

    def step(label: str, work: Callable[[], T]) -> T:
        start = time.process_time()
        value = work()
        steps.append((label, time.process_time() - start))
        return value

    now = datetime.now(UTC)
    config = step("config load", lambda: load_config([fixture.config], {}).config)
    state = step("state open + migrations check", lambda: _opened(open_database, upgrade, fixture))

    async def planned() -> int:
        async with open_runtime(config, offline=True, state=state) as runtime:
            start = time.process_time()
            catalog, _ = await load_catalog(config, runtime.metadata, offline=True, now=now)
            steps.append(("catalog (snapshots)", time.process_time() - start))
            reconcilers = step(
                "build reconcilers", lambda: build_reconcilers(runtime, state, refresh=False)
            )
            desired = step("resolve", lambda: resolve(config, catalog, now))
            step(
                "holdings (read_holdings, also inside observe)",
                lambda: read_holdings(state, desired),
            )
            actions = 0
            for reconciler in reconcilers:
                start = time.process_time()
                observed = await reconciler.observe(desired)
                steps.append((f"{reconciler.kind}: observe", time.process_time() - start))
                start = time.process_time()
                plan = reconciler.plan(desired, observed, now)
                steps.append((f"{reconciler.kind}: plan", time.process_time() - start))
                actions += len(plan.actions)
            return actions

    try:
        actions = asyncio.run(planned())
    finally:
        state.close()
    return steps, actions


def _opened(
    open_database: Callable[[Path], T], upgrade: Callable[[T], object], fixture: Fixture
) -> T:
    state = open_database(fixture.data_dir)
    upgrade(state)
    return state


def main() -> int:
    start = time.perf_counter()
    fixture = build()
    print(
        f"engine fixture ready in {time.perf_counter() - start:.1f} s at {fixture.root} "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    times, cpus, code, tail = time_cli(fixture)
    median = statistics.median(times)
    ok = median < TARGET_SECONDS
    print(
        f"mediaos diff, 10,000 movies + 1,000 series (100,000 episodes), subprocess wall time: "
        f"{median:.2f} s median of {RUNS} ({', '.join(f'{t:.2f}' for t in times)}) "
        f"(target < {TARGET_SECONDS:g} s) {'OK' if ok else 'MISS'}; CPU "
        f"{statistics.median(cpus):.2f} s; exit {code}, {tail!r}"
    )
    searched = searched_copy(fixture)
    times, cpus, code, tail = time_cli(fixture, searched)
    print(
        f"mediaos diff, the same world with a search recorded for every unit it lacks "
        f"(reference): {statistics.median(times):.2f} s median of {RUNS} "
        f"({', '.join(f'{t:.2f}' for t in times)}); CPU {statistics.median(cpus):.2f} s; "
        f"exit {code}, {tail!r}"
    )
    steps, actions = breakdown(fixture)
    total = sum(seconds for label, seconds in steps if not label.startswith("holdings"))
    print(
        f"in process, {actions:,} actions planned, {total:.2f} s CPU without interpreter start "
        "and imports:"
    )
    for label, seconds in steps:
        print(f"  {label:<48} {seconds:6.2f} s")
    profile = cProfile.Profile()
    profile.enable()
    breakdown(fixture)
    profile.disable()
    profile.dump_stats(fixture.root / "diff.prof")
    if "--profile" in sys.argv or not ok:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats("mediaos/", 25)
        print(out.getvalue())
    print(f"profile written to {fixture.root / 'diff.prof'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

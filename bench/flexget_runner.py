"""FlexGet's side of the RSS benchmark; runs under FlexGet's own venv, never the project's.

Why a separate script: FlexGet pins its own dependencies, so it lives in a venv of its own
(`bench_rss_sync.py` creates it) and this file imports nothing from `mediaos`.

    python flexget_runner.py setup WORKDIR WANTED_JSON FEED_XML
        writes WORKDIR/config.yml and fills FlexGet's `movie_list` "wanted" with the movies
        the library lacks (as a FlexGet user's list holds the movies not yet downloaded);
    python flexget_runner.py match WORKDIR RESULT_JSON
        runs the "match" task once on the feed and writes the time each plugin took,
        by phase, and what was accepted.

The task is what FlexGet users write for this job: the `rss` input reading the Torznab
feed, the `series` plugin with the 1,000 series names (quality 720p-1080p, no CAMs), and
`list_match` against the movie list, with `quality` rejecting what the profile does not
allow. `seen` is disabled so every run judges every item, as MediaOS judges a new feed.
Times are CPU seconds of the process between FlexGet's own `task.execute.before_plugin` and
`after_plugin` events (as MediaOS's figure, so other processes on the machine do not count).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

QUALITY = "720p-1080p !cam !ts"


def setup(workdir: Path, wanted_path: Path, feed: Path) -> None:
    wanted = json.loads(wanted_path.read_text())
    missing = [m for m in wanted["movies"] if not m["held"]]
    lines = [
        "tasks:",
        "  fill:",
        "    mock:",
        *(
            f"      - {{title: {json.dumps(m['title'])}, movie_name: {json.dumps(m['title'])}, "
            f"movie_year: {m['year']}}}"
            for m in missing
        ),
        "    accept_all: yes",
        "    list_add:",
        "      - movie_list: wanted",
        "  match:",
        "    rss:",
        f"      url: {json.dumps(str(feed))}",
        "      all_entries: yes",
        "    disable: [seen, seen_info_hash]",
        "    series:",
        "      settings:",
        f"        hd: {{quality: {json.dumps(QUALITY)}}}",
        "      hd:",
        *(f"        - {json.dumps(s['title'])}" for s in wanted["series"]),
        "    list_match:",
        "      from:",
        "        - movie_list: wanted",
        f"    quality: {json.dumps(QUALITY)}",
    ]
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "config.yml").write_text("\n".join(lines) + "\n")
    _run_flexget(workdir, "fill")


def match(workdir: Path, result_path: Path) -> None:
    from flexget.event import event

    spent: dict[str, float] = {}
    started: dict[str, float] = {}
    outcome: dict[str, object] = {}

    @event("task.execute.before_plugin")
    def before(task: object, name: str) -> None:
        started[name] = time.process_time()

    @event("task.execute.after_plugin")
    def after(task: object, name: str) -> None:
        phase = getattr(task, "current_phase", "?")
        label = f"{phase}/{name}"
        spent[label] = spent.get(label, 0.0) + time.process_time() - started.pop(name)
        if getattr(task, "name", "") == "match" and phase == "filter":
            outcome["entries"] = len(task.all_entries)  # type: ignore[attr-defined]
            outcome["accepted"] = [e["title"] for e in task.accepted]  # type: ignore[attr-defined]

    start = time.perf_counter()
    _run_flexget(workdir, "match")
    outcome["process_task_seconds"] = time.perf_counter() - start
    outcome["plugins"] = spent
    result_path.write_text(json.dumps(outcome))


def _run_flexget(workdir: Path, task: str) -> None:
    import flexget

    flexget.main(
        [
            "-c",
            str(workdir / "config.yml"),
            "--logfile",
            str(workdir / "flexget.log"),
            "--loglevel",
            "warning",
            "execute",
            "--tasks",
            task,
        ]
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "setup":
        setup(Path(args[0]), Path(args[1]), Path(args[2]))
    elif command == "match":
        match(Path(args[0]), Path(args[1]))
    else:
        sys.exit(f"unknown command {command!r}")

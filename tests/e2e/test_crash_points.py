"""kill -9 at every named crash point, then restart: no duplicate grab, no lost or partial file,
and convergence (issue 8, part 4).

Why this shape: a crash point (`mediaos.core.crashpoints`) SIGKILLs `mediaos apply` exactly
where a power cut could fall in a grab, an import or a removal. For each one, a fresh data
dir and library, one movie of the quickstart, and the demo's real peers (Torznab, opentracker,
transmission seeding the right release, qbittorrent-nox as the client): `apply` runs with
`MEDIAOS_CRASH_AT=<point>` until it dies by SIGKILL, then without it until `diff` says in
sync. Then the client holds one copy of the release (none after the removal point, whose
job is to take it out), the grabs table one grab, the library one complete file and no
temporary file.

Fresh peers per test: ~20 s a point, under 3 minutes for the file.

A static test keeps three lists equal: the literal names of the `crash_point("...")` calls in
`mediaos/` (each called once), `CRASH_POINTS`, and the points this file crashes at.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mediaos.core.crashpoints import CRASH_POINTS, ENV

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "mediaos"
MOVIE = "movie/big-buck-bunny-2008"
LIBRARY_FILE = "movies/Big Buck Bunny (2008)/Big Buck Bunny (2008) WEBDL-1080p.mkv"
TEMP_PREFIX = ".mediaos-tmp-"  # mediaos.adapters.filesystem.transfer.TEMP_PREFIX
KILLED = -9
IN_SYNC = 0

#: The points crashed at below; `after-remove-sent-before-record` needs `remove_completed`.
CRASHED_AT = (
    "after-grab-intent",
    "after-grab-sent-before-record",
    "after-grab-record",
    "after-import-intent",
    "during-import-copy",
    "after-import-files-before-record",
    "after-import-record-before-index",
    "after-remove-sent-before-record",
)
REMOVING = {"after-remove-sent-before-record"}

QUICKSTART = ROOT / "examples" / "quickstart" / "mediaos.yaml"


def config(*, remove_completed: bool) -> str:
    """The quickstart with one movie (Big Buck Bunny): the grab and import steps are the same
    for every kind, and one download keeps each crash affordable."""
    text = QUICKSTART.read_text()
    text = (
        text[: text.index("\nmovies:")] + "\nmovies:\n  - title: Big Buck Bunny\n    year: 2008\n"
    )
    text = text.replace("library/series", "library-series")  # kept out of the library checks
    flag = f"    category: mediaos\n    remove_completed: {str(remove_completed).lower()}\n"
    assert "    category: mediaos\n" in text
    return text.replace("    category: mediaos\n", flag)


# --- the lists -------------------------------------------------------------------------------


def crash_point_calls() -> list[tuple[str, str]]:
    """(name, file:line) of every `crash_point(...)` call in mediaos/; a call whose argument
    is not a string literal is reported with the name `<not a literal>`."""
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name != "crash_point":
                continue
            arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            calls.append((arg.value if literal else "<not a literal>", where))  # type: ignore[union-attr]
    return calls


def test_crash_points_in_the_code_are_the_list_and_the_tested_ones() -> None:
    calls = crash_point_calls()
    names = [name for name, _ in calls]
    assert "<not a literal>" not in names, calls
    repeated = {n: [w for m, w in calls if m == n] for n in names if names.count(n) > 1}
    assert not repeated, f"called from more than one place: {repeated}"
    assert sorted(names) == sorted(CRASH_POINTS)
    assert sorted(CRASHED_AT) == sorted(CRASH_POINTS)
    assert len(set(CRASH_POINTS)) == len(CRASH_POINTS)


# --- the peers, shared by the module ---------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Any]:
    """The demo's peers for Big Buck Bunny, fresh for each test (about 3 s to start). Shared
    between tests, the same torrent re-added to one qBittorrent after its deletion sometimes
    waited over a minute for Transmission to send data again: a peer quirk, not the subject."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))  # `demo` is a top-level folder, not installed
        from demo.catalogue import OFFERS
        from demo.peers import DemoPeers

    offers = [o for o in OFFERS if o.item == "Big Buck Bunny (2008)"]
    with DemoPeers(tmp_path / "peers", offers=offers) as started:
        yield started


# --- one crash, one restart ------------------------------------------------------------------


class Run:
    def __init__(self, workdir: Path, peers: Any, *, remove_completed: bool) -> None:
        self.workdir = workdir
        self.config = workdir / "mediaos.yaml"
        self.config.write_text(config(remove_completed=remove_completed))
        env = {k: v for k, v in os.environ.items() if k != ENV}
        self.env = {**env, **peers.env(), "NO_COLOR": "1"}
        self.log: list[str] = []

    def mediaos(self, *args: str, crash_at: str | None = None) -> int:
        env = {**self.env, ENV: crash_at} if crash_at else self.env
        result = subprocess.run(
            [sys.executable, "-m", "mediaos", *args, "-c", str(self.config)],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.log.append(f"$ mediaos {' '.join(args)} [{crash_at or '-'}] -> {result.returncode}")
        self.log.append((result.stdout + result.stderr).strip()[-1500:])
        return result.returncode

    def transcript(self) -> str:
        return "\n".join(self.log)[-8000:]

    def apply_until_killed(self, point: str, *, timeout: float = 75) -> None:
        deadline = time.monotonic() + timeout
        while self.mediaos("apply", crash_at=point) != KILLED:
            assert time.monotonic() < deadline, f"{point} never reached\n{self.transcript()}"
            time.sleep(1)

    def converge(self, *, timeout: float = 75) -> None:
        """`apply` until `diff` exits 0 with the file in the library: `diff` alone says "in
        sync" while a download runs, since waiting is all there is to do."""
        deadline = time.monotonic() + timeout
        imported = self.workdir / "library" / LIBRARY_FILE
        while True:
            self.mediaos("apply")
            if self.mediaos("diff") == IN_SYNC and imported.is_file():
                return
            assert time.monotonic() < deadline, f"no convergence\n{self.transcript()}"
            time.sleep(1)


def grabs_of(data_dir: Path, item: str) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "mediaos.db") as db:
        rows = db.execute("SELECT info_hash, state FROM grabs WHERE item_key = ?", [item])
        return [(str(info_hash), str(state)) for info_hash, state in rows]


pytestmark = [
    pytest.mark.peer("qbittorrent-nox", "transmission-daemon", "opentracker", "ffmpeg"),
    pytest.mark.timeout(200),
]


@pytest.mark.parametrize("point", CRASHED_AT)
def test_killed_at_a_crash_point_converges_without_duplicates_or_partial_files(
    point: str, client: Any, tmp_path: Path
) -> None:
    removing = point in REMOVING
    run = Run(tmp_path, client, remove_completed=removing)
    run.apply_until_killed(point)
    run.converge()

    seeded = client.media["bbb-web"]
    torrents = client.downloads()
    if removing:
        assert torrents == [], run.transcript()  # its job: take the imported torrent out
    else:
        assert [t.info_hash for t in torrents] == [seeded.info_hash], run.transcript()
    grabs = grabs_of(tmp_path / "data", MOVIE)
    assert len(grabs) == 1, (grabs, run.transcript())
    assert grabs[0][0] == seeded.info_hash and grabs[0][1] not in ("failed", "cancelled")

    library = tmp_path / "library"
    files = sorted(str(p.relative_to(library)) for p in library.rglob("*") if p.is_file())
    assert files == [LIBRARY_FILE], run.transcript()
    assert (library / LIBRARY_FILE).read_bytes() == seeded.path.read_bytes()
    assert not list(library.rglob(f"{TEMP_PREFIX}*"))
    assert run.mediaos("diff") == IN_SYNC

"""`python -m demo` (`make demo`): the quickstart YAML becomes a library, step by step.

What it does, in order: starts the peers (demo.peers), copies examples/quickstart into a work
folder (its data dir, downloads and library land there), then runs the real `mediaos` CLI
as a user would: `diff --refresh` (the plan: exit 2, changes pending), `search` for each
item (every release offered, accepted or rejected and why), `apply` (the grabs), then
`apply` every couple of seconds while printing qBittorrent's progress, until `diff` exits 0
and the library holds every file. It ends with the library tree and `mediaos explain` for
one movie. Exit 0 when every expected file is in the library under its *arr name within the
deadline; 1 otherwise, saying what is missing. Peers are stopped by PID however it ends
(Ctrl-C too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from demo.catalogue import EXPECTED_LIBRARY, OFFERS
from demo.peers import DemoPeers, Download
from mediaos.schemas.keys import movie_key, series_key

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = ROOT / "examples" / "quickstart" / "mediaos.yaml"
DEFAULT_WORKDIR = ROOT / "demo-run"
IN_SYNC, PENDING = 0, 2  # `mediaos diff` exit codes (terraform's -detailed-exitcode)
EXPLAINED = movie_key("Big Buck Bunny", 2008)
SEARCHED = (EXPLAINED, movie_key("Sintel", 2010), series_key("Pioneer One", 2010) + "/s01e01")


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(number: int, text: str) -> None:
    say()
    say(f"== {number}. {text} " + "=" * max(0, 76 - len(text)))


class Walkthrough:
    """The CLI calls of the demo, against one config and the peers' environment."""

    def __init__(self, workdir: Path, peers: DemoPeers, *, timeout: float) -> None:
        self.workdir = workdir
        self.peers = peers
        self.timeout = timeout
        self.config = workdir / "mediaos.yaml"
        shutil.copyfile(QUICKSTART, self.config)
        self.env = {**os.environ, **peers.env(), "NO_COLOR": "1", "COLUMNS": "120"}
        self.env.pop("MEDIAOS_CRASH_AT", None)
        self._shown: dict[str, str] = {}

    def mediaos(self, *args: str, echo: bool = True) -> subprocess.CompletedProcess[str]:
        """One CLI call, as a subprocess: what a user would type, with its output indented."""
        command = [sys.executable, "-m", "mediaos", *args]
        shown = " ".join(a if a != str(self.config) else self.config.name for a in args)
        result = subprocess.run(  # noqa: S603 (our own interpreter and CLI)
            command, cwd=self.workdir, env=self.env, capture_output=True, text=True, timeout=120
        )
        if echo:
            say(f"$ mediaos {shown}    (exit {result.returncode})")
            for line in (result.stdout + result.stderr).rstrip().splitlines():
                say(f"    {line}".rstrip())
        return result

    def missing_commands(self) -> list[str]:
        """A usage error exits 2 as well, which `diff` means as "changes pending": so check
        first that this MediaOS has the commands the demo runs."""
        needed = ("diff", "apply", "explain")
        return [c for c in needed if self.mediaos(c, "--help", echo=False).returncode != 0]

    def run(self) -> int:
        if missing := self.missing_commands():
            say(f"this MediaOS has no `{'`, `'.join(missing)}` command yet: nothing to show")
            return 1
        started = time.monotonic()
        heading(1, "Plan: mediaos diff --refresh (asks the indexer and the client first)")
        plan = self.mediaos("diff", "-c", str(self.config), "--refresh")
        if plan.returncode != PENDING:
            say(f"expected exit {PENDING} (changes pending), got {plan.returncode}")
            return 1
        heading(2, "Decisions: mediaos search ITEM (every release offered, and why)")
        for item in SEARCHED:
            self.mediaos("search", "-c", str(self.config), item)
        heading(3, "Grabs: mediaos apply")
        self.mediaos("apply", "-c", str(self.config))
        heading(4, "Progress and import: mediaos apply until mediaos diff exits 0")
        in_sync = self._converge(started)
        heading(5, "The library")
        missing = self._show_library()
        heading(6, f"What happened, and why: mediaos explain {EXPLAINED}")
        self.mediaos("explain", "-c", str(self.config), EXPLAINED)
        elapsed = time.monotonic() - started
        say()
        if in_sync and not missing:
            say(f"Done in {elapsed:.0f} s: the YAML is a library. Work folder: {self.workdir}")
            return 0
        say(f"Not done after {elapsed:.0f} s.")
        for path in missing:
            say(f"    missing: {path}")
        if not in_sync:
            self.mediaos("diff", "-c", str(self.config))
        return 1

    def _converge(self, started: float) -> bool:
        """`diff` says "in sync" while downloads are still running (nothing to do but wait),
        so the demo waits for the library as well."""
        while time.monotonic() - started < self.timeout:
            self._show_progress()
            check = self.mediaos("diff", "-c", str(self.config), echo=False)
            if check.returncode == IN_SYNC and not self._missing():
                self.mediaos("diff", "-c", str(self.config))
                return True
            if check.returncode not in (IN_SYNC, PENDING):
                self.mediaos("diff", "-c", str(self.config))
                return False
            time.sleep(2)
            applied = self.mediaos("apply", "-c", str(self.config), echo=False)
            self._echo_if_new("apply", applied)
        say(f"the library did not converge within {self.timeout:.0f} s")
        return False

    def _echo_if_new(self, name: str, result: subprocess.CompletedProcess[str]) -> None:
        """Repeated passes mostly say the same thing; show a pass only when it differs."""
        text = (result.stdout + result.stderr).rstrip()
        if self._shown.get(name) == text and result.returncode == 0:
            return
        self._shown[name] = text
        say(f"$ mediaos {name} -c {self.config.name}    (exit {result.returncode})")
        for line in text.splitlines():
            say(f"    {line}".rstrip())

    def _show_progress(self) -> None:
        try:
            downloads = self.peers.downloads()
        except Exception as error:  # progress is a nicety, never fatal
            say(f"    (qBittorrent did not answer: {error})")
            return
        text = "\n".join(_progress_line(d) for d in sorted(downloads, key=lambda d: d.name))
        if text and self._shown.get("progress") != text:
            self._shown["progress"] = text
            say("qBittorrent:")
            say(text)

    def _show_library(self) -> list[str]:
        library = self.workdir / "library"
        files = sorted(p for p in library.rglob("*") if p.is_file()) if library.exists() else []
        say(f"{library}/")
        for path in files:
            say(f"    {path.relative_to(library)}  ({path.stat().st_size:,} bytes)")
        return self._missing()

    def _missing(self) -> list[str]:
        library = self.workdir / "library"
        return [name for name in EXPECTED_LIBRARY if not (library / name).is_file()]


def _progress_line(download: Download) -> str:
    done = int(download.progress * 20)
    bar = "#" * done + "." * (20 - done)
    return f"    [{bar}] {download.progress:6.1%}  {download.state:<12} {download.name}"


def _show_offers() -> None:
    say("The indexer offers, for the quickstart's items:")
    for offer in OFFERS:
        verdict = "right one" if offer.seeded else "must be rejected"
        say(f"    {offer.title:<45} {verdict}: {offer.why}")


def _fresh(workdir: Path) -> Path:
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    return workdir.resolve()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="emptied first; holds the peers, the data dir and the library",
    )
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds for the library to converge")  # fmt: skip
    args = parser.parse_args(argv)
    # `kill PID` (SIGTERM) ends the demo like Ctrl-C does: through `finally`, peers stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = _fresh(args.workdir)
    say("MediaOS demo: examples/quickstart/mediaos.yaml becomes a library, on loopback peers.")
    say(f"Work folder: {workdir}")
    _show_offers()
    heading(0, "Peers (stopped by PID at the end)")
    try:
        with DemoPeers(workdir, log=lambda line: say(f"    {line}")) as peers:
            return Walkthrough(workdir, peers, timeout=args.timeout).run()
    except KeyboardInterrupt:
        say("interrupted: every peer was stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())

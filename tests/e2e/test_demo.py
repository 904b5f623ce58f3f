"""`make demo` end to end: `python -m demo` on real peers exits 0 with the quickstart's items in
the library under their *arr names, byte-identical to what transmission seeded.

Why a subprocess: the demo is what a newcomer runs; the test runs it the same way (its own
interpreter, its own work folder) and checks what it promises, not how it does it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.peer("qbittorrent-nox", "transmission-daemon", "opentracker", "ffmpeg"),
    pytest.mark.timeout(260),
]
ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_turns_the_quickstart_into_a_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT))  # `demo` is a top-level folder, not installed
    from demo.catalogue import EXPECTED_LIBRARY, OFFERS

    workdir = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if k != "MEDIAOS_CRASH_AT"}
    result = subprocess.run(
        [sys.executable, "-m", "demo", "--workdir", str(workdir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    library = workdir / "library"
    found = sorted(str(p.relative_to(library)) for p in library.rglob("*") if p.is_file())
    assert found == sorted(EXPECTED_LIBRARY), output[-3000:]
    seeded = {o.file_name: o for o in OFFERS if o.seeded}
    sources = workdir / "media"
    assert {p.name for p in sources.iterdir()} == set(seeded)
    imported = sorted((library / name).read_bytes() for name in EXPECTED_LIBRARY)
    assert imported == sorted((sources / name).read_bytes() for name in seeded)
    for step in ("diff -c mediaos.yaml --refresh", "apply -c mediaos.yaml", "explain -c"):
        assert f"$ mediaos {step}" in output
    for offer in OFFERS:
        assert offer.title in output  # every offered release is shown with its verdict
    assert "stopped qbittorrent" in output and "stopped transmission-bbb-web" in output

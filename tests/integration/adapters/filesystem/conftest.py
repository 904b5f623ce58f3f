"""Real files in temporary folders, real tmpfs mounts when the machine allows them.

`tmpfs(size)` mounts a small tmpfs (root only); where mounting is impossible the tests that
need it skip, and their injected-fault twins (through `FileOps`) still run everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mediaos.adapters.filesystem import TransferPolicy


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


@pytest.fixture
def policy_for(library: Path, tmp_path: Path) -> Callable[..., TransferPolicy]:
    def build(**changes: object) -> TransferPolicy:
        values: dict[str, object] = {
            "library_root": library,
            "recycle_bin": tmp_path / "recycle",
        }
        values.update(changes)
        return TransferPolicy(**values)  # type: ignore[arg-type]

    return build


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """Mount a tmpfs of the given size at tmp_path/<name>; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        if not _can_mount():
            pytest.skip("mounting a tmpfs needs root; the injected-fault twin covers this")
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)

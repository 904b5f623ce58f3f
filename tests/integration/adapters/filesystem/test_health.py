"""Import health probes: invisible downloads, split filesystems, low space."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mediaos.adapters.filesystem.health import import_health
from mediaos.adapters.filesystem.policy import TransferPolicy
from mediaos.schemas.library import ImportMode


def test_a_healthy_setup_has_no_problems(tmp_path: Path) -> None:
    (tmp_path / "dl").mkdir()
    (tmp_path / "lib").mkdir()

    assert import_health(tmp_path / "dl", [tmp_path / "lib"], TransferPolicy()) == []


def test_missing_downloads_and_roots_are_reported(tmp_path: Path) -> None:
    problems = import_health(tmp_path / "dl", [tmp_path / "lib"], TransferPolicy())

    assert [p.reason for p in problems] == ["DownloadsNotVisible", "RootMissing"]


def test_space_below_the_floor_is_reported(tmp_path: Path) -> None:
    problems = import_health(None, [tmp_path], TransferPolicy(min_free_bytes=1 << 62))

    assert [p.reason for p in problems] == ["LowDiskSpace"]
    assert "min_free_space" in problems[0].message


def test_hardlinks_across_filesystems_are_reported_with_what_will_happen(
    tmp_path: Path, tmpfs: Callable[[str, str], Path]
) -> None:
    (tmp_path / "dl").mkdir()
    library = tmpfs("lib", "1m")

    failing = import_health(tmp_path / "dl", [library], TransferPolicy())
    copying = import_health(tmp_path / "dl", [library], TransferPolicy(hardlink_fallback="copy"))
    moving = import_health(tmp_path / "dl", [library], TransferPolicy(mode=ImportMode.MOVE))

    assert [p.reason for p in failing] == ["CrossDevice"]
    assert "will fail" in failing[0].message
    assert "using the space twice" in copying[0].message
    assert moving == []

"""Name collisions and upgrades: nothing is overwritten silently, and a replaced file
reaches the recycle bin while the new one is (or is about to be) atomically in place."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import pytest

from mediaos.adapters.filesystem import (
    REAL_OPS,
    DestinationExists,
    DiskFull,
    TransferPolicy,
    UnsafeDestination,
    import_file,
)
from mediaos.adapters.filesystem.ops import StrPath
from mediaos.schemas.library import ImportMode
from tests.integration.adapters.filesystem.files import NOW, digest, leftovers, write

Policy = Callable[..., TransferPolicy]
OLD = b"old 720p file" * 1000
NEW = b"new 1080p file" * 1000


def test_a_different_file_with_the_same_name_is_never_overwritten(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    existing = write(library / "Movie (2020).mkv", OLD)

    with pytest.raises(DestinationExists, match="nothing was overwritten"):
        import_file(source, existing, policy_for(mode=ImportMode.MOVE), now=NOW)

    assert existing.read_bytes() == OLD
    assert source.read_bytes() == NEW
    assert leftovers(library) == []


def test_replacing_a_file_needs_a_recycle_bin(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    existing = write(library / "Movie (2020).mkv", OLD)

    with pytest.raises(DestinationExists, match="recycle_bin"):
        import_file(source, existing, policy_for(recycle_bin=None), now=NOW, replaces=[existing])

    assert existing.read_bytes() == OLD


@pytest.mark.parametrize("mode", [ImportMode.HARDLINK, ImportMode.COPY, ImportMode.MOVE])
def test_an_upgrade_under_the_same_name_keeps_the_old_file_until_the_atomic_replace(
    mode: ImportMode, downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    existing = write(library / "Movie (2020)" / "Movie (2020).mkv", OLD)
    bin_copy = tmp_path / "recycle" / "Movie (2020)" / "Movie (2020).mkv"
    seen: list[tuple[bytes, bytes]] = []

    def watching_replace(a: StrPath, b: StrPath) -> None:
        seen.append((Path(b).read_bytes(), bin_copy.read_bytes()))  # just before the swap
        os.replace(a, b)

    done = import_file(
        source,
        existing,
        policy_for(mode=mode),
        now=NOW,
        replaces=[existing],
        ops=replace(REAL_OPS, replace=watching_replace),
    )

    assert seen == [(OLD, OLD)], "the old file must be in place and in the bin before the swap"
    assert existing.read_bytes() == NEW
    assert done.recycled == (bin_copy,)
    assert bin_copy.read_bytes() == OLD
    assert leftovers(library) == []


def test_an_upgrade_under_another_name_recycles_the_old_file_after_the_new_one_is_in_place(
    downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    old = write(library / "Movie (2020)" / "Movie (2020) HDTV-720p.avi", OLD)
    new = library / "Movie (2020)" / "Movie (2020) Bluray-1080p.mkv"
    order: list[str] = []

    def watching_rename(a: StrPath, b: StrPath) -> None:
        order.append("new in place" if Path(b) == new else f"recycle, new exists={new.exists()}")
        os.rename(a, b)

    done = import_file(
        source,
        new,
        policy_for(mode=ImportMode.COPY),
        now=NOW,
        replaces=[old],
        ops=replace(REAL_OPS, rename=watching_rename),
    )

    assert order == ["new in place", "recycle, new exists=True"]
    assert not old.exists()
    recycled = tmp_path / "recycle" / "Movie (2020)" / "Movie (2020) HDTV-720p.avi"
    assert done.recycled == (recycled,)
    assert recycled.read_bytes() == OLD
    assert new.read_bytes() == NEW


def test_a_name_taken_in_the_recycle_bin_gets_a_timestamp_suffix(
    downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    earlier = write(tmp_path / "recycle" / "Show" / "episode.mkv", b"recycled last week")
    existing = write(library / "Show" / "episode.mkv", OLD)
    source = write(downloads / "episode.mkv", NEW)

    done = import_file(source, existing, policy_for(), now=NOW, replaces=[existing])

    assert done.recycled == (tmp_path / "recycle" / "Show" / "episode.20261125T120000.mkv",)
    assert done.recycled[0].read_bytes() == OLD
    assert earlier.read_bytes() == b"recycled last week"


def test_a_destination_appearing_during_the_import_is_not_overwritten(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    destination = library / "Movie.mkv"

    def racing_link(a: StrPath, b: StrPath) -> None:
        os.link(a, b)
        destination.write_bytes(b"someone else's file")

    with pytest.raises(DestinationExists, match="during the import"):
        import_file(
            source, destination, policy_for(), now=NOW, ops=replace(REAL_OPS, link=racing_link)
        )

    assert destination.read_bytes() == b"someone else's file"
    assert source.read_bytes() == NEW
    assert leftovers(library) == []


def test_a_destination_through_a_symlink_outside_the_library_is_refused(
    downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (library / "Escape").symlink_to(outside)
    source = write(downloads / "movie.mkv")

    with pytest.raises(UnsafeDestination, match="leaves the library root"):
        import_file(source, library / "Escape" / "x.mkv", policy_for(), now=NOW)

    assert list(outside.iterdir()) == []
    assert digest(source)


def test_a_symlinked_source_is_refused(
    downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    secret = write(tmp_path / "secret.txt", b"not media")
    link = downloads / "movie.mkv"
    link.symlink_to(secret)

    with pytest.raises(UnsafeDestination, match="not a regular file"):
        import_file(link, library / "Movie.mkv", policy_for(), now=NOW)

    assert list(library.iterdir()) == []


def test_a_failed_upgrade_leaves_the_old_file_in_place_and_the_bin_empty(
    downloads: Path, library: Path, tmp_path: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    existing = write(library / "Movie (2020).mkv", OLD)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DiskFull):
        import_file(
            source,
            existing,
            policy_for(mode=ImportMode.COPY),
            now=NOW,
            replaces=[existing],
            ops=replace(REAL_OPS, write=full),
        )

    assert existing.read_bytes() == OLD
    assert source.read_bytes() == NEW
    assert not (tmp_path / "recycle").exists() or list((tmp_path / "recycle").rglob("*")) == []
    assert leftovers(library) == []


def test_an_interrupt_mid_copy_still_removes_the_temporary_file(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")

    def interrupted(stream: BinaryIO, size: int) -> bytes:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(
            source,
            library / "Movie" / "Movie.mkv",
            policy_for(mode=ImportMode.COPY),
            now=NOW,
            ops=replace(REAL_OPS, read=interrupted),
        )

    assert source.exists()
    assert list(library.rglob("*")) == []


def test_a_library_symlink_to_the_download_never_lets_a_move_delete_the_data(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", NEW)
    destination = library / "Movie (2020).mkv"
    destination.symlink_to(source)

    done = import_file(source, destination, policy_for(mode=ImportMode.MOVE), now=NOW)

    assert done.method == "already-present"
    assert source.read_bytes() == NEW
    assert destination.read_bytes() == NEW

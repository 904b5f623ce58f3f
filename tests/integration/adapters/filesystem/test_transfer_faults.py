"""Faults during an import: each test checks the source is intact and nothing partial or
temporary is left at the destination. Real tmpfs mounts and `chattr +i` where the machine
allows; otherwise (and always, as twins) one system call replaced through `FileOps`."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import pytest

from mediaos.adapters.filesystem import (
    REAL_OPS,
    CrossDevice,
    DiskFull,
    PermissionDenied,
    SourceVanished,
    TransferPolicy,
    Transferred,
    VerificationFailed,
    import_file,
)
from mediaos.adapters.filesystem.ops import StrPath
from mediaos.schemas.library import ImportMode
from tests.integration.adapters.filesystem.files import NOW, MovieBytes, digest, leftovers, write

Policy = Callable[..., TransferPolicy]
ALL_MODES = [ImportMode.HARDLINK, ImportMode.COPY, ImportMode.MOVE]


def _intact(source: Path, before: str) -> None:
    assert source.exists(), "the source was lost"
    assert digest(source) == before, "the source was changed"


def _nothing_at(destination: Path, root: Path, *, new_folder: bool = True) -> None:
    assert not destination.exists(), "a partial destination was left"
    assert leftovers(root) == [], "a temporary file was left"
    if new_folder and destination.parent != root:
        assert not destination.parent.exists(), "the folder made for the import was left"


def _fails(code: int) -> Callable[..., None]:
    def call(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    return call


# --- disk full -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [ImportMode.COPY, ImportMode.MOVE])
def test_a_full_tmpfs_stops_the_copy_and_leaves_no_partial_file(
    mode: ImportMode, downloads: Path, tmpfs: Callable[[str, str], Path], policy_for: Policy
) -> None:
    small = tmpfs("small", "512k")
    source = write(downloads / "movie.mkv")  # 1 MiB into 512 KiB
    before = digest(source)
    destination = small / "Movie" / "Movie.mkv"

    with pytest.raises(DiskFull):
        import_file(source, destination, policy_for(mode=mode, library_root=small), now=NOW)

    _intact(source, before)
    _nothing_at(destination, small)


def test_a_real_enospc_from_the_kernel_mid_copy_leaves_no_partial_file(
    downloads: Path, tmpfs: Callable[[str, str], Path], policy_for: Policy
) -> None:
    small = tmpfs("small", "512k")
    source = write(downloads / "movie.mkv")  # 1 MiB: the kernel refuses half-way
    before = digest(source)
    roomy = os.statvfs_result((4096, 4096, 1 << 20, 1 << 20, 1 << 20, 0, 0, 0, 0, 255))
    destination = small / "Movie" / "Movie.mkv"

    with pytest.raises(DiskFull, match="no space left while writing"):
        import_file(
            source,
            destination,
            policy_for(mode=ImportMode.MOVE, library_root=small),
            now=NOW,
            ops=replace(REAL_OPS, statvfs=lambda _: roomy),  # a filesystem that over-reports
        )

    _intact(source, before)
    _nothing_at(destination, small)


def test_an_injected_enospc_mid_copy_leaves_no_partial_file(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", MovieBytes * 3)
    before = digest(source)
    writes: list[int] = []

    def write_then_fill(fd: int, data: bytes) -> int:
        writes.append(len(data))
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return os.write(fd, data)

    destination = library / "Movie" / "Movie.mkv"
    with pytest.raises(DiskFull):
        import_file(
            source,
            destination,
            policy_for(mode=ImportMode.MOVE, hardlink_fallback="copy"),
            now=NOW,
            ops=replace(REAL_OPS, write=write_then_fill, rename=_fails(errno.EXDEV)),
        )

    _intact(source, before)
    _nothing_at(destination, library)


def test_the_free_space_floor_refuses_a_copy_before_writing(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    free = shutil.disk_usage(library).free

    with pytest.raises(DiskFull, match="min_free_space"):
        import_file(
            source,
            library / "Movie.mkv",
            policy_for(mode=ImportMode.COPY, min_free_bytes=free),
            now=NOW,
        )

    assert leftovers(library) == []
    assert list(library.iterdir()) == []


# --- permission denied -------------------------------------------------------------------


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """`chattr +i`: stops even root from creating files in a folder (ext4, xfs, btrfs)."""
    marked: list[Path] = []

    def mark(folder: Path) -> None:
        if shutil.which("chattr") is None or os.geteuid() != 0:
            pytest.skip("chattr +i needs root and e2fsprogs; the injected twin covers this")
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"this filesystem has no immutable flag: {done.stderr.decode()}")
        marked.append(folder)

    yield mark
    for folder in marked:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


@pytest.mark.parametrize("mode", ALL_MODES)
def test_an_immutable_destination_folder_is_permission_denied(
    mode: ImportMode,
    downloads: Path,
    library: Path,
    policy_for: Policy,
    immutable: Callable[[Path], None],
) -> None:
    source = write(downloads / "movie.mkv")
    before = digest(source)
    folder = library / "Movie (2020)"
    folder.mkdir()
    immutable(folder)

    with pytest.raises(PermissionDenied):
        import_file(source, folder / "Movie (2020).mkv", policy_for(mode=mode), now=NOW)

    _intact(source, before)
    _nothing_at(folder / "Movie (2020).mkv", library, new_folder=False)


@pytest.mark.parametrize("mode", ALL_MODES)
def test_an_injected_eacces_on_the_final_rename_rolls_back(
    mode: ImportMode, downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    before = digest(source)
    destination = library / "Movie" / "Movie.mkv"

    with pytest.raises(PermissionDenied):
        import_file(
            source,
            destination,
            policy_for(mode=mode),
            now=NOW,
            ops=replace(REAL_OPS, rename=_fails(errno.EACCES)),
        )

    _intact(source, before)
    _nothing_at(destination, library)


def test_an_injected_eacces_creating_the_folder_is_permission_denied(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")

    with pytest.raises(PermissionDenied, match="not permitted"):
        import_file(
            source,
            library / "Movie" / "Movie.mkv",
            policy_for(mode=ImportMode.COPY),
            now=NOW,
            ops=replace(REAL_OPS, mkdir=_fails(errno.EACCES)),
        )

    assert source.exists()
    assert list(library.iterdir()) == []


# --- the source vanishing ------------------------------------------------------------------


@pytest.mark.parametrize("mode", [ImportMode.COPY, ImportMode.MOVE])
def test_a_source_moved_away_mid_copy_is_reported_and_nothing_is_left(
    mode: ImportMode, downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", MovieBytes * 3)
    before = digest(source)
    elsewhere = downloads / "moved-by-the-client.mkv"

    def read_then_vanish(stream: BinaryIO, size: int) -> bytes:
        if source.exists():
            source.rename(elsewhere)  # the download client moves it away mid-import
        return stream.read(size)

    destination = library / "Movie" / "Movie.mkv"
    with pytest.raises(SourceVanished):
        import_file(
            source,
            destination,
            policy_for(mode=mode, hardlink_fallback="copy"),
            now=NOW,
            ops=replace(REAL_OPS, read=read_then_vanish, rename=_rename_exdev_for(source)),
        )

    _intact(elsewhere, before)
    _nothing_at(destination, library)


def _rename_exdev_for(source: Path) -> Callable[[StrPath, StrPath], None]:
    """Rename normally, except the one-step move of `source` (forces the copy path)."""

    def rename(a: StrPath, b: StrPath) -> None:
        if Path(a) == source:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        os.rename(a, b)

    return rename


def test_a_source_missing_before_the_import_is_source_vanished(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    with pytest.raises(SourceVanished):
        import_file(downloads / "gone.mkv", library / "x.mkv", policy_for(), now=NOW)
    assert list(library.iterdir()) == []


def test_a_short_copy_is_caught_and_the_source_of_a_move_is_kept(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", MovieBytes * 2)
    before = digest(source)

    def lossy_write(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        return len(data)  # claims it all, as a broken network filesystem might

    destination = library / "Movie.mkv"
    with pytest.raises(VerificationFailed):
        import_file(
            source,
            destination,
            policy_for(mode=ImportMode.MOVE),
            now=NOW,
            ops=replace(REAL_OPS, write=lossy_write, rename=_rename_exdev_for(source)),
        )

    _intact(source, before)
    _nothing_at(destination, library)


def test_a_corrupted_copy_of_the_same_size_is_caught_by_the_hash(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv", MovieBytes * 2)
    before = digest(source)

    def flipping_write(fd: int, data: bytes) -> int:
        return os.write(fd, bytes([data[0] ^ 0xFF]) + data[1:])  # one bad byte per chunk

    destination = library / "Movie.mkv"
    with pytest.raises(VerificationFailed, match="differs from the source"):
        import_file(
            source,
            destination,
            policy_for(mode=ImportMode.MOVE),
            now=NOW,
            ops=replace(REAL_OPS, write=flipping_write, rename=_rename_exdev_for(source)),
        )

    _intact(source, before)
    _nothing_at(destination, library)


# --- across filesystems ------------------------------------------------------------------


def test_hardlink_across_real_filesystems_fails_clearly_without_fallback(
    downloads: Path, tmpfs: Callable[[str, str], Path], policy_for: Policy
) -> None:
    other = tmpfs("library-fs", "8m")
    source = write(downloads / "movie.mkv")
    before = digest(source)
    destination = other / "Movie" / "Movie.mkv"

    with pytest.raises(CrossDevice, match="hardlink_fallback: copy"):
        import_file(source, destination, policy_for(library_root=other), now=NOW)

    _intact(source, before)
    _nothing_at(destination, other)


def test_hardlink_across_real_filesystems_copies_when_fallback_is_copy(
    downloads: Path, tmpfs: Callable[[str, str], Path], policy_for: Policy
) -> None:
    other = tmpfs("library-fs", "8m")
    source = write(downloads / "movie.mkv")
    destination = other / "Movie" / "Movie.mkv"

    done = import_file(
        source, destination, policy_for(library_root=other, hardlink_fallback="copy"), now=NOW
    )

    assert done.method == "copy"
    assert digest(destination) == digest(source)
    assert leftovers(other) == []


@pytest.mark.parametrize("fallback", ["fail", "copy"])
def test_an_injected_exdev_follows_the_hardlink_fallback_setting(
    fallback: str, downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    before = digest(source)
    destination = library / "Movie" / "Movie.mkv"

    def call() -> Transferred:
        return import_file(
            source,
            destination,
            policy_for(hardlink_fallback=fallback),
            now=NOW,
            ops=replace(REAL_OPS, link=_fails(errno.EXDEV)),
        )

    if fallback == "fail":
        with pytest.raises(CrossDevice):
            call()
        _nothing_at(destination, library)
    else:
        assert call().method == "copy"
        assert digest(destination) == before
        assert leftovers(library) == []
    _intact(source, before)

"""Hardlink, copy and move imports on real files, with source and destination checked."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from mediaos.adapters.filesystem import TransferPolicy, import_file
from mediaos.schemas.library import ImportMode
from tests.integration.adapters.filesystem.files import NOW, digest, leftovers, write

Policy = Callable[..., TransferPolicy]


def test_hardlink_import_shares_the_inode_and_keeps_the_source(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "Dune.2021.1080p.BluRay.x264-GRP" / "dune.mkv")
    before = digest(source)
    destination = library / "Dune (2021)" / "Dune (2021) Bluray-1080p.mkv"

    done = import_file(source, destination, policy_for(mode=ImportMode.HARDLINK), now=NOW)

    assert done.method == "hardlink"
    assert source.samefile(destination)
    assert digest(source) == before == digest(destination)
    assert leftovers(library) == []


def test_copy_import_writes_an_identical_independent_file(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    os.utime(source, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    destination = library / "Movie (2020)" / "Movie (2020).mkv"

    done = import_file(source, destination, policy_for(mode=ImportMode.COPY), now=NOW)

    assert done.method == "copy"
    assert not source.samefile(destination)
    assert digest(source) == digest(destination)
    assert destination.stat().st_mtime_ns == source.stat().st_mtime_ns
    assert leftovers(library) == []


def test_move_on_one_filesystem_is_a_rename_and_removes_the_source(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    before, inode = digest(source), source.stat().st_ino
    destination = library / "Movie (2020)" / "Movie (2020).mkv"

    done = import_file(source, destination, policy_for(mode=ImportMode.MOVE), now=NOW)

    assert done.method == "rename"
    assert not source.exists()
    assert digest(destination) == before
    assert destination.stat().st_ino == inode


def test_move_across_filesystems_copies_verifies_then_removes_the_source(
    downloads: Path, tmpfs: Callable[[str, str], Path], policy_for: Policy
) -> None:
    other = tmpfs("otherfs", "8m")
    source = write(downloads / "movie.mkv")
    before = digest(source)
    destination = other / "Movie (2020)" / "Movie (2020).mkv"

    done = import_file(
        source, destination, policy_for(mode=ImportMode.MOVE, library_root=other), now=NOW
    )

    assert done.method == "move"
    assert not source.exists()
    assert digest(destination) == before
    assert leftovers(other) == []


def test_importing_the_same_file_twice_is_a_no_op(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    destination = library / "Movie (2020).mkv"
    policy = policy_for(mode=ImportMode.COPY)

    import_file(source, destination, policy, now=NOW)
    again = import_file(source, destination, policy, now=NOW)

    assert again.method == "already-present"
    assert digest(source) == digest(destination)


def test_move_of_a_file_already_imported_removes_only_the_source(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    destination = write(library / "Movie (2020).mkv")

    done = import_file(source, destination, policy_for(mode=ImportMode.MOVE), now=NOW)

    assert done.method == "already-present"
    assert not source.exists()
    assert destination.exists()


def test_a_file_imported_onto_itself_is_never_deleted(library: Path, policy_for: Policy) -> None:
    path = write(library / "Movie (2020).mkv")

    done = import_file(path, path, policy_for(mode=ImportMode.MOVE), now=NOW)

    assert done.method == "already-present"
    assert path.exists()


def test_copies_and_new_folders_get_the_configured_modes(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    source.chmod(0o600)
    destination = library / "Movie (2020)" / "Movie (2020).mkv"
    policy = policy_for(mode=ImportMode.COPY, file_mode=0o664, folder_mode=0o775)

    import_file(source, destination, policy, now=NOW)

    assert stat.S_IMODE(destination.stat().st_mode) == 0o664
    assert stat.S_IMODE(destination.parent.stat().st_mode) == 0o775
    assert stat.S_IMODE(source.stat().st_mode) == 0o600


def test_hardlinks_keep_the_download_clients_mode_untouched(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    source.chmod(0o644)

    import_file(
        source,
        library / "Movie.mkv",
        policy_for(mode=ImportMode.HARDLINK, file_mode=0o600),
        now=NOW,
    )

    assert stat.S_IMODE(source.stat().st_mode) == 0o644


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files away needs root")
def test_ownership_is_applied_to_copies_when_configured(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    source = write(downloads / "movie.mkv")
    destination = library / "Movie" / "Movie.mkv"

    done = import_file(
        source, destination, policy_for(mode=ImportMode.COPY, uid=65534, gid=65534), now=NOW
    )

    assert (destination.stat().st_uid, destination.stat().st_gid) == (65534, 65534)
    assert (destination.parent.stat().st_uid, destination.parent.stat().st_gid) == (65534, 65534)
    assert done.warnings == ()


def test_a_policy_is_resolved_from_the_library_spec(library: Path) -> None:
    from mediaos.schemas.library import LibrarySpec

    spec = LibrarySpec.model_validate(
        {"import_mode": "move", "mode": "0664", "folder_mode": "0775", "min_free_space": 2,
         "owner": {"user": "root", "group": "0"}}
    )  # fmt: skip

    policy = TransferPolicy.from_spec(spec, library_root=library)

    assert policy.mode is ImportMode.MOVE
    assert (policy.file_mode, policy.folder_mode) == (0o664, 0o775)
    assert policy.min_free_bytes == 2 * 1024 * 1024
    assert (policy.uid, policy.gid) == (0, 0)

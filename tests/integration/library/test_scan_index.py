"""The scanner against real folders and a real SQLite file: cold, incremental, drift."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediaos.reconcilers.library import index_library
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.library_index import counts, files


@pytest.fixture
def state(tmp_path: Path) -> StateDB:
    db = open_database(tmp_path / "data")
    upgrade(db)
    return db


def touch(path: Path, size: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    return path


@pytest.fixture
def library(tmp_path: Path) -> dict[str, Path]:
    movies = tmp_path / "lib" / "movies"
    series = tmp_path / "lib" / "series"
    touch(movies / "The Matrix (1999) {tmdb-603}" / "The Matrix (1999) Bluray-1080p.mkv", 10)
    touch(movies / "The Matrix (1999) {tmdb-603}" / "The Matrix (1999) Bluray-1080p.en.srt")
    touch(movies / "Heat (1995)" / "Heat.1995.1080p.BluRay.x264-EbP.mkv", 20)
    touch(movies / "Heat (1995)" / "movie.nfo")
    touch(movies / "Unknown Thing" / "video.mkv")
    office = series / "The Office (US) {tvdb-73244}"
    for episode in (1, 2, 3):
        touch(office / "Season 02" / f"The Office (US) - S02E{episode:02d} - Ep WEBDL-720p.mkv")
    return {"movies": movies, "series": series}


async def test_a_cold_scan_indexes_every_file_with_its_item(
    state: StateDB, library: dict[str, Path]
) -> None:
    summaries = await index_library(state, library)  # type: ignore[arg-type]
    assert sum(s.files for s in summaries) == 8
    keys = {f.item_key for f in files(state) if f.kind in ("movie", "episode")}
    assert keys == {
        "movie/the-matrix-1999",
        "movie/heat-1995",
        "series/the-office-us/s02e01",
        "series/the-office-us/s02e02",
        "series/the-office-us/s02e03",
    }
    assert counts(state) == {"movie": 2, "episode": 3, "subtitle": 1, "unmatched": 2}
    unmatched = {f.path: f.reason for f in files(state, kind="unmatched")}
    assert "year" in unmatched["Unknown Thing/video.mkv"]


async def test_a_rescan_of_an_unchanged_library_lists_no_directory(
    state: StateDB, library: dict[str, Path]
) -> None:
    await index_library(state, library)  # type: ignore[arg-type]
    again = await index_library(state, library)  # type: ignore[arg-type]
    assert [s.listed_dirs for s in again] == [0, 0]
    assert sum(s.unchanged_dirs for s in again) > 0
    assert len(files(state)) == 8


async def test_a_file_added_by_hand_is_seen_by_listing_only_its_directory(
    state: StateDB, library: dict[str, Path]
) -> None:
    await index_library(state, library)  # type: ignore[arg-type]
    office = library["series"] / "The Office (US) {tvdb-73244}" / "Season 02"
    touch(office / "The Office (US) - S02E04 - Ep WEBDL-720p.mkv")
    again = await index_library(state, library)  # type: ignore[arg-type]
    assert [s.listed_dirs for s in again] == [0, 1]
    assert "series/the-office-us/s02e04" in {f.item_key for f in files(state)}


async def test_a_file_deleted_by_hand_leaves_the_index(
    state: StateDB, library: dict[str, Path]
) -> None:
    await index_library(state, library)  # type: ignore[arg-type]
    (library["movies"] / "Heat (1995)" / "Heat.1995.1080p.BluRay.x264-EbP.mkv").unlink()
    await index_library(state, library)  # type: ignore[arg-type]
    assert "movie/heat-1995" not in {f.item_key for f in files(state)}


async def test_a_folder_removed_by_hand_is_forgotten_with_its_files(
    state: StateDB, library: dict[str, Path]
) -> None:
    await index_library(state, library)  # type: ignore[arg-type]
    folder = library["movies"] / "Heat (1995)"
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    summary = await index_library(state, library)  # type: ignore[arg-type]
    assert summary[0].vanished_dirs == 1
    assert not [f for f in files(state) if f.path.startswith("Heat (1995)")]


async def test_scanning_never_changes_a_library_file(
    state: StateDB, library: dict[str, Path]
) -> None:
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in library["movies"].rglob("*")}
    await index_library(state, library)  # type: ignore[arg-type]
    after = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in library["movies"].rglob("*")}
    assert before == after


async def test_symlink_loops_are_not_followed(state: StateDB, tmp_path: Path) -> None:
    root = tmp_path / "movies"
    touch(root / "Heat (1995)" / "Heat (1995) Bluray-1080p.mkv")
    os.symlink(root, root / "Heat (1995)" / "loop")
    summary = await index_library(state, {"movies": root})
    assert summary[0].files == 1


async def test_an_unreadable_folder_is_reported_and_the_scan_goes_on(
    state: StateDB, tmp_path: Path
) -> None:
    root = tmp_path / "movies"
    touch(root / "Heat (1995)" / "Heat (1995) Bluray-1080p.mkv")
    missing = tmp_path / "not-mounted"
    summaries = await index_library(state, {"movies": root, "series": missing})
    assert summaries[0].files == 1
    assert summaries[1].unreadable and summaries[1].files == 0


async def test_external_subtitles_are_attached_to_their_video(
    state: StateDB, tmp_path: Path
) -> None:
    from mediaos.state.library_index import subtitles_of

    root = tmp_path / "movies"
    folder = root / "Heat (1995)"
    touch(folder / "Heat (1995) Bluray-1080p.mkv")
    touch(folder / "Heat (1995) Bluray-1080p.en.srt")
    touch(folder / "Heat (1995) Bluray-1080p.pt-BR.forced.srt")
    touch(folder / "Heat (1995) Bluray-1080p.en.hi.srt")
    touch(folder / "Other (2001).fr.srt")
    await index_library(state, {"movies": root})
    attached = subtitles_of(state, str(root), "Heat (1995)/Heat (1995) Bluray-1080p.mkv")
    assert [(s.language, s.forced, s.hearing_impaired) for s in attached] == [
        ("en", False, True),
        ("en", False, False),
        ("pt-BR", True, False),
    ]

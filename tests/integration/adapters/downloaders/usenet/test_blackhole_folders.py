"""The blackhole against real temporary folders (and a loopback indexer for release files)."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import torf

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.blackhole import Blackhole
from mediaos.core.errors import BadPayload, NotFound, Unsupported
from mediaos.core.releaseinfo import ReleaseInfo
from tests.integration.adapters.downloaders.contract import check_downloader_contract
from tests.integration.adapters.downloaders.usenet.conftest import FileHost, UsenetRelease

HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
MAGNET = f"magnet:?xt=urn:btih:{HASH}&dn=Some.Movie.2026"


def torrent_bytes(tmp_path: Path, name: str = "payload.bin") -> tuple[bytes, str]:
    payload = tmp_path / name
    payload.write_bytes(os.urandom(40_000))
    torrent = torf.Torrent(path=payload, trackers=["http://127.0.0.1:1/announce"], private=True)
    torrent.generate()
    return torrent.dump(), str(torrent.infohash)


def make(
    tmp_path: Path, http: httpx.AsyncClient, *, folders: bool = True, **kwargs: object
) -> Blackhole:
    if folders:  # as a user's set-up has them; `ensure` creates them otherwise
        (tmp_path / "watch").mkdir(exist_ok=True)
        (tmp_path / "done").mkdir(exist_ok=True)
    options: dict[str, object] = {
        "name": "hole",
        "protocol": "torrent",
        "watch_folder": tmp_path / "watch",
        "completed_folder": tmp_path / "done",
        "http": http,
        "category": "mediaos-contract",
        "settle": timedelta(seconds=30),
        **kwargs,
    }
    return Blackhole(**options)  # type: ignore[arg-type]


def torrent_release(title: str, **kwargs: object) -> ReleaseInfo:
    return ReleaseInfo(title=title, guid=title, indexer="loopback", protocol="torrent", **kwargs)  # type: ignore[arg-type]


def age(path: Path, seconds: float) -> None:
    """Make `path` and everything in it look last written `seconds` ago."""
    when = time.time() - seconds
    for item in [path, *path.rglob("*")]:
        os.utime(item, (when, when))


async def test_a_torrent_blackhole_keeps_the_downloader_contract(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http)
    await check_downloader_contract(hole, torrent_release("Some.Movie.2026", magnet=MAGNET))
    assert list((tmp_path / "watch").iterdir()) == []


async def test_a_usenet_blackhole_keeps_the_downloader_contract(
    tmp_path: Path, http: httpx.AsyncClient, usenet_release: UsenetRelease
) -> None:
    hole = make(tmp_path, http, protocol="usenet")
    await check_downloader_contract(hole, await usenet_release("Some.Show.S01E01"))


async def test_a_torrent_file_is_fetched_written_atomically_and_not_twice_by_info_hash(
    tmp_path: Path, http: httpx.AsyncClient, files: FileHost
) -> None:
    data, info_hash = torrent_bytes(tmp_path)
    url = files.publish("movie.torrent", data, "application/x-bittorrent")
    hole = make(tmp_path, http)
    await hole.ensure(category="mediaos-contract")

    first = await hole.add(
        torrent_release("Movie.2026.1080p", download_url=url), category="mediaos-contract"
    )
    renamed = torrent_release("Movie 2026 (other indexer)", download_url=url)
    again = await hole.add(renamed, category="mediaos-contract")
    known = torrent_release("Third.Name", info_hash=info_hash, download_url=url)
    assert await hole.add(known, category="mediaos-contract") == first

    assert first == again == "Movie.2026.1080p"
    assert [p.name for p in (tmp_path / "watch").iterdir()] == ["Movie.2026.1080p.torrent"]
    assert (tmp_path / "watch" / "Movie.2026.1080p.torrent").read_bytes() == data
    assert len(files.requests) == 2, "the known info-hash was matched before fetching"


async def test_hostile_titles_never_leave_the_watch_folder(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http)
    titles = ["../../etc/passwd", "..", "/abs/path", "a\x00b\nc", "CON", "x" * 1000, "é" * 300]
    ids = [
        await hole.add(
            torrent_release(t, magnet=MAGNET.replace(HASH, f"{i:040x}")),
            category="mediaos-contract",
        )
        for i, t in enumerate(titles)
    ]
    written = sorted(p.name for p in (tmp_path / "watch").iterdir())
    assert len(written) == len(titles)
    assert all("/" not in i and not i.startswith(".") for i in ids)
    assert all(len(name.encode()) <= 190 for name in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done", "watch"]
    assert ids[:4] == ["etc_passwd", "release", "abs_path", "a_b_c"]


async def test_completed_entries_are_completed_once_quiet_and_not_growing(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http)
    await hole.ensure(category="mediaos-contract")
    done = tmp_path / "done"
    folder = done / "Finished.Movie.2026"
    folder.mkdir()
    (folder / "movie.mkv").write_bytes(b"x" * 1000)
    (done / "Single.File.2026.mkv").write_bytes(b"y" * 10)
    (done / ".partial").write_bytes(b"z")
    age(folder, 120)
    states = {s.id: s for s in await hole.list(category="mediaos-contract")}
    assert states["Finished.Movie.2026"].status is DownloadStatus.COMPLETED
    assert states["Finished.Movie.2026"].size is not None
    assert states["Finished.Movie.2026"].content_path == str(folder)
    assert states["Single.File.2026"].status is DownloadStatus.DOWNLOADING  # written just now
    assert ".partial" not in states

    with (folder / "movie.mkv").open("ab") as handle:
        handle.write(b"more")
    age(folder, 120)  # quiet by mtime, but it grew since the last look
    states = {s.id: s for s in await hole.list(category="mediaos-contract")}
    assert states["Finished.Movie.2026"].status is DownloadStatus.DOWNLOADING
    states = {s.id: s for s in await hole.list(category="mediaos-contract")}
    assert states["Finished.Movie.2026"].status is DownloadStatus.COMPLETED
    assert await hole.list(category="other") == []


async def test_remove_deletes_the_completed_item_only_with_delete_files(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http)
    await hole.ensure(category="mediaos-contract")
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    folder = tmp_path / "done" / "Done.Movie"
    folder.mkdir()
    (folder / "movie.mkv").write_bytes(b"x")
    (tmp_path / "done" / "Link.Movie").symlink_to(outside)

    await hole.remove("Done.Movie", delete_files=False)
    assert folder.exists()
    await hole.remove("Done.Movie", delete_files=True)
    await hole.remove("Link.Movie", delete_files=True)
    assert not folder.exists()
    assert not (tmp_path / "done" / "Link.Movie").exists()
    assert (outside / "keep.txt").read_text() == "keep", "a symlink is never followed"
    with pytest.raises(NotFound):
        await hole.remove("../precious", delete_files=True)


async def test_wrong_category_protocol_or_release_is_refused(
    tmp_path: Path, http: httpx.AsyncClient, files: FileHost
) -> None:
    hole = make(tmp_path, http, magnet_files=False)
    with pytest.raises(Unsupported, match="serves category"):
        await hole.ensure(category="tv")
    with pytest.raises(Unsupported, match="torrent releases"):
        await hole.add(
            ReleaseInfo(title="U", guid="u", indexer="i", protocol="usenet"),
            category="mediaos-contract",
        )
    with pytest.raises(Unsupported, match="magnet_files"):
        await hole.add(torrent_release("M", magnet=MAGNET), category="mediaos-contract")
    bad = files.publish("bad.torrent", b"not bencode", "application/x-bittorrent")
    with pytest.raises(BadPayload):
        await hole.add(torrent_release("Bad", download_url=bad), category="mediaos-contract")
    assert not (tmp_path / "watch").exists() or list((tmp_path / "watch").iterdir()) == []


async def test_health_says_when_a_folder_is_missing(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http, folders=False)
    assert not (await hole.health()).ok
    await hole.ensure(category="mediaos-contract")
    assert (await hole.health()).ok


async def test_a_missing_watch_folder_is_a_typed_error(
    tmp_path: Path, http: httpx.AsyncClient
) -> None:
    hole = make(tmp_path, http, folders=False)
    with pytest.raises(NotFound, match="does not exist"):
        await hole.add(torrent_release("X", magnet=MAGNET), category="mediaos-contract")

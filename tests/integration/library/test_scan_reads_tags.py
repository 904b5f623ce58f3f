"""The scanner reads music tags and EPUB metadata before names."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from mutagen.flac import FLAC  # type: ignore[import-untyped, unused-ignore]

from mediaos.reconcilers.library import index_library
from mediaos.state import StateDB, open_database, upgrade
from mediaos.state.library_index import files


@pytest.fixture
def state(tmp_path: Path) -> StateDB:
    db = open_database(tmp_path / "data")
    upgrade(db)
    return db


@pytest.mark.peer("ffmpeg")
async def test_a_tagged_track_in_a_badly_named_folder_is_placed_by_its_tags(
    state: StateDB, tmp_path: Path
) -> None:
    folder = tmp_path / "music" / "Unsorted" / "stuff"
    folder.mkdir(parents=True)
    track = folder / "track01.flac"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
            str(track),
        ],
        check=True,
        timeout=60,
    )
    tags = FLAC(track)
    tags["artist"] = "Radiohead"
    tags["album"] = "OK Computer"
    tags["tracknumber"] = "1"
    tags["date"] = "1997"
    tags.save()
    await index_library(state, {"music": tmp_path / "music"})
    (indexed,) = files(state, kind="track")
    assert indexed.item_key == "music/radiohead/ok-computer"
    assert indexed.quality == "FLAC"


async def test_an_epub_is_placed_by_its_opf_metadata(state: StateDB, tmp_path: Path) -> None:
    folder = tmp_path / "books" / "Misc"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "book.epub", "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Dune</dc:title><dc:creator>Frank Herbert</dc:creator>"
            "<dc:date>1965</dc:date></metadata></package>",
        )
    await index_library(state, {"books": tmp_path / "books"})
    (indexed,) = files(state, kind="book")
    assert indexed.item_key == "book/frank-herbert/dune"

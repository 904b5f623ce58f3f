"""Choosing album tracks (with cover art, cue sheets and rip logs) and book files."""

from __future__ import annotations

from mediaos.releases.selection import (
    DownloadFile,
    WantedAlbum,
    WantedBook,
    select_files,
)

MIB = 1 << 20
ALBUM = "The Beatles - Abbey Road (1969) [FLAC]"


def test_album_tracks_are_numbered_and_cover_art_travels_as_an_album_extra() -> None:
    files = [
        DownloadFile(f"{ALBUM}/01 - Come Together.flac", 30 * MIB),
        DownloadFile(f"{ALBUM}/02 - Something.flac", 25 * MIB),
        DownloadFile(f"{ALBUM}/07 - Here Comes the Sun.flac", 22 * MIB),
        DownloadFile(f"{ALBUM}/07 - Here Comes the Sun.lrc", 2_000),
        DownloadFile(f"{ALBUM}/cover.jpg", 900_000),
        DownloadFile(f"{ALBUM}/Scans/back.jpg", 800_000),
        DownloadFile(f"{ALBUM}/Abbey Road.cue", 3_000),
        DownloadFile(f"{ALBUM}/Abbey Road.log", 9_000),
        DownloadFile(f"{ALBUM}/Abbey Road.m3u", 300),
    ]

    plan = select_files(files, WantedAlbum("The Beatles", "Abbey Road"))

    assert [(p.track, p.track_title) for p in plan.picks] == [
        (1, "Come Together"),
        (2, "Something"),
        (7, "Here Comes the Sun"),
    ]
    assert [s.suffix for s in plan.picks[2].sidecars] == [".lrc"]
    assert [(e.file.path, e.suffix) for e in plan.extras] == [(f"{ALBUM}/cover.jpg", "cover.jpg")]
    assert [s.reason for s in plan.skipped] == ["extra", "extra", "extra", "unmatched"]


def test_a_two_disc_album_takes_the_disc_from_its_folder_or_name() -> None:
    files = [
        DownloadFile("Album/CD1/01 - Intro.flac", 10 * MIB),
        DownloadFile("Album/CD2/01 - Outro.flac", 10 * MIB),
        DownloadFile("Album/2-03 Reprise.flac", 10 * MIB),
    ]

    plan = select_files(files, WantedAlbum("Artist", "Album"))

    assert [(p.disc, p.track, p.track_title) for p in plan.picks] == [
        (2, 3, "Reprise"),
        (1, 1, "Intro"),
        (2, 1, "Outro"),
    ]


def test_a_track_numbered_after_artist_and_album_is_read() -> None:
    files = [
        DownloadFile("Radiohead - OK Computer - 03 - Subterranean Homesick Alien.mp3", 8 * MIB)
    ]

    plan = select_files(files, WantedAlbum("Radiohead", "OK Computer"))

    assert (plan.picks[0].track, plan.picks[0].track_title) == (
        3,
        "Subterranean Homesick Alien",
    )


def test_a_book_download_keeps_every_ebook_format_and_drops_the_rest() -> None:
    folder = "Ursula K. Le Guin - The Dispossessed (1974) [EPUB+MOBI]"
    files = [
        DownloadFile(f"{folder}/The Dispossessed - Ursula K. Le Guin.epub", 600_000),
        DownloadFile(f"{folder}/The Dispossessed - Ursula K. Le Guin.mobi", 900_000),
        DownloadFile(f"{folder}/cover.jpg", 200_000),
        DownloadFile(f"{folder}/metadata.opf", 3_000),
        DownloadFile(f"{folder}/Read me.txt", 300),
    ]

    plan = select_files(files, WantedBook("Ursula K. Le Guin", "The Dispossessed"))

    assert [p.file.path.rsplit(".", 1)[1] for p in plan.picks] == ["epub", "mobi"]
    assert {p.role for p in plan.picks} == {"book"}
    assert len(plan.skipped) == 3


def test_an_audiobook_download_keeps_its_chapters_in_order() -> None:
    files = [
        DownloadFile("Dune (Audiobook)/Dune - Part 02.mp3", 60 * MIB),
        DownloadFile("Dune (Audiobook)/Dune - Part 01.mp3", 60 * MIB),
        DownloadFile("Dune (Audiobook)/cover.jpg", 60_000),
    ]

    plan = select_files(files, WantedBook("Frank Herbert", "Dune"))

    assert [p.file.path for p in plan.picks] == [files[1].path, files[0].path]
    assert {p.role for p in plan.picks} == {"audiobook"}

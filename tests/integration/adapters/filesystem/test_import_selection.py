"""A realistic download folder on disk, selected, named and imported end to end."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from mediaos.adapters.filesystem import REAL_OPS, TransferPolicy
from mediaos.adapters.filesystem.importer import import_selection, list_download
from mediaos.adapters.filesystem.ops import StrPath
from mediaos.releases.naming import NamingValues, render_path
from mediaos.releases.selection import EpisodeRef, Pick, WantedAlbum, WantedEpisodes, select_files
from mediaos.schemas.library import ImportMode, NamingSpec
from tests.integration.adapters.filesystem.files import NOW, leftovers, write

Policy = Callable[..., TransferPolicy]
NAMING = NamingSpec()
PACK = "The.Office.US.S02.1080p.WEB-DL.DD5.1.H.264-NTb"
TITLES = {1: "The Dundies", 2: "Sexual Harassment", 3: "Office Olympics"}


def _season_pack(downloads: Path) -> Path:
    root = downloads / PACK
    for n in (1, 2, 3):
        write(
            root / f"The.Office.US.S02E0{n}.1080p.WEB-DL.DD5.1.H.264-NTb.mkv", bytes([n]) * 70_000
        )
    write(root / "The.Office.US.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb.en.srt", b"1\n00:00 --> x\n")
    write(root / "Subs" / "The.Office.US.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb" / "3_French.srt")
    write(root / "Sample" / "the.office.s02e01.sample.mkv", b"s" * 1_000)
    write(root / "RARBG.txt", b"junk")
    (root / "link-to-etc").symlink_to("/etc")
    return root


def _destinations(plan_picks: tuple[Pick, ...], library: Path) -> dict[str, Path]:
    out = {}
    template = f"{NAMING.series_folder}/{NAMING.season_folder}/{NAMING.episode_file}"
    for pick in plan_picks:
        (ref,) = pick.episodes
        assert ref.episode is not None
        values = NamingValues(
            series_title="The Office (US)",
            season=ref.season,
            episodes=(ref.episode,),
            episode_titles=(TITLES[ref.episode],),
            quality_title=pick.parsed.quality,
        )
        out[pick.file.path] = library / render_path(template, values, extension=".mkv")
    return out


def test_a_season_pack_lands_in_the_library_under_sonarr_names_with_its_subtitles(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    root = _season_pack(downloads)
    before = sorted(root.rglob("*"))
    files = list_download(root)
    assert "link-to-etc" not in {f.path for f in files}
    wanted = WantedEpisodes("The Office (US)", tuple(EpisodeRef(2, n) for n in (1, 2, 3)))
    plan = select_files(files, wanted)

    report = import_selection(
        root,
        plan,
        _destinations(plan.picks, library),
        policy_for(mode=ImportMode.HARDLINK),
        now=NOW,
    )

    assert report.failed == ()
    season = library / "The Office (US)" / "Season 2"
    assert sorted(p.name for p in season.iterdir()) == [
        "The Office (US) - S02E01 - The Dundies WEBDL-1080p.en.srt",
        "The Office (US) - S02E01 - The Dundies WEBDL-1080p.mkv",
        "The Office (US) - S02E02 - Sexual Harassment WEBDL-1080p.fr.srt",
        "The Office (US) - S02E02 - Sexual Harassment WEBDL-1080p.mkv",
        "The Office (US) - S02E03 - Office Olympics WEBDL-1080p.mkv",
    ]
    assert sorted(root.rglob("*")) == before, "hardlink mode leaves the download untouched"


def test_one_failing_file_does_not_stop_the_others(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    root = _season_pack(downloads)
    plan = select_files(
        list_download(root), WantedEpisodes("X", tuple(EpisodeRef(2, n) for n in (1, 2, 3)))
    )

    def refuse_episode_two(a: StrPath, b: StrPath) -> None:
        if "S02E02" in str(b) and str(b).endswith(".mkv"):
            raise OSError(errno.EACCES, "Permission denied")
        os.rename(a, b)

    report = import_selection(
        root,
        plan,
        _destinations(plan.picks, library),
        policy_for(mode=ImportMode.COPY),
        now=NOW,
        ops=replace(REAL_OPS, rename=refuse_episode_two),
    )

    assert [f.source.name for f in report.failed] == [
        "The.Office.US.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb.mkv"
    ]
    assert len([t for t in report.imported if t.destination.suffix == ".mkv"]) == 2
    assert not any("S02E02" in p.name for p in library.rglob("*")), "no subtitle without video"
    assert leftovers(library) == []
    assert (root / "The.Office.US.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb.mkv").exists()


def test_an_album_moves_in_with_its_cover(
    downloads: Path, library: Path, policy_for: Policy
) -> None:
    root = downloads / "The Beatles - Abbey Road (1969) [FLAC]"
    write(root / "01 - Come Together.flac", b"a" * 5_000)
    write(root / "02 - Something.flac", b"b" * 5_000)
    write(root / "cover.jpg", b"jpeg")
    write(root / "Abbey Road.log", b"EAC log")
    plan = select_files(list_download(root), WantedAlbum("The Beatles", "Abbey Road"))
    template = f"{NAMING.artist_folder}/{NAMING.album_folder}/{NAMING.track_file}"
    destinations = {
        p.file.path: library
        / render_path(
            template,
            NamingValues(
                artist_name="The Beatles",
                album_title="Abbey Road",
                release_year=1969,
                track=p.track,
                track_title=p.track_title,
            ),
            extension=".flac",
        )
        for p in plan.picks
    }

    report = import_selection(root, plan, destinations, policy_for(mode=ImportMode.MOVE), now=NOW)

    album = library / "The Beatles" / "Abbey Road (1969)"
    assert report.failed == ()
    assert sorted(p.name for p in album.iterdir()) == [
        "01 - Come Together.flac",
        "02 - Something.flac",
        "cover.jpg",
    ]
    assert sorted(p.name for p in root.iterdir()) == ["Abbey Road.log"]

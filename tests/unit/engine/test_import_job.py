"""Which files of a download are imported, and under which *arr names (pure)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mediaos.core.wanted import WantedUnit
from mediaos.reconcilers.desired import Slot
from mediaos.reconcilers.import_job import import_job, slot_folder
from mediaos.releases.selection import DownloadFile
from mediaos.schemas.library import LibrarySpec, NamingSpec
from mediaos.schemas.quality import ProfileSpec

HD = ProfileSpec(allowed=["WEBDL-1080p"], cutoff="WEBDL-1080p")
LIBRARY = LibrarySpec()
SERIES = "series/pioneer-one-2010"


def slot(unit: WantedUnit, kind: str, root: str, **extra: object) -> Slot:
    return Slot(unit, unit.key.split("@")[0], kind, "hd", HD, Path(root), "r", **extra)  # type: ignore[arg-type]


def episode(number: int) -> Slot:
    unit = WantedUnit(key=f"{SERIES}/s01e0{number}", kind="episode", title="Pioneer One",
                      year=2010, season=1, episodes=(number,))  # fmt: skip
    return slot(unit, "series", "/tv", episode_title=f"Part {number}")


def relative(job_destinations: dict[str, Path], root: str) -> dict[str, str]:
    return {k: str(v.relative_to(root)) for k, v in job_destinations.items()}


def test_a_movie_takes_its_largest_video_and_the_movie_templates() -> None:
    dune = slot(WantedUnit(key="movie/dune-2021", kind="movie", title="Dune", year=2021),
                "movies", "/movies")  # fmt: skip
    files = [DownloadFile("Dune.2021.1080p.WEB-DL-GRP/dune.mkv", 9000),
             DownloadFile("Dune.2021.1080p.WEB-DL-GRP/Sample/sample.mkv", 90)]  # fmt: skip
    job = import_job(dune, files, LIBRARY, release_title="Dune.2021.1080p.WEB-DL.x264-GRP")
    assert relative(dict(job.destinations), "/movies") == {
        "Dune.2021.1080p.WEB-DL-GRP/dune.mkv": "Dune (2021)/Dune (2021) WEBDL-1080p.mkv"
    }
    assert slot_folder(dune, LIBRARY) == Path("/movies/Dune (2021)")


def test_a_season_pack_names_every_covered_episode_with_its_title() -> None:
    episodes = {s.unit.key: s for s in (episode(1), episode(2))}
    season = slot(WantedUnit(key=f"{SERIES}/s01", kind="season", title="Pioneer One", year=2010,
                             season=1, episodes=(1, 2)), "series", "/tv",
                  covers=tuple(episodes))  # fmt: skip
    files = [DownloadFile(f"Pioneer.One.S01.1080p.WEB-DL-GRP/Pioneer.One.S01E0{n}.mkv", 5000)
             for n in (1, 2, 3)]  # fmt: skip
    job = import_job(season, files, LIBRARY, release_title="Pioneer.One.S01.1080p.WEB-DL-GRP",
                     episode_slots=episodes)  # fmt: skip
    assert sorted(relative(dict(job.destinations), "/tv").values()) == [
        "Pioneer One/Season 1/Pioneer One - S01E01 - Part 1 WEBDL-1080p.mkv",
        "Pioneer One/Season 1/Pioneer One - S01E02 - Part 2 WEBDL-1080p.mkv",
    ]
    assert [s.reason for s in job.plan.skipped] == ["unwanted"]


def test_a_daily_episode_uses_the_daily_template() -> None:
    unit = WantedUnit(key="series/the-daily/s2024e01", kind="episode", title="The Daily",
                      season=2024, episodes=(1,), air_date=date(2024, 3, 1),
                      series_type="daily")  # fmt: skip
    daily = slot(unit, "series", "/tv", episode_title="News")
    files = [DownloadFile("The.Daily.2024.03.01.1080p.WEB-DL-GRP.mkv", 100)]
    job = import_job(daily, files, LIBRARY, release_title="The.Daily.2024.03.01.1080p.WEB-DL-GRP")
    assert relative(dict(job.destinations), "/tv") == {
        files[0].path: "The Daily/Season 2024/The Daily - 2024-03-01 - News WEBDL-1080p.mkv"
    }


def test_an_album_names_tracks_and_a_book_its_file() -> None:
    album = slot(WantedUnit(key="music/radiohead/ok-computer", kind="album", title="OK Computer",
                            year=1997, creator="Radiohead"), "music", "/music")  # fmt: skip
    tracks = [DownloadFile("OK Computer/01 - Airbag.flac", 30_000_000),
              DownloadFile("OK Computer/02 - Paranoid Android.flac", 60_000_000)]  # fmt: skip
    job = import_job(album, tracks, LIBRARY)
    assert sorted(relative(dict(job.destinations), "/music").values()) == [
        "Radiohead/OK Computer (1997)/01 - Airbag.flac",
        "Radiohead/OK Computer (1997)/02 - Paranoid Android.flac",
    ]
    book = slot(WantedUnit(key="book/frank-herbert/dune", kind="book", title="Dune", year=1965,
                           creator="Frank Herbert"), "books", "/books")  # fmt: skip
    job = import_job(book, [DownloadFile("Dune - Frank Herbert.epub", 900_000)], LIBRARY)
    assert list(relative(dict(job.destinations), "/books").values()) == [
        "Frank Herbert/Dune (1965).epub"
    ]


def test_rename_off_keeps_the_release_file_name_inside_the_template_folders() -> None:
    library = LibrarySpec(naming=NamingSpec(rename=False))
    dune = slot(WantedUnit(key="movie/dune-2021", kind="movie", title="Dune", year=2021),
                "movies", "/movies")  # fmt: skip
    job = import_job(dune, [DownloadFile("Dune.2021.1080p.WEB-DL-GRP.mkv", 10)], library)
    assert relative(dict(job.destinations), "/movies") == {
        "Dune.2021.1080p.WEB-DL-GRP.mkv": "Dune (2021)/Dune.2021.1080p.WEB-DL-GRP.mkv"
    }


def test_a_series_without_season_folders_keeps_episodes_in_the_series_folder() -> None:
    one = episode(1)
    files = [DownloadFile("Pioneer.One.S01E01.1080p.WEB-DL-GRP.mkv", 100)]
    job = import_job(one, files, LIBRARY, release_title=files[0].path[:-4], season_folders=False)
    assert relative(dict(job.destinations), "/tv") == {
        files[0].path: "Pioneer One/Pioneer One - S01E01 - Part 1 WEBDL-1080p.mkv"
    }
    assert slot_folder(one, LIBRARY, season_folders=False) == Path("/tv/Pioneer One")

"""Choosing episode files from realistic series downloads: season packs, anime batches,
daily shows, multi-episode files and duplicates."""

from __future__ import annotations

from datetime import date

from mediaos.releases.selection import (
    DownloadFile,
    EpisodeRef,
    SelectionPlan,
    WantedEpisodes,
    select_files,
)

GIB, MIB = 1 << 30, 1 << 20


def _verdicts(plan: SelectionPlan) -> dict[str, str]:
    out = {p.file.path: "pick" for p in plan.picks}
    out.update({s.file.path: f"sidecar{s.suffix}" for p in plan.picks for s in p.sidecars})
    out.update({s.file.path: s.reason for s in plan.skipped})
    return out


def _season(season: int, *episodes: int) -> tuple[EpisodeRef, ...]:
    return tuple(EpisodeRef(season, e) for e in episodes)


PACK = "The.Office.US.S02.1080p.WEB-DL.DD5.1.H.264-NTb"


def test_a_season_pack_picks_each_wanted_episode_with_its_subtitles() -> None:
    files = [
        DownloadFile(f"{PACK}/The.Office.US.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb.mkv", 2 * GIB),
        DownloadFile(f"{PACK}/The.Office.US.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb.mkv", 2 * GIB),
        DownloadFile(f"{PACK}/The.Office.US.S02E03.1080p.WEB-DL.DD5.1.H.264-NTb.mkv", 2 * GIB),
        DownloadFile(f"{PACK}/The.Office.US.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb.en.srt", 50_000),
        DownloadFile(f"{PACK}/The.Office.US.S02E01.1080p.WEB-DL.DD5.1.H.264-NTb.en.hi.srt", 60_000),
        DownloadFile(
            f"{PACK}/The.Office.US.S02E02.1080p.WEB-DL.DD5.1.H.264-NTb.pt-BR.forced.srt", 9_000
        ),
        DownloadFile(
            f"{PACK}/Subs/The.Office.US.S02E03.1080p.WEB-DL.DD5.1.H.264-NTb/2_English.srt", 50_000
        ),
        DownloadFile(f"{PACK}/Sample/the.office.us.s02e01.sample.mkv", 40 * MIB),
        DownloadFile(f"{PACK}/{PACK}.nfo", 4_000),
        DownloadFile(f"{PACK}/RARBG.txt", 100),
        DownloadFile(f"{PACK}/RARBG_DO_NOT_MIRROR.exe", 100),
    ]
    wanted = WantedEpisodes("The Office (US)", _season(2, 1, 2, 3, 4))

    plan = select_files(files, wanted)

    verdicts = _verdicts(plan)
    assert [p.episodes for p in plan.picks] == [_season(2, 1), _season(2, 2), _season(2, 3)]
    assert verdicts[files[3].path] == "sidecar.en.srt"
    assert verdicts[files[4].path] == "sidecar.en.hi.srt"
    assert verdicts[files[5].path] == "sidecar.pt-BR.forced.srt"
    assert verdicts[files[6].path] == "sidecar.en.srt"
    assert verdicts[files[7].path] == "sample"
    assert verdicts[files[8].path] == "unmatched"
    assert verdicts[files[9].path] == verdicts[files[10].path] == "junk"
    assert plan.missing == _season(2, 4)
    assert len(verdicts) == len(files)


def test_episodes_not_wanted_are_skipped_as_unwanted() -> None:
    files = [DownloadFile(f"Show.S01E0{e}.720p.HDTV.x264-GRP.mkv", GIB) for e in (1, 2, 3)]

    plan = select_files(files, WantedEpisodes("Show", _season(1, 2)))

    assert [p.file.path for p in plan.picks] == ["Show.S01E02.720p.HDTV.x264-GRP.mkv"]
    assert {s.reason for s in plan.skipped} == {"unwanted"}


def test_a_multi_episode_file_covers_each_of_its_episodes() -> None:
    files = [DownloadFile("Show.S01E01E02.720p.HDTV.x264-GRP.mkv", 2 * GIB)]

    plan = select_files(files, WantedEpisodes("Show", _season(1, 1, 2)))

    assert plan.picks[0].episodes == _season(1, 1, 2)
    assert plan.missing == ()


def test_of_two_files_for_one_episode_the_larger_is_imported() -> None:
    files = [
        DownloadFile("Show.S01E01.720p.HDTV.x264-GRP.mkv", GIB),
        DownloadFile("Show.S01E01.1080p.WEB-DL-GRP.mkv", 3 * GIB),
    ]

    plan = select_files(files, WantedEpisodes("Show", _season(1, 1)))

    assert [p.file.path for p in plan.picks] == ["Show.S01E01.1080p.WEB-DL-GRP.mkv"]
    assert [(s.file.path, s.reason) for s in plan.skipped] == [
        ("Show.S01E01.720p.HDTV.x264-GRP.mkv", "duplicate")
    ]


def test_an_anime_batch_is_matched_by_absolute_numbers_and_skips_creditless_extras() -> None:
    batch = "[SubsPlease] Sousou no Frieren (01-04) (1080p) [Batch]"
    files = [
        DownloadFile(f"{batch}/[SubsPlease] Sousou no Frieren - 0{n} (1080p) [F02B9CEE].mkv", GIB)
        for n in (1, 2, 3, 4)
    ] + [
        DownloadFile(f"{batch}/[SubsPlease] Sousou no Frieren - 01 (1080p) [F02B9CEE].ass", 30_000),
        DownloadFile(f"{batch}/Extras/[SubsPlease] Sousou no Frieren - NCOP01 (1080p).mkv", GIB),
        DownloadFile(f"{batch}/[SubsPlease] Sousou no Frieren - NCED01 (1080p).mkv", GIB // 2),
    ]
    refs = tuple(EpisodeRef(1, n, absolute=n) for n in (1, 2, 3, 4))

    plan = select_files(files, WantedEpisodes("Frieren", refs, series_type="anime"))

    assert [p.episodes for p in plan.picks] == [(r,) for r in refs]
    assert plan.picks[0].sidecars[0].suffix == ".ass"
    assert [s.reason for s in plan.skipped] == ["extra", "extra"]


def test_anime_numbers_without_a_season_are_read_as_absolute() -> None:
    files = [DownloadFile("[Group] Show - 13 [1080p].mkv", GIB)]
    ref = EpisodeRef(2, 1, absolute=13)

    plan = select_files(files, WantedEpisodes("Show", (ref,), series_type="anime"))

    assert plan.picks[0].episodes == (ref,)


def test_a_daily_show_is_matched_by_air_date() -> None:
    files = [
        DownloadFile("The.Daily.Show.2024.01.31.Guest.1080p.WEB.h264-EDITH.mkv", GIB),
        DownloadFile("The.Daily.Show.2024.02.01.Guest.1080p.WEB.h264-EDITH.mkv", GIB),
    ]
    ref = EpisodeRef(air_date=date(2024, 1, 31))

    plan = select_files(files, WantedEpisodes("The Daily Show", (ref,), series_type="daily"))

    assert [p.file.path for p in plan.picks] == [files[0].path]
    assert [s.reason for s in plan.skipped] == ["unwanted"]


def test_a_file_named_only_by_its_folder_takes_the_folders_numbers() -> None:
    files = [DownloadFile("Show.S03E07.1080p.WEB-DL-GRP/abc123.mkv", GIB)]

    plan = select_files(files, WantedEpisodes("Show", _season(3, 7)))

    assert plan.picks[0].episodes == _season(3, 7)


def test_ignore_globs_hide_hidden_and_synology_files() -> None:
    files = [
        DownloadFile("Show.S01E01.mkv", GIB),
        DownloadFile("@eaDir/Show.S01E01.mkv@SynoEAStream", 10),
        DownloadFile(".DS_Store", 10),
    ]

    plan = select_files(files, WantedEpisodes("Show", _season(1, 1)))

    assert [s.reason for s in plan.skipped] == ["ignored", "ignored"]


def test_the_same_download_always_gives_the_same_plan() -> None:
    files = [DownloadFile(f"Show.S01E0{e}.mkv", GIB) for e in (3, 1, 2)]
    wanted = WantedEpisodes("Show", _season(1, 1, 2, 3))

    assert select_files(files, wanted) == select_files(list(reversed(files)), wanted)

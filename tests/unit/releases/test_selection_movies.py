"""Choosing the main video of a movie download among extras, samples, junk and RARs."""

from __future__ import annotations

from mediaos.releases.selection import DownloadFile, WantedMovie, select_files

GIB, MIB = 1 << 30, 1 << 20
FOLDER = "Inception.2010.1080p.BluRay.x264-SPARKS"
INCEPTION = WantedMovie("Inception", 2010)


def test_the_largest_non_sample_video_is_the_movie_and_extras_stay_behind() -> None:
    files = [
        DownloadFile(f"{FOLDER}/inception.2010.1080p.bluray.x264-sparks.mkv", 9 * GIB),
        DownloadFile(f"{FOLDER}/Featurettes/Dreams Within Dreams.mkv", 700 * MIB),
        DownloadFile(f"{FOLDER}/Behind The Scenes/Inside the Dream.mkv", 400 * MIB),
        DownloadFile(f"{FOLDER}/inception-trailer.mkv", 120 * MIB),
        DownloadFile(f"{FOLDER}/Sample/inception.sample.mkv", 60 * MIB),
        DownloadFile(f"{FOLDER}/inception.2010.1080p.bluray.x264-sparks.nfo", 5_000),
        DownloadFile(f"{FOLDER}/RARBG.txt", 100),
        DownloadFile(f"{FOLDER}/Subs/2_English.srt", 80_000),
        DownloadFile(f"{FOLDER}/Subs/3_English.srt", 90_000),
        DownloadFile(f"{FOLDER}/Subs/4_Portuguese (Brazil).srt", 80_000),
        DownloadFile(f"{FOLDER}/Subs/5_French.forced.srt", 5_000),
    ]

    plan = select_files(files, INCEPTION)

    assert [p.file.path for p in plan.picks] == [files[0].path]
    assert [s.suffix for s in plan.picks[0].sidecars] == [
        ".en.srt", ".en.1.srt", ".pt-BR.srt", ".fr.forced.srt", ".nfo-orig"
    ]  # fmt: skip
    reasons = {s.file.path.rsplit("/", 1)[-1]: s.reason for s in plan.skipped}
    assert reasons == {
        "Dreams Within Dreams.mkv": "extra",
        "Inside the Dream.mkv": "extra",
        "inception-trailer.mkv": "extra",
        "inception.sample.mkv": "sample",
        "RARBG.txt": "junk",
    }


def test_a_tiny_unnamed_video_next_to_the_movie_is_a_sample() -> None:
    files = [
        DownloadFile("Movie.2020.2160p.WEB-DL-GRP/movie.mkv", 20 * GIB),
        DownloadFile("Movie.2020.2160p.WEB-DL-GRP/grp-m2020.mkv", 200 * MIB),
    ]

    plan = select_files(files, WantedMovie("Movie", 2020))

    assert [s.reason for s in plan.skipped] == ["sample"]


def test_a_download_of_rar_parts_only_picks_nothing_and_says_why() -> None:
    files = [
        DownloadFile(f"{FOLDER}/sparks-inception.rar", 100 * MIB),
        DownloadFile(f"{FOLDER}/sparks-inception.r00", 100 * MIB),
        DownloadFile(f"{FOLDER}/sparks-inception.r01", 100 * MIB),
        DownloadFile(f"{FOLDER}/sparks-inception.part02.rar", 100 * MIB),
        DownloadFile(f"{FOLDER}/sparks-inception.sfv", 1_000),
    ]

    plan = select_files(files, INCEPTION)

    assert plan.picks == ()
    assert [s.reason for s in plan.skipped] == ["archive"] * 4 + ["junk"]
    assert "extract" in plan.skipped[0].detail


def test_a_second_full_size_version_is_left_as_an_extra() -> None:
    files = [
        DownloadFile("Movie.2020/Movie.2020.Theatrical.mkv", 8 * GIB),
        DownloadFile("Movie.2020/Movie.2020.Directors.Cut.mkv", 9 * GIB),
    ]

    plan = select_files(files, WantedMovie("Movie", 2020))

    assert plan.picks[0].file.path.endswith("Directors.Cut.mkv")
    assert [s.reason for s in plan.skipped] == ["extra"]


def test_a_single_file_download_with_a_subtitle_beside_it() -> None:
    files = [
        DownloadFile("Movie.2020.1080p.WEB-DL-GRP.mkv", 4 * GIB),
        DownloadFile("Movie.2020.1080p.WEB-DL-GRP.eng.sdh.srt", 70_000),
    ]

    plan = select_files(files, WantedMovie("Movie", 2020))

    assert [s.suffix for s in plan.picks[0].sidecars] == [".en.sdh.srt"]


def test_configured_extra_extensions_decide_what_travels_along() -> None:
    files = [
        DownloadFile("Movie.2020.mkv", 4 * GIB),
        DownloadFile("Movie.2020.en.srt", 70_000),
        DownloadFile("Movie.2020.nfo", 1_000),
    ]

    plan = select_files(files, WantedMovie("Movie", 2020), extra_extensions=["srt"])

    assert [s.suffix for s in plan.picks[0].sidecars] == [".en.srt"]
    assert [s.reason for s in plan.skipped] == ["junk"]


def test_a_release_group_named_like_an_extras_suffix_is_still_the_movie() -> None:
    files = [
        DownloadFile(
            "Movie.2010.1080p.BluRay.x264-SCENE/movie.2010.1080p.bluray.x264-SCENE.mkv", GIB
        ),
        DownloadFile("Movie.2010.1080p.BluRay.x264-SCENE/movie-scene.mkv", GIB // 2),
    ]

    plan = select_files(files, WantedMovie("Movie", 2010))

    assert [p.file.path.rsplit("/", 1)[1] for p in plan.picks] == [
        "movie.2010.1080p.bluray.x264-SCENE.mkv"
    ]
    assert [s.reason for s in plan.skipped] == ["extra"]


def test_a_title_containing_the_word_sample_only_in_its_folder_is_not_a_sample() -> None:
    files = [DownloadFile("Free.Samples.2012.720p.BluRay-GRP/free.samples.2012.mkv", 4 * GIB)]

    plan = select_files(files, WantedMovie("Free Samples", 2012), ignore=())

    assert len(plan.picks) == 1

"""ffprobe on real tiny media made by ffmpeg during the test: streams and languages read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mediaos.adapters.library.probe import Prober, ProbeUnavailable, parse_ffprobe, resolution_of
from mediaos.core.errors import BadPayload

pytestmark = pytest.mark.peer("ffmpeg", "ffprobe")


def make_media(folder: Path, *, width: int = 1280, height: int = 720) -> Path:
    subtitle = folder / "sub.srt"
    subtitle.write_text("1\n00:00:00,000 --> 00:00:00,900\nOlá\n")
    target = folder / "Movie (2020) WEBDL-720p.mkv"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size={width}x{height}:rate=10:duration=1",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=660:duration=1",
            "-i",
            str(subtitle),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map",
            "2:a",
            "-map",
            "3:s",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-ac:a:1",
            "6",
            "-c:s",
            "srt",
            "-metadata:s:a:0",
            "language=eng",
            "-metadata:s:a:1",
            "language=fra",
            "-metadata:s:s:0",
            "language=por",
            str(target),
        ],
        check=True,
        timeout=60,
    )
    return target


async def test_probe_reads_resolution_codecs_and_languages(tmp_path: Path) -> None:
    result = await Prober().probe(make_media(tmp_path))
    assert (result.width, result.height, result.resolution) == (1280, 720, 720)
    assert result.video_codec == "h264"
    assert result.audio_codecs == ("aac", "aac")
    assert result.audio_channels == 6
    assert result.audio_languages == ("eng", "fra")
    assert result.subtitle_languages == ("por",)
    assert result.duration_seconds is not None and 0.5 < result.duration_seconds < 2


async def test_probe_of_a_file_that_is_not_media_is_a_typed_error(tmp_path: Path) -> None:
    junk = tmp_path / "fake.mkv"
    junk.write_bytes(b"not a video at all" * 10)
    with pytest.raises(BadPayload):
        await Prober().probe(junk)


async def test_without_ffprobe_the_prober_says_so() -> None:
    prober = Prober(executable=None)
    prober._executable = None  # as on a machine without ffmpeg
    assert not prober.available
    with pytest.raises(ProbeUnavailable):
        await prober.probe(Path("/nonexistent.mkv"))


@pytest.mark.parametrize(
    ("size", "resolution"),
    [
        ((3840, 2160), 2160),
        ((1920, 800), 1080),
        ((1920, 1080), 1080),
        ((1280, 536), 720),
        ((720, 576), 576),
        ((720, 480), 480),
        ((640, 360), 480),
    ],
)
def test_frame_sizes_map_to_arr_resolutions(size: tuple[int, int], resolution: int) -> None:
    assert resolution_of(*size) == resolution


def test_unreadable_ffprobe_output_is_bad_payload() -> None:
    with pytest.raises(BadPayload):
        parse_ffprobe(b"{not json")


async def test_pending_videos_are_probed_once_and_again_only_when_they_change(
    tmp_path: Path,
) -> None:
    import shutil

    from mediaos.reconcilers.library import index_library, probe_pending
    from mediaos.state import open_database, upgrade
    from mediaos.state.library_index import probe_of

    root = tmp_path / "movies"
    folder = root / "Movie (2020)"
    folder.mkdir(parents=True)
    media = make_media(tmp_path)
    shutil.copy(media, folder / "Movie (2020) WEBDL-720p.mkv")
    (folder / "Broken (2020).mkv").write_bytes(b"junk" * 100)
    state = open_database(tmp_path / "data")
    upgrade(state)
    await index_library(state, {"movies": root})

    first = await probe_pending(state, Prober())
    assert first.probed == 1 and len(first.failed) == 1
    probe = probe_of(state, str(root), "Movie (2020)/Movie (2020) WEBDL-720p.mkv")
    assert probe is not None and probe["resolution"] == 720
    assert (await probe_pending(state, Prober())).probed == 0  # never probed twice

    replacement = folder / ".tmp-upgrade"
    replacement.write_bytes(b"junk" * 200)  # replaced the way imports replace: a rename
    replacement.replace(folder / "Broken (2020).mkv")
    await index_library(state, {"movies": root})
    again = await probe_pending(state, Prober())
    assert again.probed == 0 and len(again.failed) == 1

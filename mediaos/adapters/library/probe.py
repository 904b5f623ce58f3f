"""ffprobe: what a media file really holds (resolution, codecs, audio and subtitle languages).

Why ffprobe and not names: a file named 1080p may be 720p, and only the streams say which
audio and subtitle languages a file already has (the subtitles loop skips languages that are
there). Probing is slow next to reading names, so the scanner indexes by name at once and
probes over time, a few files at a time (`max_parallel`), and results are cached by
(inode, size, mtime) so a file is never probed twice. Without ffprobe MediaOS still works:
`ProbeUnavailable` says so once, and status shows it.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from mediaos.core.errors import BadPayload, PermanentError, Unreachable

MAX_OUTPUT_BYTES = 4 * 1024 * 1024


class ProbeUnavailable(PermanentError):
    """ffprobe is not installed here."""


class _Stream(BaseModel):
    model_config = ConfigDict(extra="ignore")
    codec_type: str | None = None
    codec_name: str | None = None
    width: int | None = None
    height: int | None = None
    channels: int | None = None
    tags: dict[str, str] = {}
    disposition: dict[str, int] = {}


class _Format(BaseModel):
    model_config = ConfigDict(extra="ignore")
    duration: float | None = None
    format_name: str | None = None


class _Output(BaseModel):
    model_config = ConfigDict(extra="ignore")
    streams: list[_Stream] = []
    format: _Format = _Format()


@dataclass(frozen=True, slots=True)
class ProbeResult:
    width: int | None
    height: int | None
    resolution: int | None  # 480, 576, 720, 1080, 2160 as the *arr tools name them
    video_codec: str | None
    audio_codecs: tuple[str, ...]
    audio_channels: int | None
    audio_languages: tuple[str, ...]
    subtitle_languages: tuple[str, ...]
    duration_seconds: float | None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def resolution_of(width: int | None, height: int | None) -> int | None:
    """The *arr resolution class of a frame size (a 1920x800 scope film is 1080p)."""
    if width is None or height is None:
        return None
    for resolution, min_width, min_height in (
        (2160, 3200, 1600),
        (1080, 1800, 1000),
        (720, 1200, 700),
        (576, 100_000, 540),
    ):
        if width >= min_width or height >= min_height:
            return resolution
    return 480


def _language(stream: _Stream) -> str | None:
    value = stream.tags.get("language") or stream.tags.get("LANGUAGE")
    return None if value in (None, "und", "") else value


def parse_ffprobe(output: bytes) -> ProbeResult:
    """Pure: ffprobe's JSON (`-show_streams -show_format`) into a ProbeResult."""
    try:
        data = _Output.model_validate_json(output)
    except ValidationError as err:
        raise BadPayload("ffprobe", "parse", "unreadable ffprobe output") from err
    video = next(
        (
            s
            for s in data.streams
            if s.codec_type == "video" and not s.disposition.get("attached_pic")
        ),
        None,
    )
    audio = [s for s in data.streams if s.codec_type == "audio"]
    subtitles = [s for s in data.streams if s.codec_type == "subtitle"]
    return ProbeResult(
        width=video.width if video else None,
        height=video.height if video else None,
        resolution=resolution_of(video.width, video.height) if video else None,
        video_codec=video.codec_name if video else None,
        audio_codecs=tuple(s.codec_name for s in audio if s.codec_name),
        audio_channels=max((s.channels or 0 for s in audio), default=0) or None,
        audio_languages=tuple(dict.fromkeys(lang for s in audio if (lang := _language(s)))),
        subtitle_languages=tuple(dict.fromkeys(lang for s in subtitles if (lang := _language(s)))),
        duration_seconds=data.format.duration,
    )


class Prober:
    """Runs ffprobe, at most `max_parallel` at once, each bounded by `timeout` seconds."""

    def __init__(
        self, *, executable: str | None = None, max_parallel: int = 2, timeout: float = 60.0
    ) -> None:
        self._executable = executable or shutil.which("ffprobe")
        self._slots = asyncio.Semaphore(max_parallel)
        self._timeout = timeout

    @property
    def available(self) -> bool:
        return self._executable is not None

    async def probe(self, path: Path) -> ProbeResult:
        if self._executable is None:
            raise ProbeUnavailable("ffprobe", "probe", "ffprobe is not installed")
        async with self._slots:
            process = await asyncio.create_subprocess_exec(
                self._executable,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_streams",
                "-show_format",
                "--",
                str(path),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                stdout, stderr = await asyncio.wait_for(process.communicate(), self._timeout)
            except TimeoutError as err:
                process.kill()
                await process.wait()
                raise Unreachable("ffprobe", "probe", f"timed out on {path.name}") from err
        if process.returncode != 0:
            reason = stderr.decode("utf-8", "replace").strip().splitlines()
            raise BadPayload("ffprobe", "probe", (reason[-1] if reason else "failed")[:200])
        if len(stdout) > MAX_OUTPUT_BYTES:
            raise BadPayload("ffprobe", "probe", "ffprobe output too large")
        return parse_ffprobe(stdout)


def probe_key(inode: int, size: int, mtime_ns: int) -> str:
    return f"{inode}:{size}:{mtime_ns}"


def dumps(result: ProbeResult) -> str:
    return json.dumps(result.to_json(), sort_keys=True)

"""From the tags of a video release to its source, resolution and standard quality name.

Why these rules: users judge us by whether we name a release's quality the way Sonarr and
Radarr do, because their profiles, cut-offs and habits are built on those names. The rules
below follow those programs' quality parsers (see docs/releases.md for every decision):

- a remux is Remux-2160p at 2160p and Remux-1080p otherwise;
- Blu-ray with no resolution is Bluray-720p, a BDRip/BRRip with none is Bluray-480p, and
  either one encoded with XviD/DivX is DVD;
- WEB-DL, bare "WEB" and streaming-service tags (AMZN, NF, DSNP...) are WEBDL; WEBRip and
  HDRip are WEBRip; with no resolution, both default to 480p;
- HDTV with no resolution (or 480p/576p) is SDTV; HDTV with MPEG-2 is Raw-HD;
- a resolution with no source is HDTV-<resolution> (480p/576p: SDTV); a bare x264 or XviD
  is SDTV (not H.264 or HEVC, as in Sonarr);
- a name that says nothing at all falls back on its file extension, as Sonarr does
  (.mkv HDTV-720p, .m2ts Bluray-720p, .avi/.mp4 SDTV, .iso DVD);
- Radarr's BR-DISK rule: a Blu-ray named with a disc codec (AVC, HEVC, VC-1, MPEG-2) and
  no encoder tag (x264, x265, H.264...) is a full disc, as are BD25/BD50/BDMV/COMPLETE BLURAY.

Where the two programs differ, names with series numbering follow Sonarr (no BR-DISK, DVD-R
or cinema qualities) and all others follow Radarr.

Invariant: every quality returned is a name in `mediaos.core.qualities.BY_NAME`.
"""

from __future__ import annotations

_RESOLUTION_KIND: dict[str, int] = {
    "res2160": 2160,
    "res1080": 1080,
    "res720": 720,
    "res576": 576,
    "res480": 480,
}
_ENCODER_TEXTS = ("x264", "x 264", "h264", "h 264", "x265", "x 265", "h265", "h 265")
_DISC_CODECS = frozenset({"avc", "hevc", "vc-1", "vc1", "mpeg2", "mpeg-2", "mpeg 2"})
#: Sonarr's fallback when a name says nothing but its file extension.
_BY_EXTENSION: dict[str, tuple[str | None, int | None, str]] = {
    "mkv": ("hdtv", 720, "HDTV-720p"),
    "m2ts": ("bluray", 720, "Bluray-720p"),
    "avi": ("sdtv", 480, "SDTV"),
    "mp4": ("sdtv", 480, "SDTV"),
    "m4v": ("sdtv", 480, "SDTV"),
    "wmv": ("sdtv", 480, "SDTV"),
    "mpg": ("sdtv", 480, "SDTV"),
    "mpeg": ("sdtv", 480, "SDTV"),
    "mov": ("sdtv", 480, "SDTV"),
    "ts": ("sdtv", 480, "SDTV"),
    "iso": ("dvd", 480, "DVD"),
    "img": ("dvd", 480, "DVD"),
}
_CAMLIKE: tuple[tuple[str, str, str], ...] = (
    ("workprint", "workprint", "WORKPRINT"),
    ("cam", "cam", "CAM"),
    ("telesync", "telesync", "TELESYNC"),
    ("telecine", "telecine", "TELECINE"),
    ("dvdscr", "dvdscr", "DVDSCR"),
    ("regional", "regional", "REGIONAL"),
)


def resolution_of(kinds: dict[str, str]) -> int | None:
    """The picture height the tags name, or None. `uhd` alone means 2160p."""
    bd = kinds.get("bdres")
    if bd is not None:
        return int("".join(ch for ch in bd if ch.isdigit())[:4].rstrip("p") or 0) or None
    for kind, height in _RESOLUTION_KIND.items():
        if kind in kinds:
            return height
    if "uhdtv" in kinds or "uhd" in kinds:
        return 2160
    return None


def _ladder(prefix: str, resolution: int | None, default: int) -> tuple[int, str]:
    height = resolution if resolution in (480, 576, 720, 1080, 2160) else default
    if prefix != "Bluray" and height == 576:
        height = 480
    return height, f"{prefix}-{height}p"


def _is_disc(kinds: dict[str, str], codecs: list[str], resolution: int | None) -> bool:
    if "bdrip" in kinds or "xvid" in kinds or kinds.get("container") == "mkv":
        return False
    if "dual" in kinds:  # Radarr: German DL/ML Blu-ray names are encodes, not discs
        return False
    if resolution in (480, 576, 720) or any(c in _ENCODER_TEXTS for c in codecs):
        return False
    if "brdisk" in kinds or "complete" in kinds:
        return True
    disc = [c for c in codecs if c in _DISC_CODECS]
    if not disc:
        return False
    return not (resolution == 1080 and disc == ["hevc"])


def video_quality(
    kinds: dict[str, str], codecs: list[str], lowered: str, series: bool
) -> tuple[str | None, int | None, str]:
    """(source, resolution, quality name) for a video release's tags.

    `series` is True when the name has season/episode numbering: Sonarr has no BR-DISK,
    DVD-R or cinema-source qualities, so series names never get those.
    """
    source, res, name = _video_quality(kinds, codecs, lowered, series)
    if name == "Unknown":
        container = kinds.get("container")
        fallback = _BY_EXTENSION.get(container or "")
        if fallback is not None:
            return fallback
    return source, res, name


def _video_quality(
    kinds: dict[str, str], codecs: list[str], lowered: str, series: bool
) -> tuple[str | None, int | None, str]:
    res = resolution_of(kinds)
    xvid = "xvid" in kinds
    if "remux" in kinds:
        height = 2160 if res == 2160 else 1080
        return "remux", height, f"Remux-{height}p"
    if "rawhd" in kinds or ("hdtv" in kinds and "mpeg2" in kinds):
        return "rawhd", res or 1080, "Raw-HD"
    if "bluray" in kinds or "bdres" in kinds or "brdisk" in kinds:
        if not series and _is_disc(kinds, codecs, res):
            return "brdisk", res, "BR-DISK"
        if xvid:
            return "dvd", 480, "DVD"
        height, name = _ladder("Bluray", res, 720)
        return "bluray", height, name
    if "bdrip" in kinds:
        if xvid:
            return "dvd", 480, "DVD"
        height, name = _ladder("Bluray", res, 480)
        return "bluray", height, name
    if "webrip" in kinds:
        height, name = _ladder("WEBRip", res, 720 if "[webrip]" in lowered else 480)
        return "webrip", height, name
    if "webdl" in kinds or "web" in kinds:
        height, name = _ladder("WEBDL", res, 720 if "[webdl]" in lowered else 480)
        return "webdl", height, name
    if "hdtv" in kinds or "uhdtv" in kinds:
        if res in (720, 1080, 2160):
            return "hdtv", res, f"HDTV-{res}p"
        if "[hdtv]" in lowered:
            return "hdtv", 720, "HDTV-720p"
        return "sdtv", res or 480, "SDTV"
    if "sdtv" in kinds:
        if res in (720, 1080):
            return "hdtv", res, f"HDTV-{res}p"
        return "sdtv", res or 480, "SDTV"
    if "dvdr" in kinds:
        return ("dvd", res or 480, "DVD") if series else ("dvdr", res or 480, "DVD-R")
    if "dvd" in kinds:
        return "dvd", res or 480, "DVD"
    for kind, source, name in _CAMLIKE:
        if kind in kinds:
            return source, res, name
    if "service" in kinds:
        height, name = _ladder("WEBDL", res, 480)
        return "webdl", height, name
    if res in (720, 1080, 2160):
        return "hdtv", res, f"HDTV-{res}p"
    if res in (480, 576) or xvid or kinds.get("h264") in ("x264", "x 264"):
        return "sdtv", res or 480, "SDTV"  # Sonarr: a bare x264 or XviD is SDTV, HEVC is not
    return None, res, "Unknown"

"""Music releases: telling them from video, and reading artist, album, format and bitrate.

Why a separate reading: music names have their own two shapes. Scene names are one run of
hyphen-separated fields with underscores for spaces and no dots,
"Artist_Name-Album_Name-(CAT01)-WEB-2020-GROUP"; P2P names are "Artist - Album (2020) [FLAC
24bit]". Neither carries a resolution, a video codec or an episode marker, which is how
`parse` decides a name is music before it tries to read a video quality into it.

Quality names follow Lidarr's ladder in `mediaos.core.qualities`. A name that names neither
codec nor bitrate is "Unknown Audio", as Lidarr does, even for scene MP3 releases that leave
MP3 implied: the bitrate is unknowable from the name, and guessing it would let a worse
release pass a cut-off. An MP3 with no bitrate is likewise "Unknown Audio"; a bare bitrate
("[320]", "V0") is an MP3 one; AAC with none is AAC-256 (the iTunes rate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCENE = re.compile(  # fields never contain "-" or "." themselves: no ambiguous splits
    r"^(?P<artist>[^\s.\-]+)-(?P<album>[^\s.\-]+)-(?P<tags>(?:[^\s.\-]+-)*?)"
    r"(?P<year>(?:19|20)\d\d)-(?P<group>[A-Za-z0-9_]+)$"
)
_CODEC = re.compile(
    r"(?<![a-z0-9])(?P<c>flac|alac|mp3|aac|m4a|ogg|vorbis|opus|wav|ape|wma)(?![a-z0-9])",
    re.IGNORECASE,
)
_BITRATE = re.compile(
    r"(?<![a-z0-9])(?:(?P<kbps>320|256|224|192|160|128|96)(?: ?kbps| ?k)?|(?P<vbr>v0|v2)"
    r"(?: vbr)?|(?P<bits>24|16) ?-?bits?|(?P<rate>24|16)[-/](?:44|48|88|96|176|192)(?:[.,]\d)?"
    r"(?: ?khz)?)(?![a-z0-9])",
    re.IGNORECASE,
)
_MUSIC_HINT = re.compile(
    r"(?<![a-z0-9])(?:discography|vinyl|lp|ep|single|album|\d?cd|cdda|kbps|khz|lossless"
    r"|hi-?res|web flac|deluxe edition)(?![a-z0-9])",
    re.IGNORECASE,
)
_P2P = re.compile(r"^(?P<artist>.+?)\s+[-–]\s+(?P<album>.+)$")
_ALBUM_END = re.compile(
    r"\s*[\(\[](?:19|20)\d\d(?:\s?-\s?(?:19|20)\d\d)?[\)\]]|\s*[\[\(\{]?(?<![a-z0-9])(?:flac|mp3"
    r"|alac|aac|m4a|ogg|\d\d ?-?bit|web|cd|vinyl|v0|v2|320)(?![a-z0-9])",
    re.IGNORECASE,
)
#: A bare year ends the album only when no bracketed year does: "Summer Hits 2023 (2023)".
_BRACKETED_YEAR = re.compile(r"\s*[\(\[](?:19|20)\d\d")
_ALBUM_BARE_YEAR = re.compile(r"\s+-?\s*(?:19|20)\d\d(?:\s|$)")
_YEAR = re.compile(r"[\(\[]((?:19|20)\d\d)[\)\]]|(?<![0-9])((?:19|20)\d\d)(?![0-9])")


@dataclass(frozen=True, slots=True)
class Music:
    artist: str | None
    album: str | None
    year: int | None
    audio_format: str | None
    bitrate: str | None
    quality: str
    group: str | None


def looks_like_music(name: str, has_video_tags: bool) -> bool:
    """Whether `name` (cleaned, not normalised) is a music release rather than video."""
    if has_video_tags:
        return False
    if " " not in name and "." not in name and _SCENE.match(name):
        return True
    return bool(_CODEC.search(name) or _MUSIC_HINT.search(name))


def _quality(codec: str | None, kbps: str | None, vbr: str | None, bits: str | None) -> str:
    if codec == "FLAC":
        return "FLAC 24bit" if bits == "24" else "FLAC"
    if codec == "ALAC":
        return "ALAC"
    if codec == "MP3":
        if vbr:
            return f"MP3-VBR-{vbr.upper()}"
        if kbps in ("320", "256", "192", "128"):
            return f"MP3-{kbps}"
        return "Unknown Audio"
    if codec == "AAC":
        return "AAC-320" if kbps == "320" else "AAC-256"
    if codec == "OGG":
        return "OGG-320"
    if codec is None and vbr:  # "[V0]" alone: an MP3 VBR preset, nothing else is named so
        return f"MP3-VBR-{vbr.upper()}"
    if codec is None and kbps in ("320", "256", "192", "128"):
        return f"MP3-{kbps}"  # a bare bitrate is an MP3 rate, as in Lidarr
    return "Unknown Audio"


def read_music(name: str) -> Music:
    """Artist, album, year, format, bitrate and quality of a music release name."""
    codec_m = _CODEC.search(name)
    codec = codec_m["c"].upper() if codec_m else None
    codec = {"M4A": "AAC", "VORBIS": "OGG"}.get(codec or "", codec)
    kbps = vbr = bits = None
    for m in _BITRATE.finditer(name):
        kbps = kbps or m["kbps"]
        vbr = vbr or m["vbr"]
        bits = bits or m["bits"] or m["rate"]
    bitrate = vbr.upper() if vbr else (kbps if kbps else None)
    scene = _SCENE.match(name) if " " not in name else None
    if scene:
        artist = scene["artist"].replace("_", " ").strip()
        album = scene["album"].replace("_", " ").strip()
        return Music(
            artist, album, int(scene["year"]), codec, bitrate,
            _quality(codec, kbps, vbr, bits), None,
        )  # fmt: skip
    text = name.replace("_", " ")
    years = [int(a or b) for a, b in _YEAR.findall(text)]
    p2p = _P2P.match(text)
    artist = album = None
    if p2p:
        artist = p2p["artist"].strip(" -")
        album = p2p["album"]
        end = _ALBUM_END.search(album)
        album = album[: end.start()] if end else album
        if not (end and _BRACKETED_YEAR.match(end.group())):
            bare = _ALBUM_BARE_YEAR.search(album)
            album = album[: bare.start()] if bare else album
        album = album.strip(" -") or None
    return Music(
        artist, album, years[0] if years else None, codec, bitrate,
        _quality(codec, kbps, vbr, bits), None,
    )  # fmt: skip

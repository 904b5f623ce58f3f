"""The quality vocabulary every layer shares: names, order, groups and default sizes.

Why it lives in `core`: the desired-state models (`schemas`) must reject an unknown quality
name in a profile, and the release parser (`releases`) must produce the same names; both sit
above `core`, and neither may import the other the wrong way round.

Invariants a reader must not break:
- Names are the ones *arr users type (Radarr's spelling; Sonarr's "Bluray-1080p Remux" is
  accepted as an alias of "Remux-1080p"). They are part of the config contract.
- Each ladder is ordered lowest to highest; the index is the weight a profile starts from.
- Video sizes are MiB per minute of runtime; `None` means unlimited (Sonarr's 0/null).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MediaFamily(StrEnum):
    """Which ladder a quality belongs to; a profile never mixes families."""

    VIDEO = "video"
    AUDIO = "audio"
    BOOK = "book"


@dataclass(frozen=True, slots=True)
class QualityDef:
    name: str
    family: MediaFamily
    source: str
    resolution: int | None
    group: str | None = None
    min_mb_per_min: float = 0.0
    preferred_mb_per_min: float | None = None
    max_mb_per_min: float | None = None


_V = MediaFamily.VIDEO
_A = MediaFamily.AUDIO
_B = MediaFamily.BOOK

#: Lowest to highest, per family. Order follows Radarr (see protocols.md 9.3), which
#: is also the order the product brief uses for series.
QUALITIES: tuple[QualityDef, ...] = (
    QualityDef("Unknown", _V, "unknown", None, None, 1, 95, 199.9),
    QualityDef("WORKPRINT", _V, "workprint", None, None, 0, 95, 100),
    QualityDef("CAM", _V, "cam", None, None, 0, 95, 100),
    QualityDef("TELESYNC", _V, "telesync", None, None, 0, 95, 100),
    QualityDef("TELECINE", _V, "telecine", None, None, 0, 95, 100),
    QualityDef("REGIONAL", _V, "regional", 480, None, 0, 95, 100),
    QualityDef("DVDSCR", _V, "dvdscr", 480, None, 0, 95, 100),
    QualityDef("SDTV", _V, "sdtv", 480, None, 2, 95, 100),
    QualityDef("DVD", _V, "dvd", 480, None, 2, 95, 100),
    QualityDef("DVD-R", _V, "dvdr", 480, None, 2, 95, 100),
    QualityDef("WEBRip-480p", _V, "webrip", 480, "WEB 480p", 2, 95, 100),
    QualityDef("WEBDL-480p", _V, "webdl", 480, "WEB 480p", 2, 95, 100),
    QualityDef("Bluray-480p", _V, "bluray", 480, None, 2, 95, 100),
    QualityDef("Bluray-576p", _V, "bluray", 576, None, 2, 95, 100),
    QualityDef("HDTV-720p", _V, "hdtv", 720, None, 3, 95, 125),
    QualityDef("WEBRip-720p", _V, "webrip", 720, "WEB 720p", 3, 95, 130),
    QualityDef("WEBDL-720p", _V, "webdl", 720, "WEB 720p", 3, 95, 130),
    QualityDef("Bluray-720p", _V, "bluray", 720, None, 4, 95, 130),
    QualityDef("HDTV-1080p", _V, "hdtv", 1080, None, 4, 95, 125),
    QualityDef("WEBRip-1080p", _V, "webrip", 1080, "WEB 1080p", 4, 95, 130),
    QualityDef("WEBDL-1080p", _V, "webdl", 1080, "WEB 1080p", 4, 95, 130),
    QualityDef("Bluray-1080p", _V, "bluray", 1080, None, 4, 95, 155),
    QualityDef("Remux-1080p", _V, "remux", 1080, None, 35, 95, None),
    QualityDef("HDTV-2160p", _V, "hdtv", 2160, None, 35, 95, 199.9),
    QualityDef("WEBRip-2160p", _V, "webrip", 2160, "WEB 2160p", 35, 95, None),
    QualityDef("WEBDL-2160p", _V, "webdl", 2160, "WEB 2160p", 35, 95, None),
    QualityDef("Bluray-2160p", _V, "bluray", 2160, None, 35, 95, None),
    QualityDef("Remux-2160p", _V, "remux", 2160, None, 35, 95, None),
    QualityDef("BR-DISK", _V, "brdisk", 1080, None, 0, 95, None),
    QualityDef("Raw-HD", _V, "rawhd", 1080, None, 4, 95, None),
    # Music (Lidarr's ladder, lossy to lossless).
    QualityDef("Unknown Audio", _A, "unknown", None),
    QualityDef("MP3-128", _A, "mp3", None, "Low Quality Lossy"),
    QualityDef("MP3-192", _A, "mp3", None, "Low Quality Lossy"),
    QualityDef("MP3-VBR-V2", _A, "mp3", None, "Low Quality Lossy"),
    QualityDef("MP3-256", _A, "mp3", None, "High Quality Lossy"),
    QualityDef("MP3-VBR-V0", _A, "mp3", None, "High Quality Lossy"),
    QualityDef("AAC-256", _A, "aac", None, "High Quality Lossy"),
    QualityDef("OGG-320", _A, "ogg", None, "High Quality Lossy"),
    QualityDef("MP3-320", _A, "mp3", None, "High Quality Lossy"),
    QualityDef("AAC-320", _A, "aac", None, "High Quality Lossy"),
    QualityDef("ALAC", _A, "alac", None, "Lossless"),
    QualityDef("FLAC", _A, "flac", None, "Lossless"),
    QualityDef("FLAC 24bit", _A, "flac", None, "Lossless"),
    # Books: ebooks, then audiobooks (Readarr's names).
    QualityDef("Unknown Text", _B, "unknown", None),
    QualityDef("PDF", _B, "pdf", None, "Ebook"),
    QualityDef("MOBI", _B, "mobi", None, "Ebook"),
    QualityDef("AZW3", _B, "azw3", None, "Ebook"),
    QualityDef("EPUB", _B, "epub", None, "Ebook"),
    QualityDef("MP3 Audiobook", _B, "mp3", None, "Audiobook"),
    QualityDef("M4B", _B, "m4b", None, "Audiobook"),
    QualityDef("FLAC Audiobook", _B, "flac", None, "Audiobook"),
)

#: Other spellings users bring from Sonarr/Radarr/Lidarr configs, mapped to our names.
ALIASES: dict[str, str] = {
    "Bluray-1080p Remux": "Remux-1080p",
    "Bluray-2160p Remux": "Remux-2160p",
    "WEB-DL-1080p": "WEBDL-1080p",
    "WEB-DL-720p": "WEBDL-720p",
    "WEB-DL-2160p": "WEBDL-2160p",
    "WEB-DL-480p": "WEBDL-480p",
    "BRDISK": "BR-DISK",
    "DVDR": "DVD-R",
    "MP3-VBR": "MP3-VBR-V0",
    "FLAC-24bit": "FLAC 24bit",
    "AZW": "AZW3",
}

BY_NAME: dict[str, QualityDef] = {q.name: q for q in QUALITIES}
QUALITY_NAMES: tuple[str, ...] = tuple(q.name for q in QUALITIES)
VIDEO_QUALITY_NAMES: tuple[str, ...] = tuple(q.name for q in QUALITIES if q.family is _V)

#: Rank of a quality inside its family's ladder (0 = lowest).
RANK: dict[str, int] = {}
for _family in MediaFamily:
    for _index, _q in enumerate(q for q in QUALITIES if q.family is _family):
        RANK[_q.name] = _index

GROUPS: dict[str, tuple[str, ...]] = {}
for _q in QUALITIES:
    if _q.group is not None:
        GROUPS[_q.group] = (*GROUPS.get(_q.group, ()), _q.name)


def canonical_quality(name: str) -> str | None:
    """The canonical name for `name` (exact, alias, or case-insensitive), else None."""
    if name in BY_NAME:
        return name
    if name in ALIASES:
        return ALIASES[name]
    folded = name.casefold()
    for candidate in (*QUALITY_NAMES, *ALIASES):
        if candidate.casefold() == folded:
            return ALIASES.get(candidate, candidate)
    return None

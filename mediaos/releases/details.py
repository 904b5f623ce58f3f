"""Small technical facts of a video release: codec, audio, HDR, edition, ids, hash, version.

Why they are read from the tag list rather than searched again: the one-pass scan already
found them with their positions, and only tags after the title count. The few facts the
tag table cannot express (ids, CRC32 hashes, anime versions) have their own small regexes.

Canonical spellings (documented in docs/releases.md): codecs are the tag kinds ("h264",
"h265", "xvid", "av1", "vc1", "mpeg2"); audio is "AAC", "AC3", "EAC3", "DTS", "DTS-HD MA",
"DTS:X", "TrueHD", "TrueHD Atmos", "FLAC", "MP3", "Opus", "PCM"; HDR formats are "HDR",
"HDR10", "HDR10+", "DV" and "HLG".
"""

from __future__ import annotations

import re

from mediaos.releases.tags import Tag

_IMDB = re.compile(r"(?<![a-z0-9])(tt\d{7,8})(?![0-9])", re.IGNORECASE)
_TMDB = re.compile(r"(?<![a-z0-9])tmdb(?:id)?[-=: ]?(\d{1,9})(?![0-9])", re.IGNORECASE)
_TVDB = re.compile(r"(?<![a-z0-9])tvdb(?:id)?[-=: ]?(\d{1,9})(?![0-9])", re.IGNORECASE)
_HASH = re.compile(r"\[([0-9A-Fa-f]{8})\](?!.*\[[0-9A-Fa-f]{8}\])")
_AUDIO_NAMES = {
    "ddp": "EAC3", "dd+": "EAC3", "eac3": "EAC3", "e-ac3": "EAC3", "e-ac-3": "EAC3",
    "eac-3": "EAC3", "dd": "AC3", "ac3": "AC3", "ac-3": "AC3", "aac": "AAC",
    "dts-hd ma": "DTS-HD MA", "dts-hdma": "DTS-HD MA", "dts-ma": "DTS-HD MA", "dtsma": "DTS-HD MA",
    "dts-hd": "DTS-HD", "dtshd": "DTS-HD", "dts-x": "DTS:X", "dtsx": "DTS:X", "dts-es": "DTS-ES",
    "dtses": "DTS-ES", "dts": "DTS", "truehd": "TrueHD", "atmos": "Atmos", "flac": "FLAC",
    "mp3": "MP3", "opus": "Opus", "pcm": "PCM", "lpcm": "PCM",
}  # fmt: skip
_HDR_NAMES = {
    "hdr10+": "HDR10+", "hdr10plus": "HDR10+", "hdr10": "HDR10", "hdr": "HDR", "dv": "DV",
    "dovi": "DV", "dolby vision": "DV", "dolbyvision": "DV", "hlg": "HLG",
}  # fmt: skip
_EDITIONS = {
    "extended": "Extended", "dc": "Director's Cut", "unrated": "Unrated", "uncut": "Uncut",
    "uncensored": "Uncensored", "theatrical": "Theatrical", "remastered": "Remastered",
    "imax": "IMAX", "criterion": "Criterion", "redux": "Redux", "despecialized": "Despecialized",
}  # fmt: skip
_CHANNELS = re.compile(r"([1-7])[ .]([01])")


def ids_of(name: str) -> tuple[str | None, int | None, int | None]:
    low = name.lower()
    imdb = _IMDB.search(name) if "tt" in low else None
    tmdb = _TMDB.search(name) if "tmdb" in low else None
    tvdb = _TVDB.search(name) if "tvdb" in low else None
    return (
        imdb.group(1).lower() if imdb else None,
        int(tmdb.group(1)) if tmdb else None,
        int(tvdb.group(1)) if tvdb else None,
    )


def hash_of(name: str) -> str | None:
    m = _HASH.search(name) if "[" in name else None
    return m.group(1).upper() if m else None


def codec_of(kinds: dict[str, str]) -> str | None:
    for kind in ("h265", "h264", "av1", "vc1", "mpeg2", "xvid"):
        if kind in kinds:
            return (
                "xvid"
                if kind == "xvid" and "divx" not in kinds[kind]
                else ("divx" if kind == "xvid" else kind)
            )
    return None


def bit_depth_of(kinds: dict[str, str]) -> int | None:
    text = kinds.get("bits")
    if text is None:
        return None
    if text.startswith("hi10"):
        return 10
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else None


def audio_of(tags: list[Tag]) -> str | None:
    names = []
    for tag in tags:
        if tag.kind == "audio":
            key = _CHANNELS.sub("", tag.text.lower()).strip()
            names.append(_AUDIO_NAMES.get(key, key.upper()))
    if not names:
        return None
    if "TrueHD" in names and "Atmos" in names:
        return "TrueHD Atmos"
    return names[0] if names[0] != "Atmos" or len(names) == 1 else names[1]


def channels_of(tags: list[Tag]) -> str | None:
    for tag in tags:
        if tag.kind in ("audio", "channels"):
            m = _CHANNELS.search(tag.text)
            if m:
                return f"{m.group(1)}.{m.group(2)}"
    return None


def hdr_of(tags: list[Tag]) -> tuple[str, ...]:
    found: list[str] = []
    for tag in tags:
        if tag.kind == "hdr":
            name = _HDR_NAMES.get(tag.text.lower().replace(" ", ""), tag.text.upper())
            if name not in found:
                found.append(name)
    return tuple(found)


def editions_of(tags: list[Tag]) -> tuple[str, ...]:
    found: list[str] = []
    for tag in tags:
        if tag.kind == "edition":
            key = tag.text.lower().replace("'", "")
            name = _EDITIONS.get(key.split(" ")[0])
            if name is None:
                name = "Director's Cut" if key.startswith("director") else tag.text.title()
            if name not in found:
                found.append(name)
    return tuple(found)

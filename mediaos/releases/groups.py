"""Who made a release: the group at the end of a scene/P2P name, or the anime [Group] prefix.

Why these rules (after Sonarr's ReleaseGroupParser): scene and most P2P names end in
"-GROUP"; fansub releases start with "[Group]"; a few P2P encoders sign inside the last
bracket ("(... x265 10bit Tigole)") or with a dotted name ("YTS.MX", "E.N.D"), so they are
listed by name. A trailing word that is a tag ("WEB-DL", "DTS-HD", "-1080p", a language code,
a date fragment or a pure number) is not a group: a name that ends in its resolution or codec
has no group.

The name given here has already lost its file extension and known site suffixes
("[rarbg]", "[eztv]") and repost suffixes ("-RP", "-Obfuscated"); see `cleaning.clean`.
"""

from __future__ import annotations

import re

from mediaos.releases.tags import fullmatch_kind

_ANIME_PREFIX = re.compile(r"^\[(?P<g>(?!\s)[^\[\]]{1,60}?(?<!\s))\](?:[_\-\s.]|$|(?=\[))")
#: Groups that do not fit the "-GROUP" shape (dots, dashes, spaces in the name, or a
#: signature inside the last bracket). Matched only at the very end of a name.
KNOWN_GROUPS: tuple[str, ...] = (
    "YTS.MX", "YTS.LT", "YTS.AG", "YTS.AM", "YTS", "YIFY", "E.N.D", "D-Z0N3", "KRaLiMaRKo",
    "Koten_Gars", "BluDragon", "HQMUX", "VARYG", "TAoE", "Tigole", "QxR", "Joy", "UTR", "ImE",
    "Silence", "afm72", "Panda", "Ghost", "MONOLITH", "t3nzin", "Anime Time", "Project Angel",
    "Hakata Ramen", "HONE", "Vyndros", "SEV", "Garshasp", "Kappa", "Natty", "RCVR", "SAMPA",
    "YOGI", "r00t", "EDGE2020", "RZeroX", "FreetheFish", "Anna", "Bandi", "Qman",
    "theincognito", "HDO", "DusIctv", "Sic", "TEN", "ZØNEHD", "PSA", "RMTeam", "Pahe",
    "MeGusta", "GalaxyRG", "GalaxyTV", "TGx", "Nostradamus", "Langbard",
)  # fmt: skip
_KNOWN = re.compile(
    r"(?:^|[-\[\( .])(?P<g>" + "|".join(re.escape(g) for g in KNOWN_GROUPS) + r")(?:\]|\))?$"
)
#: Cheap gate: the last two characters every known name ends with.
_KNOWN_ENDINGS = frozenset(g[-2:] for g in KNOWN_GROUPS)
_SUFFIX = re.compile(r"-(?P<g>[A-Za-z0-9]{1,40})$")
_BRACKET_SUFFIX = re.compile(r"[-._ ]\[(?P<g>[A-Za-z0-9]{2,30})\]$")
_NOT_GROUP_KINDS = frozenset(
    {
        "bdres", "res2160", "res1080", "res720", "res576", "res480", "remux", "brdisk", "bdrip",
        "bluray", "webrip", "webdl", "web", "uhdtv", "hdtv", "sdtv", "rawhd", "dvdscr", "dvdr",
        "dvd", "h264", "h265", "xvid", "av1", "vc1", "mpeg2", "bits", "audio", "lang",
        "bookfmt", "container", "channels", "uhd", "hdr", "cam", "telesync", "telecine",
        "regional", "workprint",
    }
)  # fmt: skip
_NOT_GROUP_WORDS = frozenset(
    {"dl", "hd", "ma", "es", "en", "cat", "x", "rip", "sub", "subs", "dub", "hdrip", "ita",
     "fra", "fre", "jap", "eng", "ger", "kor", "spa", "mp3", "flac", "aac", "dts", "alac",
     "ogg", "m4a", "cd", "vinyl", "web", "retail", "batch", "dual", "multi", "unknown",
     "proper", "repack", "complete", "internal", "sample", "sdr", "dolby", "audio", "v0", "v2",
     "esub", "esubs", "subbed", "dubbed", "english"}
)  # fmt: skip
_HASH = re.compile(r"[0-9A-F]{8}")
_SPACED = re.compile(r"(?P<prev>[A-Za-z0-9.+\-]+) - (?P<g>[A-Za-z][A-Za-z0-9]{1,19})$")
_SIGNED_AFTER = frozenset(
    {"res2160", "res1080", "res720", "res576", "res480", "h264", "h265", "xvid", "audio",
     "channels", "bits", "hdr", "bluray", "webdl", "webrip", "web", "hdtv", "remux", "bdrip"}
)  # fmt: skip
_TAG_BLOCK = re.compile(
    r"[\(\[](?P<body>[^\(\)\[\]]{8,}) -? ?(?P<g>[A-Za-z][A-Za-z0-9]{1,19})[\)\]]$"
)
_TAG_BLOCK_BODY = re.compile(
    r"(?:2160p|1080p|720p|480p).*(?:x26[45]|hevc|avc|blu-?ray|web|hdtv|remux)", re.IGNORECASE
)


def _plausible(candidate: str) -> bool:
    lowered = candidate.lower()
    if candidate.isdigit() or lowered in _NOT_GROUP_WORDS:
        return False
    if _HASH.fullmatch(candidate):
        return False
    kind = fullmatch_kind(lowered)
    return kind is None or kind not in _NOT_GROUP_KINDS


def release_group(name: str) -> str | None:
    """The group that made `name` (already cleaned), or None when the name names none."""
    m = _ANIME_PREFIX.match(name)
    if m:
        return m["g"]
    tail = max(0, len(name) - 60)
    end = name.rstrip(")]")[-2:]
    m = _KNOWN.search(name, max(0, len(name) - 22)) if end in _KNOWN_ENDINGS else None
    if m:
        return m["g"]
    m = _SUFFIX.search(name, tail)
    if m:
        candidate = m["g"]
        before = name[: m.start()]
        if before[-4:].lower() in ("tmdb", "tvdb") or before.lower().endswith("tmdbid"):
            return None
        if len(candidate) == 2 and before[-5:-1].isdigit() and candidate.isdigit():
            return None
        return candidate if _plausible(candidate) else None
    m = _BRACKET_SUFFIX.search(name, tail)
    if m and _plausible(m["g"]):
        signed = _SUFFIX.search(name, tail, m.start())  # "x264-KILLERS[VTV]": the tagger is
        if signed and _plausible(signed["g"]):  # not the group
            return signed["g"]
        return m["g"]
    return _spaced_signature(name, tail) or _signed_tag_block(name, tail)


def _spaced_signature(name: str, tail: int) -> str | None:
    """ "... BluRay x264 DTS-HD MA 5.1 - GRP": a group after a spaced dash, taken only when
    the word before the dash is a release tag, so "Show - S01E01 - Title" keeps no group."""
    m = _SPACED.search(name, tail)
    if m is None or not _plausible(m["g"]):
        return None
    before = fullmatch_kind(m["prev"])
    return m["g"] if before in _SIGNED_AFTER else None


def _signed_tag_block(name: str, tail: int) -> str | None:
    """A P2P encoder signing the last bracket of tags: "(1080p BluRay x265 10bit GRP)".

    Only taken when the bracket really is a block of release tags (a resolution and a
    source or codec), and the last word is no tag of any kind, so "(2019)" or "(English)"
    are never mistaken for a group.
    """
    m = _TAG_BLOCK.search(name, tail)
    if m is None or not _TAG_BLOCK_BODY.search(m["body"]):
        return None
    candidate = m["g"]
    if candidate.lower() in _NOT_GROUP_WORDS or fullmatch_kind(candidate) is not None:
        return None
    return candidate

"""The vocabulary of release-name tags, matched in one pass of one precompiled regex.

Why one regex: speed. A name is scanned once, left to right, and each hit is reported as
(kind, start, end, text). Running one small regex per tag would cost fifty passes per name;
a single alternation keeps `parse` above 20,000 names per second in pure Python.

The scan runs on the *normalised*, lower-cased name (dots and underscores turned into
spaces, see `parse._parse`), so multi-part tags are written with spaces: "H.264" is `h 264`,
"DD5.1" is `dd5 1`. Every tag must be bounded by a non-alphanumeric character on both
sides; that is what stops "ts" matching inside "DTS" or "nf" inside "Info".

Invariants a reader must not break:
- Kinds (the first column of `_TABLE`) are what consumers switch on; keep them stable.
- Spellings are lower case, use no capturing groups and never match the empty string.
- Longer spellings come before their prefixes inside one kind ("web-dl" before "web"),
  and kinds whose spellings overlap are ordered most specific first.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

#: (kind, alternatives). Order matters: the regex tries kinds top to bottom at each position.
_TABLE: tuple[tuple[str, str], ...] = (
    ("bdres", r"bd ?(?:2160|1080|720|480)p?"),
    ("res2160", r"2160p|4k|3840x2160|4k2160p"),
    ("res1080", r"1080p|1080i|1920x1080|1440p|fhd|1080"),
    ("res720", r"720p|1280x720|960p|720"),
    ("res576", r"576p|576i"),
    ("res480", r"480p|480i|640x480|848x480|720x480"),
    ("remux", r"bd ?remux|remux|uhd ?remux"),
    ("brdisk", r"bdmv|bd ?25|bd ?50|bd ?66|bd ?100|br-?disk|bd ?iso|(?:complete|full) blu-?ray"),
    ("bdrip", r"uhd ?bd ?rip|bd-?rip|bdlight|br-?rip|bluray-?rip|blu-ray-?rip"),
    ("bluray", r"m?blu-?ray|uhd ?bd|hd-?dvd|bd|bdmux"),
    ("webrip", r"web-?dl-?rip|web-?rip|web rip|webmux|web-?cap|hd-?rip"),
    ("webdl", r"web-?dl(?:mux)?|web dl|amazon ?hd|itunes ?hd|webhd|netflix ?u?hd|amazonsd"),
    ("web", r"web"),
    ("uhdtv", r"uhdtv"),
    ("uhd", r"uhd"),
    ("hdtv", r"a?hdtv(?:-?rip)?|hd-?tv"),
    ("sdtv", r"pdtv|sdtv|dsr(?:ip)?|ws dsr|tv-?rip|satrip|dvb-?rip|dvb|dth-?rip|dsrip"),
    ("rawhd", r"raw-?hd"),
    ("dvdscr", r"dvd-?scr(?:eener)?|screener|scr"),
    ("dvdr", r"dvd-?r|dvd ?5|dvd ?9|dvd-?iso|dvd-?full|full-?dvd"),
    ("dvd", r"dvd-?rip|dvd|ntsc|pal|xvidvd"),
    ("regional", r"r5|r6|regional"),
    ("telesync", r"telesynch?|hd-?ts|tsrip|hdtsrip|pdvd|ts"),
    ("telecine", r"telecine|hd-?tc|tc"),
    ("cam", r"hd-?cam|hq-?cam|cam-?rip|cam"),
    ("workprint", r"workprint|wp"),
    ("h264", r"[xh] ?264|avc"),
    ("h265", r"[xh] ?265|hevc"),
    ("xvid", r"xvid|divx"),
    ("av1", r"av1"),
    ("vc1", r"vc-?1"),
    ("mpeg2", r"mpeg-? ?2"),
    ("bits", r"(?:8|10|12|16|24) ?-?bits?|hi10p?"),
    ("hdr", r"hdr10\+|hdr10plus|hdr10|hdr|dovi|dv|dolby ?vision|hlg"),
    (
        "audio",
        r"(?:ddp|dd\+|dd|e-?ac-?3|ac-?3|aac|dts-hd ma|dts-?hd|dts-?x|dts-?es|dts-?ma"
        r"|dts|truehd|atmos|flac|mp3|opus|l?pcm)(?: ?[1-7] [01])?",
    ),
    ("channels", r"[1-7] [01](?: ?ch)?|[1-7]ch"),
    ("proper", r"proper"),
    ("repack", r"repack|rerip"),
    ("real", r"real"),
    (
        "edition",
        r"extended(?: cut| edition)?|director'?s ?cut|dc|unrated|uncut|uncensored"
        r"|theatrical(?: cut)?|remastered|imax(?: edition)?|criterion(?: collection)?"
        r"|special edition|ultimate (?:cut|edition)|final cut|collector'?s edition"
        r"|anniversary edition|open matte|redux|despecialized",
    ),
    ("three_d", r"3d|h-?sbs|half-?sbs|h-?ou|half-?ou|sbs"),
    (
        "service",
        r"amzn|nf|dsnp|dsny|hmax|atvp|pcok|hulu|pmtp|stan|crav|cr|funi|vrv|hbo|red"
        r"|dcu|roku|itvx|all4|mubi|sho|bcore|max|ip|it",
    ),
    ("hardsub", r"hc|hardsub(?:bed|s)?|hardcoded|korsub|hc-?subs?"),
    ("complete", r"complete"),
    ("special", r"specials?|ova|oad|ona|sp\d{0,2}"),
    ("version", r"v[2-9]"),
    (
        "lang",
        r"multi-?(?:audio|lang|langue)?|dual(?:-?audio)?|true ?french|french|vff|vfq|vf2"
        r"|vfi|vf|vostfr|vost|fr|german|deutsch|ger|ita|italian|spanish|castellano|esp|latino"
        r"|lat|pt-br|portuguese|dublado|por|rus|russian|japanese|jap|jpn|korean|kor|chinese"
        r"|mandarin|cantonese|chs|cht|hindi|tamil|telugu|dutch|flemish|swedish|swe|norwegian"
        r"|nor|danish|dan|finnish|fin|polish|pol|pl|czech|cz|hungarian|hun|greek|turkish|tur"
        r"|arabic|hebrew|thai|vietnamese|ukrainian|ukr|english|eng|nordic|dl|ml",
    ),
    ("bookfmt", r"epub|mobi|azw3|azw|pdf|cbz|cbr|m4b|e-?book|audio ?book|unabridged|abridged"),
    ("container", r"mkv|mp4|avi"),
)

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _top_level(alternation: str) -> list[str]:
    """Split "a|b(c|d)|[e|]" at its top-level bars only."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(alternation):
        ch = alternation[i]
        if ch == "\\":
            current += alternation[i : i + 2]
            i += 2
            continue
        if ch == "[":
            close = alternation.index("]", i + 1)
            current += alternation[i : close + 1]
            i = close + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return parts


def _split_first(alt: str) -> list[tuple[str, str]]:
    """Every (first character, rest of the pattern) an alternative can start with.

    Only the constructs the table uses are understood: literals, escapes, classes,
    non-capturing groups and a `?` after the first atom. Empty alternatives are refused,
    because a tag must consume at least one character.
    """
    if not alt:
        raise ValueError("a tag alternative must not match the empty string")
    if alt.startswith("(?:"):
        depth, close = 0, 0
        for index, ch in enumerate(alt):
            depth += (ch == "(") - (ch == ")")
            if depth == 0:
                close = index
                break
        inner, suffix = alt[3:close], alt[close + 1 :]
        optional = suffix.startswith("?")
        tail = suffix[1:] if optional else suffix
        pairs = [pair for part in _top_level(inner) for pair in _split_first(part + tail)]
        return pairs + _split_first(tail) if optional else pairs
    if alt[0] == "[":
        close = alt.index("]")
        chars = [c for c in _WORD_CHARS if re.fullmatch(alt[: close + 1], c)]
        rest = alt[close + 1 :]
    elif alt[0] == "\\":
        chars, rest = [alt[1]], alt[2:]
    else:
        chars, rest = [alt[0]], alt[1:]
    if rest[:1] == "?":
        return [(c, rest[1:]) for c in chars] + _split_first(rest[1:])
    return [(c, rest) for c in chars]


def _dispatching_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One regex whose branches each start with a literal first character.

    Why: an alternation of ~300 spellings tried at every word start is the cost of a scan.
    Factoring out the first character lets the regex engine skip a whole group of branches
    after one character comparison, while the left-to-right order of the table (which
    decides ties) is kept inside each group. Each (kind, spelling) is one capturing group,
    so `match.lastindex` says which kind matched.
    """
    by_char: dict[str, list[tuple[str, str]]] = {}
    for kind, alts in _TABLE:
        for alt in _top_level(alts):
            for ch, rest in _split_first(alt):
                by_char.setdefault(ch, []).append((kind, rest))
    kinds: list[str] = [""]
    branches = []
    for ch, entries in by_char.items():
        inner = []
        for kind, rest in entries:
            kinds.append(kind)
            inner.append(f"({rest})")
        branches.append(f"{re.escape(ch)}(?:{'|'.join(inner)})")
    body = "|".join(branches)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"), tuple(kinds)


@cache
def _compiled() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The dispatching pattern, built on first use rather than at import: building it takes
    ~4 ms, which a command that parses no release name (an offline `diff`) should not pay.

    Compiled without IGNORECASE and run on a lower-cased copy: case-folding every character
    comparison costs more than lower-casing the name once."""
    return _dispatching_pattern()


KINDS: tuple[str, ...] = tuple(kind for kind, _ in _TABLE)

#: Kinds that only occur in release tags, never in ordinary title words; the first of them
#: marks where a title ends when the name has no year and no episode marker.
STRONG: frozenset[str] = frozenset(
    {
        "bdres", "res2160", "res1080", "res720", "res576", "res480", "remux", "brdisk",
        "bdrip", "webrip", "webdl", "uhdtv", "hdtv", "sdtv", "rawhd", "dvdr", "h264", "h265",
        "xvid", "proper", "repack", "bits", "audio", "bookfmt", "dvdscr", "telesync",
    }
)  # fmt: skip


class Tag(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def lower_same_length(text: str) -> str:
    """`text.lower()`, except that letters lower-casing to two code points stay as they are,
    so that every index into the lower-cased text is valid in `text` too."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def scan(normalised: str, lowered: str, start: int = 0) -> list[Tag]:
    """Every tag in `normalised` from `start` on, left to right, non-overlapping; `lowered`
    is `lower_same_length(normalised)`."""
    pattern, kinds = _compiled()
    make = tuple.__new__  # skips NamedTuple's slow __new__
    found = []
    for m in pattern.finditer(lowered, start):
        first, end = m.span()
        found.append(make(Tag, (kinds[m.lastindex or 0], first, end, normalised[first:end])))
    return found


def fullmatch_kind(word: str) -> str | None:
    """The kind of tag `word` is in its entirety, or None (used to reject fake groups)."""
    lowered = lower_same_length(word.replace(".", " ").replace("_", " "))
    pattern, kinds = _compiled()
    m = pattern.fullmatch(lowered)
    return kinds[m.lastindex or 0] if m else None

"""Where a title ends, which number is the release year, and the titles themselves.

Why the year rule is "the last plausible year before the tags, never the first word":
titles contain years ("2001 A Space Odyssey 1968", "1917 2019", "Blade Runner 2049 2017"),
but a release year always comes after the title, so the last candidate that leaves a
non-empty title is the release year and every earlier one is part of the title.

Why weak tags are peeled off the end of a yearless, numberless title: "Movie EXTENDED
1080p" has no year, so the title would run up to "1080p"; editions, languages, PROPER and
the like directly before the first strong tag belong to the tags, not the title.
"""

from __future__ import annotations

import re

from mediaos.releases.numbering import Numbering
from mediaos.releases.tags import STRONG, Tag

_YEAR = re.compile(r"(?<![0-9a-z])[\(\[]?(?P<y>(?:19|20)\d\d)[\)\]]?(?![0-9a-z])", re.IGNORECASE)
_WEAK = frozenset(
    {"edition", "lang", "proper", "repack", "real", "service", "web", "three_d", "hardsub",
     "complete", "container", "cam", "telesync", "telecine", "workprint", "dvdscr", "regional",
     "dvd", "hdr", "channels", "uhd", "bluray", "sdtv"}
)  # fmt: skip
_SPLIT = re.compile(r"\s+(?:aka|a k a)\s+|\s+/\s+|\s+\|\s+", re.IGNORECASE)
_EDGES = " -–[](){}:,~+#"
_EMPTY_BRACKETS = re.compile(r"[\(\[\{]\s*[\)\]\}]")


def find_year(
    norm: str, begin: int, stop: int, numbering: Numbering | None, tags: list[Tag]
) -> tuple[int | None, int | None]:
    """(where the title ends because of the year, the year) or (None, None).

    The release year is the last candidate before the first strong tag that follows the
    first candidate, so a tag-like title word before the year ("The Proper Guide 2019")
    does not hide it.
    """
    best: tuple[int, int] | None = None
    wall = stop
    for m in _YEAR.finditer(norm, begin, stop):
        at = m.start()
        if at >= wall:
            break
        if not norm[begin:at].strip(_EDGES):
            continue
        if best is None:
            wall = next((t.start for t in tags if t.start > at and t.kind in STRONG), stop)
        best = (at, int(m["y"]))
    if best is None:
        if numbering is not None and numbering.air_date is not None:
            return None, numbering.air_date.year
        return None, None
    return best


def title_end_before_tags(norm: str, tags: list[Tag], begin: int, end: int) -> int:
    """Move `end` back over weak tags that sit directly before it."""
    for tag in reversed(tags):
        if tag.start >= end:
            continue
        if tag.kind not in _WEAK or norm[tag.end : end].strip(_EDGES):
            break
        if not norm[begin : tag.start].strip(_EDGES):
            break
        end = tag.start
    return end


def clean_title(text: str) -> str:
    if "(" in text or "[" in text or "{" in text:
        text = _EMPTY_BRACKETS.sub(" ", text)
    text = " ".join(text.split()).strip(_EDGES)
    if text.count("(") > text.count(")"):
        text = text.rsplit("(", 1)[0].strip(_EDGES)
    if text.count("[") > text.count("]"):
        text = text.rsplit("[", 1)[0].strip(_EDGES)
    return text


def split_titles(text: str) -> tuple[str, ...]:
    """Every title of "A / B" or "A AKA B", cleaned; empty when there is none."""
    low = text.lower()
    if "/" not in text and "|" not in text and " aka " not in low and " a k a " not in low:
        single = clean_title(text)
        return (single,) if single else ()
    parts = (clean_title(part) for part in _SPLIT.split(text))
    return tuple(part for part in parts if part)

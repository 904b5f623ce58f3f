"""Season, episode, absolute and air-date numbering: where a series name says which episodes.

Why a fixed order of patterns: the same digits mean different things in different shapes
("S01E02", "1x02", "Season 1", "2024.01.31", anime "- 012"), and the most explicit shape must
win. Patterns are tried most explicit first; the first that matches decides, and its start
is where the title ends.

Like Sonarr, a multi-episode marker fills the range between its first and last number
("S01E01E03" is 1, 2, 3); a range longer than `MAX_RANGE` (2,000) is kept as its two ends only, so
a hostile name cannot make `parse` build a huge tuple.

All patterns run on the normalised, lower-cased name (dots and underscores are spaces).
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

MAX_RANGE = 2000
_I = re.NOFLAG  # patterns run on the lower-cased name
_NEXT = r"(?=$|[^0-9a-z]|[esv])"

_SXXEYY = re.compile(
    r"s(?<![a-z0-9]s)(?P<s>\d{1,4})[ -]{0,3}(?:e|ep)[ ]?(?P<e>\d{1,4})(?:v(?P<v>[2-9]))?"
    + _NEXT
    + r"(?P<rest>(?:(?:[ -]?(?:e|ep)[ ]?\d{1,4}|-\d{1,4}|[ -]{0,3}s\d{1,4}[ ]?e\d{1,4}"
    r"|[ ]?(?:-|&|\+|and)[ ]?(?:e|ep)?[ ]?\d{1,4})" + _NEXT + r")*)",
    _I,
)
_REST_NUMBERS = re.compile(r"(?:e|ep|-|&|\+|and)[ ]?(\d{1,4})", _I)
_CROSS = re.compile(
    r"(?<![a-z0-9])(?P<s>\d{1,2})x(?P<e>\d{1,3})(?=$|[^0-9a-z]|x)"
    r"(?P<rest>(?:(?:[ ]?-[ ]?(?:\d{1,2}x)?|x|[ ](?P=s)x)\d{1,3}(?![0-9a-z]))*)",
    _I,
)
_REST_CROSS = re.compile(r"(?:-|x)[ ]?(?:\d{1,2}x)?(\d{1,3})", _I)
_WORDS = re.compile(
    r"(?<![a-z0-9])(?:season|series|saison|staffel|temporada|stagione)[ -]?(?P<s>\d{1,2})"
    r"[ -]{0,3}(?:episode|episodio|folge|ep|e)[ -]?(?P<e>\d{1,3})"
    r"(?:[ ]?(?:-|to|&)[ ]?(?:episode |ep |e)?(?P<e2>\d{1,3}))?(?![0-9a-z])",
    _I,
)
_YEAR_EPISODE = re.compile(r"(?<![a-z0-9])(?P<s>(?:19|20)\d\d) e(?P<e>\d{1,3})(?![0-9a-z])")
_SPANISH_CAP = re.compile(
    r"(?<![a-z0-9])cap[ ]?(?P<s>\d{1,2})(?P<e>\d{2})(?:[ -]+(?:\d{1,2})?(?P<e2>\d{2}))?"
    r"(?![0-9a-z])",
)
_ANIME_SEASON = re.compile(
    r"(?<![a-z0-9])(?:s(?P<s>\d{1,2})|(?P<o>\d{1,2})(?:st|nd|rd|th) season|season (?P<w>\d{1,2}))"
    r" - (?P<e>\d{1,4})(?:v(?P<v>\d))?(?:[ ]?[-~][ ]?(?P<e2>\d{1,4}))?(?=$|[ \[\(])",
    _I,
)
_DAILY = re.compile(
    r"(?<![0-9])(?:(?P<y>(?:19|20)\d\d)[ -](?P<m>[01]?\d)[ -](?P<d>[0-3]?\d)"
    r"|(?P<a>[0-3]\d)[ -](?P<b>[0-3]\d)[ -](?P<y2>(?:19|20)\d\d))(?![0-9])"
)
_ANIME_DASH = re.compile(
    r" - (?:e|ep|episode ?)?(?P<a>\d{1,4})(?:v(?P<v>\d))?"
    r"(?:[ ]?[-~][ ]?(?P<a2>\d{1,4})(?:v\d)?)?"
    r"(?= ?$| ?[\[\(]| - | (?:end|final|raw|vostfr|vost|multi|vf|eng|sub|subbed|dub|dubbed)\b)",
    _I,
)
_ANIME_BARE = re.compile(
    r"(?<=[a-z\)!?'] )\(?(?:e|ep|episode ?|#)?(?P<a>\d{2,4})(?:v(?P<v>\d))?"
    r"(?:[ ]?[-~][ ]?(?P<a2>\d{2,4})\)?)?(?= ?$| ?[\[\(]| (?:\d{3,4}p|end|final)\b)",
    _I,
)
_EPISODE_ONLY = re.compile(
    r"e(?<![a-z0-9]e)(?:p ?|pisode ?)?(?P<a>\d{1,4})(?:[ ]?-[ ]?(?:e|ep)?(?P<a2>\d{1,4}))?"
    r"(?![0-9a-z])",
    _I,
)
_PACK = re.compile(
    r"(?<![a-z0-9])(?:s(?P<s>\d{1,2})(?P<more>(?:[ -]*(?:-|to|&|and|,|\+)[ -]*s?\d{1,2}"
    r"|[ -]?s\d{1,2})*)|(?:seasons?|series|saison|staffel|temporada|stagione)[ -]?(?P<w>\d{1,2})"
    r"(?P<wmore>(?:[ -]*(?:-|to|&|and|,|\+)[ -]*(?:season )?\d{1,2})*)"
    r"|(?P<o>\d{1,2})(?:st|nd|rd|th) season)(?![0-9a-z])",
    _I,
)
_MINISERIES_PART = re.compile(r"(?<![a-z0-9])(?:part|pt)[ ]?(?P<e>\d{1,2})(?![0-9a-z])")
_ANY_YEAR = re.compile(r"(?<![0-9a-z])(?:19|20)\d\d(?![0-9a-z])")
_SEASON_WORD = re.compile(r"season|series|saison|staffel|temporada|stagione")
_PACK_NUMBERS = re.compile(r"\d{1,2}")
_SERIES_COMPLETE = re.compile(
    r"(?<![a-z0-9])(?:(?:the )?complete (?:series|collection|seasons|box ?set)|all seasons"
    r"|integrale|complete)(?![a-z0-9])",
    _I,
)
_THREE_DIGITS = re.compile(
    r"(?<=[a-z] )(?P<s>[1-9])(?P<e>\d\d)(?= (?:hdtv|pdtv|\d{3,4}p|web|dsr)\b)", _I
)


class Numbering(NamedTuple):
    """What the numbering part of a name says, and where it starts.

    A NamedTuple rather than a frozen dataclass: it is built for most names parsed, and
    tuple construction is several times cheaper; it is just as immutable.
    """

    start: int
    season: int | None = None
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute: tuple[int, ...] = ()
    air_date: date | None = None
    full_season: bool = False
    multi_season: bool = False
    complete_series: bool = False
    version: int | None = None


def _span(first: int, last: int) -> tuple[int, ...]:
    if last < first:
        return (first, last)
    if last - first >= MAX_RANGE:
        return (first, last)
    return tuple(range(first, last + 1))


def _numbers(first: int, rest: list[str]) -> tuple[int, ...]:
    if not rest:
        return (first,)
    return _span(first, int(rest[-1]))


def _air_date(year: str, first: str, second: str, day_first: bool) -> date | None:
    a, b = int(first), int(second)
    month, day = (b, a) if day_first else (a, b)
    if month > 12 and day <= 12:
        month, day = day, month
    try:
        return date(int(year), month, day)
    except ValueError:
        return None


def find_explicit(text: str, begin: int) -> Numbering | None:
    """The unmistakable shapes (S01E02, 1x02), searched in the whole name so that a title
    word that is also a tag ("The Proper Show S01E01") cannot hide them."""
    m = _SXXEYY.search(text, begin)
    if m:
        rest = _REST_NUMBERS.findall(m["rest"]) if m["rest"] else []
        season = int(m["s"])
        version = int(m["v"]) if m["v"] else None
        episodes = _numbers(int(m["e"]), rest)
        return Numbering(m.start(), season, (season,), episodes, version=version)
    m = _CROSS.search(text, begin) if "x" in text else None
    if m:
        rest = _REST_CROSS.findall(m["rest"]) if m["rest"] else []
        season = int(m["s"])
        return Numbering(m.start(), season, (season,), _numbers(int(m["e"]), rest))
    return None


def find_numbering(text: str, anime: bool, begin: int, limit: int) -> Numbering | None:
    """Every other numbering shape, searched only before `limit` (the first tag that can
    only be a release tag); call it when `find_explicit` found nothing."""
    region = text[begin:limit]
    worded = _SEASON_WORD.search(region) is not None
    m = _WORDS.search(text, begin, limit) if worded else None
    if m:
        season = int(m["s"])
        episodes = _span(int(m["e"]), int(m["e2"])) if m["e2"] else (int(m["e"]),)
        return Numbering(m.start(), season, (season,), episodes)
    m = _YEAR_EPISODE.search(text, begin, limit)  # "University.Challenge.2023.E01"
    if m and m.start() > begin:
        season = int(m["s"])
        return Numbering(m.start(), season, (season,), (int(m["e"]),))
    m = _SPANISH_CAP.search(text, begin) if "cap" in text else None
    if m:
        season = int(m["s"])
        episodes = _span(int(m["e"]), int(m["e2"])) if m["e2"] else (int(m["e"]),)
        pack = _PACK.search(text, begin, m.start())  # "Show - Temporada 1 [HDTV][Cap.101]"
        return Numbering(pack.start() if pack else m.start(), season, (season,), episodes)
    dashed = " - " in region
    m = _ANIME_SEASON.search(text, begin, limit) if dashed or worded else None
    if m:
        season = int(m["s"] or m["o"] or m["w"])
        episodes = _span(int(m["e"]), int(m["e2"])) if m["e2"] else (int(m["e"]),)
        version = int(m["v"]) if m["v"] else None
        return Numbering(m.start(), season, (season,), episodes, version=version)
    m = _DAILY.search(text, begin, limit)
    while m:  # "20-20 2023 11 03" is not 20/20/2023: retry one character further on
        if m["y"]:
            aired = _air_date(m["y"], m["m"], m["d"], day_first=False)
        else:
            aired = _air_date(m["y2"], m["a"], m["b"], day_first=int(m["a"]) > 12)
        if aired is not None and m.start() > begin:
            return Numbering(m.start(), air_date=aired)
        m = _DAILY.search(text, m.start() + 1, limit)
    return _find_pack_or_absolute(text, anime, begin, limit, dashed)


def _find_pack_or_absolute(
    text: str, anime: bool, begin: int, limit: int, dashed: bool
) -> Numbering | None:
    m = _PACK.search(text, begin, limit)
    if m and m.start() > begin:
        if m["o"]:
            seasons: tuple[int, ...] = (int(m["o"]),)
        else:
            numbers = [int(n) for n in _PACK_NUMBERS.findall(m["more"] or m["wmore"] or "")]
            first = int(m["s"] or m["w"])
            sep = m["more"] or m["wmore"] or ""
            if numbers and ("-" in sep or "to" in sep.lower().split()):
                seasons = _span(first, numbers[-1])
            else:
                seasons = (first, *numbers)
        after = _SERIES_COMPLETE.search(text, m.end()) if "complete" in text else None
        return Numbering(
            m.start(),
            seasons[0],
            seasons,
            full_season=True,
            multi_season=len(seasons) > 1,
            complete_series=bool(after and "series" in after.group().lower()),
        )
    patterns = (_ANIME_DASH, _ANIME_BARE) if anime else (_ANIME_DASH,) if dashed else ()
    for pattern in patterns:
        m = pattern.search(text, begin, limit)
        if m and m.start() > begin:
            first = int(m["a"])
            if len(m["a"]) == 4 and first >= 1900:
                continue
            absolute = _span(first, int(m["a2"])) if m["a2"] else (first,)
            version = int(m["v"]) if m["v"] else None
            return Numbering(m.start(), absolute=absolute, version=version)
    m = _EPISODE_ONLY.search(text, begin, limit)
    if m and m.start() > begin and not (len(m["a"]) == 4 and m["a"] >= "1900"):
        first = int(m["a"])
        return Numbering(m.start(), absolute=_span(first, int(m["a2"])) if m["a2"] else (first,))
    m = _THREE_DIGITS.search(text, begin)  # its look-ahead must see the tag after it
    if m and m.start() < limit:
        season = int(m["s"])
        return Numbering(m.start(), season, (season,), (int(m["e"]),))
    region = text[begin:limit]
    m = _MINISERIES_PART.search(text, begin, limit) if "p" in region else None
    if m and m.start() > begin and not _ANY_YEAR.search(text, m.end()):
        return Numbering(m.start(), 1, (1,), (int(m["e"]),))  # Sonarr: a mini-series part
    if "complete" not in region and "all seasons" not in region and "integrale" not in region:
        return None
    m = _SERIES_COMPLETE.search(text, begin, limit)
    if m and m.start() > begin and m.group() != "complete":
        return Numbering(m.start(), full_season=True, multi_season=True, complete_series=True)
    return None

"""Is this release the wanted unit at all? Kind, title, year, season, episodes, availability.

Why titles are compared cleaned: release names drop punctuation, articles and accents
("The.Office.US" for "The Office (US)", "Amelie" for "Amélie"), so both sides are folded the
way Sonarr's CleanTitle does: accents removed, "&" read as "and", articles dropped, every
non-alphanumeric character removed. A title followed by its year ("Doctor Who 2005") also
matches the wanted title plus year. An id on the release (IMDb, TMDB, TVDB) equal to the
wanted one settles the title; a different one rejects it whatever the title says.

Why the movie availability rule rejects everything before the date, not only CAMs: a
"1080p WEB-DL" of a movie still in cinemas is a fake; the quality name cannot be trusted.
Dates follow Radarr: in_cinemas uses the cinema date, released uses the earliest digital or
physical date, else the cinema date plus 90 days. With no dates at all, a movie whose year
is over is taken as released, so old catalogue titles with thin metadata are not stuck.

Every function returns all the verdicts it finds (an empty list means "matches").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from mediaos.core.qualities import MediaFamily
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases.decision import Verdict
from mediaos.releases.model import ParsedRelease
from mediaos.releases.reasons import Reason

_ARTICLES = re.compile(r"\b(?:the|a|an|and)\b")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_FAMILY = {"movie": MediaFamily.VIDEO, "episode": MediaFamily.VIDEO, "season": MediaFamily.VIDEO,
           "album": MediaFamily.AUDIO, "book": MediaFamily.BOOK}  # fmt: skip
CINEMA_TO_RELEASE = timedelta(days=90)


def clean_title(text: str) -> str:
    """Sonarr-style clean title: "The Office (US)" -> "officeus", "Amélie" -> "amelie"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", _ARTICLES.sub(" ", plain.replace("'", "")))


def _release_titles(parsed: ParsedRelease) -> set[str]:
    names = [parsed.album, parsed.book_title, parsed.title, *parsed.titles]
    found = {clean_title(name) for name in names if name}
    if parsed.year is not None:
        found |= {f"{name}{parsed.year}" for name in list(found)}
    found.discard("")
    return found


def _id_verdict(release: ReleaseInfo, parsed: ParsedRelease, wanted: WantedUnit) -> bool | None:
    """True/False when an id on the release settles identity, None when none does."""
    pairs = (
        (release.imdb_id or parsed.imdb_id, wanted.imdb_id),
        (release.tmdb_id or parsed.tmdb_id, wanted.tmdb_id),
        (release.tvdb_id or parsed.tvdb_id, wanted.tvdb_id),
    )
    for theirs, ours in pairs:
        if theirs is not None and ours is not None:
            return str(theirs).casefold() == str(ours).casefold()
    return None


def match_identity(
    release: ReleaseInfo, parsed: ParsedRelease, wanted: WantedUnit
) -> list[Verdict]:
    """Kind, title, creator and year."""
    found: list[Verdict] = []
    if parsed.family is not _FAMILY[wanted.kind]:
        found.append(Verdict(Reason.WRONG_KIND, f"the release is {parsed.family.value}; "
                             f"a {wanted.kind} is wanted"))  # fmt: skip
    elif wanted.kind == "movie" and (parsed.episodes or parsed.seasons or parsed.air_date):
        found.append(Verdict(Reason.WRONG_KIND, "the release names episodes; a movie is wanted"))
    by_id = _id_verdict(release, parsed, wanted)
    wanted_titles = {clean_title(t) for t in wanted.all_titles()}
    if wanted.year is not None:
        wanted_titles |= {f"{t}{wanted.year}" for t in list(wanted_titles)}
    if by_id is False or (by_id is None and not wanted_titles & _release_titles(parsed)):
        shown = parsed.album or parsed.book_title or parsed.title
        why = (
            "the release's id differs from the wanted one"
            if by_id is False
            else f"{shown!r} is not {wanted.title!r} or any of its aliases"
        )
        found.append(Verdict(Reason.WRONG_TITLE, why))
    creator = parsed.artist or parsed.author
    if wanted.creator and creator and clean_title(creator) != clean_title(wanted.creator):
        found.append(Verdict(Reason.WRONG_TITLE, f"by {creator!r}, not {wanted.creator!r}"))
    daily = wanted.series_type == "daily" and parsed.air_date is not None
    if wanted.year and parsed.year and not daily and abs(wanted.year - parsed.year) > 1:
        found.append(Verdict(Reason.WRONG_YEAR, f"{parsed.year} is not {wanted.year} (+-1)"))
    return found


def _numbers(values: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in values) or "none"


def match_numbering(parsed: ParsedRelease, wanted: WantedUnit) -> list[Verdict]:
    """Season and episodes (by absolute number for anime, air date for daily series)."""
    if wanted.kind == "season":
        seasons = parsed.seasons or (() if parsed.season is None else (parsed.season,))
        if wanted.season not in seasons:
            return [Verdict(Reason.WRONG_SEASON, f"season {_numbers(seasons)}; "
                            f"season {wanted.season} is wanted")]  # fmt: skip
        if len(seasons) > 1 or parsed.multi_season:
            return [Verdict(Reason.WRONG_SEASON, f"covers seasons {_numbers(seasons)}; "
                            f"only season {wanted.season} is wanted")]  # fmt: skip
        if not parsed.full_season:
            return [Verdict(Reason.WRONG_EPISODE, f"episodes {_numbers(parsed.episodes)}; "
                            f"the full season {wanted.season} is wanted")]  # fmt: skip
        return []
    if wanted.kind != "episode":
        return []
    if wanted.series_type == "anime" and wanted.absolute_episodes and parsed.absolute_episodes:
        missing = set(wanted.absolute_episodes) - set(parsed.absolute_episodes)
        if missing:
            return [Verdict(Reason.WRONG_EPISODE, f"absolute {_numbers(parsed.absolute_episodes)}"
                            f", wanted {_numbers(wanted.absolute_episodes)}")]  # fmt: skip
        return []
    if wanted.series_type == "daily" and wanted.air_date and parsed.air_date:
        if parsed.air_date != wanted.air_date:
            return [Verdict(Reason.WRONG_EPISODE, f"aired {parsed.air_date.isoformat()}, "
                            f"wanted {wanted.air_date.isoformat()}")]  # fmt: skip
        return []
    found: list[Verdict] = []
    if parsed.season != wanted.season:
        found.append(Verdict(Reason.WRONG_SEASON, f"season {parsed.season}; "
                             f"season {wanted.season} is wanted"))  # fmt: skip
    if parsed.full_season or parsed.multi_season:
        found.append(Verdict(Reason.WRONG_EPISODE, "a season pack; single episodes are wanted"))
    elif not set(wanted.episodes) <= set(parsed.episodes) or not parsed.episodes:
        found.append(Verdict(Reason.WRONG_EPISODE, f"episodes {_numbers(parsed.episodes)}, "
                             f"wanted {_numbers(wanted.episodes)}"))  # fmt: skip
    return found


def available_from(wanted: WantedUnit) -> date | None:
    """The first day a movie may be grabbed, or None for "any time" (see module docstring)."""
    if wanted.minimum_availability == "announced":
        return None
    released = [d for d in (wanted.digital_release, wanted.physical_release) if d is not None]
    if wanted.minimum_availability == "in_cinemas":
        candidates = [d for d in (wanted.in_cinemas, *released) if d is not None]
    elif released:
        candidates = released
    else:
        candidates = [] if wanted.in_cinemas is None else [wanted.in_cinemas + CINEMA_TO_RELEASE]
    if candidates:
        return min(candidates)
    if wanted.year is not None:
        return date(min(wanted.year + 1, date.max.year), 1, 1)
    return date.max


def match_availability(parsed: ParsedRelease, wanted: WantedUnit, today: date) -> list[Verdict]:
    if wanted.kind != "movie":
        return []
    start = available_from(wanted)
    if start is None or today >= start:
        return []
    stage = wanted.minimum_availability.replace("_", " ")
    if start == date.max:
        detail = f"a {parsed.quality} release, and no date is known for {stage}"
    else:
        detail = f"a {parsed.quality} release, but the movie counts as {stage} from {start}"
    return [Verdict(Reason.NOT_YET_AVAILABLE, detail)]

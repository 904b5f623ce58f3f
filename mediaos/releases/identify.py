"""What a file in a library is, from its folder and file names alone (pure).

A library built by Sonarr/Radarr/Lidarr/Readarr, or by hand in their layout, says what each
file is in its path: `Movies/The Matrix (1999) {tmdb-603}/The Matrix (1999) Bluray-1080p.mkv`,
`TV/The Office (US) {tvdb-73244}/Season 02/The Office (US) - S02E01 - ... .mkv`,
`Music/Radiohead/OK Computer (1997)/01 - Airbag.flac`, `Books/Frank Herbert/Dune (1965)/...`.
The folder names the item; the file name adds episode numbers and quality. Tags and ffprobe
refine this later; nothing here reads a file.

Invariants: never raises on any name; a file it cannot place is `kind="unmatched"`, which the
scanner lists and never touches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from mediaos.core.qualities import QUALITIES, MediaFamily
from mediaos.releases.model import ParsedRelease
from mediaos.releases.parse import parse
from mediaos.schemas.keys import book_key, episode_key, movie_key, music_key, series_key

MediaKind = Literal["movies", "series", "music", "books"]
FileKind = Literal["movie", "episode", "track", "book", "subtitle", "extra", "unmatched"]

VIDEO_EXTENSIONS = frozenset(
    {"mkv", "mp4", "m4v", "avi", "mov", "wmv", "ts", "m2ts", "mpg", "mpeg", "webm", "iso", "vob"}
)
AUDIO_EXTENSIONS = frozenset({"flac", "mp3", "m4a", "aac", "ogg", "opus", "wav", "alac", "wma"})
BOOK_EXTENSIONS = frozenset({"epub", "mobi", "azw3", "azw", "pdf", "cbz", "cbr", "m4b", "mp3"})
SUBTITLE_EXTENSIONS = frozenset({"srt", "ass", "ssa", "sub", "idx", "vtt", "sup"})

_ID_TAGS = re.compile(
    r"[\[{](?P<kind>tmdb|tmdbid|imdb|imdbid|tvdb|tvdbid|tvmaze|tvmazeid|mbid)[-=: ]"
    r"(?P<value>[A-Za-z0-9-]+)[\]}]",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\((?P<year>(?:18|19|20)\d\d)\)")
_SEASON_FOLDER = re.compile(r"^(?:season|series|saison|staffel|temporada|s)[ ._-]*(\d{1,4})$", re.I)
_SPECIALS = re.compile(r"^(?:specials?|extras?|season[ ._-]*0+)$", re.I)
_TRACK = re.compile(r"^(?:(?P<disc>\d{1,2})[-.](?=\d))?(?P<track>\d{1,3})(?:[ ._-]+|$)")
_EXTRA_FOLDERS = frozenset(
    {
        "extras",
        "featurettes",
        "behind the scenes",
        "deleted scenes",
        "interviews",
        "scenes",
        "shorts",
        "trailers",
        "other",
        "sample",
        "samples",
    }
)
_SUB_TAGS = frozenset({"forced", "hi", "sdh", "cc", "default"})
# Files renamed by Sonarr/Radarr with their default templates end in "{Quality Full}"; reading
# those directly is exact and several times cheaper than the full release parser, which
# matters on a cold scan of 100,000 files. Anything else goes through `parse`.
_VIDEO_QUALITIES = sorted(
    (q.name for q in QUALITIES if q.family is MediaFamily.VIDEO and q.name != "Unknown"),
    key=len,
    reverse=True,
)
_QUALITY_TAIL = (
    r"(?P<quality>" + "|".join(re.escape(q) for q in _VIDEO_QUALITIES) + r")"
    r"(?P<proper> Proper)?(?: REAL)?$"
)
_ARR_EPISODE = re.compile(
    r"^.+? - S(?P<season>\d{1,4})E(?P<first>\d{1,4})(?:-?E(?P<last>\d{1,4}))? - .*?" + _QUALITY_TAIL
)
_ARR_MOVIE = re.compile(r"^.+? \((?:18|19|20)\d\d\) " + _QUALITY_TAIL)
_AUDIO_BY_EXTENSION = {"flac": "FLAC", "alac": "ALAC", "m4a": "AAC-256", "ogg": "OGG-320"}
_AUDIO_QUALITY_NAMES = frozenset(q.name for q in QUALITIES if q.family is MediaFamily.AUDIO)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2}|-\d{3})?$")


@dataclass(frozen=True, slots=True)
class FolderIdentity:
    title: str
    year: int | None = None
    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None
    tvmaze: int | None = None
    mbid: str | None = None


@dataclass(frozen=True, slots=True)
class Identified:
    kind: FileKind
    item_key: str | None = None  # movie/..., series/.../s01e02, music/a/b, book/a/t
    title: str | None = None
    year: int | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    air_date: date | None = None
    track: int | None = None
    quality: str | None = None
    release_group: str | None = None
    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None
    language: str | None = None  # subtitles: "en", "pt-BR"
    forced: bool = False
    hearing_impaired: bool = False
    reason: str = ""  # for unmatched files: why


@lru_cache(maxsize=8192)
def identify_folder(name: str) -> FolderIdentity:
    """`The Matrix (1999) {tmdb-603} [imdbid-tt0133093]` -> title, year and ids."""
    ids: dict[str, str] = {}
    for match in _ID_TAGS.finditer(name):
        ids[match.group("kind").lower().removesuffix("id")] = match.group("value")
    rest = _ID_TAGS.sub(" ", name)
    # The last "(yyyy)" is the year: "1917 (2019)", "2001 A Space Odyssey (1968)".
    year_match = next(reversed(list(_YEAR.finditer(rest))), None)
    year = int(year_match.group("year")) if year_match else None
    if year_match is not None:
        rest = rest[: year_match.start()] + rest[year_match.end() :]
    title = " ".join(rest.replace("_", " ").split()).strip(" -")
    return FolderIdentity(
        title=title or name.strip(),
        year=year,
        tmdb=_int(ids.get("tmdb")),
        imdb=_imdb(ids.get("imdb")),
        tvdb=_int(ids.get("tvdb")),
        tvmaze=_int(ids.get("tvmaze")),
        mbid=ids.get("mb"),
    )


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _imdb(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.lower()
    return value if re.fullmatch(r"tt\d{7,10}", value) else None


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def subtitle_tags(file_name: str) -> tuple[str | None, bool, bool]:
    """`Movie.en.forced.srt` -> ("en", forced, hearing-impaired)."""
    parts = file_name.split(".")[1:-1]
    language: str | None = None
    forced = hearing_impaired = False
    for part in reversed(parts[-3:]):
        lowered = part.lower()
        if lowered == "forced":
            forced = True
        elif lowered in ("hi", "sdh", "cc"):
            hearing_impaired = True
        elif language is None and lowered not in _SUB_TAGS and _LANGUAGE.match(part):
            language = part if "-" in part else lowered
    return language, forced, hearing_impaired


def identify(kind: MediaKind, relative: str) -> Identified:
    """Place one file found under a root of `kind`; `relative` uses '/' separators."""
    try:
        return _identify(kind, tuple(p for p in relative.split("/") if p not in ("", ".")))
    except (ValueError, IndexError) as err:  # defensive: a name must never stop a scan
        return Identified("unmatched", reason=f"unreadable name ({type(err).__name__})")


def _identify(kind: MediaKind, parts: tuple[str, ...]) -> Identified:
    name = parts[-1]
    ext = extension(name)
    folders = parts[:-1]
    if any(f.lower() in _EXTRA_FOLDERS for f in folders[1:]):
        return Identified("extra", reason="in an extras folder")
    if ext in SUBTITLE_EXTENSIONS:
        language, forced, hi = subtitle_tags(name)
        return Identified("subtitle", language=language, forced=forced, hearing_impaired=hi)
    if kind == "movies":
        return _movie(folders, name, ext)
    if kind == "series":
        return _episode(folders, name, ext)
    if kind == "music":
        return _track(folders, name, ext)
    return _book(folders, name, ext)


def _movie(folders: tuple[str, ...], name: str, ext: str) -> Identified:
    if ext not in VIDEO_EXTENSIONS:
        return Identified("unmatched", reason=f"not a video file (.{ext})")
    fast = _ARR_MOVIE.match(name[: -len(ext) - 1]) if folders else None
    if fast is not None:
        named = identify_folder(folders[0])
        if named.year is not None or named.tmdb is not None or named.imdb is not None:
            return Identified(
                "movie",
                movie_key(named.title, named.year, named.tmdb, named.imdb),
                title=named.title,
                year=named.year,
                quality=fast.group("quality"),
                tmdb=named.tmdb,
                imdb=named.imdb,
            )
    parsed = parse(name)
    if "sample" in name.lower() and parsed.title and "sample" not in parsed.title.lower():
        return Identified("extra", reason="a sample")
    folder = identify_folder(folders[0]) if folders else None
    title = folder.title if folder else parsed.title
    year = folder.year if folder and folder.year else parsed.year
    tmdb = (folder.tmdb if folder else None) or parsed.tmdb_id
    imdb = (folder.imdb if folder else None) or parsed.imdb_id
    if not title or (year is None and tmdb is None and imdb is None):
        return Identified("unmatched", title=title, reason="no year or id in the folder or name")
    return Identified(
        "movie",
        movie_key(title, year, tmdb, imdb),
        title=title,
        year=year,
        quality=parsed.quality,
        release_group=parsed.release_group,
        tmdb=tmdb,
        imdb=imdb,
    )


def _episode(folders: tuple[str, ...], name: str, ext: str) -> Identified:
    if ext not in VIDEO_EXTENSIONS:
        return Identified("unmatched", reason=f"not a video file (.{ext})")
    if not folders:
        return Identified("unmatched", reason="an episode must be inside its series folder")
    fast = _ARR_EPISODE.match(name[: -len(ext) - 1])
    if fast is not None:
        show = identify_folder(folders[0])
        number, first = int(fast.group("season")), int(fast.group("first"))
        last = int(fast.group("last")) if fast.group("last") else first
        return Identified(
            "episode",
            episode_key(_series_key(folders[0]), number, first),
            title=show.title,
            year=show.year,
            season=number,
            episodes=tuple(range(first, max(first, last) + 1)),
            quality=fast.group("quality"),
            tvdb=show.tvdb,
            imdb=show.imdb,
        )
    parsed = parse(name)
    series = identify_folder(folders[0])
    season = _season_from_folders(folders[1:], parsed)
    key = _series_key(folders[0])
    common = {
        "title": series.title,
        "year": series.year,
        "quality": parsed.quality,
        "release_group": parsed.release_group,
        "tvdb": series.tvdb or parsed.tvdb_id,
        "imdb": series.imdb,
    }
    if parsed.episodes and season is not None:
        return Identified(
            "episode",
            episode_key(key, season, parsed.episodes[0]),
            season=season,
            episodes=parsed.episodes,
            absolute_episodes=parsed.absolute_episodes,
            **common,  # type: ignore[arg-type]
        )
    if parsed.air_date is not None:
        return Identified(
            "episode",
            f"{key}/{parsed.air_date.isoformat()}",
            air_date=parsed.air_date,
            **common,  # type: ignore[arg-type]
        )
    if parsed.absolute_episodes:
        return Identified(
            "episode",
            f"{key}/abs{parsed.absolute_episodes[0]:03d}",
            absolute_episodes=parsed.absolute_episodes,
            **common,  # type: ignore[arg-type]
        )
    return Identified("unmatched", title=series.title, reason="no episode number in the name")


@lru_cache(maxsize=8192)
def _series_key(folder: str) -> str:
    series = identify_folder(folder)
    return series_key(series.title, series.year, series.tvdb, series.tvmaze)


def _season_from_folders(folders: tuple[str, ...], parsed: ParsedRelease) -> int | None:
    if parsed.season is not None:
        return parsed.season
    for folder in reversed(folders):
        if _SPECIALS.match(folder):
            return 0
        match = _SEASON_FOLDER.match(folder.strip())
        if match:
            return int(match.group(1))
    return None


def _track(folders: tuple[str, ...], name: str, ext: str) -> Identified:
    if ext not in AUDIO_EXTENSIONS:
        return Identified("unmatched", reason=f"not an audio file (.{ext})")
    if len(folders) < 2:
        return Identified("unmatched", reason="a track must be in Artist/Album/")
    artist = identify_folder(folders[0])
    album = identify_folder(folders[1])
    match = _TRACK.match(name)
    quality = parse(name).quality
    if quality == "Unknown" or quality not in _AUDIO_QUALITY_NAMES:
        quality = _AUDIO_BY_EXTENSION.get(ext, "Unknown Audio")
    return Identified(
        "track",
        music_key(artist.title, album=album.title),
        title=album.title,
        year=album.year,
        track=int(match.group("track")) if match else None,
        quality=quality,
    )


def _book(folders: tuple[str, ...], name: str, ext: str) -> Identified:
    if ext not in BOOK_EXTENSIONS:
        return Identified("unmatched", reason=f"not a book file (.{ext})")
    if not folders:
        return Identified("unmatched", reason="a book must be in Author/ or Author/Title/")
    author = identify_folder(folders[0]).title
    titled = (
        identify_folder(folders[1]) if len(folders) > 1 else identify_folder(name.rsplit(".", 1)[0])
    )
    parsed = parse(name)
    return Identified(
        "book",
        book_key(author, titled.title),
        title=titled.title,
        year=titled.year,
        quality=parsed.quality,
    )

"""`parse(name) -> ParsedRelease`: one release name, read once, in pure Python.

Why it is shaped this way: speed and predictability. A name is cut to `MAX_CHARS`, cleaned
(extension, site prefixes and suffixes, repost tags), normalised (dots and underscores become
spaces, keeping every index valid), scanned once for tags, then read in this order:

1. where the title ends: the numbering (S01E02, 1x02, dates, packs, anime "- 01"), else the
   release year, else the first tag that can only be a tag ("1080p", "x264", "BluRay"...);
2. what the media family is: a book format, a music shape, else video;
3. quality, technical tags, languages and edition, only from tags after the title, so that
   words in titles ("Charlotte's Web", "The Italian Job") never leak into them;
4. the release group, from the cleaned name's end or the anime "[Group]" prefix.

Invariants a reader must not break: `parse` never raises (`_parse` may, on a bug; `parse`
then returns an empty `ParsedRelease`, and the property tests call `_parse` directly so such
a bug fails them), is deterministic, reads no clock and touches no disk.
"""

from __future__ import annotations

import re

from mediaos.core.qualities import MediaFamily
from mediaos.releases import details
from mediaos.releases.books import read_book
from mediaos.releases.cleaning import clean
from mediaos.releases.groups import release_group
from mediaos.releases.languages import languages_of
from mediaos.releases.model import ParsedRelease
from mediaos.releases.music import looks_like_music, read_music
from mediaos.releases.numbering import Numbering, find_explicit, find_numbering
from mediaos.releases.sources import video_quality
from mediaos.releases.tags import STRONG, Tag, lower_same_length, scan
from mediaos.releases.titles import find_year, split_titles, title_end_before_tags

#: Names longer than this are cut: real names stay well under 300 characters, and a bound
#: keeps a hostile 10 kB name as fast as a normal one.
MAX_CHARS = 512

_SEPARATORS = str.maketrans("._", "  ")
_NO_NUMBERING = Numbering(start=0)
#: Strong tags that are also ordinary title words; they do not end a title by themselves.
_TITLE_WORDS = frozenset({"proper", "repack", "opus", "atmos", "flac", "pdf"})
_CODEC_KINDS = frozenset({"h264", "h265", "vc1", "mpeg2"})
_BOOKISH = frozenset({"epub", "mobi", "azw3", "azw", "pdf", "cbz", "cbr", "m4b"})
_ANIME_PREFIX = re.compile(r"^\[[^\[\]]{1,60}\][ \-]*")
_VIDEO_KINDS = frozenset(
    {"bdres", "res2160", "res1080", "res720", "res576", "res480", "remux", "brdisk", "bdrip",
     "bluray", "webrip", "webdl", "hdtv", "uhdtv", "sdtv", "dvd", "dvdr", "h264", "h265",
     "xvid", "hdr", "telesync", "cam", "dvdscr"}
)  # fmt: skip


def parse(title: str) -> ParsedRelease:
    """Read a release name. Never raises; parts it cannot read are None/empty."""
    try:
        return _parse(title)
    except Exception:  # a bug must not take a search down with it; tests call _parse
        return ParsedRelease(raw=title[:MAX_CHARS] if isinstance(title, str) else "")


def _parse(title: str) -> ParsedRelease:
    raw = title[:MAX_CHARS]
    name, container = clean(raw)
    norm = name.translate(_SEPARATORS)
    low = lower_same_length(norm)
    prefix = _ANIME_PREFIX.match(norm)
    begin = prefix.end() if prefix else 0
    anime = prefix is not None
    numbering = find_explicit(low, begin)
    limit = len(norm)
    if numbering is not None:  # tags inside the title cannot matter: scan from the numbering
        tags = scan(norm, low, numbering.start)
    else:
        tags = scan(norm, low)
        for t in tags:
            if t.kind in STRONG and t.start > begin and t.text.lower() not in _TITLE_WORDS:
                limit = t.start
                break
        numbering = find_numbering(low, anime, begin, limit)
    stop = numbering.start if numbering else len(norm)
    year_at, year = find_year(low, begin, stop, numbering, tags)
    end = numbering.start if numbering else limit
    if year_at is not None and year_at < end:
        end = year_at
    if numbering is None and year_at is None:
        end = title_end_before_tags(norm, tags, begin, end)
    after = [t for t in tags if t.start >= end]
    kinds: dict[str, str] = {}
    for t in after:
        if t.kind not in kinds:
            kinds[t.kind] = low[t.start : t.end]
    has_video = bool(numbering and (numbering.episodes or numbering.season is not None))
    has_video = has_video or not _VIDEO_KINDS.isdisjoint(kinds)
    if not has_video and ("bookfmt" in kinds or container in _BOOKISH):
        return _book(raw, name, norm, end, container, kinds, year)
    if looks_like_music(name, has_video):
        return _music(raw, name, container)
    if anime and "special" not in kinds and _anime_special(tags, begin, end):
        kinds["special"] = "ova"
    return _video(raw, name, norm, low, begin, end, after, kinds, numbering, year, container)


def _video(
    raw: str,
    name: str,
    norm: str,
    low: str,
    begin: int,
    end: int,
    after: list[Tag],
    kinds: dict[str, str],
    numbering: Numbering | None,
    year: int | None,
    container: str | None,
) -> ParsedRelease:
    codecs: list[str] = []
    langs: list[str] = []
    real = False
    for t in after:
        if t.kind in _CODEC_KINDS:
            codecs.append(t.text.lower())
        elif t.kind == "lang":
            langs.append(t.text)
            if t.text.lower() in ("dl", "ml"):
                kinds["dual"] = "dl"
        elif t.kind == "real" and t.text == "REAL":
            real = True
    if container is not None:
        kinds.setdefault("container", container)
    series = numbering is not None
    source, resolution, quality = video_quality(kinds, codecs, low, series)
    titles = split_titles(norm[begin:end])
    n = numbering or _NO_NUMBERING
    languages, multi = languages_of(langs) if langs else ((), False)
    version = n.version or (int(kinds["version"][1]) if "version" in kinds else 1)
    ids = details.ids_of(name)
    has_audio = "audio" in kinds or "channels" in kinds
    return ParsedRelease(
        raw=raw,
        family=MediaFamily.VIDEO,
        title=titles[0] if titles else None,
        titles=titles,
        year=year,
        season=n.season,
        seasons=n.seasons,
        episodes=n.episodes,
        absolute_episodes=n.absolute,
        full_season=n.full_season,
        multi_season=n.multi_season,
        complete_series=n.complete_series,
        special=n.season == 0 or "special" in kinds,
        air_date=n.air_date,
        resolution=resolution,
        source=source,
        quality=quality,
        remux=source == "remux",
        proper="proper" in kinds or version > 1,
        repack="repack" in kinds,
        real=real,
        version=version,
        codec=details.codec_of(kinds),
        bit_depth=details.bit_depth_of(kinds),
        audio=details.audio_of(after) if "audio" in kinds else None,
        audio_channels=details.channels_of(after) if has_audio else None,
        hdr=details.hdr_of(after) if "hdr" in kinds else (),
        three_d="three_d" in kinds,
        edition=details.editions_of(after) if "edition" in kinds else (),
        streaming_service=kinds["service"].upper() if "service" in kinds else None,
        release_group=release_group(name),
        release_hash=details.hash_of(name),
        languages=languages,
        multi_language=multi,
        hardcoded_subs="hardsub" in kinds,
        imdb_id=ids[0],
        tmdb_id=ids[1],
        tvdb_id=ids[2],
        container=container,
    )


def _anime_special(tags: list[Tag], begin: int, end: int) -> bool:
    """OVA/OAD/ONA inside the title part ("Show OVA - 02") still marks a special; the
    word "Special" there does not ("Special Ops S01E01")."""
    return any(
        t.kind == "special" and begin <= t.start < end and t.text.lower() in ("ova", "oad", "ona")
        for t in tags
    )


def _music(raw: str, name: str, container: str | None) -> ParsedRelease:
    music = read_music(name)
    return ParsedRelease(
        raw=raw,
        family=MediaFamily.AUDIO,
        title=music.album,
        titles=(music.album,) if music.album else (),
        year=music.year,
        quality=music.quality,
        audio=music.audio_format,
        release_group=release_group(name),
        container=container,
        artist=music.artist,
        album=music.album,
        audio_format=music.audio_format,
        audio_bitrate=music.bitrate,
    )


def _book(
    raw: str,
    name: str,
    norm: str,
    end: int,
    container: str | None,
    kinds: dict[str, str],
    year: int | None,
) -> ParsedRelease:
    text = f"{norm} {container}" if container else norm
    book = read_book(text, end, year)
    return ParsedRelease(
        raw=raw,
        family=MediaFamily.BOOK,
        title=book.title,
        titles=(book.title,) if book.title else (),
        year=book.year,
        quality=book.quality,
        release_group=release_group(name),
        container=container,
        author=book.author,
        book_title=book.title,
        book_format=book.book_format,
        languages=languages_of([v for k, v in kinds.items() if k == "lang"])[0],
    )

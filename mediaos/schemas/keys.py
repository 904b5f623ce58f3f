"""Item keys: one grammar for `diff`, `explain`, API paths and action keys.

```
movie/<slug>-<year>[@<version>]        movie/dune-2021, movie/dune-2021@2160p
series/<slug>[/s01e02]                 series/the-office-us, series/the-office-us/s02e01
music/<artist-slug>[/<album-slug>]     music/radiohead/ok-computer
book/<author-slug>/<title-slug>        book/frank-herbert/dune
```

When an item is declared by id only, the id stands in for the slug: `movie/tmdb-438631`,
`series/tvdb-81189`, `music/mbid-a74b1b7f-...`, `book/isbn-9780441013593`.

Invariants: keys are pure functions of the declaration (never of time or metadata lookups),
lower case, URL-safe except for letters outside ASCII, which are kept (a Japanese title keeps
its characters rather than becoming empty).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[^\w]+|_+")
_APOSTROPHES = re.compile(r"['\u2019`]")


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """Lower-case words joined by '-', accents removed, other scripts kept."""
    if text.isascii():  # most titles: no accents to strip (5x faster)
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _APOSTROPHES.sub("", stripped.replace("&", " and "))
    return _SEPARATORS.sub("-", stripped.casefold()).strip("-")


def _id_or_slug(slug_source: str | None, ids: list[tuple[str, object]]) -> str:
    if slug_source:
        slug = slugify(slug_source)
        if slug:
            return slug
    for prefix, value in ids:
        if value is not None:
            return f"{prefix}-{value}"
    return "unknown"


def movie_key(
    title: str | None, year: int | None, tmdb: int | None = None, imdb: str | None = None
) -> str:
    if title and year and slugify(title):
        return f"movie/{slugify(title)}-{year}"
    return "movie/" + _id_or_slug(None, [("tmdb", tmdb), ("imdb", imdb)])


def series_key(
    title: str | None,
    year: int | None = None,
    tvdb: int | None = None,
    tvmaze: int | None = None,
    tmdb: int | None = None,
    imdb: str | None = None,
) -> str:
    slug = _id_or_slug(title, [("tvdb", tvdb), ("tvmaze", tvmaze), ("tmdb", tmdb), ("imdb", imdb)])
    if title and year and slugify(title):
        slug = f"{slug}-{year}"
    return f"series/{slug}"


def episode_key(series: str, season: int, episode: int) -> str:
    return f"{series}/s{season:02d}e{episode:02d}"


def music_key(
    artist: str | None,
    artist_mbid: str | None = None,
    album: str | None = None,
    album_mbid: str | None = None,
) -> str:
    key = "music/" + _id_or_slug(artist, [("mbid", artist_mbid)])
    if album or album_mbid:
        key += "/" + _id_or_slug(album, [("mbid", album_mbid)])
    return key


def book_key(
    author: str | None, title: str | None, isbn: str | None = None, openlibrary: str | None = None
) -> str:
    if author and title and slugify(author) and slugify(title):
        return f"book/{slugify(author)}/{slugify(title)}"
    return "book/" + _id_or_slug(None, [("isbn", isbn), ("openlibrary", openlibrary)])


def versioned(key: str, version: str | None) -> str:
    return key if version is None else f"{key}@{version}"

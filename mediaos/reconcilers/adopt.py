"""`mediaos adopt`: describe an existing library as desired state, so a Sonarr/Radarr user can
switch in minutes.

The library is indexed by the same scanner the daemon uses, then every identified file is
grouped into the item it belongs to (a movie folder, a series with the seasons present, an
album, a book). What could not be identified is listed as comments, never declared: adopting
must not invent wanted items. Kinds of roots are given (`movies=/srv/movies`) or guessed from
what the folder holds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from mediaos.releases.identify import (
    AUDIO_EXTENSIONS,
    BOOK_EXTENSIONS,
    VIDEO_EXTENSIONS,
    MediaKind,
    extension,
)
from mediaos.schemas.render import (
    Adopted,
    AdoptedArtist,
    AdoptedBook,
    AdoptedMovie,
    AdoptedSeries,
)
from mediaos.state import StateDB
from mediaos.state.library_index import (
    IdentifiedFile,
    files,
    identified_files,
    movie_items,
    series_items,
)

KINDS: tuple[MediaKind, ...] = ("movies", "series", "music", "books")


def guess_kind(root: Path, *, sample: int = 400) -> MediaKind:
    """Guess what a root holds from a sample of its files: season folders or SxxEyy names
    mean series, audio means music, ebooks mean books, otherwise movies."""
    seen = {"video": 0, "audio": 0, "book": 0, "season": 0}
    for count, (folder, dirs, names) in enumerate(os.walk(root)):
        if count > sample:
            break
        if any(d.lower().startswith(("season", "specials")) for d in dirs):
            seen["season"] += 1
        for name in names[:20]:
            ext = extension(name)
            if ext in VIDEO_EXTENSIONS:
                seen["video"] += 1
            elif ext in BOOK_EXTENSIONS - {"mp3"}:
                seen["book"] += 1
            elif ext in AUDIO_EXTENSIONS:
                seen["audio"] += 1
        del folder
    if seen["season"]:
        return "series"
    if seen["audio"] > seen["video"] and seen["audio"] >= seen["book"]:
        return "music"
    if seen["book"] > seen["video"]:
        return "books"
    return "movies"


def collect(state: StateDB, roots: dict[MediaKind, Path]) -> Adopted:
    """Group the indexed files of each root into items (movies and series in SQL: a library
    of 100,000 episodes must not become 100,000 objects here)."""
    adopted = Adopted(roots={str(kind): path for kind, path in roots.items()})
    for kind, root in roots.items():
        adopted.unmatched += [
            (f"{root}/{f.path}", f.reason) for f in files(state, root=str(root), kind="unmatched")
        ]
        if kind == "movies":
            adopted.movies += _movies(state, str(root))
        elif kind == "series":
            adopted.series += _series(state, str(root))
        elif kind == "music":
            adopted.music += _music(identified_files(state, str(root)))
        else:
            adopted.books += _books(identified_files(state, str(root)))
    return adopted


def _movies(state: StateDB, root: str) -> list[AdoptedMovie]:
    found = [
        AdoptedMovie(title, year, tmdb, imdb)
        for _, title, year, tmdb, imdb in movie_items(state, root)
    ]
    return sorted(found, key=lambda m: (m.title.casefold(), m.year or 0))


def _series(state: StateDB, root: str) -> list[AdoptedSeries]:
    shows = [
        AdoptedSeries(title, year, tvdb, None, imdb, seasons)
        for _, title, year, tvdb, imdb, seasons in series_items(state, root)
    ]
    return sorted(shows, key=lambda s: s.title.casefold())


def _music(rows: list[IdentifiedFile]) -> list[AdoptedArtist]:
    albums: dict[str, dict[str, int | None]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        if row.kind != "track" or not row.item_key:
            continue
        artist_folder = row.path.split("/")[0]
        names.setdefault(artist_folder, artist_folder)
        if row.title:
            albums[artist_folder].setdefault(row.title, row.year)
    return [
        AdoptedArtist(names[a], tuple(sorted(albums[a].items(), key=lambda x: x[0].casefold())))
        for a in sorted(albums, key=str.casefold)
    ]


def _books(rows: list[IdentifiedFile]) -> list[AdoptedBook]:
    found: dict[str, AdoptedBook] = {}
    for row in rows:
        if row.kind == "book" and row.item_key and row.title:
            author = row.path.split("/")[0]
            found.setdefault(row.item_key, AdoptedBook(author, row.title, row.year))
    return sorted(found.values(), key=lambda b: (b.author.casefold(), b.title.casefold()))

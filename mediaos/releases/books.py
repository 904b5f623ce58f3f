"""Ebook and audiobook releases: author, title and format.

Why its own reading: book names are "Author - Title (2019) [EPUB]", scene
"Author.Name.-.Title.2019.RETAIL.EPUB.eBook-GROUP" or audiobook
"Author - Title (Unabridged) [M4B]"; the "Author - Title" split is the whole structure,
and the format (or the words audiobook/unabridged/narrated) is what tells a book from a film.

Quality names follow Readarr's in `mediaos.core.qualities`: PDF, MOBI, AZW3, EPUB for
ebooks; MP3 Audiobook, M4B and FLAC Audiobook for audiobooks. A book that names no format
is "Unknown Text". When a name lists several formats ("EPUB, MOBI"), the first one wins,
because indexers list the main file first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediaos.releases.titles import clean_title

_FORMAT = re.compile(
    r"(?<![a-z0-9])(?P<f>epub|mobi|azw3|azw|pdf|cbz|cbr|m4b|mp3|flac|m4a)(?![a-z0-9])",
    re.IGNORECASE,
)
_AUDIOBOOK = re.compile(
    r"(?<![a-z0-9])(?:audio ?book|unabridged|abridged|read by|narrated(?: by)?|narr|m4b)"
    r"(?![a-z0-9])",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"^(?P<author>.+?)\s+[-–]\s+(?P<title>.+)$")
_TAIL = re.compile(
    r"(?:[\s\-]*(?:[\(\[\{][^\)\]\}]*[\)\]\}]|(?<![a-z0-9])(?:retail|epub|mobi|azw3?|pdf|m4b"
    r"|mp3|e-?book|audio ?book|unabridged|abridged)(?![a-z0-9])))+[\s\-]*$",
    re.IGNORECASE,
)
_BRACKETED_YEAR = re.compile(r"[\(\[]((?:19|20)\d\d)[\)\]]")
_EBOOK_QUALITY = {"EPUB": "EPUB", "MOBI": "MOBI", "AZW3": "AZW3", "AZW": "AZW3", "PDF": "PDF"}


@dataclass(frozen=True, slots=True)
class Book:
    author: str | None
    title: str | None
    year: int | None
    book_format: str | None
    quality: str


def read_book(normalised: str, body_end: int, year: int | None) -> Book:
    """Author, title and format; `body_end` is where the year or release tags start."""
    audiobook = bool(_AUDIOBOOK.search(normalised))
    fmt_m = _FORMAT.search(normalised)
    fmt = fmt_m["f"].upper() if fmt_m else None
    if audiobook:
        quality = {"M4B": "M4B", "FLAC": "FLAC Audiobook"}.get(fmt or "", "MP3 Audiobook")
        if fmt is None:
            fmt = "MP3"
    else:
        quality = _EBOOK_QUALITY.get(fmt or "", "Unknown Text")
    body = normalised[:body_end]
    m = _SPLIT.match(body)
    author = title = None
    if m:
        author = clean_title(m["author"]) or None
        title = clean_title(_TAIL.sub("", m["title"])) or None
    else:
        title = clean_title(_TAIL.sub("", body)) or None
    if year is None:
        found = _BRACKETED_YEAR.search(normalised)
        year = int(found.group(1)) if found else None
    return Book(author, title, year, fmt, quality)

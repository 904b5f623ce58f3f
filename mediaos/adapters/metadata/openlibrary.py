"""Open Library: books (works), their authors and ISBNs, with no API key.

- A book is a *work* (`OL45883W`); editions (`OL7353617M`) and ISBNs lead to their work.
  `/isbn/{isbn}.json` redirects to `/books/{edition}.json`, so the client follows redirects.
- A work is `/works/{id}.json` (title, author keys, sometimes the first publication date),
  the first author's `/authors/{id}.json` (the name) and `/works/{id}/editions.json` (the
  ISBNs and, when the work lacks it, the earliest publication year).
- Search is `/search.json` with `fields` named explicitly: Open Library returns some fields
  only when asked.
- No official rate figure exists (third parties say about 1 request/s for unidentified
  clients, 3 for identified ones); we send our User-Agent and pace at 1 request/s.
"""

from __future__ import annotations

import re
from typing import TypeVar, Unpack

from pydantic import BaseModel

from mediaos.adapters.metadata.base import BookMeta
from mediaos.adapters.metadata.gateway import (
    GatewaySource,
    Params,
    Payload,
    Wiring,
    open_gateway,
)
from mediaos.core.errors import NotFound
from mediaos.schemas.services import OpenLibrarySpec

NAME = "openlibrary"
SEARCH_FIELDS = "key,title,author_name,first_publish_year,isbn"
EDITIONS_LIMIT = 100
_P = TypeVar("_P", bound=BaseModel)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


class _Key(Payload):
    key: str


class _AuthorRole(Payload):
    author: _Key


class _Work(Payload):
    key: str
    title: str
    authors: list[_AuthorRole] = []
    first_publish_date: str | None = None


class _Author(Payload):
    name: str


class _Edition(Payload):
    key: str = ""
    works: list[_Key] = []
    isbn_10: list[str] = []
    isbn_13: list[str] = []
    publish_date: str | None = None


class _Editions(Payload):
    entries: list[_Edition] = []


class _Doc(Payload):
    key: str
    title: str
    author_name: list[str] = []
    first_publish_year: int | None = None
    isbn: list[str] = []


class _Search(Payload):
    docs: list[_Doc] = []


class OpenLibrary(GatewaySource):
    name = NAME

    @classmethod
    def from_spec(cls, spec: OpenLibrarySpec, **wiring: Unpack[Wiring]) -> OpenLibrary:
        return cls(
            open_gateway(NAME, spec.url, calls=1, per=1.0, wiring=wiring, follow_redirects=True)
        )

    async def book(self, *, openlibrary: str | None = None, isbn: str | None = None) -> BookMeta:
        work = openlibrary if openlibrary and openlibrary.endswith("W") else None
        if work is None and (openlibrary or isbn):
            path = f"/books/{openlibrary}.json" if openlibrary else f"/isbn/{isbn}.json"
            edition = await self._get(path, _Edition)
            work = last_segment(edition.works[0].key) if edition.works else None
        if work is None:
            raise NotFound(NAME, "book lookup", "no Open Library work for the ids given")
        raw = await self._get(f"/works/{work}.json", _Work)
        author = None
        if raw.authors:
            author_id = last_segment(raw.authors[0].author.key)
            author = (await self._get(f"/authors/{author_id}.json", _Author)).name
        editions = await self._get(
            f"/works/{work}/editions.json", _Editions, {"limit": EDITIONS_LIMIT}
        )
        return to_book(raw, author, editions.entries)

    async def search_books(
        self, title: str, author: str | None = None, year: int | None = None
    ) -> tuple[BookMeta, ...]:
        params: Params = {"title": title, "fields": SEARCH_FIELDS, "limit": 20}
        if author:
            params = {**params, "author": author}
        found = await self._get("/search.json", _Search, params)
        return tuple(
            BookMeta(
                openlibrary=last_segment(d.key),
                title=d.title,
                author=d.author_name[0] if d.author_name else None,
                first_publish_year=d.first_publish_year,
                isbns=tuple(d.isbn),
            )
            for d in found.docs
            if year is None or d.first_publish_year in (year, None)
        )

    async def _get(self, path: str, model: type[_P], params: Params | None = None) -> _P:
        return await self._gw.get_json(path, model, params=params)


def last_segment(key: str) -> str:
    """`"/works/OL45883W"` -> `"OL45883W"`."""
    return key.rstrip("/").rpartition("/")[2]


def to_book(work: _Work, author: str | None, editions: list[_Edition]) -> BookMeta:
    isbns = dict.fromkeys(i for e in editions for i in (*e.isbn_13, *e.isbn_10))
    known = [y for y in [_first_year(work.first_publish_date)] if y is not None] or [
        y for y in (_first_year(e.publish_date) for e in editions) if y is not None
    ]
    return BookMeta(
        openlibrary=last_segment(work.key),
        title=work.title,
        author=author,
        first_publish_year=min(known) if known else None,
        isbns=tuple(isbns),
    )


def _first_year(text: str | None) -> int | None:
    """Open Library dates are free text ("1954", "July 29, 1954", "1954-07-29")."""
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None

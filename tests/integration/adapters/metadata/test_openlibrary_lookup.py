from __future__ import annotations

import pytest

from mediaos.adapters.http import build_client
from mediaos.adapters.metadata.openlibrary import SEARCH_FIELDS, OpenLibrary
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.core.errors import NotFound
from mediaos.schemas.services import OpenLibrarySpec
from tests.integration.adapters.metadata.conftest import FakeClock, gateway
from tests.peers.metadata_servers import MetadataServer

HOBBIT_PATHS = [
    "/works/OL262758W.json",
    "/authors/OL26320A.json",
    "/works/OL262758W/editions.json",
]


def adapter(server: MetadataServer, clock: FakeClock) -> OpenLibrary:
    client = build_client(base_url=server.url, follow_redirects=True)
    return OpenLibrary(gateway(server, clock, None, calls=1, per=1.0, client=client))


async def test_work_lookup_has_author_first_year_and_every_isbn(
    openlibrary: MetadataServer, clock: FakeClock
) -> None:
    book = await adapter(openlibrary, clock).book(openlibrary="OL262758W")
    assert (book.openlibrary, book.title, book.author) == (
        "OL262758W",
        "The Hobbit",
        "J.R.R. Tolkien",
    )
    assert book.first_publish_year == 1937  # from "September 21, 1937"
    assert book.isbns == ("9780261102217", "0261102214", "9780547928227")
    assert openlibrary.paths() == HOBBIT_PATHS


async def test_an_isbn_follows_the_redirect_to_its_edition_and_then_its_work(
    openlibrary: MetadataServer, clock: FakeClock
) -> None:
    book = await adapter(openlibrary, clock).book(isbn="9780547928227")
    assert book.openlibrary == "OL262758W"
    assert openlibrary.paths()[:2] == ["/isbn/9780547928227.json", "/books/OL25433130M.json"]


async def test_an_edition_id_leads_to_its_work(
    openlibrary: MetadataServer, clock: FakeClock
) -> None:
    book = await adapter(openlibrary, clock).book(openlibrary="OL7354170M")
    assert book.title == "The Hobbit"
    assert openlibrary.paths() == ["/books/OL7354170M.json", *HOBBIT_PATHS]


async def test_search_asks_for_its_fields_and_filters_by_year(
    openlibrary: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(openlibrary, clock)
    found = await source.search_books("The Hobbit", "Tolkien")
    assert [(b.openlibrary, b.author, b.first_publish_year) for b in found] == [
        ("OL262758W", "J.R.R. Tolkien", 1937)
    ]
    assert found[0].isbns[0] == "9780261102217"
    assert openlibrary.requests[0].query["fields"] == SEARCH_FIELDS
    assert openlibrary.requests[0].query["author"] == "Tolkien"
    assert await source.search_books("The Hobbit", year=2001) == ()


async def test_unknown_books_are_not_found(openlibrary: MetadataServer, clock: FakeClock) -> None:
    source = adapter(openlibrary, clock)
    with pytest.raises(NotFound):
        await source.book(isbn="9999999999")
    with pytest.raises(NotFound, match="no Open Library work"):
        await source.book()


async def test_from_spec_follows_redirects(openlibrary: MetadataServer) -> None:
    spec = OpenLibrarySpec(url=openlibrary.url)
    source = OpenLibrary.from_spec(spec, limiter=RateLimiter(10, 1.0))
    assert (await source.book(isbn="0261102214")).title == "The Hobbit"
    await source.aclose()

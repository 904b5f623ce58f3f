"""What an EPUB says about itself: title, authors, date, ISBN and language from its OPF.

Why: ebooks are rarely named the Readarr way, but nearly every EPUB carries its metadata in
the OPF package file that `META-INF/container.xml` points to. The scanner asks it first
(`identify_book`) and keeps what folder and file names said when it says nothing.

Invariants a reader must not break:
- Nothing here raises on a bad file: a zip that is not one, a zip without container.xml,
  broken XML, an entity bomb or a zip bomb gives `Read(None, reason)`.
- Effort is bounded whatever the archive claims: at most `MAX_ZIP_MEMBERS` entries are
  accepted, and only two members are read (container.xml and the OPF), each at most
  `MAX_XML_BYTES`, by a read that stops there even when the zip headers lie. XML goes
  through defusedxml (no entity expansion, no external references).
- Blocking file I/O, like `walk`: the scanner calls `read_epub` through `asyncio.to_thread`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mediaos.adapters.library.tags import MAX_TEXT, Read
from mediaos.releases.identify import Identified
from mediaos.schemas.keys import book_key

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d|2100)")


def _year(text: str | None) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


MAX_ZIP_MEMBERS = 10_000
MAX_XML_BYTES = 1024 * 1024
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_OPF_ATTR = "{" + _NS["opf"] + "}"
_EPUB_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,  # a compression method zipfile does not have
    RuntimeError,  # an encrypted member
)  # with the XML parser's errors, added where it is imported (see `read_epub`)


class _Refused(Exception):
    """A bound was hit; the message is the reason shown to users."""


@dataclass(frozen=True, slots=True)
class EbookMetadata:
    title: str | None
    authors: tuple[str, ...]
    date: str | None
    year: int | None
    isbn: str | None  # digits only (and X), checksum verified
    language: str | None

    @property
    def author(self) -> str | None:
        return self.authors[0] if self.authors else None


def read_epub(path: Path) -> Read[EbookMetadata]:
    """Title, authors, date, ISBN and language from an EPUB's OPF (blocking, bounded)."""
    # Imported here, not at the top: the scanner is the only reader, and an offline `diff`
    # (which imports this module with the reconcilers) never scans.
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]

    unreadable: tuple[type[Exception], ...] = (*_EPUB_ERRORS, ParseError, DefusedXmlException)
    try:
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > MAX_ZIP_MEMBERS:
                return Read(None, f"more than {MAX_ZIP_MEMBERS:,} zip members: refused")
            container = _xml(archive, "META-INF/container.xml")
            rootfile = container.find("c:rootfiles/c:rootfile", _NS)
            opf_path = rootfile.get("full-path") if rootfile is not None else None
            if not opf_path:
                return Read(None, "container.xml names no OPF package file")
            return Read(_metadata(_xml(archive, opf_path)))
    except _Refused as err:
        return Read(None, str(err))
    except unreadable as err:
        return Read(None, f"unreadable EPUB: {type(err).__name__}")


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _Refused(f"no {name} in the archive: not an EPUB") from None
    if info.file_size > MAX_XML_BYTES:
        raise _Refused(f"{name} claims {info.file_size:,} bytes: refused")
    with archive.open(info) as member:
        data = member.read(MAX_XML_BYTES + 1)  # headers can lie; the read cannot
    if len(data) > MAX_XML_BYTES:
        raise _Refused(f"{name} is larger than {MAX_XML_BYTES:,} bytes: refused")
    import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped, unused-ignore]

    root: Element = SafeET.fromstring(data)
    return root


def _metadata(opf: Element) -> EbookMetadata:
    meta = opf.find("opf:metadata", _NS)
    if meta is None:
        meta = opf  # some EPUB 2 files wrap it in dc-metadata; search the whole package
    roles = {
        (m.get("refines") or "").lstrip("#"): (m.text or "").strip()
        for m in meta.iter("{" + _NS["opf"] + "}meta")
        if m.get("property") == "role"
    }
    creators = [
        (_text(c), c.get(_OPF_ATTR + "role") or roles.get(c.get("id") or "", ""))
        for c in meta.iter("{" + _NS["dc"] + "}creator")
    ]
    authors = tuple(name for name, role in creators if name and role in ("", "aut"))
    dates = list(meta.iter("{" + _NS["dc"] + "}date"))
    published = [d for d in dates if d.get(_OPF_ATTR + "event") in (None, "publication")]
    date = _text(published[0]) if published else _text(dates[0]) if dates else None
    title = next((t for t in map(_text, meta.iter("{" + _NS["dc"] + "}title")) if t), None)
    language = next((t for t in map(_text, meta.iter("{" + _NS["dc"] + "}language")) if t), None)
    return EbookMetadata(
        title=title,
        authors=authors or tuple(name for name, _ in creators if name),
        date=date,
        year=_year(date),
        isbn=_isbn(meta),
        language=language,
    )


def _text(element: Element) -> str | None:
    text = " ".join("".join(element.itertext()).split())
    return text[:MAX_TEXT] or None


def _isbn(meta: Element) -> str | None:
    """The first identifier that is a valid ISBN: marked as one (opf:scheme, urn:isbn:), or
    else any 13-digit 978/979 number with a valid checksum."""
    marked: list[str] = []
    other: list[str] = []
    for element in meta.iter("{" + _NS["dc"] + "}identifier"):
        text = (_text(element) or "").lower()
        scheme = (element.get(_OPF_ATTR + "scheme") or "").lower()
        is_marked = scheme == "isbn" or text.startswith(("urn:isbn:", "isbn:"))
        digits = re.sub(r"[^0-9x]", "", text.rpartition(":")[2]).upper()
        (marked if is_marked else other).append(digits)
    for digits in marked:
        if _valid_isbn(digits):
            return digits
    return next(
        (d for d in other if len(d) == 13 and d[:3] in ("978", "979") and _valid_isbn(d)), None
    )


def _valid_isbn(digits: str) -> bool:
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return total % 10 == 0
    if re.fullmatch(r"\d{9}[\dX]", digits):
        values = [10 if d == "X" else int(d) for d in digits]
        return sum(v * (10 - i) for i, v in enumerate(values)) % 11 == 0
    return False


def identify_book(found: Identified, book: EbookMetadata) -> Identified:
    """The OPF's author and title over the folder names when it has both; the ISBN joins
    the key only when there is no title (keys come from names first, like declarations)."""
    if not (book.author and book.title):
        return found
    return replace(
        found,
        kind="book",
        item_key=book_key(book.author, book.title, book.isbn),
        title=book.title,
        year=book.year or found.year,
        reason="",
    )

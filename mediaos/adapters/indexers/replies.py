"""Reading an indexer's XML reply safely, and turning its `<error>` element into a typed error.

Why a module of its own: every Newznab/Torznab answer (caps, search, RSS) goes through the
same three gates, in this order, and none of them may be skipped:

1. The body is untrusted. It is parsed with defusedxml with DTDs, entities and external
   references forbidden, so a billion-laughs bomb or an XXE probe is refused before expat
   expands anything. Control characters that XML 1.0 forbids (some indexers put them in
   titles) are removed first, so one bad title cannot cost the whole page.
2. An HTML page (a login form, a reverse proxy's error page) is named as such, because
   "malformed XML" would send the user looking in the wrong place.
3. An `<error code=.. description=..>` anywhere in the document wins over the HTTP status:
   classic newznab answers 200 with an error body, Prowlarr 400/410/429/500 with the same
   body (protocols.md 1.7, Sonarr's `PreProcess`).

Everything here is pure: bytes and `now` in, an element or an exception out. Error messages
are shown to users, so descriptions from the peer are bounded and redacted.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException

from mediaos.adapters.http import redact_url
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unsupported,
)

NS_NEWZNAB = "http://www.newznab.com/DTD/2010/feeds/attributes/"
NS_TORZNAB = "http://torznab.com/schemas/2015/feed"
EXTENSION_NAMESPACES = (NS_NEWZNAB, NS_TORZNAB)

_XML_INVALID_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CHAR_REF = re.compile(rb"&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});")
_LIMIT_WORDS = re.compile(
    r"\blimit (?:reached|exceeded)|\b(?:request|download|grab|query|api) limit"
)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_MAX_DESCRIPTION = 160


def load_xml(body: bytes, *, adapter: str, operation: str) -> Element:
    """The document's root element; `BadPayload` for HTML, malformed or hostile XML."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        raise BadPayload(
            adapter, operation, "the indexer answered with an HTML page, not XML (wrong URL?)"
        )
    if not body.strip():
        raise BadPayload(adapter, operation, "the indexer answered with an empty body")
    cleaned = _CHAR_REF.sub(_drop_invalid_ref, _XML_INVALID_BYTES.sub(b"", body))
    try:
        root: Element = SafeTree.fromstring(
            cleaned, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as err:
        raise BadPayload(
            adapter, operation, f"refused XML with a DTD or entities ({type(err).__name__})"
        ) from err
    except ParseError as err:
        raise BadPayload(adapter, operation, f"malformed XML ({_bounded(str(err))})") from err
    return root


def find_error(root: Element) -> Element | None:
    """The `<error>` element, at the root or anywhere below it (as Sonarr looks for it)."""
    if _local(root.tag) == "error":
        return root
    for element in root.iter():
        if _local(element.tag) == "error":
            return element
    return None


def raise_for_error(
    root: Element,
    *,
    adapter: str,
    operation: str,
    api_key_sent: bool,
    hint: timedelta | None,
    now: datetime,
) -> None:
    """Raise the typed error an `<error>` element stands for; return if there is none."""
    element = find_error(root)
    if element is None:
        return
    raise error_for_code(
        element.get("code", ""),
        element.get("description", ""),
        adapter=adapter,
        operation=operation,
        api_key_sent=api_key_sent,
        hint=hint or next_available(root, now),
    )


def error_for_code(
    code_text: str,
    description: str,
    *,
    adapter: str,
    operation: str,
    api_key_sent: bool = True,
    hint: timedelta | None = None,
) -> AdapterError:
    """The error-tree leaf for a newznab/torznab error code (protocols.md 1.7)."""
    code = int(code_text) if code_text.strip().isdigit() else -1
    said = _bounded(description) or "no description"
    message = f"indexer error {code if code >= 0 else '?'}: {said}"
    lowered = description.lower()
    if code in (429, 500, 501) or _LIMIT_WORDS.search(lowered):
        return RateLimited(adapter, operation, message, retry_after=hint)
    if 100 <= code <= 199:
        return AuthRejected(adapter, operation, message + " (check the API key)")
    if code in (200, 201) and not api_key_sent and ("apikey" in lowered or "missing" in lowered):
        return AuthRejected(adapter, operation, "the indexer requires an API key")
    if code in (200, 201):
        return BadPayload(adapter, operation, message)
    if code in (202, 203, 910, 410):
        return Unsupported(adapter, operation, message)
    if code == 300:
        return NotFound(adapter, operation, message)
    return PeerBusy(adapter, operation, message, retry_after=hint)


def next_available(root: Element, now: datetime) -> timedelta | None:
    """How long until `apiNextAvailable` (newznab:apilimits, torznab 1.4 draft), if given."""
    for element in root.iter():
        value = element.get("apiNextAvailable") or element.get("apinextavailable")
        if value:
            when = parse_date(value)
            if when is not None:
                return max(when - now, timedelta(0))
    return None


def parse_date(value: str) -> datetime | None:
    """An RFC 822/2822 date as aware UTC; None for anything unreadable."""
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def extension_attrs(element: Element) -> dict[str, list[str]]:
    """`newznab:attr` / `torznab:attr` children by lower-case name, values in order, no
    duplicates. Matched on the namespace URI: prefixes are the server's choice."""
    found: dict[str, list[str]] = {}
    for child in element:
        if child.tag not in _ATTR_TAGS:
            continue
        name = (child.get("name") or "").strip().lower()
        value = (child.get("value") or "").strip()
        if name and value and value not in found.setdefault(name, []):
            found[name].append(value)
    return found


_ATTR_TAGS = frozenset(f"{{{ns}}}attr" for ns in EXTENSION_NAMESPACES)


def _drop_invalid_ref(match: re.Match[bytes]) -> bytes:
    """Keep a character reference unless it names a character XML 1.0 forbids (expat would
    reject the whole document for one `&#1;` in a title)."""
    digits = match.group(1)
    number = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    if (
        number in (0x9, 0xA, 0xD)
        or 0x20 <= number <= 0xD7FF
        or 0xE000 <= number <= 0xFFFD
        or 0x10000 <= number <= 0x10FFFF
    ):
        return match.group(0)
    return b""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _bounded(text: str) -> str:
    """A peer's words made safe to show: one line, no secrets, at most 160 characters."""
    line = " ".join(redact_url(text).split())
    return line if len(line) <= _MAX_DESCRIPTION else line[: _MAX_DESCRIPTION - 1] + "…"

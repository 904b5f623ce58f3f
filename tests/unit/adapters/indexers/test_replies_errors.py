"""`load_xml` refuses hostile and non-XML bodies; `error_for_code` maps newznab/torznab
error codes to the error tree (protocols.md 1.7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mediaos.adapters.indexers.replies import (
    error_for_code,
    find_error,
    load_xml,
    next_available,
    raise_for_error,
)
from mediaos.core.errors import (
    AdapterError,
    AuthRejected,
    BadPayload,
    NotFound,
    PeerBusy,
    RateLimited,
    Unsupported,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def load(body: bytes):  # type: ignore[no-untyped-def]
    return load_xml(body, adapter="ix", operation="search")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>',
            "DTD or entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            "DTD or entities",
        ),
        (b"<!DOCTYPE html><html><body>login</body></html>", "HTML page"),
        (b"\xef\xbb\xbf  <html lang='en'><head></head></html>", "HTML page"),
        (b"<!-- proxy --><HTML>", "HTML page"),
        (b"<rss><channel></rss>", "malformed XML"),
        (b'{"json": true}', "malformed XML"),
        (b"   ", "empty body"),
    ],
)
def test_hostile_or_foreign_bodies_are_bad_payloads(body: bytes, words: str) -> None:
    with pytest.raises(BadPayload, match=words):
        load(body)


def test_invalid_character_references_are_dropped_and_valid_ones_kept() -> None:
    root = load(b"<t>a&#1;b&#x1b;c&#233;&#x41;&#10;</t>")
    assert root.text == "abc\u00e9A\n"


CODES = [
    ("100", "Incorrect user credentials", AuthRejected),
    ("101", "Account suspended", AuthRejected),
    ("102", "Insufficient privileges", AuthRejected),
    ("105", "Registration denied", AuthRejected),
    ("200", "Missing parameter", BadPayload),
    ("201", "Incorrect parameter", BadPayload),
    ("202", "No such function", Unsupported),
    ("203", "Function not available", Unsupported),
    ("300", "No such item", NotFound),
    ("429", "Too many requests", RateLimited),
    ("500", "Request limit reached", RateLimited),
    ("501", "Download limit reached", RateLimited),
    ("900", "Unknown error", PeerBusy),
    ("910", "API disabled", Unsupported),
    ("410", "Indexer disabled", Unsupported),
    ("999", "Request limit reached", RateLimited),
    ("x", "Whatever", PeerBusy),
]


@pytest.mark.parametrize(("code", "description", "expected"), CODES, ids=[c[0] for c in CODES])
def test_codes_map_to_the_error_tree(code: str, description: str, expected: type) -> None:
    error = error_for_code(code, description, adapter="ix", operation="search")
    assert type(error) is expected
    assert description in str(error)


def test_a_missing_key_is_named_as_such() -> None:
    error = error_for_code(
        "200", "Missing parameter (apikey)", adapter="ix", operation="rss", api_key_sent=False
    )
    assert isinstance(error, AuthRejected) and "requires an API key" in str(error)


def test_descriptions_are_bounded_and_redacted() -> None:
    error = error_for_code(
        "201", "bad http://x/?apikey=SECRET " + "y" * 500, adapter="ix", operation="search"
    )
    assert "SECRET" not in str(error) and len(str(error)) < 220


def test_error_elements_are_found_anywhere_and_carry_the_hint() -> None:
    later = "Wed, 25 Nov 2026 14:00:00 +0000"
    root = load(
        f'<rss><channel><x apiNextAvailable="{later}"/><error code="500" '
        f'description="Request limit reached"/></channel></rss>'.encode()
    )
    assert find_error(root) is not None
    assert next_available(root, NOW) == timedelta(hours=2)
    with pytest.raises(RateLimited) as caught:
        raise_for_error(
            root, adapter="ix", operation="search", api_key_sent=True, hint=None, now=NOW
        )
    assert caught.value.retry_after == timedelta(hours=2)


def test_a_document_without_error_passes() -> None:
    raise_for_error(
        load(b"<rss><channel/></rss>"),
        adapter="ix",
        operation="search",
        api_key_sent=True,
        hint=None,
        now=NOW,
    )


def test_every_error_is_an_adapter_error() -> None:
    assert all(issubclass(c[2], AdapterError) for c in CODES)

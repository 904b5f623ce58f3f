"""redact(): secrets out of links and guids, plain values kept so links stay usable."""

from __future__ import annotations

import pytest

from mediaos.core.redaction import redact

SECRET = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"http://nzb.example/api?t=get&id=42&apikey={SECRET}",
            "http://nzb.example/api?t=get&id=42&apikey=***",
        ),
        (f"http://idx/getnzb?id=42&r={SECRET}", "http://idx/getnzb?id=42&r=***"),
        (
            f"https://jackett:9117/dl/x?jackett_apikey={SECRET}&path=abc",
            "https://jackett:9117/dl/x?jackett_apikey=***&path=abc",
        ),
        (
            f"https://tracker/download.php?id=7&passkey={SECRET}",
            "https://tracker/download.php?id=7&passkey=***",
        ),
        (f"https://tracker/rss?rsskey={SECRET}", "https://tracker/rss?rsskey=***"),
        (f"https://tracker/dl?torrent_pass={SECRET}", "https://tracker/dl?torrent_pass=***"),
        ("https://user:pw@host/api", "https://***@host/api"),
        (f"http://idx/api?t={SECRET}", "http://idx/api?t=***"),
    ],
)
def test_secrets_are_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "http://nzb.example/api?t=get&id=42",
        "http://nzb.example/api?t=tvsearch&q=show&season=1",
        "https://tracker/details.php?id=123&uid=77",
        "Some.Release.2021.1080p.WEB-DL-GRP",
    ],
)
def test_plain_values_are_kept(text: str) -> None:
    assert redact(text) == text


def test_a_passkey_inside_a_magnets_encoded_tracker_url_is_redacted() -> None:
    magnet = (
        "magnet:?xt=urn:btih:" + "ab" * 20 + "&dn=x"
        f"&tr=https%3A%2F%2Ftracker.example%2Fannounce%3Fpasskey%3D{SECRET}"
        "&tr=udp%3A%2F%2Fopen.example%3A1337"
    )
    redacted = redact(magnet)
    assert SECRET not in redacted
    assert "%3Fpasskey%3D***" in redacted
    assert redacted.endswith("&tr=udp%3A%2F%2Fopen.example%3A1337")


def test_redaction_is_idempotent() -> None:
    once = redact(f"http://idx/api?t=get&apikey={SECRET}&r={SECRET}")
    assert redact(once) == once

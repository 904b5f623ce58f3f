"""Release files fetched from a loopback indexer: bounded, validated, redirects followed."""

from __future__ import annotations

import httpx
import pytest

from mediaos.adapters.releasefiles import fetch_release_file, parse_nzb, safe_stem
from mediaos.core.errors import BadPayload, NotFound
from tests.integration.adapters.downloaders.usenet.conftest import FileHost
from tests.peers.nntp_server import build_nzb, make_articles


async def test_a_redirect_to_the_file_is_followed(files: FileHost, http: httpx.AsyncClient) -> None:
    nzb = build_nzb("a.bin", make_articles(b"hello", "a.bin"))
    url = files.publish("a.nzb", nzb).replace("/get/", "/redirect/")
    assert await fetch_release_file(http, url, adapter="test") == nzb
    assert files.requests == ["/redirect/a.nzb", "/get/a.nzb"]


async def test_missing_oversized_and_non_http_files_are_typed_errors(
    files: FileHost, http: httpx.AsyncClient
) -> None:
    with pytest.raises(NotFound) as caught:
        await fetch_release_file(
            http, f"{files.base}/get/nope?apikey=indexer-secret-key", adapter="t"
        )
    assert "indexer-secret-key" not in str(caught.value)
    big = files.publish("big.nzb", b"x" * 2_000_000)
    with pytest.raises(BadPayload, match="too large"):
        await fetch_release_file(http, big, adapter="test", max_bytes=1_000_000)
    with pytest.raises(BadPayload, match="not http"):
        await fetch_release_file(http, "file:///etc/passwd", adapter="test")
    empty = files.publish("empty.nzb", b"")
    with pytest.raises(BadPayload, match="empty"):
        await fetch_release_file(http, empty, adapter="test")


@pytest.mark.parametrize(
    "document",
    [
        b"not xml at all",
        b"<html><body>Sign in</body></html>",
        b'<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"></nzb>',
        b'<!DOCTYPE nzb [<!ENTITY x SYSTEM "file:///etc/passwd">]><nzb>&x;</nzb>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
        b'<!ENTITY b "&a;&a;&a;">]><nzb>&b;</nzb>',
    ],
    ids=["garbage", "html", "no files", "external entity", "entity expansion"],
)
def test_only_a_real_nzb_is_accepted(document: bytes) -> None:
    with pytest.raises(BadPayload):
        parse_nzb(document, adapter="test")


def test_a_generated_nzb_is_summarised() -> None:
    articles = make_articles(b"x" * 300_000, "f.bin", part_size=100_000)
    summary = parse_nzb(build_nzb("f.bin", articles), adapter="test")
    assert (summary.files, summary.segments) == (1, 3)
    assert summary.bytes == sum(len(a.body) for a in articles)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Movie.2026.1080p.BluRay.x264-GRP", "Movie.2026.1080p.BluRay.x264-GRP"),
        ("../../etc/passwd", "etc_passwd"),
        ("Show: Part 1/2 <Final>?", "Show_ Part 1_2 _Final_"),
        ("   ", "release"),
        ("nul", "_nul"),
    ],
)
def test_safe_stem_turns_titles_into_harmless_names(title: str, expected: str) -> None:
    assert safe_stem(title) == expected


def test_safe_stem_bounds_length_and_keeps_long_names_distinct() -> None:
    one, two = safe_stem("é" * 400 + "1"), safe_stem("é" * 400 + "2")
    assert one != two
    assert max(len(one.encode()), len(two.encode())) <= 180

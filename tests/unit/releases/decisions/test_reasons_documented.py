"""The reason codes, their docs and their JSON stay honest: every code is documented with its
exact message and nothing extra is, and the JSON form is stable and carries no secrets."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases import parse
from mediaos.releases.decide import decide
from mediaos.releases.decision import (
    DecisionContext,
    decision_to_dict,
    decision_to_json,
)
from mediaos.releases.reasons import MESSAGES, Reason, reasons_table
from mediaos.schemas.quality import ProfileSpec

DOC = Path(__file__).resolve().parents[4] / "docs" / "releases.md"
ROW = re.compile(r"^\| `(?P<code>[A-Z_]+)` \| (?P<outcome>rejects|accepts) \| (?P<message>.+) \|$")


def documented() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in DOC.read_text().splitlines():
        match = ROW.match(line)
        if match:
            assert match["code"] not in rows, f"{match['code']} is documented twice"
            rows[match["code"]] = (match["outcome"], match["message"])
    return rows


def test_every_reason_code_is_documented_with_its_message_and_nothing_else_is() -> None:
    expected = {r.value: ("rejects" if r.rejects else "accepts", r.message) for r in Reason}
    assert documented() == expected


def test_the_docs_hold_the_generated_table() -> None:
    assert reasons_table() in DOC.read_text()


def test_every_code_has_a_one_sentence_message() -> None:
    assert set(MESSAGES) == set(Reason)
    for message in MESSAGES.values():
        assert message.endswith(".") and message.count(". ") == 0, message
        assert message[0].isupper()


def test_decision_json_has_a_stable_key_order_and_no_urls() -> None:
    title = "Dune.2021.1080p.BluRay.x264-GRP"
    release = ReleaseInfo(
        title=title,
        guid="https://tracker.example/t/1?passkey=SECRET",
        indexer="tracker",
        protocol="torrent",
        download_url="https://tracker.example/dl/1?passkey=SECRET",
        magnet="magnet:?xt=urn:btih:abc&tr=https://tracker.example/announce?passkey=SECRET",
        info_url="https://tracker.example/details/1?apikey=SECRET",
        size=8 * 1024**3,
        seeders=12,
        published=datetime(2026, 5, 1, tzinfo=UTC),
    )
    wanted = WantedUnit(key="movie/dune-2021", kind="movie", title="Dune", year=2021)
    profile = ProfileSpec(allowed=["WEBDL-1080p"], cutoff="WEBDL-1080p")
    decision = decide(
        release, parse(title), wanted, profile, DecisionContext(now=datetime.now(UTC))
    )
    text = decision_to_json(decision)
    assert "SECRET" not in text
    assert list(json.loads(text)) == [
        "wanted", "title", "guid", "indexer", "protocol", "info_hash", "accepted", "quality",
        "revision", "score", "formats", "size", "seeders", "published", "release_group",
        "reasons",
    ]  # fmt: skip
    assert decision_to_dict(decision)["reasons"] == [
        {"code": "QUALITY_NOT_ALLOWED", "rejects": True,
         "message": "Bluray-1080p is not allowed by profile default"},
        {"code": "NEW_FILE", "rejects": False, "message": "no file is held for this item yet"},
    ]  # fmt: skip


def test_a_secret_in_a_guid_is_redacted() -> None:
    assert (
        redact("https://u:pw@x.example/dl?id=1&apikey=abc")
        == "https://***@x.example/dl?id=1&apikey=***"
    )

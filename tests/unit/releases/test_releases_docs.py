"""docs/releases.md must name every ParsedRelease field and every quality, in ladder order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mediaos.core.qualities import QUALITIES, MediaFamily
from mediaos.releases import ParsedRelease

DOC = (Path(__file__).parents[3] / "docs" / "releases.md").read_text(encoding="utf-8")


def test_every_parsed_release_field_has_a_row_in_the_field_table() -> None:
    missing = [f.name for f in dataclasses.fields(ParsedRelease) if f"| `{f.name}` |" not in DOC]
    assert missing == []


def _documented_ladder(label: str) -> list[str]:
    start = DOC.index(label)
    listing = DOC[start:].split("):", 1)[1].split(".\n", 1)[0]
    return [name.strip() for name in " ".join(listing.split()).split(",")]


def test_every_quality_name_is_documented_in_ladder_order() -> None:
    for label, family in (
        ("**Video**", MediaFamily.VIDEO),
        ("**Audio**", MediaFamily.AUDIO),
        ("**Books**", MediaFamily.BOOK),
    ):
        ladder = [q.name for q in QUALITIES if q.family is family]
        assert _documented_ladder(label) == ladder

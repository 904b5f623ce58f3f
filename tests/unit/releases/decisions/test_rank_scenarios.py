"""Ranking real decisions: one search's releases, decided and ranked, come out in the order
quality, score, revision, protocol, indexer priority, seeders, size."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases import parse
from mediaos.releases.decide import decide
from mediaos.releases.decision import DecisionContext, select_delay
from mediaos.releases.formats import compile_formats
from mediaos.releases.rank import rank
from mediaos.schemas.quality import DelayProfileSpec, ProfileSpec, QualitySpec

NOW = datetime(2026, 6, 1, tzinfo=UTC)
GIB = 1024**3
QUALITY = QualitySpec.model_validate(
    {
        "sizes": {"Bluray-1080p": {"min": 4, "preferred": 60, "max": 155}},
        "formats": {"DV": {"conditions": [{"type": "hdr", "value": "dv"}]}},
    }
)
PROFILE = ProfileSpec(
    allowed=["WEBRip-1080p", "WEBDL-1080p", "Bluray-1080p"],
    cutoff="Bluray-1080p",
    scores={"DV": 50},
)
WANTED = WantedUnit(
    key="movie/dune-2021", kind="movie", title="Dune", year=2021, runtime_minutes=155,
    digital_release=date(2021, 10, 22),
)  # fmt: skip
CONTEXT = DecisionContext(
    now=NOW,
    sizes=QUALITY.size_limits(),
    formats=compile_formats(QUALITY.formats),
    indexer_priority={"first": 1, "last": 50},
    delay=DelayProfileSpec(preferred_protocol="torrent"),
)


def offer(guid: str, title: str, **fields: Any) -> ReleaseInfo:
    base: dict[str, Any] = {
        "guid": guid, "title": title, "indexer": "first", "protocol": "torrent",
        "size": 9 * GIB, "seeders": 10, "published": NOW - timedelta(days=1),
    }  # fmt: skip
    return ReleaseInfo(**{**base, **fields})


def test_a_search_is_ranked_best_first_and_rejected_releases_are_left_out() -> None:
    offers = [
        offer("web", "Dune.2021.1080p.WEB-DL.DV.x264-GRP"),
        offer("webrip", "Dune.2021.1080p.WEBRip.x264-GRP", seeders=500),
        offer("plain", "Dune.2021.1080p.BluRay.x264-GRP"),
        offer("dv", "Dune.2021.1080p.BluRay.DV.x264-GRP"),
        offer("proper", "Dune.2021.PROPER.1080p.BluRay.x264-GRP"),
        offer("usenet", "Dune.2021.1080p.BluRay.x264-NZB", protocol="usenet", seeders=None),
        offer("slow-indexer", "Dune.2021.1080p.BluRay.x264-ALT", indexer="last"),
        offer("more-seeds", "Dune.2021.1080p.BluRay.x264-SEED", seeders=90),
        offer("far-size", "Dune.2021.1080p.BluRay.x264-BIG", seeders=90, size=20 * GIB),
        offer("cam", "Dune.2021.CAM.x264-FAKE"),
    ]
    decisions = [decide(o, parse(o.title), WANTED, PROFILE, CONTEXT) for o in offers]
    assert [d.release.guid for d in rank(decisions)] == [
        "dv",  # best quality and the DV score
        "proper",  # then the revision
        "more-seeds",  # torrent, first indexer, most seeders, size near 60 MiB/min x 155 min
        "far-size",  # same seeders, size further from the preferred
        "plain",
        "slow-indexer",  # indexer priority 50
        "usenet",  # not the preferred protocol
        "web",  # a lower quality, whatever its score
        "webrip",  # WEBRip and WEB-DL share a weight here; the DV score puts "web" first
    ]


def test_the_first_delay_profile_sharing_a_tag_or_untagged_applies() -> None:
    anime = DelayProfileSpec(tags=["anime"], torrent=120)
    default = DelayProfileSpec(torrent=30)
    assert select_delay([anime, default], ["anime", "4k"]) is anime
    assert select_delay([anime, default], ["4k"]) is default
    assert select_delay([anime], []) is None

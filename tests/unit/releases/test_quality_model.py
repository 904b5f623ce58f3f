"""The quality model: ladders, groups, size limits and profile decisions."""

from __future__ import annotations

import pytest

from mediaos.core.qualities import QUALITY_NAMES, MediaFamily
from mediaos.releases.quality import (
    MIB,
    Candidate,
    QualityProfile,
    SizeLimit,
    default_size_limit,
    group_of,
    ladder,
    rank,
)

HD = QualityProfile(
    allowed=(
        "HDTV-720p",
        ("WEBRip-720p", "WEBDL-720p"),
        "HDTV-1080p",
        ("WEBRip-1080p", "WEBDL-1080p"),
        "Bluray-1080p",
    ),
    cutoff="WEBDL-1080p",
)


def test_video_ladder_follows_radarr_order_from_unknown_to_raw_hd() -> None:
    video = ladder(MediaFamily.VIDEO)
    assert video[0] == "Unknown" and video[-1] == "Raw-HD"
    assert video.index("SDTV") < video.index("DVD") < video.index("WEBDL-480p")
    assert video.index("Bluray-1080p") < video.index("Remux-1080p") < video.index("WEBDL-2160p")


def test_every_quality_has_a_rank_in_its_family() -> None:
    for name in QUALITY_NAMES:
        assert rank(name) >= 0


def test_webdl_and_webrip_of_one_resolution_share_a_group() -> None:
    assert group_of("WEBDL-1080p") == group_of("WEBRip-1080p") == "WEB 1080p"
    assert group_of("Bluray-1080p") is None


def test_size_limit_is_per_minute_of_runtime() -> None:
    limit = SizeLimit(min_mib_per_min=2, max_mib_per_min=100)
    assert limit.allows(60 * 50 * MIB, 60)
    assert not limit.allows(60 * 1 * MIB, 60)
    assert not limit.allows(60 * 101 * MIB, 60)


def test_unlimited_maximum_and_unknown_runtime_allow_any_size() -> None:
    assert default_size_limit("Remux-2160p").allows(10**12, 120)
    assert default_size_limit("SDTV").allows(10**12, 0)


def test_default_sizes_match_the_ones_users_know() -> None:
    assert default_size_limit("HDTV-720p") == SizeLimit(3, 95, 125)
    assert default_size_limit("Bluray-1080p").max_mib_per_min == 155


def test_better_quality_below_cutoff_is_an_upgrade() -> None:
    assert HD.is_upgrade(Candidate("HDTV-720p"), Candidate("WEBDL-1080p"))


def test_grouped_qualities_rank_equal_so_switching_within_a_group_is_no_upgrade() -> None:
    assert not HD.is_upgrade(Candidate("WEBRip-720p"), Candidate("WEBDL-720p"))


def test_proper_of_same_quality_is_an_upgrade_below_cutoff() -> None:
    assert HD.is_upgrade(Candidate("HDTV-720p"), Candidate("HDTV-720p", revision=2))


def test_nothing_is_an_upgrade_once_cutoff_is_met() -> None:
    assert not HD.is_upgrade(Candidate("WEBDL-1080p"), Candidate("Bluray-1080p"))


def test_disallowed_quality_is_never_accepted_or_an_upgrade() -> None:
    assert not HD.accepts(Candidate("Remux-2160p"))
    assert not HD.is_upgrade(Candidate("HDTV-720p"), Candidate("Remux-2160p"))


def test_profile_with_upgrades_off_never_upgrades() -> None:
    frozen = QualityProfile(allowed=HD.allowed, cutoff="Bluray-1080p", upgrades=False)
    assert not frozen.is_upgrade(Candidate("HDTV-720p"), Candidate("Bluray-1080p"))


def test_score_cutoff_keeps_upgrading_a_cutoff_quality_until_the_score_is_met() -> None:
    scored = QualityProfile(allowed=HD.allowed, cutoff="WEBDL-1080p", cutoff_score=100)
    current = Candidate("WEBDL-1080p", score=10)
    assert scored.is_upgrade(current, Candidate("WEBDL-1080p", score=150))
    assert not scored.is_upgrade(Candidate("WEBDL-1080p", score=100), Candidate("Bluray-1080p"))


def test_minimum_score_rejects_low_scoring_releases() -> None:
    strict = QualityProfile(allowed=HD.allowed, cutoff="WEBDL-1080p", min_score=10)
    assert not strict.accepts(Candidate("WEBDL-1080p", score=5))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allowed": ("HDTV-720p",), "cutoff": "Bluray-1080p"},
        {"allowed": ("HDTV-720p", "FLAC"), "cutoff": "FLAC"},
        {"allowed": ("HDTV-999p",), "cutoff": "HDTV-999p"},
    ],
    ids=["cutoff-not-allowed", "mixed-families", "unknown-name"],
)
def test_inconsistent_profiles_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        QualityProfile(**kwargs)  # type: ignore[arg-type]

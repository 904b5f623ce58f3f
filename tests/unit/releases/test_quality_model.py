"""The quality model decisions use: ladders and groups (`mediaos.core.qualities`), size limits
(`QualitySpec.size_limits`) and upgrade rules (`mediaos.releases.upgrades`)."""

from __future__ import annotations

from mediaos.core.qualities import BY_NAME, QUALITIES, QUALITY_NAMES, RANK, MediaFamily
from mediaos.releases.upgrades import Grade, Revision, UpgradeKind, compare, cutoff_met
from mediaos.schemas.quality import ProfileSpec, QualitySpec

HD = ProfileSpec(
    allowed=["HDTV-720p", "WEBRip-720p", "WEBDL-720p", "HDTV-1080p", "WEBRip-1080p",
             "WEBDL-1080p", "Bluray-1080p"],
    cutoff="WEBDL-1080p",
)  # fmt: skip


def test_video_ladder_follows_radarr_order_from_unknown_to_raw_hd() -> None:
    video = [q.name for q in QUALITIES if q.family is MediaFamily.VIDEO]
    assert video[0] == "Unknown" and video[-1] == "Raw-HD"
    assert video.index("SDTV") < video.index("DVD") < video.index("WEBDL-480p")
    assert video.index("Bluray-1080p") < video.index("Remux-1080p") < video.index("WEBDL-2160p")


def test_every_quality_has_a_rank_in_its_family() -> None:
    assert all(RANK[name] >= 0 for name in QUALITY_NAMES)


def test_webdl_and_webrip_of_one_resolution_share_a_group() -> None:
    assert BY_NAME["WEBDL-1080p"].group == BY_NAME["WEBRip-1080p"].group == "WEB 1080p"
    assert BY_NAME["Bluray-1080p"].group is None


def test_default_sizes_match_the_ones_users_know() -> None:
    limits = QualitySpec().size_limits()
    assert (limits["HDTV-720p"].min, limits["HDTV-720p"].preferred, limits["HDTV-720p"].max) == (
        3,
        95,
        125,
    )
    assert limits["Bluray-1080p"].max == 155
    assert limits["Remux-2160p"].max is None


def test_better_quality_is_an_upgrade() -> None:
    result = compare(Grade("WEBDL-1080p"), Grade("HDTV-720p"), HD)
    assert result.kind is UpgradeKind.QUALITY


def test_grouped_qualities_rank_equal_so_switching_within_a_group_is_no_upgrade() -> None:
    assert not compare(Grade("WEBDL-720p"), Grade("WEBRip-720p"), HD).upgrade


def test_a_proper_of_the_same_quality_is_an_upgrade() -> None:
    proper = Grade("HDTV-720p", revision=Revision(version=2))
    assert compare(proper, Grade("HDTV-720p"), HD).kind is UpgradeKind.REVISION


def test_a_quality_the_profile_does_not_allow_is_never_an_upgrade() -> None:
    assert not compare(Grade("Remux-2160p"), Grade("HDTV-720p"), HD).upgrade


def test_the_cutoff_is_met_at_or_above_the_cutoff_quality() -> None:
    assert not cutoff_met(Grade("HDTV-1080p"), HD)
    assert cutoff_met(Grade("WEBDL-1080p"), HD)
    assert cutoff_met(Grade("Bluray-1080p"), HD)


def test_a_score_cutoff_keeps_upgrading_a_cutoff_quality_until_the_score_is_met() -> None:
    scored = HD.model_copy(update={"cutoff_score": 100})
    assert not cutoff_met(Grade("WEBDL-1080p", score=10), scored)
    assert (
        compare(Grade("WEBDL-1080p", score=150), Grade("WEBDL-1080p", score=10), scored).kind
        is UpgradeKind.SCORE
    )
    assert cutoff_met(Grade("WEBDL-1080p", score=100), scored)


def test_a_lower_score_never_wins_even_with_a_newer_revision() -> None:
    newer = Grade("WEBDL-1080p", score=0, revision=Revision(version=2))
    assert not compare(newer, Grade("WEBDL-1080p", score=50), HD).upgrade

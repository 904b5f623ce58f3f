"""A held file's unknown custom format score meets `cutoff_score` and is never beaten by score
alone: counted as 0, every release scoring above 0 would "upgrade" the file it just became."""

from mediaos.releases.upgrades import Grade, Revision, UpgradeKind, compare, cutoff_met
from mediaos.schemas.quality import ProfileSpec

PROFILE = ProfileSpec(
    allowed=["WEBDL-720p", "WEBDL-1080p", "Bluray-1080p"], cutoff="WEBDL-1080p", cutoff_score=50
)
UNKNOWN = Grade("WEBDL-1080p", score_known=False)


def test_an_unknown_held_score_meets_the_score_cutoff_but_not_the_quality_cutoff() -> None:
    assert cutoff_met(UNKNOWN, PROFILE)
    assert not cutoff_met(Grade("WEBDL-1080p", 0), PROFILE)  # a known 0 is below 50
    assert not cutoff_met(Grade("WEBDL-720p", score_known=False), PROFILE)


def test_a_higher_score_alone_does_not_upgrade_an_unknown_score() -> None:
    assert not compare(Grade("WEBDL-1080p", 100), UNKNOWN, PROFILE).upgrade
    assert compare(Grade("WEBDL-1080p", 100), Grade("WEBDL-1080p", 0), PROFILE).upgrade


def test_quality_and_revision_still_upgrade_an_unknown_score_whatever_the_new_score() -> None:
    assert compare(Grade("Bluray-1080p", 0), UNKNOWN, PROFILE).kind is UpgradeKind.QUALITY
    proper = Grade("WEBDL-1080p", -5, Revision(2))
    assert compare(proper, UNKNOWN, PROFILE).kind is UpgradeKind.REVISION

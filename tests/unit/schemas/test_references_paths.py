"""`check_references` on raw data: the per-item fast paths (no profile named anywhere, ids
skipped when absent) must find exactly what the full walk finds."""

from __future__ import annotations

from mediaos.schemas.references import Finding, check_references, identities


def _codes(findings: list[Finding]) -> list[tuple[tuple[str | int, ...], str]]:
    return [(f.loc, f.code) for f in findings]


def test_items_without_profile_are_reported_with_or_without_versions() -> None:
    data: dict[str, object] = {
        "quality": {"profiles": {"a": {"allowed": ["Bluray-1080p"]}, "b": {}}},
        "library": {"roots": {"movies": "/m"}},
        "movies": [
            {"title": "Plain", "year": 2001},
            {"title": "Versioned", "year": 2002, "versions": [{"name": "x", "profile": "nope"}]},
            {"title": "Named", "year": 2003, "profile": "a"},
        ],
    }
    assert _codes(check_references(data)) == [
        (("movies", 0), "no_profile"),
        (("movies", 1, "versions", 0, "profile"), "unknown_profile"),
        (("movies", 1), "no_profile"),
    ]


def test_no_profile_defined_says_so() -> None:
    data: dict[str, object] = {"library": {"roots": {"series": "/s"}}, "series": [{"title": "X"}]}
    (finding,) = check_references(data)
    assert finding.message == "no quality profile: define one under quality.profiles"


def test_identities_skip_absent_empty_and_boolean_ids() -> None:
    item: dict[str, object] = {
        "title": "Dune",
        "year": 2021,
        "tmdb": 438631,
        "imdb": "",
        "tvdb": True,
    }
    assert identities("movies", item) == ["movies:tmdb:438631", "movie/dune-2021"]
    assert identities("series", {"tvdb": 0, "tvmaze": 5}) == ["series:tvmaze:5"]


def test_duplicate_by_shared_id_names_the_id() -> None:
    data: dict[str, object] = {
        "quality": {"profiles": {"a": {}}},
        "library": {"roots": {"series": "/s"}},
        "series": [{"title": "One", "tvdb": 7}, {"title": "Two"}, {"title": "Uno", "tvdb": 7}],
    }
    (finding,) = check_references(data)
    assert (finding.loc, finding.first) == (("series", 2), ("series", 0))
    assert finding.message == "series/uno is declared twice (same tvdb id 7)"

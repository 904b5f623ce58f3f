"""The pure path rules every media server adapter relies on (no I/O)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediaos.adapters.mediaservers import LibrarySection, map_path, section_for

SECTIONS = [
    LibrarySection("1", "TV", ("/media/tv",)),
    LibrarySection("2", "TV 2", ("/media/tv2/",)),
    LibrarySection("3", "Kids", ("/media/tv/kids",)),
]


@pytest.mark.parametrize(
    ("local", "mappings", "expected"),
    [
        ("/srv/a/b", {}, "/srv/a/b"),
        ("/srv/a/b", {"/srv": "/media"}, "/media/a/b"),
        ("/srv/a/b", {"/srv/": "/media/"}, "/media/a/b"),
        ("/srv/a/b", {"/srv": "/media", "/srv/a": "/other"}, "/other/b"),
        ("/srvx/a", {"/srv": "/media"}, "/srvx/a"),
        ("/srv", {"/srv": "/media"}, "/media"),
        ("/srv/TV/x", {"/srv": "\\\\nas\\share"}, "\\\\nas\\share\\TV\\x"),
    ],
)
def test_map_path_replaces_the_longest_component_prefix(
    local: str, mappings: dict[str, str], expected: str
) -> None:
    assert map_path(Path(local), mappings) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/media/tv/Andor", "1"),
        ("/media/tv2/Andor", "2"),
        ("/media/tv/kids/Bluey", "3"),
        ("/media/tv", "1"),
        ("/media/t", None),
        ("media/tv/Andor", None),
    ],
)
def test_section_for_picks_the_deepest_location_by_whole_components(
    path: str, expected: str | None
) -> None:
    section = section_for(path, SECTIONS)
    assert (section.id if section else None) == expected

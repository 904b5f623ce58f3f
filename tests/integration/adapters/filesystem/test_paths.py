"""Client paths mapped to local ones, and the mapping suggested when a path is not visible."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediaos.adapters.filesystem import PathNotVisible, map_client_path, visible_path
from mediaos.schemas.library import PathMappingSpec


def _mapping(remote: str, local: Path, client: str | None = None) -> PathMappingSpec:
    return PathMappingSpec.model_validate({"remote": remote, "local": local, "client": client})


def test_the_longest_matching_mapping_wins(tmp_path: Path) -> None:
    mappings = [
        _mapping("/downloads", tmp_path / "all"),
        _mapping("/downloads/tv", tmp_path / "tv"),
    ]

    assert map_client_path("/downloads/tv/Show.S01", mappings) == tmp_path / "tv" / "Show.S01"
    assert map_client_path("/downloads/x", mappings) == tmp_path / "all" / "x"


def test_a_mapping_matches_whole_folders_only(tmp_path: Path) -> None:
    mappings = [_mapping("/downloads", tmp_path / "all")]

    assert map_client_path("/downloads2/x", mappings) == Path("/downloads2/x")


def test_a_client_specific_mapping_applies_to_that_client_only(tmp_path: Path) -> None:
    mappings = [_mapping("/data", tmp_path / "qbit", client="qbit")]

    assert map_client_path("/data/a", mappings, client="qbit") == tmp_path / "qbit" / "a"
    assert map_client_path("/data/a", mappings, client="sab") == Path("/data/a")


def test_windows_client_paths_are_mapped(tmp_path: Path) -> None:
    mappings = [_mapping("D:\\Downloads", tmp_path / "dl")]

    mapped = map_client_path("D:\\Downloads\\Movie.2020\\movie.mkv", mappings)

    assert mapped == tmp_path / "dl" / "Movie.2020" / "movie.mkv"


def test_an_invisible_path_names_the_mapping_that_would_fix_it(tmp_path: Path) -> None:
    local = tmp_path / "torrents"
    (local / "complete" / "Show.S01").mkdir(parents=True)

    with pytest.raises(PathNotVisible) as caught:
        visible_path("/downloads/complete/Show.S01", [], known_local=[local])

    message = str(caught.value)
    assert "does not exist here" in message
    assert f"remote: '/downloads', local: '{local}'" in message


def test_an_invisible_path_without_any_match_says_so_plainly(tmp_path: Path) -> None:
    with pytest.raises(PathNotVisible) as caught:
        visible_path("/nowhere/at/all", [], known_local=[tmp_path])

    assert caught.value.suggestion is None


def test_a_visible_mapped_path_is_returned(tmp_path: Path) -> None:
    (tmp_path / "dl" / "Movie").mkdir(parents=True)

    found = visible_path("/downloads/Movie", [_mapping("/downloads", tmp_path / "dl")])

    assert found == tmp_path / "dl" / "Movie"

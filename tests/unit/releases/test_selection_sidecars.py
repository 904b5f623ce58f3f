"""Sidecar suffixes keep language and flags in the form media servers read."""

from __future__ import annotations

import pytest

from mediaos.releases.sidecars import sidecar_suffix, unique_suffixes


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        (".en", ".en.srt"),
        (".pt-BR.forced", ".pt-BR.forced.srt"),
        (".en.hi", ".en.hi.srt"),
        (".forced.eng", ".en.forced.srt"),
        ("2_English", ".en.srt"),
        ("English (SDH)", ".en.sdh.srt"),
        ("Portuguese (Brazil)", ".pt-BR.srt"),
        ("Spanish (Latin American)", ".es-419.srt"),
        (".es-419", ".es-419.srt"),
        ("", ".srt"),
    ],
)
def test_language_and_flags_are_read_and_written_canonically(rest: str, expected: str) -> None:
    assert sidecar_suffix(rest, "SRT") == expected


def test_scene_nfo_files_are_kept_under_a_name_kodi_will_not_read() -> None:
    assert sidecar_suffix(".whatever", "nfo") == ".nfo-orig"


def test_repeated_suffixes_are_numbered() -> None:
    assert unique_suffixes([".en.srt", ".en.srt", ".fr.srt", ".en.srt"]) == [
        ".en.srt",
        ".en.1.srt",
        ".fr.srt",
        ".en.2.srt",
    ]

"""TRaSH-guides import: a sample in the guides' published JSON shape becomes YAML that the
config loader accepts, and the imported formats score releases as the guides intend."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.releases import parse
from mediaos.releases.formats import compile_formats, format_score, matching_formats
from mediaos.releases.trash import (
    FormatImportError,
    import_formats_yaml,
    import_trash_formats,
    python_regex,
)
from mediaos.schemas.load import load_config

SAMPLE = (Path(__file__).parent / "samples" / "trash_radarr_formats.json").read_text()
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def write_config(folder: Path, formats_yaml: str, scores: dict[str, int]) -> Path:
    (folder / "formats.yaml").write_text("version: 1\n" + formats_yaml)
    profile = {
        "version": 1,
        "quality": {
            "profiles": {
                "uhd": {
                    "allowed": ["WEBDL-2160p", "Remux-2160p"],
                    "cutoff": "Remux-2160p",
                    "scores": scores,
                }
            }
        },
    }
    (folder / "mediaos.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))
    return folder


def test_the_imported_yaml_and_suggested_scores_validate_with_the_config_loader(
    tmp_path: Path,
) -> None:
    imported = import_trash_formats(SAMPLE)
    scores = {f.name: f.score for f in imported}
    loaded = load_config([write_config(tmp_path, import_formats_yaml(SAMPLE), scores)], {})
    quality = loaded.config.quality
    assert list(quality.formats) == [
        "x265 (HD)", "DV HDR10", "LQ", "Repack/Proper", "Remux Tier 01", "Freeleech French Small",
    ]  # fmt: skip
    assert quality.formats["LQ"].trash_id == "90a6f9a284dff5103f6346090e6280c8"
    assert quality.profiles["uhd"].scores["Remux Tier 01"] == 1950


def test_the_commented_scores_block_is_valid_yaml_once_uncommented() -> None:
    text = import_formats_yaml(SAMPLE)
    block = "\n".join(
        line[2:] for line in text.splitlines() if line.startswith("# ") and "Custom" not in line
    )
    block = block.split("\n", 1)[1]  # drop the "Suggested scores" sentence
    scores = yaml.safe_load(block)["quality"]["profiles"]["YOUR-PROFILE"]["scores"]
    assert scores["x265 (HD)"] == -10000
    assert scores["DV HDR10"] == 1500


def test_a_profile_set_picks_its_own_scores_and_falls_back_to_default() -> None:
    imported = {f.name: f.score for f in import_trash_formats(SAMPLE, profile_set="sqp-1-2160p")}
    assert imported["DV HDR10"] == 1800
    assert imported["LQ"] == -10000


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dune.2021.1080p.BluRay.x265-GRP", ["x265 (HD)"]),
        ("Dune.2021.2160p.WEB-DL.DV.HDR10.DDP5.1.Atmos.H.265-GRP", ["DV HDR10"]),
        ("Dune.2021.1080p.BluRay.x264-YIFY", ["LQ"]),
        ("Dune.2021.1080p.BluRay.REPACK.x264-GRP", ["Repack/Proper"]),
        ("Dune.2021.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.Atmos-FraMeSToR", ["Remux Tier 01"]),
        ("Dune.2021.2160p.UHD.BluRay.x265-FraMeSToR", []),
    ],
)
def test_imported_formats_match_the_releases_the_guides_aim_at(
    title: str, expected: list[str]
) -> None:
    formats = {f.name: f.spec for f in import_trash_formats(SAMPLE)}
    release = ReleaseInfo(title=title, guid="g", indexer="i", protocol="torrent", published=NOW)
    names = matching_formats(compile_formats(formats), parse(title), release)
    assert sorted(names) == sorted(expected)


def test_indexer_flag_language_and_size_conditions_import() -> None:
    formats = {f.name: f.spec for f in import_trash_formats(SAMPLE)}
    compiled = compile_formats({"F": formats["Freeleech French Small"]})
    title = "Dune.2021.FRENCH.1080p.BluRay.x264-GRP"
    release = ReleaseInfo(
        title=title, guid="g", indexer="i", protocol="torrent", size=2 * 1024**3,
        flags=frozenset({"freeleech"}),
    )  # fmt: skip
    assert matching_formats(compiled, parse(title), release) == ("F",)
    assert format_score(("F",), {"F": 7}) == 7


def test_unknown_implementations_are_named_in_the_error() -> None:
    data = json.loads(SAMPLE)
    data[0]["specifications"].append(
        {"name": "Season pack", "implementation": "ReleaseTypeSpecification", "negate": False,
         "required": False, "fields": {"value": 1}}
    )  # fmt: skip
    with pytest.raises(FormatImportError) as caught:
        import_trash_formats(json.dumps(data))
    assert caught.value.problems == (
        "format 'x265 (HD)', specification 'Season pack': implementation "
        "'ReleaseTypeSpecification' is not supported",
    )


def test_unknown_enum_values_and_bad_json_are_errors() -> None:
    language = {"name": "Original", "implementation": "LanguageSpecification",
                "fields": {"value": -2}}  # fmt: skip
    with pytest.raises(FormatImportError, match="LanguageSpecification value -2"):
        import_trash_formats(json.dumps({"name": "Not original", "specifications": [language]}))
    with pytest.raises(FormatImportError, match="not JSON"):
        import_trash_formats("{")


def test_sonarr_sources_use_sonarrs_numbers() -> None:
    source = {"name": "WEB", "implementation": "SourceSpecification", "fields": {"value": 3}}
    imported = import_trash_formats(
        json.dumps({"name": "WEB", "specifications": [source]}), app="sonarr"
    )
    assert imported[0].spec.conditions[0].model_dump()["value"] == "webdl"


def test_dotnet_regex_syntax_becomes_python() -> None:
    assert python_regex(r"(?i)\b(?<tag>a)(?<=b)(?<!c)") == r"\b(?P<tag>a)(?<=b)(?<!c)"

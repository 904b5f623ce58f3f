"""Custom format matching: the *arr rule (per condition type: no required condition fails and
at least one matches), negate, case-insensitive regexes and normalised values."""

from __future__ import annotations

from typing import Any

import pytest

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.releases import parse
from mediaos.releases.formats import compile_format, compile_pattern, matching_formats
from mediaos.schemas.quality import CustomFormatSpec

GIB = 1024**3
UHD = "Dune.2021.2160p.WEB-DL.DV.HDR10.DDP5.1.Atmos.H.265-GRP"
HD265 = "Dune.2021.1080p.BluRay.x265-GRP"
REMUX = "Dune.Part.Two.2024.2160p.UHD.BluRay.REMUX.DV.HDR10.HEVC.TrueHD.Atmos-FGT"


def matches(conditions: list[dict[str, Any]], title: str, **release: Any) -> bool:
    spec = CustomFormatSpec.model_validate({"conditions": conditions})
    info = ReleaseInfo(
        **{"title": title, "guid": "g", "indexer": "i", "protocol": "torrent", **release}
    )
    return compile_format("f", spec).matches(parse(title), info)


X265_HD = [
    {"type": "codec", "value": "x265", "required": True},
    {"type": "resolution", "value": 2160, "negate": True, "required": True},
]


@pytest.mark.parametrize(
    ("conditions", "title", "release", "expected"),
    [
        pytest.param(X265_HD, HD265, {}, True, id="x265 at 1080p is x265 (HD)"),
        pytest.param(X265_HD, UHD, {}, False, id="x265 at 2160p is not x265 (HD)"),
        pytest.param(
            [{"type": "codec", "value": "HEVC"}], HD265, {}, True, id="HEVC and x265 are one codec"
        ),
        pytest.param(
            [{"type": "title", "pattern": r"\bremux\b"}], REMUX, {}, True,
            id="title patterns ignore case",
        ),
        pytest.param(
            [{"type": "title", "pattern": "nope"}, {"type": "title", "pattern": "atmos"}],
            UHD, {}, True, id="one of several non-required conditions of a type is enough",
        ),
        pytest.param(
            [{"type": "title", "pattern": "atmos"}, {"type": "codec", "value": "h264"}],
            UHD, {}, False, id="every condition type must match",
        ),
        pytest.param(
            [{"type": "title", "pattern": "atmos"},
             {"type": "title", "pattern": "nope", "required": True}],
            UHD, {}, False, id="a failing required condition fails the format",
        ),
        pytest.param(
            [{"type": "hdr", "value": "dv"}], UHD, {}, True, id="dv is Dolby Vision"
        ),
        pytest.param(
            [{"type": "hdr", "value": "hdr10plus"}], UHD, {}, False, id="HDR10 is not HDR10+"
        ),
        pytest.param(
            [{"type": "audio", "value": "atmos"}], REMUX, {}, True,
            id="audio matches one word of the audio name",
        ),
        pytest.param(
            [{"type": "source", "value": "bluray"}], REMUX, {}, True,
            id="a remux counts as a bluray source",
        ),
        pytest.param(
            [{"type": "source", "value": "remux"}], HD265, {}, False,
            id="an encode is not a remux",
        ),
        pytest.param(
            [{"type": "resolution", "value": "2160p"}], UHD, {}, True,
            id="resolution may be written with a p",
        ),
        pytest.param(
            [{"type": "quality", "value": "Bluray-2160p Remux"}], REMUX, {}, True,
            id="quality names accept their aliases",
        ),
        pytest.param(
            [{"type": "release_group", "pattern": "^fgt$"}], REMUX, {}, True,
            id="release group patterns ignore case",
        ),
        pytest.param(
            [{"type": "edition", "pattern": "director"}],
            "Dune.2021.Directors.Cut.1080p.BluRay.x264-GRP", {}, True,
            id="edition patterns read the parsed editions",
        ),
        pytest.param(
            [{"type": "language", "value": "fr"}],
            "Dune.2021.FRENCH.1080p.BluRay.x264-GRP", {}, True, id="a French release is fr",
        ),
        pytest.param(
            [{"type": "language", "value": "en"}], HD265, {}, True,
            id="a name without a language is English",
        ),
        pytest.param(
            [{"type": "indexer_flag", "value": "freeleech"}], HD265, {"download_factor": 0.0},
            True, id="download factor zero is freeleech",
        ),
        pytest.param(
            [{"type": "indexer_flag", "value": "internal"}], HD265,
            {"flags": frozenset({"internal"})}, True, id="indexer flags match",
        ),
        pytest.param(
            [{"type": "size", "min": 1, "max": 10}], HD265, {"size": 5 * GIB}, True,
            id="a size inside the range matches",
        ),
        pytest.param(
            [{"type": "size", "min": 1, "max": 10, "negate": True}], HD265, {"size": 5 * GIB},
            False, id="negate inverts a size range",
        ),
        pytest.param(
            [{"type": "size", "min": 1}], HD265, {}, False, id="an unknown size matches no range"
        ),
    ],
)  # fmt: skip
def test_condition_rules(
    conditions: list[dict[str, Any]], title: str, release: dict[str, Any], expected: bool
) -> None:
    assert matches(conditions, title, **release) is expected


def test_matching_formats_keeps_the_given_order() -> None:
    formats = tuple(
        compile_format(name, CustomFormatSpec.model_validate({"conditions": conditions}))
        for name, conditions in [
            ("b", [{"type": "hdr", "value": "dv"}]),
            ("a", [{"type": "codec", "value": "x265"}]),
            ("c", [{"type": "codec", "value": "x264"}]),
        ]
    )
    info = ReleaseInfo(title=UHD, guid="g", indexer="i", protocol="torrent")
    assert matching_formats(formats, parse(UHD), info) == ("b", "a")


def test_patterns_are_compiled_once_per_text() -> None:
    assert compile_pattern(r"\bproper\b") is compile_pattern(r"\bproper\b")

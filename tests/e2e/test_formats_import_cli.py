"""`mediaos formats import` as a user runs it: guide JSON in, YAML that validates out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (
    ROOT / "tests" / "unit" / "releases" / "decisions" / "samples" / "trash_radarr_formats.json"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mediaos", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_imported_formats_validate_inside_a_config(tmp_path: Path) -> None:
    out = tmp_path / "config" / "formats.yaml"
    out.parent.mkdir()
    result = run("formats", "import", str(SAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    (out.parent / "base.yaml").write_text(
        "version: 1\nquality:\n  profiles:\n    hd:\n      allowed: [WEBDL-1080p, Bluray-1080p]\n"
        "      cutoff: Bluray-1080p\n      scores: {x265 (HD): -10000, LQ: -10000}\n"
    )
    validated = run("validate", str(out.parent))
    assert validated.returncode == 0, validated.stderr


def test_a_guide_file_that_is_not_json_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("formats", "import", str(bad))
    assert result.returncode == 1
    assert "problem" in result.stderr or "JSON" in result.stderr

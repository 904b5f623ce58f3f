"""The `mediaos` command as a user runs it: a real process, real files, real SQLite."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def mediaos(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAOS_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "mediaos", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        input=stdin,
        timeout=60,
    )


def test_validate_accepts_both_examples() -> None:
    result = mediaos("validate", "examples/quickstart", "examples/full")
    assert result.returncode == 0, result.stderr
    assert "examples/quickstart: valid (2 movies, 1 series" in result.stdout
    assert "examples/full: valid" in result.stdout


def test_validate_reads_mediaos_config_when_no_path_is_given() -> None:
    result = mediaos("validate", env={"MEDIAOS_CONFIG": "examples/quickstart"})
    assert result.returncode == 0, result.stderr


def test_validate_reports_every_problem_with_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\n"
        "library:\n"
        "  import_mod: copy\n"
        "quality:\n"
        "  profiles:\n"
        "    hd: {allowed: [WEBDL-1080p], cutoff: Bluray-1080p}\n"
        "schedules:\n"
        "  rss_sync: '*/15 * * *'\n"
    )
    result = mediaos("validate", str(bad))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if re.match(rf"{bad}:\d+:\d+: ", line)]
    assert [line.split(": ")[0] for line in lines] == [f"{bad}:3:3", f"{bad}:6:42", f"{bad}:8:13"]
    assert "did you mean 'import_mode'" in result.stderr
    assert f"{bad}: 3 problems" in result.stderr


def test_validate_json_output_is_machine_readable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 2\n")
    result = mediaos("validate", "--json", str(bad))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report[0]["valid"] is False
    assert report[0]["line"] == 1 and report[0]["column"] == 10
    assert report[0]["path"] == "version"


def test_validate_never_prints_a_secret(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\n"
        "download_clients:\n"
        "  - {name: q, type: qbittorrent, url: 'http://q:1', password: [TopSecret99]}\n"
        "users:\n"
        "  - {name: bob, role: admin, password_hash: TopSecret98}\n"
    )
    result = mediaos("validate", "--json", str(bad))
    assert result.returncode == 1
    assert "TopSecret" not in result.stdout + result.stderr


def test_schema_command_prints_the_committed_schema() -> None:
    result = mediaos("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schemas" / "mediaos.schema.json").read_text()


def test_db_upgrade_status_downgrade_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "data"
    up = mediaos("db", "upgrade", "--data-dir", str(data))
    assert up.returncode == 0, up.stderr
    assert "applied 0001" in up.stdout
    status = mediaos("db", "status", "--data-dir", str(data))
    assert status.returncode == 0 and "0002" in status.stdout and "yes" in status.stdout
    down = mediaos("db", "downgrade", "0", "--yes", "--data-dir", str(data))
    assert down.returncode == 0, down.stderr
    assert "reverted 0002" in down.stdout and "reverted 0001" in down.stdout


def test_db_uses_the_configs_data_dir(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("version: 1\ndata_dir: ./state\n")
    result = mediaos("db", "upgrade", "-c", str(tmp_path / "c.yaml"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "state" / "mediaos.db").is_file()


def test_db_upgrade_refuses_while_another_process_holds_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from mediaos.state import DataDirLock\n"
            f"lock = DataDirLock(Path({str(data)!r}), holder='mediaos daemon'); lock.acquire()\n"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = mediaos("db", "upgrade", "--data-dir", str(data))
        assert result.returncode == 1
        assert "in use by another MediaOS process" in result.stderr
        assert "mediaos daemon" in result.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if mediaos("db", "upgrade", "--data-dir", str(data)).returncode == 0:
            break
    else:
        pytest.fail("lock not released after the holder died")


def test_hash_password_output_validates_as_a_user(tmp_path: Path) -> None:
    result = mediaos("hash-password", stdin="correct horse battery\n")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("password_hash: '$scrypt$")
    (tmp_path / "u.yaml").write_text(
        f"version: 1\nusers:\n  - name: bob\n    role: admin\n    {line}\n"
    )
    assert mediaos("validate", str(tmp_path / "u.yaml")).returncode == 0


def test_hash_password_refuses_short_passwords() -> None:
    assert mediaos("hash-password", stdin="short\n").returncode == 1


def test_version_flag() -> None:
    result = mediaos("--version")
    assert result.returncode == 0 and result.stdout.startswith("mediaos ")


def test_repeated_config_options_form_one_config(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("version: 1\nlibrary: {roots: {movies: m}}\n")
    (tmp_path / "b.yaml").write_text(
        "version: 1\nquality: {profiles: {hd: {allowed: [SDTV], cutoff: SDTV}}}\n"
        "movies: [{title: Heat, year: 1995}]\nlibrary: {roots: {movies: m}}\n"
    )
    merged = mediaos("validate", "-c", str(tmp_path / "a.yaml"), "-c", str(tmp_path / "b.yaml"))
    assert merged.returncode == 0, merged.stderr
    assert "1 movie" in merged.stdout
    alone = mediaos("validate", str(tmp_path / "b.yaml"))
    assert alone.returncode == 0, alone.stderr


def test_the_same_value_in_two_files_is_not_a_conflict_but_a_different_one_is(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text("version: 1\nserver: {port: 8686}\n")
    (tmp_path / "b.yaml").write_text("version: 1\nserver: {port: 8686}\n")
    assert mediaos("validate", str(tmp_path)).returncode == 0
    (tmp_path / "b.yaml").write_text("version: 1\nserver: {port: 9000}\n")
    result = mediaos("validate", str(tmp_path))
    assert result.returncode == 1
    assert "server.port is also set in" in result.stderr

"""`mediaos adopt --from-sonarr/--from-radarr` as a user runs it, against loopback servers
answering like Sonarr and Radarr; the key comes from the environment and never shows."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from mediaos.schemas.load import load_config
from tests.peers.arr_servers import API_KEY, radarr, sonarr

ROOT = Path(__file__).resolve().parents[2]


async def run(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mediaos",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


def environment(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("MEDIAOS_", "SONARR", "RADARR"))
    }
    env.update(extra)
    return env


async def test_adopting_from_sonarr_and_radarr_writes_a_config_that_validates(
    tmp_path: Path,
) -> None:
    out = tmp_path / "cfg" / "adopted.yaml"
    out.parent.mkdir()
    async with sonarr() as tv, radarr() as films:
        code, _, err = await run(
            "adopt",
            "--from-sonarr",
            tv.url,
            "--from-radarr",
            films.url,
            "-o",
            str(out),
            env=environment(SONARR_API_KEY=API_KEY, RADARR_API_KEY=API_KEY),
        )
    assert code == 0, err
    assert API_KEY not in out.read_text() + err
    config = load_config([out.parent], {}).config
    assert config.movies and config.series


async def test_a_missing_key_is_a_clear_error(tmp_path: Path) -> None:
    async with sonarr() as tv:
        code, _, err = await run("adopt", "--from-sonarr", tv.url, env=environment())
    assert code == 1
    assert "SONARR_API_KEY" in err


async def test_roots_and_arr_sources_are_not_mixed(tmp_path: Path) -> None:
    code, _, err = await run(
        "adopt", str(tmp_path), "--from-sonarr", "http://127.0.0.1:1", env=environment()
    )
    assert code == 1 and "not both" in err

"""`mediaos diff` and `mediaos explain` as a user runs them: a real process on a copy of the
quickstart, a real state database, no peer at all (the offline road must not need one)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from mediaos.core.conditions import Condition, Truth
from mediaos.state import DataDirLock, open_database, upgrade
from mediaos.state.conditions import ConditionRepo
from mediaos.state.grabs import GrabRecord, GrabRepo
from mediaos.state.traces import TraceRepo

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "examples" / "quickstart"
AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
SECRET = "s3cr3t-indexer-key-77"


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A loopback port that would see any connection the offline `diff` tried to make."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    yield server, url
    server.close()


@pytest.fixture
def quickstart(tmp_path: Path) -> Path:
    folder = tmp_path / "quickstart"
    shutil.copytree(QUICKSTART, folder, ignore=shutil.ignore_patterns("data", "library"))
    return folder / "mediaos.yaml"


def mediaos(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAOS_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "mediaos", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
    )


def peers_at(url: str) -> dict[str, str]:
    return {
        "MEDIAOS_TORZNAB_URL": f"{url}/api",
        "MEDIAOS_TORZNAB_KEY": SECRET,
        "MEDIAOS_QBITTORRENT_URL": url,
        "MEDIAOS_TVMAZE_URL": url,
    }


def test_offline_diff_lists_searches_exits_2_and_touches_no_peer(
    quickstart: Path, listener: tuple[socket.socket, str]
) -> None:
    server, url = listener
    result = mediaos("diff", "-c", str(quickstart), env=peers_at(url))
    assert result.returncode == 2, result.stderr
    assert "movie/big-buck-bunny-2008" in result.stdout
    assert "movie/sintel-2010" in result.stdout
    assert "search" in result.stdout
    # the series' episodes are unknown offline: a problem, not an error and not "in sync"
    assert "series/pioneer-one-2010" in result.stderr
    assert "episode list unknown" in result.stderr
    with pytest.raises(BlockingIOError):
        server.accept()
    assert SECRET not in result.stdout + result.stderr


def test_diff_json_is_a_list_of_key_verb_item_reason_and_nothing_else_on_stdout(
    quickstart: Path, listener: tuple[socket.socket, str]
) -> None:
    result = mediaos("diff", "-c", str(quickstart), "--json", env=peers_at(listener[1]))
    assert result.returncode == 2, result.stderr
    actions = json.loads(result.stdout)
    assert [a["key"] for a in actions] == [
        "search:movie/big-buck-bunny-2008",
        "search:movie/sintel-2010",
    ]
    for action in actions:
        assert set(action) == {"key", "verb", "item", "reason"}
        assert action["verb"] == "search"
        assert action["key"] == f"{action['verb']}:{action['item']}"
        assert action["reason"]


def test_diff_of_a_config_wanting_nothing_is_in_sync_and_exits_0(tmp_path: Path) -> None:
    config = tmp_path / "empty.yaml"
    config.write_text("version: 1\ndata_dir: ./data\n")
    result = mediaos("diff", "-c", str(config))
    assert result.returncode == 0, result.stderr
    assert "in sync" in result.stdout
    as_json = mediaos("diff", "-c", str(config), "--json")
    assert (as_json.returncode, json.loads(as_json.stdout)) == (0, [])


def test_diff_of_an_invalid_config_exits_1_with_the_line(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("version: 1\nmovies:\n  - title: Dune\n    yeer: 2021\n")
    result = mediaos("diff", "-c", str(config))
    assert result.returncode == 1
    assert "bad.yaml:4" in result.stderr


def test_diff_refuses_a_mass_removal_with_exit_1_until_allowed(quickstart: Path) -> None:
    data = quickstart.parent / "data"
    with open_database(data) as state:
        upgrade(state)
        grabs = GrabRepo(state)
        for n in range(12):  # twelve items grabbed earlier, no longer in the YAML
            grabs.add(
                GrabRecord(f"movie/gone-{n}-2001", f"guid-{n}", f"{n:040x}", f"Gone.{n}.2001",
                           "local-torznab", "qbittorrent", f"{n:040x}", AT, "downloading")
            )  # fmt: skip
    refused = mediaos("diff", "-c", str(quickstart))
    assert refused.returncode == 1
    assert "max_removals" in refused.stderr
    assert "cancel" not in refused.stdout
    allowed = mediaos("diff", "-c", str(quickstart), "--json", "--allow-mass-removal")
    assert allowed.returncode == 2, allowed.stderr
    cancels = [a for a in json.loads(allowed.stdout) if a["verb"] == "cancel"]
    assert len(cancels) == 12


DECISIONS = [
    {
        "wanted": "movie/sintel-2010",
        "title": "Sintel.2010.1080p.WEB-DL.x264-GRP",
        "guid": "https://indexer.example/details/1?apikey=***",
        "indexer": "local-torznab",
        "protocol": "torrent",
        "info_hash": "a" * 40,
        "accepted": True,
        "quality": "WEBDL-1080p",
        "revision": {"version": 1, "real": 0},
        "score": 25,
        "formats": ["x264"],
        "size": 1_200_000_000,
        "seeders": 40,
        "published": "2026-11-19T10:00:00+00:00",
        "release_group": "GRP",
        "reasons": [{"code": "accepted", "rejects": False, "message": "meets profile hd"}],
    },
    {
        "wanted": "movie/sintel-2010",
        "title": "Sintel.2010.CAM.x264-BAD",
        "guid": "guid-cam",
        "indexer": "local-torznab",
        "protocol": "torrent",
        "info_hash": None,
        "accepted": False,
        "quality": "CAM",
        "revision": {"version": 1, "real": 0},
        "score": 0,
        "formats": [],
        "size": 700_000_000,
        "seeders": 3,
        "published": None,
        "release_group": "BAD",
        "reasons": [
            {"code": "quality_not_allowed", "rejects": True, "message": "CAM is not in hd"}
        ],
    },
]


def _record_history(data: Path) -> None:
    with open_database(data) as state:
        upgrade(state)
        TraceRepo(state).record(
            "movie/sintel-2010", AT, [json.dumps(d, separators=(",", ":")) for d in DECISIONS]
        )
        ConditionRepo(state).save(
            "movie/sintel-2010",
            [Condition("Grabbed", Truth.TRUE, "SentToClient", "sent to qbittorrent", AT, "r1")],
        )
        GrabRepo(state).add(
            GrabRecord("movie/sintel-2010", "guid-1", "a" * 40, DECISIONS[0]["title"],  # type: ignore[arg-type]
                       "local-torznab", "qbittorrent", "a" * 40, AT, "downloading")
        )  # fmt: skip


def test_explain_shows_every_release_with_reasons_scores_conditions_and_grabs(
    quickstart: Path,
) -> None:
    _record_history(quickstart.parent / "data")
    result = mediaos("explain", "-c", str(quickstart), "movie/sintel-2010")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Sintel.2010.1080p.WEB-DL.x264-GRP" in text
    assert "Sintel.2010.CAM.x264-BAD" in text
    assert "accepted" in text and "rejected" in text
    assert "CAM is not in hd" in text
    assert "score 25" in text
    assert "Grabbed=True" in text and "SentToClient" in text
    assert "grab: Sintel.2010.1080p.WEB-DL.x264-GRP" in text


def test_explain_json_gives_the_stored_decisions_back(quickstart: Path) -> None:
    _record_history(quickstart.parent / "data")
    result = mediaos("explain", "-c", str(quickstart), "movie/sintel-2010", "--json")
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["key"] == "movie/sintel-2010"
    assert entry["traces"][0]["decisions"] == DECISIONS
    assert entry["conditions"][0]["type"] == "Grabbed"
    assert entry["grabs"][0]["state"] == "downloading"


def refused_url() -> str:
    """A loopback port nothing listens on: a connection is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_an_unknown_item_is_an_error_naming_close_keys(quickstart: Path) -> None:
    result = mediaos("explain", "-c", str(quickstart), "movie/sintel-2011")
    assert result.returncode == 1
    assert "unknown item 'movie/sintel-2011'" in result.stderr
    assert "movie/sintel-2010" in result.stderr
    grab = mediaos(
        "grab", "-c", str(quickstart), "movie/sintle-2010", "some-guid",
        env=peers_at(refused_url()),
    )  # fmt: skip
    assert grab.returncode == 1
    assert "did you mean: movie/sintel-2010" in grab.stderr


def test_import_places_an_unmatched_file_as_the_named_unit(quickstart: Path) -> None:
    odd = quickstart.parent / "random capture 0042.mkv"
    odd.write_bytes(b"\0" * 2048)
    result = mediaos(
        "import", str(odd), "--as", "movie/sintel-2010", "-c", str(quickstart),
        env=peers_at(refused_url()),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "done" in result.stdout and "movie/sintel-2010" in result.stdout
    (placed,) = (quickstart.parent / "library" / "movies").rglob("*.mkv")
    assert placed.parent.name == "Sintel (2010)"
    assert placed.name.startswith("Sintel (2010)")
    diff = mediaos("diff", "-c", str(quickstart), "--json", env=peers_at(refused_url()))
    sintel = [a for a in json.loads(diff.stdout) if a["item"] == "movie/sintel-2010"]
    assert all("missing" not in a["reason"] for a in sintel)


def test_diff_beside_a_lock_holder_plans_read_only_and_apply_refuses(quickstart: Path) -> None:
    data = quickstart.parent / "data"
    with open_database(data) as state:
        upgrade(state)
    with DataDirLock(data, holder="mediaos daemon (test)"):
        planned = mediaos("diff", "-c", str(quickstart), "--json")
        assert planned.returncode == 2, planned.stderr
        assert "read-only" in planned.stderr
        assert len(json.loads(planned.stdout)) == 2
        refused = mediaos("apply", "-c", str(quickstart), env=peers_at(refused_url()))
        assert refused.returncode == 1
        assert "in use by another MediaOS process" in refused.stderr
        assert "mediaos daemon (test)" in refused.stderr


def test_the_full_example_diffs_against_an_empty_world_as_recorded(
    tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    """Every example is planned offline against an empty library and state: the readable
    output is the product, so it is kept as a snapshot (and shows no secret leaks)."""
    folder = tmp_path / "full"
    shutil.copytree(ROOT / "examples" / "full", folder)
    result = mediaos("diff", "-c", str(folder), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2, result.stderr
    assert {"stdout": result.stdout, "stderr": result.stderr} == snapshot

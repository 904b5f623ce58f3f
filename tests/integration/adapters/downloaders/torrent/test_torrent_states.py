"""The state tables of both torrent adapters, row by row (pure: no peer needed).

The real-daemon tests see only the states a short test passes through; these pin the rest of
protocols.md 2.6 and 3.4, including the 5.0 names and states no version has shipped yet.
"""

from __future__ import annotations

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus as S
from mediaos.adapters.downloaders.qbittorrent_payloads import (
    AddOptions,
    Torrent,
    parse_version,
    to_download_state,
)
from mediaos.adapters.downloaders.transmission import Torrent as TrTorrent
from mediaos.adapters.downloaders.transmission import rpc_url
from mediaos.adapters.downloaders.transmission import to_download_state as tr_state

HASH = "a" * 40


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("metaDL", S.QUEUED), ("forcedMetaDL", S.QUEUED), ("queuedDL", S.QUEUED),
        ("checkingDL", S.QUEUED), ("checkingUP", S.QUEUED), ("checkingResumeData", S.QUEUED),
        ("downloading", S.DOWNLOADING), ("forcedDL", S.DOWNLOADING), ("moving", S.DOWNLOADING),
        ("stalledDL", S.STALLED), ("pausedDL", S.PAUSED), ("stoppedDL", S.PAUSED),
        ("uploading", S.SEEDING), ("stalledUP", S.SEEDING), ("queuedUP", S.SEEDING),
        ("forcedUP", S.SEEDING), ("pausedUP", S.COMPLETED), ("stoppedUP", S.COMPLETED),
        ("error", S.FAILED), ("missingFiles", S.FAILED), ("someFutureState", S.DOWNLOADING),
    ],
)  # fmt: skip
def test_qbittorrent_states(state: str, expected: S) -> None:
    row = Torrent(hash=HASH.upper(), state=state, eta=8640000, size=-1, ratio=-1)
    download = to_download_state(row, client="qbt")
    assert download.status is expected
    assert download.id == HASH and download.size is None
    assert download.ratio == 9999.0  # -1 means "more than 9999"
    assert (download.error is not None) is (expected is S.FAILED)
    assert download.eta == (0 if expected in (S.COMPLETED, S.SEEDING) else None)


def test_qbittorrent_add_form_follows_the_api_version() -> None:
    options = AddOptions(start_paused=True, seed_ratio=1.5, seed_time_minutes=60)
    old = options.form("tv", save_path="/data/tv", api=(2, 8, 19))
    new = options.form("tv", save_path=None, api=(2, 11, 2))
    assert old == {"category": "tv", "paused": "true", "savepath": "/data/tv",
                   "autoTMM": "false", "ratioLimit": "1.5", "seedingTimeLimit": "60"}  # fmt: skip
    assert new["stopped"] == "true" and "paused" not in new and "savepath" not in new


@pytest.mark.parametrize(
    ("text", "expected"), [("v4.5.2", (4, 5, 2)), ("2.8.19", (2, 8, 19)), ("<html>", None)]
)
def test_versions(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"totalSize": 0, "metadataPercentComplete": 0.0, "status": 4}, S.QUEUED),  # magnet
        ({"status": 2}, S.QUEUED),  # verifying
        ({"status": 3}, S.QUEUED),
        ({"status": 4}, S.DOWNLOADING),
        ({"status": 4, "isStalled": True}, S.STALLED),
        ({"status": 0}, S.PAUSED),
        ({"status": 6, "leftUntilDone": 0}, S.SEEDING),
        ({"status": 0, "leftUntilDone": 0}, S.COMPLETED),  # stopped at its seeding goal
        ({"status": 4, "error": 3, "errorString": "No space left on device"}, S.FAILED),
    ],
)
def test_transmission_states(fields: dict[str, object], expected: S) -> None:
    row = TrTorrent.model_validate(
        {
            "hashString": HASH,
            "name": "x.mkv",
            "downloadDir": "/dl/tv",
            "totalSize": 10,
            "sizeWhenDone": 10,
            "leftUntilDone": 10,
            **fields,
        }
    )
    download = tr_state(row, client="tr", category="tv")
    assert download.status is expected
    assert download.content_path == "/dl/tv/x.mkv"
    assert (download.error == "No space left on device") is (expected is S.FAILED)


def test_transmission_tracker_warning_is_text_not_failure() -> None:
    row = TrTorrent(hashString=HASH, status=4, totalSize=10, sizeWhenDone=10, leftUntilDone=5,
                    error=1, errorString="Tracker gave HTTP 404")  # fmt: skip
    download = tr_state(row, client="tr", category="tv")
    assert download.status is S.DOWNLOADING and download.error == "Tracker gave HTTP 404"


@pytest.mark.parametrize(
    "pasted",
    ["http://nas:9091", "http://nas:9091/", "http://nas:9091/transmission",
     "http://nas:9091/transmission/web/", "http://nas:9091/transmission/rpc"],
)  # fmt: skip
def test_rpc_url_accepts_what_users_paste(pasted: str) -> None:
    assert rpc_url(pasted) == "http://nas:9091/transmission/rpc"

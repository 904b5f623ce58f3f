"""NZBGet's queue and history rows -> normalised states, from payloads shaped like 21.0's.

The real daemon shows SUCCESS, FAILURE/HEALTH and downloading (test_nzbget_download.py);
the rarer rows (deleted, warnings, paused, post-processing, >4 GiB sizes) are checked here
on the same parsing code, since making the daemon produce each of them takes minutes.
"""

from __future__ import annotations

from typing import Any

import pytest

from mediaos.adapters.downloaders.base import DownloadStatus
from mediaos.adapters.downloaders.nzbget import (
    _Group,
    _Item,
    _Status,
    category_dir,
    history_state,
    queue_state,
)

HISTORY_ROW: dict[str, Any] = {
    "NZBID": 7,
    "Kind": "NZB",
    "Name": "Show.S01E01",
    "NZBName": "Show.S01E01",
    "Category": "tv",
    "DestDir": "/dl/complete/tv/Show.S01E01",
    "FinalDir": "",
    "FileSizeLo": 619106,
    "FileSizeHi": 1,
    "Status": "SUCCESS/HEALTH",
    "Health": 1000,
    "ParStatus": "NONE",
    "DeleteStatus": "NONE",
    "MarkStatus": "NONE",
    "DupeKey": "",
    "Parameters": [{"Name": "mediaos_id", "Value": "abc"}, {"Name": "*Unpack:", "Value": "yes"}],
}
GROUP_ROW: dict[str, Any] = {
    **HISTORY_ROW,
    "Status": "QUEUED",
    "FileSizeHi": 0,
    "FileSizeLo": 1000,
    "RemainingSizeLo": 1000,
    "RemainingSizeHi": 0,
    "PausedSizeLo": 0,
    "PausedSizeHi": 0,
    "ActiveDownloads": 0,
    "DestDir": "/dl/intermediate/Show.S01E01.#7",
}


@pytest.mark.parametrize(
    ("status", "expected", "error"),
    [
        ("SUCCESS/ALL", DownloadStatus.COMPLETED, None),
        ("SUCCESS/HEALTH", DownloadStatus.COMPLETED, None),
        ("WARNING/SCRIPT", DownloadStatus.COMPLETED, "WARNING/SCRIPT"),
        ("WARNING/DAMAGED", DownloadStatus.FAILED, "WARNING/DAMAGED"),
        ("WARNING/SPACE", DownloadStatus.FAILED, "WARNING/SPACE"),
        ("FAILURE/PAR", DownloadStatus.FAILED, "FAILURE/PAR"),
        ("FAILURE/HEALTH", DownloadStatus.FAILED, "FAILURE/HEALTH (health 42.5%)"),
        ("DELETED/MANUAL", DownloadStatus.FAILED, "DELETED/MANUAL"),
        ("DELETED/DUPE", DownloadStatus.FAILED, "DELETED/DUPE"),
    ],
)
def test_history_status_keeps_nzbgets_own_reason(
    status: str, expected: DownloadStatus, error: str | None
) -> None:
    item = _Item.model_validate({**HISTORY_ROW, "Status": status, "Health": 425})
    state = history_state(item, "nzbget")
    assert (state.status, state.error) == (expected, error)
    assert state.size == 2**32 + 619106, "64-bit sizes come as two 32-bit halves"
    assert state.content_path == "/dl/complete/tv/Show.S01E01"
    assert state.save_path == "/dl/complete/tv"


def test_final_dir_wins_over_dest_dir() -> None:
    item = _Item.model_validate({**HISTORY_ROW, "FinalDir": "/media/moved/Show.S01E01"})
    assert history_state(item, "nzbget").content_path == "/media/moved/Show.S01E01"


@pytest.mark.parametrize(
    ("changes", "status", "expected"),
    [
        ({}, {}, DownloadStatus.QUEUED),
        ({"Status": "DOWNLOADING", "RemainingSizeLo": 250}, {}, DownloadStatus.DOWNLOADING),
        ({"ActiveDownloads": 2, "RemainingSizeLo": 250}, {}, DownloadStatus.DOWNLOADING),
        ({"Status": "PAUSED"}, {}, DownloadStatus.PAUSED),
        ({"PausedSizeLo": 1000}, {}, DownloadStatus.PAUSED),
        ({}, {"DownloadPaused": True}, DownloadStatus.PAUSED),
        ({"Status": "UNPACKING", "RemainingSizeLo": 0}, {}, DownloadStatus.DOWNLOADING),
    ],
)
def test_queue_status_follows_sonarrs_mapping_plus_post_processing(
    changes: dict[str, Any], status: dict[str, Any], expected: DownloadStatus
) -> None:
    group = _Group.model_validate({**GROUP_ROW, **changes})
    state = queue_state(group, _Status.model_validate({"DownloadRate": 50, **status}), "n")
    assert state.status is expected
    assert 0.0 <= state.progress <= 1.0


def test_progress_and_eta_come_from_remaining_bytes_and_the_download_rate() -> None:
    group = _Group.model_validate({**GROUP_ROW, "Status": "DOWNLOADING", "RemainingSizeLo": 250})
    state = queue_state(group, _Status.model_validate({"DownloadRate": 50}), "n")
    assert (state.progress, state.eta) == (0.75, 5)


def test_category_folders_follow_nzbgets_rules() -> None:
    config = {
        "destdir": "/dl/complete",
        "appendcategorydir": "yes",
        "category1.name": "TV",
        "category1.destdir": "",
        "category2.name": "movies",
        "category2.destdir": "/films",
    }
    assert category_dir(config, "tv") == "/dl/complete/TV"
    assert category_dir(config, "movies") == "/films"
    assert category_dir(config, "music") is None
    assert category_dir({**config, "appendcategorydir": "no"}, "tv") == "/dl/complete"

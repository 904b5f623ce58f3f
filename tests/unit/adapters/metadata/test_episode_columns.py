"""episodes_from_columns(): the bulk constructor the offline catalog uses must give values
indistinguishable from `EpisodeMeta(...)` built one at a time."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from mediaos.adapters.metadata.base import EpisodeMeta, episodes_from_columns

ROWS = [
    (1, 1, "Pilot", None, date(2020, 1, 1), datetime(2020, 1, 1, 2, tzinfo=UTC), 45),
    (1, 2, "", 2, None, None, None),
    (0, 1, "Special", None, date(2020, 5, 1), None, 30),
]


def test_each_episode_equals_and_hashes_as_one_built_alone() -> None:
    built = episodes_from_columns(*map(list, zip(*ROWS, strict=True)))
    alone = tuple(EpisodeMeta(*row) for row in ROWS)
    assert built == alone
    assert [hash(e) for e in built] == [hash(e) for e in alone]
    assert all(type(e) is EpisodeMeta for e in built)
    assert repr(built[0]) == repr(alone[0])
    assert dataclasses.replace(built[1], absolute=7) == EpisodeMeta(1, 2, "", 7)


def test_built_episodes_stay_frozen() -> None:
    (episode,) = episodes_from_columns([1], [1], ["Pilot"], [None], [None], [None], [None])
    with pytest.raises(dataclasses.FrozenInstanceError):
        episode.title = "changed"  # type: ignore[misc]


def test_no_columns_no_episodes() -> None:
    assert episodes_from_columns([], [], [], [], [], [], []) == ()

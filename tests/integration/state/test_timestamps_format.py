from datetime import UTC, datetime, timedelta, timezone

import pytest

from mediaos.state import from_db_time, to_db_time


def test_times_are_stored_as_fixed_width_utc_text_that_sorts_like_time() -> None:
    paris = timezone(timedelta(hours=1))
    early = datetime(2026, 1, 2, 3, 4, 5, tzinfo=paris)
    late = datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC)
    assert to_db_time(early) == "2026-01-02T02:04:05.000000Z"
    assert to_db_time(early) < to_db_time(late)
    assert from_db_time(to_db_time(late)) == late


def test_naive_times_are_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_db_time(datetime(2026, 1, 2))


def test_read_back_times_are_utc_and_other_shapes_are_refused() -> None:
    moment = datetime(2026, 11, 25, 12, 34, 56, 789, tzinfo=UTC)
    back = from_db_time(to_db_time(moment))
    assert back == moment
    assert back.utcoffset() == timedelta(0)
    for text in (
        "2026-11-25 12:34:56.000789Z",  # a space, not T
        "2026-11-25T12:34:56.000789",  # no zone
        "2026-11-25T12:34:56Z",  # not fixed width
        "2026-11-25T12:34:56.000789+01:00",
        "2026-13-25T12:34:56.000789Z",  # no such month
        "2026-11-25T12:34:56,000789Z",  # a comma
        "2026-W48-3T12:34:56.000789Z",  # a week date
        "2026-11-25T12:34:56.5Z",
    ):
        with pytest.raises(ValueError):
            from_db_time(text)

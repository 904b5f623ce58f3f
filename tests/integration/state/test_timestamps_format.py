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

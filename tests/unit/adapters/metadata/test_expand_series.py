from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mediaos.adapters.metadata.base import EpisodeMeta, SeriesMeta
from mediaos.adapters.metadata.expand import (
    EpisodeIndex,
    airs_after,
    expand_series,
    has_aired,
    with_absolute_numbers,
)
from mediaos.schemas.media import SeriesSpec

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def ep(season: int, number: int, day: date | None, *, absolute: int | None = None) -> EpisodeMeta:
    stamp = datetime(day.year, day.month, day.day, 2, tzinfo=UTC) if day else None
    return EpisodeMeta(season, number, absolute=absolute, air_date=day, airstamp=stamp)


SHOW = SeriesMeta(
    title="Show",
    year=2023,
    episodes=(
        ep(0, 1, date(2023, 12, 24)),
        ep(1, 1, date(2023, 1, 1)),
        ep(1, 2, date(2023, 1, 8)),
        ep(2, 1, date(2024, 2, 20)),
        ep(2, 2, date(2024, 3, 5)),
        ep(2, 3, None),
    ),
)


def spec(**fields: object) -> SeriesSpec:
    return SeriesSpec.model_validate({"title": "Show", **fields})


def numbers(episodes: tuple[EpisodeMeta, ...]) -> list[tuple[int, int]]:
    return [(e.season, e.number) for e in episodes]


def test_all_wants_every_regular_season_but_not_specials() -> None:
    assert numbers(expand_series(spec(), SHOW, NOW)) == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)]


def test_specials_are_wanted_only_when_season_zero_is_listed() -> None:
    assert numbers(expand_series(spec(seasons=[0, 2]), SHOW, NOW)) == [
        (0, 1),
        (2, 1),
        (2, 2),
        (2, 3),
    ]
    assert numbers(expand_series(spec(seasons=[1]), SHOW, NOW)) == [(1, 1), (1, 2)]


def test_none_wants_nothing() -> None:
    assert expand_series(spec(seasons="none"), SHOW, NOW) == ()


def test_future_wants_what_airs_after_now_and_what_has_no_date_yet() -> None:
    assert numbers(expand_series(spec(seasons="future"), SHOW, NOW)) == [(2, 2), (2, 3)]


def test_future_counts_from_the_added_date_when_given() -> None:
    added = datetime(2024, 2, 1, tzinfo=UTC)
    wanted = expand_series(spec(seasons="future"), SHOW, NOW, added=added)
    assert numbers(wanted) == [(2, 1), (2, 2), (2, 3)]


def test_future_never_includes_specials() -> None:
    added = datetime(2023, 12, 1, tzinfo=UTC)
    assert (0, 1) not in numbers(expand_series(spec(seasons="future"), SHOW, NOW, added=added))


def test_anime_gets_absolute_numbers_in_season_order_when_the_source_has_none() -> None:
    wanted = expand_series(spec(type="anime"), SHOW, NOW)
    assert [e.absolute for e in wanted] == [1, 2, 3, 4, 5]
    index = EpisodeIndex.of(spec(type="anime"), SHOW)
    hit = index.by_absolute(3)
    assert hit is not None and (hit.season, hit.number) == (2, 1)
    assert index.by_absolute(99) is None
    special = index.by_number(0, 1)
    assert special is not None and special.absolute is None


def test_absolute_numbers_from_the_source_are_kept() -> None:
    given = (ep(1, 1, None, absolute=1), ep(2, 1, None, absolute=13), ep(2, 2, None))
    assert [e.absolute for e in with_absolute_numbers(given)] == [1, 13, None]


def test_standard_shows_keep_the_source_numbers_untouched() -> None:
    assert all(e.absolute is None for e in expand_series(spec(), SHOW, NOW))


def test_daily_shows_are_found_by_air_date() -> None:
    days = [date(2024, 1, 8) + timedelta(days=d) for d in range(4)]
    daily = SeriesMeta("Daily", 1996, episodes=tuple(ep(2024, i, d) for i, d in enumerate(days, 1)))
    index = EpisodeIndex.of(spec(type="daily"), daily)
    assert [e.number for e in index.by_air_date(date(2024, 1, 10))] == [3]
    assert index.by_air_date(date(2024, 1, 13)) == ()
    assert index.by_number(2024, 4) is not None


@pytest.mark.parametrize(
    ("episode", "aired"),
    [
        (ep(1, 1, date(2024, 3, 1)), True),  # 02:00 UTC today, now is noon
        (ep(1, 1, date(2024, 3, 2)), False),
        (EpisodeMeta(1, 1, air_date=date(2024, 3, 1)), True),  # a bare date counts from 00:00
        (EpisodeMeta(1, 1), False),  # no date: announced only
    ],
)
def test_has_aired(episode: EpisodeMeta, aired: bool) -> None:
    assert has_aired(episode, NOW) is aired


def test_a_bare_air_date_on_the_added_day_counts_as_after() -> None:
    assert airs_after(EpisodeMeta(1, 1, air_date=NOW.date()), NOW)
    assert not airs_after(EpisodeMeta(1, 1, air_date=NOW.date() - timedelta(days=1)), NOW)

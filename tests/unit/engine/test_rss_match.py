"""FeedMatcher and judge_feed: feed items paired with the slots they could fill, by index."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from mediaos.adapters.metadata.base import EpisodeMeta, MovieMeta, SeriesMeta
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.acquisition_plan import Judge, judge_feed
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.reconcilers.holdings import Holding
from mediaos.reconcilers.rss_match import FeedMatcher
from mediaos.releases.decision import DecisionContext
from mediaos.releases.parse import parse
from mediaos.releases.reasons import Reason
from mediaos.schemas.config import MediaOSConfig

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
SHOW = "series/pioneer-one-2010"


def config(**sections: Any) -> MediaOSConfig:
    base: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": "/m", "series": "/t", "music": "/a", "books": "/b"}},
        "quality": {
            "profiles": {
                "hd": {"allowed": ["WEBDL-720p", "WEBDL-1080p"], "cutoff": "WEBDL-1080p"},
                "flac": {"allowed": ["FLAC"], "cutoff": "FLAC"},
                "ebook": {"allowed": ["EPUB"], "cutoff": "EPUB"},
            },
            "default_profile": "hd",
        },
    }
    base.update(sections)
    return MediaOSConfig.model_validate(base)


def show(title: str, year: int, episodes: int = 3, tvdb: int | None = None) -> SeriesMeta:
    return SeriesMeta(
        title=title,
        year=year,
        tvdb=tvdb,
        alternative_titles=("Pioneer Uno",) if title == "Pioneer One" else (),
        episodes=tuple(
            EpisodeMeta(season=1, number=n, air_date=date(2010, 1, 1))
            for n in range(1, episodes + 1)
        ),
    )


def world() -> Desired:
    cfg = config(
        movies=[{"title": "Dune", "year": 2021, "tmdb": 438631}, {"title": "Heat", "year": 1995}],
        series=[{"title": "Pioneer One", "year": 2010, "tvdb": 4242}],
        music=[{"artist": "Radiohead", "albums": [{"title": "OK Computer"}], "profile": "flac"}],
        books=[{"author": "Frank Herbert", "title": "Dune Messiah", "profile": "ebook"}],
    )
    catalog = Catalog(
        movies={"movie/dune-2021": MovieMeta(title="Dune", year=2021, tmdb=438631)},
        series={SHOW: show("Pioneer One", 2010, tvdb=4242)},
    )
    return resolve(cfg, catalog, NOW)


def keys(matcher: FeedMatcher, title: str, **fields: Any) -> list[str]:
    release = ReleaseInfo(title=title, guid=title, indexer="i", protocol="torrent", **fields)
    return sorted(s.unit.key for s in matcher.match(release, parse(title)))


def test_episodes_go_to_their_episode_slots_and_packs_to_the_season_slot() -> None:
    matcher = FeedMatcher(world().slots)
    assert keys(matcher, "Pioneer.One.S01E02.720p.WEB-DL.x264-GRP") == [f"{SHOW}/s01e02"]
    assert keys(matcher, "Pioneer.One.S01E01E02.720p.WEB-DL.x264-GRP") == [
        f"{SHOW}/s01e01",
        f"{SHOW}/s01e02",
    ]
    assert keys(matcher, "Pioneer.One.S01.1080p.WEB-DL.x264-GRP") == [f"{SHOW}/s01"]
    assert keys(matcher, "Pioneer.Uno.S01E03.720p.WEB-DL.x264-GRP") == [f"{SHOW}/s01e03"]
    assert keys(matcher, "Pioneer.One.S01E09.720p.WEB-DL.x264-GRP") == []
    assert keys(matcher, "Pioneer.Two.S01E01.720p.WEB-DL.x264-GRP") == []


def test_an_id_on_the_release_beats_its_title() -> None:
    matcher = FeedMatcher(world().slots)
    assert keys(matcher, "Some.Other.Name.S01E01.720p.WEB-DL", tvdb_id=4242) == [f"{SHOW}/s01e01"]
    assert keys(matcher, "Dune.Part.One.2021.1080p.WEB-DL", tmdb_id=438631) == ["movie/dune-2021"]


def test_movies_match_by_title_with_the_year_within_one() -> None:
    matcher = FeedMatcher(world().slots)
    assert keys(matcher, "Heat.1995.1080p.WEB-DL.x264-GRP") == ["movie/heat-1995"]
    assert keys(matcher, "Heat.1996.1080p.WEB-DL.x264-GRP") == ["movie/heat-1995"]
    assert keys(matcher, "Heat.2013.1080p.WEB-DL.x264-GRP") == []
    assert keys(matcher, "Dune.S01E01.1080p.WEB-DL.x264-GRP") == []  # a show, not the movie


def test_albums_and_books_match_by_creator_and_title() -> None:
    matcher = FeedMatcher(world().slots)
    assert keys(matcher, "Radiohead - OK Computer (1997) [FLAC]") == ["music/radiohead/ok-computer"]
    assert keys(matcher, "Blur - OK Computer (1997) [FLAC]") == []
    assert keys(matcher, "Frank Herbert - Dune Messiah (1969) (epub)") == [
        "book/frank-herbert/dune-messiah"
    ]


def test_judge_feed_decides_only_matched_slots_against_what_is_held() -> None:
    desired = world()
    items = [
        ReleaseInfo(title=t, guid=t, indexer="i", protocol="torrent", seeders=5)
        for t in (
            "Heat.1995.1080p.WEB-DL.x264-GRP",
            "Heat.1995.720p.WEB-DL.x264-GRP",
            "Pioneer.One.S01E02.720p.WEB-DL.x264-GRP",
            "Unrelated.Thing.2020.1080p.WEB-DL.x264-GRP",
        )
    ]
    held = {f"{SHOW}/s01e02": Holding("/t", "x.mkv", "WEBDL-1080p")}
    judged = judge_feed(desired, items, held, DecisionContext(now=NOW), NOW)
    assert sorted(judged) == ["movie/heat-1995", f"{SHOW}/s01e02"]
    assert [d.accepted for d in judged["movie/heat-1995"]] == [True, True]
    (episode,) = judged[f"{SHOW}/s01e02"]
    assert not episode.accepted  # 720p is no upgrade over the held 1080p
    assert Reason.NOT_AN_UPGRADE in episode.codes


def test_a_large_feed_against_a_large_wanted_set_is_judged_by_index() -> None:
    """10,000 movies and 100,000 episodes, 2,000 items: a loop over all slots per item
    would take minutes; the index takes well under a second."""
    cfg = config(
        movies=[{"title": f"Movie Number {n}", "year": 2000 + n % 20} for n in range(10_000)],
        series=[{"title": f"Show Number {n}", "year": 2010} for n in range(1_000)],
    )
    catalog = Catalog(
        series={
            f"series/show-number-{n}-2010": show(f"Show Number {n}", 2010, 100)
            for n in range(1_000)
        }
    )
    desired = resolve(cfg, catalog, NOW)
    items = [
        ReleaseInfo(
            title=f"Show.Number.{n % 1000}.S01E{n % 100 + 1:02d}.720p.WEB-DL.x264-GRP"
            if n % 2
            else f"Movie.Number.{n}.{2000 + n % 20}.1080p.WEB-DL.x264-GRP",
            guid=str(n),
            indexer="i",
            protocol="torrent",
            seeders=5,
        )
        for n in range(2_000)
    ]
    judged = judge_feed(desired, items, {}, Judge().context(desired.slots[0], NOW), NOW)
    assert sum(len(decisions) for decisions in judged.values()) == 2_000

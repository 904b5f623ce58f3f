"""The removal planner: cancel what is no longer wanted, prune only when asked, and the guard."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from mediaos.core.actions import Cancel, Prune
from mediaos.core.wanted import WantedUnit
from mediaos.reconcilers.desired import Desired, Slot
from mediaos.reconcilers.removal_plan import (
    MASS_REMOVAL_REFUSED,
    PRUNE_NEEDS_RECYCLE_BIN,
    DeclaredItem,
    LibraryFile,
    RemovalObserved,
    listed_seasons,
    plan_removal,
)
from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.quality import ProfileSpec
from mediaos.state.downloads import DownloadRecord
from mediaos.state.grabs import GrabRecord

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HD = ProfileSpec(allowed=["WEBDL-1080p"], cutoff="WEBDL-1080p")
MOVIES = "/lib/movies"
SERIES = "/lib/tv"


def movie_slot(key: str, title: str, year: int, *, version: str | None = None) -> Slot:
    unit_key = f"{key}@{version}" if version else key
    unit = WantedUnit(key=unit_key, kind="movie", title=title, year=year)
    return Slot(unit, key, "movies", "hd", HD, Path(MOVIES), "r", version=version)


def episode_slot(series: str, season: int, episode: int) -> Slot:
    unit = WantedUnit(
        key=f"{series}/s{season:02d}e{episode:02d}", kind="episode", title="Pioneer One",
        season=season, episodes=(episode,),
    )  # fmt: skip
    return Slot(unit, series, "series", "hd", HD, Path(SERIES), "r")


DUNE = movie_slot("movie/dune-2021", "Dune", 2021)
PIONEER = "series/pioneer-one-2010"


def desired(*slots: Slot, items: tuple[str, ...] = (), protected: tuple[str, ...] = ()) -> Desired:
    return Desired(slots, frozenset({s.item for s in slots} | set(items)), frozenset(protected))


def grab(item: str, download_id: str = "h1") -> GrabRecord:
    return GrabRecord(item, "g", download_id, "Some.Release", "nyaa", "qbit", download_id, NOW)


def movie_file(key: str | None, folder: str, **ids: object) -> LibraryFile:
    return LibraryFile(MOVIES, f"{folder}/{folder}.mkv", "movie", key, **ids)  # type: ignore[arg-type]


def world(**fields: object) -> RemovalObserved:
    base: dict[str, object] = {"recycle_bin": True, "max_removals": 10}
    return RemovalObserved(**{**base, **fields})  # type: ignore[arg-type]


def test_a_live_grab_of_an_undeclared_item_is_cancelled_even_with_prune_off() -> None:
    plan = plan_removal(desired(DUNE), world(grabs=(grab("movie/alien-1979"),)))
    (action,) = plan.actions
    assert isinstance(action, Cancel) and action.item == "movie/alien-1979"


def test_a_live_grab_of_a_declared_item_is_kept() -> None:
    assert plan_removal(desired(DUNE), world(grabs=(grab("movie/dune-2021"),))).actions == ()


def test_a_suspended_item_keeps_its_grabs_and_files() -> None:
    suspended = desired(items=("movie/alien-1979",))
    files = (movie_file("movie/alien-1979", "Alien (1979)"),)
    plan = plan_removal(suspended, world(grabs=(grab("movie/alien-1979"),), files=files,
                                         prune=True))  # fmt: skip
    assert plan.actions == ()


def test_files_of_an_undeclared_item_stay_when_prune_is_off() -> None:
    files = (movie_file("movie/alien-1979", "Alien (1979)"),)
    assert plan_removal(desired(DUNE), world(files=files)).actions == ()


def test_files_of_an_undeclared_item_are_pruned_when_prune_is_on() -> None:
    files = (movie_file("movie/alien-1979", "Alien (1979)"), movie_file("movie/dune-2021", "Dune"))
    (action,) = plan_removal(desired(DUNE), world(files=files, prune=True)).actions
    assert isinstance(action, Prune)
    assert action.path == PurePosixPath(f"{MOVIES}/Alien (1979)/Alien (1979).mkv")


def test_prune_without_a_recycle_bin_prunes_nothing_and_says_why() -> None:
    files = (movie_file("movie/alien-1979", "Alien (1979)"),)
    plan = plan_removal(desired(DUNE), world(files=files, prune=True, recycle_bin=False))
    assert plan.actions == ()
    assert [p.reason for p in plan.problems] == [PRUNE_NEEDS_RECYCLE_BIN]


def test_an_unidentified_file_is_never_pruned() -> None:
    files = (movie_file(None, "Home Video"),)
    assert plan_removal(desired(DUNE), world(files=files, prune=True)).actions == ()


def test_a_file_is_declared_by_id_or_title_when_its_key_differs() -> None:
    declared = (DeclaredItem("movie/dune-2021", frozenset({"tmdb-438631"}), frozenset({"dune"})),)
    files = (
        movie_file("movie/dune-part-one-2021", "Dune Part One", tmdb=438631),
        movie_file("movie/dune-2020", "Dune (2020)", title="Dune"),
    )
    plan = plan_removal(desired(DUNE), world(files=files, prune=True, declared=declared))
    assert plan.actions == ()


def test_a_series_key_with_or_without_a_year_is_the_same_series() -> None:
    slots = (episode_slot(PIONEER, 1, 1),)
    files = (LibraryFile(SERIES, "Pioneer One/Season 1/e1.mkv", "episode",
                         "series/pioneer-one/s01e01"),)  # fmt: skip
    assert plan_removal(desired(*slots), world(files=files, prune=True)).actions == ()


def episode_file(season: int, episode: int) -> LibraryFile:
    return LibraryFile(SERIES, f"Pioneer One/Season {season}/e{episode}.mkv", "episode",
                       f"{PIONEER}/s{season:02d}e{episode:02d}")  # fmt: skip


def test_episodes_of_a_season_no_longer_listed_are_pruned_unless_protected() -> None:
    slots = (episode_slot(PIONEER, 1, 1),)
    files = (episode_file(1, 1), episode_file(2, 1))
    listed = {PIONEER: frozenset({1})}
    plan = plan_removal(desired(*slots), world(files=files, prune=True, listed_seasons=listed))
    (action,) = plan.actions
    assert action.item == f"{PIONEER}/s02e01"
    kept = plan_removal(desired(*slots, protected=(PIONEER,)),
                        world(files=files, prune=True, listed_seasons=listed))  # fmt: skip
    assert kept.actions == ()


def test_an_episode_of_a_listed_season_that_is_no_slot_yet_is_never_pruned() -> None:
    # s01e02 airs next week (an early release) or has no date yet: not a slot, still wanted.
    slots = (episode_slot(PIONEER, 1, 1),)
    files = (episode_file(1, 1), episode_file(1, 2))
    listed = {PIONEER: frozenset({1})}
    plan = plan_removal(desired(*slots), world(files=files, prune=True, listed_seasons=listed))
    assert plan.actions == ()


def test_under_all_or_future_no_episode_file_is_pruned_not_even_specials() -> None:
    # `all` leaves season 0 out of the slots; `future` leaves past seasons out; neither is
    # an explicit list, so neither prunes (adopted specials, an older season kept).
    slots = (episode_slot(PIONEER, 2, 1),)
    files = (episode_file(0, 1), episode_file(1, 1), episode_file(1, 5), episode_file(2, 1))
    assert plan_removal(desired(*slots), world(files=files, prune=True)).actions == ()


def test_specials_are_pruned_only_when_an_explicit_list_leaves_season_0_out() -> None:
    slots = (episode_slot(PIONEER, 1, 1),)
    files = (episode_file(0, 1), episode_file(1, 1))
    pruned = plan_removal(desired(*slots), world(
        files=files, prune=True, listed_seasons={PIONEER: frozenset({1})}))  # fmt: skip
    assert [a.item for a in pruned.actions] == [f"{PIONEER}/s00e01"]
    kept = plan_removal(desired(*slots), world(
        files=files, prune=True, listed_seasons={PIONEER: frozenset({0, 1})}))  # fmt: skip
    assert kept.actions == ()


def test_a_narrowed_episode_grab_is_cancelled() -> None:
    slots = (episode_slot(PIONEER, 1, 1),)
    plan = plan_removal(desired(*slots), world(grabs=(grab(f"{PIONEER}/s02e01"),)))
    assert [a.item for a in plan.actions] == [f"{PIONEER}/s02e01"]


def test_a_season_pack_grab_is_kept_while_an_episode_of_its_season_is_wanted() -> None:
    # Metadata added an episode not aired yet to season 2: its season slot is gone, but
    # s02e01 and s02e02 are still wanted, so the pack downloading for them stays.
    slots = (episode_slot(PIONEER, 2, 1), episode_slot(PIONEER, 2, 2))
    pack = grab(f"{PIONEER}/s02")
    assert plan_removal(desired(*slots), world(grabs=(pack,))).actions == ()


def test_a_season_pack_grab_of_a_season_no_longer_wanted_is_cancelled() -> None:
    slots = (episode_slot(PIONEER, 1, 1), episode_slot(PIONEER, 12, 1))
    pack = grab(f"{PIONEER}/s02")
    (action,) = plan_removal(desired(*slots), world(grabs=(pack,))).actions
    assert isinstance(action, Cancel) and action.item == f"{PIONEER}/s02"


def test_a_dropped_version_is_pruned_by_the_paths_mediaos_imported() -> None:
    slots = (movie_slot("movie/dune-2021", "Dune", 2021, version="2160p"),)
    old = f"{MOVIES}/Dune (2021)/Dune (2021) WEBDL-1080p.mkv"
    new = f"{MOVIES}/Dune (2021)/Dune (2021) WEBDL-2160p.mkv"
    imported = (
        DownloadRecord("qbit", "h1", "movie/dune-2021@1080p", 1.0, NOW, NOW, NOW, (old,)),
        DownloadRecord("qbit", "h2", "movie/dune-2021@2160p", 1.0, NOW, NOW, NOW, (new,)),
    )
    files = tuple(LibraryFile(MOVIES, p.removeprefix(MOVIES + "/"), "movie", "movie/dune-2021")
                  for p in (old, new))  # fmt: skip
    plan = plan_removal(desired(*slots), world(files=files, imported=imported, prune=True))
    assert [(a.item, str(a.path)) for a in plan.actions] == [  # type: ignore[attr-defined]
        ("movie/dune-2021@1080p", old)
    ]


def test_more_removals_than_the_limit_are_refused_with_a_problem() -> None:
    grabs = tuple(grab(f"movie/gone-{n}", f"h{n}") for n in range(11))
    plan = plan_removal(desired(DUNE), world(grabs=grabs))
    assert plan.actions == ()
    (problem,) = plan.problems
    assert problem.reason == MASS_REMOVAL_REFUSED
    assert "11 items" in problem.message and "(10)" in problem.message
    assert "--allow-mass-removal" in problem.message
    assert plan.refused == 11


def test_the_limit_counts_items_not_files_and_allows_exactly_the_limit() -> None:
    grabs = tuple(grab(f"movie/gone-{n}", f"h{n}") for n in range(10))
    assert len(plan_removal(desired(DUNE), world(grabs=grabs)).actions) == 10


def test_one_series_with_many_episodes_counts_as_one_item_for_the_guard() -> None:
    grabs = tuple(grab(f"series/gone/s01e{n:02d}", f"h{n}") for n in range(1, 15))
    files = tuple(
        LibraryFile(SERIES, f"Gone/Season 2/e{n}.mkv", "episode", f"series/gone/s02e{n:02d}")
        for n in range(1, 15)
    )
    plan = plan_removal(desired(DUNE), world(grabs=grabs, files=files, prune=True))
    assert len(plan.actions) == 28 and plan.problems == ()


def test_allow_mass_removal_lifts_the_guard() -> None:
    grabs = tuple(grab(f"movie/gone-{n}", f"h{n}") for n in range(11))
    plan = plan_removal(desired(DUNE), world(grabs=grabs, allow_mass_removal=True))
    assert len(plan.actions) == 11 and plan.problems == ()


def test_dropping_every_version_prunes_nothing_since_the_plain_slot_may_use_the_file() -> None:
    old = f"{MOVIES}/Dune (2021)/Dune (2021) WEBDL-1080p.mkv"
    imported = (DownloadRecord("qbit", "h1", "movie/dune-2021@1080p", 1.0, NOW, NOW, NOW, (old,)),)
    files = (LibraryFile(MOVIES, old.removeprefix(MOVIES + "/"), "movie", "movie/dune-2021"),)
    plan = plan_removal(desired(DUNE), world(files=files, imported=imported, prune=True))
    assert plan.actions == ()


def test_only_an_explicit_seasons_list_is_a_list_to_prune_by() -> None:
    config = MediaOSConfig.model_validate({
        "version": 1,
        "library": {"roots": {"series": SERIES}},
        "quality": {"profiles": {"hd": {"allowed": ["WEBDL-1080p"], "cutoff": "WEBDL-1080p"}}},
        "series": [
            {"title": "Pioneer One", "year": 2010, "seasons": [1, 2]},
            {"title": "Andor", "year": 2022, "seasons": "all"},
            {"title": "Severance", "year": 2022, "seasons": "future"},
        ],
    })  # fmt: skip
    assert listed_seasons(config) == {PIONEER: frozenset({1, 2})}

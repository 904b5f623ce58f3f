"""plan_acquisition(): search, grab or wait per slot; never twice; season packs first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from mediaos.adapters.metadata.base import EpisodeMeta, MovieMeta, SeriesMeta
from mediaos.core.actions import Grab, Plan, Search
from mediaos.core.conditions import (
    AVAILABLE,
    GRABBED,
    NO_ACCEPTABLE_RELEASE,
    SEARCHING,
    WANTED,
    Truth,
)
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.reconcilers.acquisition_plan import (
    EPISODES_SINGLY,
    SEARCH_INTERVAL,
    SEASON_PACK_FIRST,
    AcquisitionObserved,
    ClientChoice,
    Judge,
    choose_client,
    clients_from_config,
    plan_acquisition,
)
from mediaos.reconcilers.desired import Catalog, Desired, resolve
from mediaos.reconcilers.holdings import Holding
from mediaos.schemas.config import MediaOSConfig
from mediaos.state.candidates import CandidateRecord, SearchRecord
from mediaos.state.grabs import GrabRecord

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
DUNE = "movie/dune-2021"
SHOW = "series/pioneer-one-2010"
S1 = f"{SHOW}/s01"
EPISODES = [f"{SHOW}/s01e0{n}" for n in (1, 2, 3)]


def config(**sections: Any) -> MediaOSConfig:
    base: dict[str, Any] = {
        "version": 1,
        "data_dir": "/srv/data",
        "library": {"roots": {"movies": "/srv/movies", "series": "/srv/tv"}},
        "quality": {
            "profiles": {
                "hd": {"allowed": ["WEBDL-720p", "WEBDL-1080p"], "cutoff": "WEBDL-1080p"},
            },
        },
        "indexers": [{"name": "idx", "type": "torznab", "url": "http://127.0.0.1:4"}],
        "download_clients": [
            {"name": "qbt", "type": "qbittorrent", "url": "http://127.0.0.1:1", "priority": 2},
            {"name": "qbt2", "type": "qbittorrent", "url": "http://127.0.0.1:2", "priority": 1},
            {"name": "off", "type": "transmission", "url": "http://127.0.0.1:3", "enabled": False},
        ],
        "movies": [{"title": "Dune", "year": 2021}],
        "series": [{"title": "Pioneer One", "year": 2010}],
    }
    base.update(sections)
    return MediaOSConfig.model_validate(base)


CATALOG = Catalog(
    movies={DUNE: MovieMeta(title="Dune", year=2021, runtime=155)},
    series={
        SHOW: SeriesMeta(
            title="Pioneer One",
            year=2010,
            runtime=40,
            episodes=tuple(
                EpisodeMeta(season=1, number=n, air_date=date(2010, 6, n)) for n in (1, 2, 3)
            ),
        )
    },
)


def desired(cfg: MediaOSConfig | None = None) -> Desired:
    return resolve(cfg or config(), CATALOG, NOW)


def release(
    title: str, guid: str, *, protocol: str = "torrent", hash_: str | None = None
) -> ReleaseInfo:
    return ReleaseInfo(
        title=title,
        guid=guid,
        indexer="idx",
        protocol=protocol,  # type: ignore[arg-type]
        seeders=10,
        info_hash=hash_,
    )


def candidate(item: str, rel: ReleaseInfo) -> CandidateRecord:
    return CandidateRecord(item, rel, "{}", True, NOW - timedelta(hours=1))


def searched(item: str, hours_ago: float, results: int = 0) -> SearchRecord:
    return SearchRecord(item, NOW - timedelta(hours=hours_ago), results, 0)


def grab(item: str, state: str = "grabbed") -> GrabRecord:
    return GrabRecord(item, "g", "a" * 40, "Some.Release", "idx", "qbt", "a" * 40, NOW, state)  # type: ignore[arg-type]


def held(quality: str) -> Holding:
    return Holding("/srv/movies", "x.mkv", quality)


def everything_searched(**extra: SearchRecord) -> dict[str, SearchRecord]:
    found = {k: searched(k, 1) for k in [DUNE, S1, *EPISODES]}
    found.update(extra)
    return found


def plan(observed: AcquisitionObserved, cfg: MediaOSConfig | None = None) -> Plan:
    cfg = cfg or config()
    return plan_acquisition(
        desired(cfg), observed, NOW, judge=Judge.from_config(cfg), clients=clients_from_config(cfg)
    )


def condition(p: Plan, item: str, kind: str) -> tuple[Truth, str]:
    found = next(c for c in p.status[item] if c.type == kind)  # type: ignore[index]
    return found.status, found.reason


def test_a_never_searched_movie_is_searched() -> None:
    p = plan(AcquisitionObserved(searches=everything_searched(**{DUNE: searched(DUNE, 1)})))
    assert p.actions == ()
    fresh = {k: v for k, v in everything_searched().items() if k != DUNE}
    p = plan(AcquisitionObserved(searches=fresh))
    assert [(a.verb, a.item) for a in p.actions] == [("search", DUNE)]
    assert condition(p, DUNE, SEARCHING) == (Truth.TRUE, "SearchDue")
    assert condition(p, DUNE, WANTED) == (Truth.TRUE, "Missing")


def test_a_search_is_due_again_after_the_interval_only() -> None:
    stale = everything_searched(**{DUNE: searched(DUNE, SEARCH_INTERVAL.total_seconds() / 3600)})
    assert [a.item for a in plan(AcquisitionObserved(searches=stale)).actions] == [DUNE]
    p = plan(AcquisitionObserved(searches=everything_searched(**{DUNE: searched(DUNE, 5.9, 4)})))
    assert p.actions == ()
    assert condition(p, DUNE, WANTED) == (Truth.TRUE, NO_ACCEPTABLE_RELEASE)


def test_held_at_cutoff_is_available_and_below_cutoff_is_searched_for_an_upgrade() -> None:
    at_cutoff = AcquisitionObserved(holdings={DUNE: held("WEBDL-1080p")}, searches={})
    p = plan(at_cutoff)
    assert DUNE not in {a.item for a in p.actions}
    assert condition(p, DUNE, AVAILABLE) == (Truth.TRUE, "CutoffMet")
    assert condition(p, DUNE, WANTED)[0] is Truth.FALSE
    below = AcquisitionObserved(holdings={DUNE: held("WEBDL-720p")}, searches={})
    p = plan(below)
    assert any(isinstance(a, Search) and a.item == DUNE for a in p.actions)
    assert condition(p, DUNE, WANTED) == (Truth.TRUE, "BelowCutoff")


def test_the_best_accepted_candidate_is_grabbed_once_by_the_lowest_priority_client() -> None:
    good = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-1080", hash_="b" * 40)
    worse = release("Dune.2021.720p.WEB-DL.x264-GRP", "g-720")
    wrong = release("Another.Movie.2021.1080p.WEB-DL.x264-GRP", "g-other")
    observed = AcquisitionObserved(
        candidates={DUNE: (candidate(DUNE, worse), candidate(DUNE, wrong), candidate(DUNE, good))},
        searches=everything_searched(),
    )
    p = plan(observed)
    (action,) = p.actions
    assert isinstance(action, Grab)
    assert (action.item, action.guid, action.client, action.info_hash) == (
        DUNE,
        "g-1080",
        "qbt2",
        "b" * 40,
    )
    assert action.key == f"grab:{DUNE}:{'b' * 40}"


def test_a_unit_with_a_live_grab_is_never_grabbed_again() -> None:
    good = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-1080")
    observed = AcquisitionObserved(
        grabs={DUNE: (grab(DUNE, "downloading"),)},
        candidates={DUNE: (candidate(DUNE, good),)},
        searches={},
    )
    p = plan(observed)
    assert DUNE not in {a.item for a in p.actions}
    assert condition(p, DUNE, GRABBED) == (Truth.TRUE, "SentToClient")
    assert condition(p, DUNE, "Downloading") == (Truth.TRUE, "Transferring")


def test_a_blocklisted_or_rejected_candidate_is_never_grabbed() -> None:
    blocked = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-bad", hash_="c" * 40)
    cam = release("Dune.2021.CAM.x264-GRP", "g-cam")
    observed = AcquisitionObserved(
        blocked={DUNE: frozenset({"c" * 40})},
        candidates={DUNE: (candidate(DUNE, blocked), candidate(DUNE, cam))},
        searches=everything_searched(),
    )
    p = plan(observed)
    assert p.actions == ()
    assert condition(p, DUNE, WANTED) == (Truth.TRUE, NO_ACCEPTABLE_RELEASE)


def test_a_release_no_enabled_client_can_take_is_passed_over() -> None:
    usenet = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-nzb", protocol="usenet")
    torrent = release("Dune.2021.720p.WEB-DL.x264-GRP", "g-tor")
    observed = AcquisitionObserved(
        candidates={DUNE: (candidate(DUNE, usenet), candidate(DUNE, torrent))},
        searches=everything_searched(),
    )
    (action,) = plan(observed).actions
    assert isinstance(action, Grab) and action.guid == "g-tor"


def test_choose_client_matches_protocol_then_priority() -> None:
    clients = [
        ClientChoice("b", "torrent", 5),
        ClientChoice("a", "torrent", 5),
        ClientChoice("n", "usenet", 1),
    ]
    assert choose_client(clients, "torrent") == ClientChoice("a", "torrent", 5)
    assert choose_client(clients, "usenet") == ClientChoice("n", "usenet", 1)
    assert choose_client(clients[:2], "usenet") is None
    assert [c.name for c in clients_from_config(config())] == ["qbt2", "qbt"]


def test_a_wholly_missing_season_is_searched_as_a_pack_instead_of_its_episodes() -> None:
    p = plan(AcquisitionObserved(searches={DUNE: searched(DUNE, 1)}))
    assert [(a.verb, a.item) for a in p.actions] == [("search", S1)]
    for key in EPISODES:
        assert condition(p, key, WANTED) == (Truth.TRUE, SEASON_PACK_FIRST)


def test_after_a_fruitless_season_search_the_episodes_are_searched() -> None:
    p = plan(AcquisitionObserved(searches={DUNE: searched(DUNE, 1), S1: searched(S1, 1, 7)}))
    assert sorted(a.item for a in p.actions) == EPISODES
    assert condition(p, S1, WANTED) == (Truth.TRUE, NO_ACCEPTABLE_RELEASE)


def test_an_accepted_season_pack_is_grabbed_and_its_episodes_wait_for_it() -> None:
    pack = release("Pioneer.One.S01.1080p.WEB-DL.x264-GRP", "g-pack")
    single = release("Pioneer.One.S01E01.1080p.WEB-DL.x264-GRP", "g-e1")
    observed = AcquisitionObserved(
        candidates={S1: (candidate(S1, pack),), EPISODES[0]: (candidate(EPISODES[0], single),)},
        searches={DUNE: searched(DUNE, 1)},
    )
    (action,) = plan(observed).actions
    assert isinstance(action, Grab) and (action.item, action.guid) == (S1, "g-pack")


def test_a_grabbed_pack_counts_as_a_grab_of_every_episode_it_covers() -> None:
    observed = AcquisitionObserved(grabs={S1: (grab(S1),)}, searches={DUNE: searched(DUNE, 1)})
    p = plan(observed)
    assert p.actions == ()
    for key in [S1, *EPISODES]:
        assert condition(p, key, GRABBED)[0] is Truth.TRUE


def test_few_missing_or_some_grabbed_episodes_are_searched_singly() -> None:
    few = AcquisitionObserved(
        holdings={EPISODES[0]: held("WEBDL-1080p"), EPISODES[1]: held("WEBDL-1080p")},
        searches={DUNE: searched(DUNE, 1)},
    )
    p = plan(few)
    assert [(a.verb, a.item) for a in p.actions] == [("search", EPISODES[2])]
    assert condition(p, S1, WANTED) == (Truth.FALSE, EPISODES_SINGLY)
    one_grabbed = AcquisitionObserved(
        grabs={EPISODES[0]: (grab(EPISODES[0]),)}, searches={DUNE: searched(DUNE, 1)}
    )
    p = plan(one_grabbed)
    assert sorted(a.item for a in p.actions) == EPISODES[1:]


def test_the_same_world_plans_the_same_keys() -> None:
    observed = AcquisitionObserved(searches={})
    assert [a.key for a in plan(observed).actions] == [a.key for a in plan(observed).actions]


def test_a_candidate_held_back_by_the_delay_profile_is_grabbed_once_the_delay_passed() -> None:
    from dataclasses import replace

    from mediaos.reconcilers.acquisition_plan import grabbable

    cfg = config(
        quality={
            "profiles": {"hd": {"allowed": ["WEBDL-720p", "WEBDL-1080p"], "cutoff": "WEBDL-1080p"}},
            "delay": [{"torrent": 120, "bypass_if_highest_quality": False}],
        }
    )
    fresh = replace(
        release("Dune.2021.720p.WEB-DL.x264-GRP", "g-new"), published=NOW - timedelta(minutes=30)
    )
    observed = AcquisitionObserved(
        candidates={DUNE: (candidate(DUNE, fresh),)}, searches=everything_searched()
    )
    judge = Judge.from_config(cfg)
    (slot,) = [s for s in desired(cfg).slots if s.unit.key == DUNE]
    early = judge.decide(fresh, slot, judge.context(slot, NOW))
    assert not early.accepted and grabbable(early)
    clients = clients_from_config(cfg)
    assert plan_acquisition(desired(cfg), observed, NOW, judge=judge, clients=clients).actions == ()
    later = NOW + timedelta(hours=2)
    (action,) = plan_acquisition(
        desired(cfg), observed, later, judge=judge, clients=clients
    ).actions
    assert isinstance(action, Grab) and action.guid == "g-new"
    cam = judge.decide(release("Dune.2021.CAM-GRP", "g-cam"), slot, judge.context(slot, NOW))
    assert not grabbable(cam)


def test_a_unit_with_an_unsettled_grab_intent_gets_nothing_until_the_clients_are_asked() -> None:
    from mediaos.core.actions import ActionKey, ItemKey, PendingIntent

    good = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-1080")
    pending = (
        PendingIntent(ActionKey(f"grab:{DUNE}:x"), "grab", ItemKey(DUNE), "", NOW),
        PendingIntent(ActionKey(f"grab:{S1}:y"), "grab", ItemKey(S1), "", NOW),
    )
    observed = AcquisitionObserved(
        pending=pending, candidates={DUNE: (candidate(DUNE, good),)}, searches={}
    )
    p = plan(observed)
    assert p.actions == ()
    for key in [DUNE, S1, *EPISODES]:
        assert condition(p, key, WANTED) == (Truth.TRUE, "Interrupted")


def test_searches_per_pass_are_capped_never_searched_first_then_the_oldest() -> None:
    cfg = config()
    stale = {DUNE: searched(DUNE, 30), S1: searched(S1, 1, 7)}  # episodes never searched
    observed = AcquisitionObserved(searches=stale)
    judge, clients = Judge.from_config(cfg), clients_from_config(cfg)
    capped = plan_acquisition(desired(cfg), observed, NOW, judge=judge, clients=clients,
                              max_searches=2)  # fmt: skip
    assert [a.item for a in capped.actions] == EPISODES[:2]
    assert condition(capped, EPISODES[2], SEARCHING) == (Truth.FALSE, "SearchDue")
    assert condition(capped, DUNE, SEARCHING) == (Truth.FALSE, "SearchDue")
    everything = plan_acquisition(desired(cfg), observed, NOW, judge=judge, clients=clients,
                                  max_searches=4)  # fmt: skip
    assert sorted(a.item for a in everything.actions) == sorted([DUNE, *EPISODES])


def test_a_candidate_of_an_indexer_no_longer_enabled_is_not_grabbed() -> None:
    cfg = config()
    good = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-1080")
    observed = AcquisitionObserved(
        candidates={DUNE: (candidate(DUNE, good),)}, searches=everything_searched()
    )
    assert [a.verb for a in plan(observed, cfg).actions] == ["grab"]
    off = config(
        indexers=[{"name": "idx", "type": "torznab", "url": "http://127.0.0.1:4", "enabled": False}]
    )
    assert plan(observed, off).actions == ()


def test_a_held_file_at_cutoff_quality_meets_a_cutoff_score_it_cannot_know() -> None:
    """Its format score is unknown from the index: counted as 0, every scored release of its
    quality would be an upgrade, the one just imported included, and be grabbed forever."""
    cfg = config(
        quality={
            "formats": {"Group": {"conditions": [{"type": "release_group", "pattern": "^GRP$"}]}},
            "profiles": {
                "hd": {
                    "allowed": ["WEBDL-720p", "WEBDL-1080p"],
                    "cutoff": "WEBDL-1080p",
                    "cutoff_score": 10,
                    "scores": {"Group": 20},
                }
            },
        }
    )
    same = release("Dune.2021.1080p.WEB-DL.x264-GRP", "g-1080", hash_="b" * 40)
    observed = AcquisitionObserved(
        holdings={DUNE: held("WEBDL-1080p")},
        candidates={DUNE: (candidate(DUNE, same),)},
        searches=everything_searched(),
    )
    p = plan(observed, cfg)
    assert DUNE not in {a.item for a in p.actions}
    assert condition(p, DUNE, AVAILABLE) == (Truth.TRUE, "CutoffMet")


def test_a_season_held_below_cutoff_is_upgraded_episode_by_episode_not_by_any_pack() -> None:
    """Below-cutoff episodes are not missing: counted so, any allowed pack was accepted (judged
    as a new file) and its import recycled the better episode files."""
    pack = release("Pioneer.One.S01.720p.WEB-DL.x264-GRP", "g-pack")
    observed = AcquisitionObserved(
        holdings={e: held("WEBDL-720p") for e in EPISODES},
        candidates={S1: (candidate(S1, pack),)},
        searches={DUNE: searched(DUNE, 1)},
    )
    p = plan(observed)
    assert sorted((a.verb, a.item) for a in p.actions) == [("search", e) for e in EPISODES]
    assert condition(p, S1, WANTED) == (Truth.FALSE, EPISODES_SINGLY)


def test_a_pack_below_the_quality_of_a_held_episode_is_never_picked() -> None:
    worse = release("Pioneer.One.S01.720p.WEB-DL.x264-GRP", "g-720")
    better = release("Pioneer.One.S01.1080p.WEB-DL.x264-GRP", "g-1080")
    holdings = {EPISODES[0]: held("WEBDL-1080p")}
    only_worse = AcquisitionObserved(
        holdings=holdings,
        candidates={S1: (candidate(S1, worse),)},
        searches=everything_searched(),
    )
    p = plan(only_worse)
    assert p.actions == ()
    assert condition(p, S1, WANTED) == (Truth.TRUE, NO_ACCEPTABLE_RELEASE)
    both = AcquisitionObserved(
        holdings=holdings,
        candidates={S1: (candidate(S1, worse), candidate(S1, better))},
        searches=everything_searched(),
    )
    (action,) = plan(both).actions
    assert isinstance(action, Grab) and (action.item, action.guid) == (S1, "g-1080")


def test_every_slot_has_its_five_conditions_in_type_order_with_its_spec_revision() -> None:
    p = plan(AcquisitionObserved(holdings={DUNE: held("WEBDL-1080p")}, searches={}))
    slots = desired().by_key()
    assert set(p.status) == set(slots)
    assert len(p.status) == len(slots)
    for key, conditions in p.status.items():
        assert [c.type for c in conditions] == sorted(c.type for c in conditions)
        assert len(conditions) == 5
        assert {c.revision for c in conditions} == {slots[key].revision}
        assert {c.since for c in conditions} == {NOW}
    available = next(c for c in p.status[DUNE] if c.type == AVAILABLE)  # type: ignore[index]
    assert available.message == "holds WEBDL-1080p"


def test_slots_in_the_same_state_share_one_built_conditions_tuple() -> None:
    p = plan(AcquisitionObserved(searches=everything_searched()))
    first, second = (p.status[e] for e in EPISODES[:2])  # type: ignore[index]
    assert first is second  # one recipe, built once
    assert p.status[DUNE] is not first  # another spec revision


def test_the_status_is_kept_by_plan_of_and_equals_its_built_copy() -> None:
    p = plan(AcquisitionObserved(searches=everything_searched()))
    again = Plan.of(p.actions, p.status)
    assert again.status is p.status  # read-only: not copied (nor built) by Plan.of
    built = dict(p.status)
    assert Plan.of(p.actions, built).status is not built  # a dict is copied, as before
    assert again == Plan.of(p.actions, built)


def test_a_fruitless_search_is_explained_with_its_time_and_the_next_one() -> None:
    p = plan(AcquisitionObserved(searches=everything_searched(**{DUNE: searched(DUNE, 5.9, 4)})))
    wanted = next(c for c in p.status[DUNE] if c.type == WANTED)  # type: ignore[index]
    assert wanted.message == (
        "searched 2024-06-01 06:06Z: 4 releases, none acceptable; "
        "next search after 2024-06-01 12:06Z"
    )

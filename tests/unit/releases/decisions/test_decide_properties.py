"""Property tests: decide never raises, rank is a total order, upgrades never go down the ladder.

`_decide` (not `decide`) is called, because `decide` turns a bug into DECISION_ERROR and a
property test must see the bug itself.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mediaos.core.qualities import QUALITY_NAMES, VIDEO_QUALITY_NAMES, MediaFamily
from mediaos.core.releaseinfo import KNOWN_FLAGS, ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases.decide import _decide, decide
from mediaos.releases.decision import Decision, DecisionContext, Verdict
from mediaos.releases.formats import compile_formats
from mediaos.releases.model import ParsedRelease
from mediaos.releases.rank import rank, rank_key
from mediaos.releases.reasons import Reason
from mediaos.releases.upgrades import Grade, Revision, compare, quality_weights
from mediaos.schemas.quality import DelayProfileSpec, ProfileSpec, QualitySpec

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
QUALITY = QualitySpec.model_validate(
    {
        "formats": {
            "x265": {"conditions": [{"type": "codec", "value": "x265"}]},
            "Groups": {"conditions": [{"type": "release_group", "pattern": "^(A|B)$"}]},
            "Big": {"conditions": [{"type": "size", "min": 1, "max": 5, "negate": True}]},
        }
    }
)
FORMATS = compile_formats(QUALITY.formats)

small_ints = st.integers(min_value=-5, max_value=3000)
maybe_text = st.none() | st.text(max_size=30)
moments = st.none() | st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2040, 1, 1),
    timezones=st.none() | st.just(UTC),
)
tuples_of_ints = st.lists(small_ints, max_size=4).map(tuple)


@st.composite
def profiles(draw: st.DrawFn) -> ProfileSpec:
    allowed = draw(
        st.lists(st.sampled_from(VIDEO_QUALITY_NAMES), min_size=1, max_size=8, unique=True)
    )
    return ProfileSpec(
        allowed=allowed,
        cutoff=draw(st.sampled_from(allowed)),
        upgrades=draw(st.booleans()),
        min_score=draw(st.integers(-50, 50)),
        cutoff_score=draw(st.none() | st.integers(-50, 50)),
        scores={"x265": draw(st.integers(-50, 50)), "Groups": draw(st.integers(-50, 50))},
        protocol=draw(st.sampled_from(["any", "torrent", "usenet"])),
        languages=draw(st.lists(st.sampled_from(["en", "fr", "pt-BR"]), max_size=2)),
        must_contain=draw(st.lists(st.sampled_from([r"\bx264\b", "1080p"]), max_size=1)),
        must_not_contain=draw(st.lists(st.sampled_from([r"\bcam\b", "(?i)sample"]), max_size=1)),
    )


releases = st.builds(
    ReleaseInfo,
    title=st.text(max_size=80),
    guid=st.text(max_size=10),
    indexer=st.sampled_from(["a", "b", "c"]),
    protocol=st.sampled_from(["torrent", "usenet"]),
    info_hash=maybe_text,
    size=st.none() | st.integers(min_value=-10, max_value=200 * 1024**3),
    published=moments,
    seeders=st.none() | small_ints,
    imdb_id=maybe_text,
    tmdb_id=st.none() | small_ints,
    flags=st.frozensets(st.sampled_from(sorted(KNOWN_FLAGS))),
    download_factor=st.none() | st.floats(allow_nan=True),
)
parsed_releases = st.builds(
    ParsedRelease,
    raw=st.text(max_size=40),
    family=st.sampled_from(list(MediaFamily)),
    title=maybe_text,
    titles=st.lists(st.text(max_size=20), max_size=3).map(tuple),
    year=st.none() | st.integers(1800, 2200),
    season=st.none() | small_ints,
    seasons=tuples_of_ints,
    episodes=tuples_of_ints,
    absolute_episodes=tuples_of_ints,
    full_season=st.booleans(),
    multi_season=st.booleans(),
    air_date=st.none() | st.dates(),
    resolution=st.none() | small_ints,
    source=maybe_text,
    quality=st.sampled_from(QUALITY_NAMES) | st.text(max_size=10),
    proper=st.booleans(),
    repack=st.booleans(),
    real=st.booleans(),
    version=st.integers(-3, 9),
    codec=maybe_text,
    audio=maybe_text,
    hdr=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    edition=st.lists(st.text(max_size=8), max_size=2).map(tuple),
    release_group=maybe_text,
    languages=st.lists(st.sampled_from(["en", "fr", "pt-BR", "xx"]), max_size=3).map(tuple),
    multi_language=st.booleans(),
    artist=maybe_text,
    album=maybe_text,
)
wanted_units = st.builds(
    WantedUnit,
    key=st.text(max_size=20),
    kind=st.sampled_from(["movie", "episode", "season", "album", "book"]),
    title=st.text(max_size=20),
    aliases=st.lists(st.text(max_size=10), max_size=2).map(tuple),
    year=st.none() | st.integers(1, 9999),
    creator=maybe_text,
    imdb_id=maybe_text,
    season=st.none() | small_ints,
    episodes=tuples_of_ints,
    absolute_episodes=tuples_of_ints,
    air_date=st.none() | st.dates(),
    series_type=st.sampled_from(["standard", "daily", "anime"]),
    special=st.booleans(),
    runtime_minutes=st.none() | small_ints,
    languages=st.lists(st.sampled_from(["en", "de"]), max_size=2).map(tuple),
    minimum_availability=st.sampled_from(["announced", "in_cinemas", "released"]),
    in_cinemas=st.none() | st.dates(),
    digital_release=st.none() | st.dates(),
    physical_release=st.none() | st.dates(),
    pin=maybe_text,
)
grades = st.builds(
    Grade,
    quality=st.sampled_from(VIDEO_QUALITY_NAMES),
    score=st.integers(-100, 100),
    revision=st.builds(Revision, version=st.integers(1, 4), real=st.integers(0, 1)),
)
contexts = st.builds(
    DecisionContext,
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    )
    | st.just(datetime(2026, 6, 1)),
    existing=st.none() | grades,
    sizes=st.just(QUALITY.size_limits()),
    formats=st.just(FORMATS),
    blocklist=st.frozensets(st.text(max_size=10), max_size=2),
    delay=st.none()
    | st.builds(
        DelayProfileSpec,
        usenet=st.integers(0, 500),
        torrent=st.integers(0, 500),
        bypass_if_highest_quality=st.booleans(),
        bypass_if_score_above=st.none() | st.integers(-50, 50),
    ),
    min_seeders=st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 10)),
    retention=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5000)),
)


@settings(max_examples=300, deadline=None)
@given(releases, parsed_releases, wanted_units, profiles(), contexts)
def test_decide_never_raises_and_accepts_only_without_rejections(
    release: ReleaseInfo,
    parsed: ParsedRelease,
    wanted: WantedUnit,
    profile: ProfileSpec,
    context: DecisionContext,
) -> None:
    decision = _decide(release, parsed, wanted, profile, context)
    assert decision.accepted is not any(v.code.rejects for v in decision.reasons)
    assert decision.reasons, "every decision gives at least one reason"
    assert decide(release, parsed, wanted, profile, context) == decision


def make_decision(rng: random.Random, index: int) -> Decision:
    """A random accepted decision: only the fields ranking reads vary."""
    size = rng.choice([None, rng.randrange(0, 50) * 100 * 1024 * 1024])
    release = ReleaseInfo(
        title=rng.choice(["x", "y"]),
        guid=rng.choice(["g1", "g2", f"g{index}"]),
        indexer=rng.choice(["a", "b"]),
        protocol=rng.choice(["torrent", "usenet"]),
        size=size,
        seeders=rng.choice([None, 0, 5, 50]),
    )
    return Decision(
        release=release,
        parsed=ParsedRelease(raw=release.title),
        wanted_key="movie/x",
        accepted=True,
        quality="WEBDL-1080p",
        score=rng.choice([-10, 0, 10]),
        formats=(),
        revision=Revision(rng.choice([1, 2]), rng.choice([0, 1])),
        reasons=(Verdict(Reason.NEW_FILE, "no file"),),
        quality_weight=rng.choice([-1, 0, 3]),
        protocol_preferred=rng.choice([True, False]),
        indexer_priority=rng.choice([1, 25, 50]),
        preferred_size=rng.choice([None, 2 * 1024**3]),
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=12))
def test_rank_is_a_total_order_whatever_the_input_order(seed: int, count: int) -> None:
    rng = random.Random(seed)
    decisions = [make_decision(rng, i) for i in range(count)]
    keys = [rank_key(d) for d in decisions]
    for a in keys:
        for b in keys:
            assert (a <= b) or (b <= a)  # total
            if a <= b and b <= a:
                assert a == b  # antisymmetric
            for c in keys:
                if a <= b and b <= c:
                    assert a <= c  # transitive
    shuffled = decisions[:]
    rng.shuffle(shuffled)
    assert [rank_key(d) for d in rank(shuffled)] == [rank_key(d) for d in rank(decisions)]


@settings(max_examples=500, deadline=None)
@given(grades, grades, profiles())
def test_an_upgrade_never_goes_down_the_ladder(
    new: Grade, held: Grade, profile: ProfileSpec
) -> None:
    weights = quality_weights(profile)
    new_weight, held_weight = weights.get(new.quality, -1), weights.get(held.quality, -1)
    if compare(new, held, profile).upgrade:
        assert new_weight >= held_weight
    if new_weight > held_weight:
        assert compare(new, held, profile).upgrade
    assert not (compare(new, held, profile).upgrade and compare(held, new, profile).upgrade)


def test_rank_drops_rejected_decisions() -> None:
    rng = random.Random(1)
    kept, dropped = make_decision(rng, 1), make_decision(rng, 2)
    dropped = Decision(
        **{**{f: getattr(dropped, f) for f in Decision.__slots__}, "accepted": False}
    )
    assert rank([dropped, kept]) == [kept]


def test_rank_prefers_quality_then_score_then_revision() -> None:
    rng = random.Random(2)
    base = make_decision(rng, 0)

    def variant(**changes: object) -> Decision:
        fields = {f: getattr(base, f) for f in Decision.__slots__}
        return Decision(**{**fields, **changes})  # type: ignore[arg-type]

    best = variant(quality_weight=9, score=-50)
    scored = variant(quality_weight=5, score=100, revision=Revision(1))
    proper = variant(quality_weight=5, score=100, revision=Revision(2))
    assert rank([scored, proper, best]) == [best, proper, scored]


def test_rank_prefers_the_size_nearest_the_preferred_in_200_mib_steps() -> None:
    rng = random.Random(3)
    base = make_decision(rng, 0)
    gib = 1024**3

    def sized(size: int, guid: str) -> Decision:
        fields = {f: getattr(base, f) for f in Decision.__slots__}
        release = ReleaseInfo(title="t", guid=guid, indexer="a", protocol="usenet", size=size)
        return Decision(**{**fields, "release": release, "preferred_size": 2 * gib})  # type: ignore[arg-type]

    near, far = sized(2 * gib + 10 * 1024**2, "z-near"), sized(4 * gib, "a-far")
    tie = sized(2 * gib - 20 * 1024**2, "b-tie")
    assert rank([far, near, tie]) == [tie, near, far]  # near and tie round equal: guid decides
    assert date(2026, 1, 1) < NOW.date()

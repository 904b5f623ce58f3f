"""Table-driven decision scenarios: (release, wanted, profile, existing file) -> accepted?,
every reason code in order, and the custom format score.

Each row reads as a sentence (its id). The last test checks that every reason code of the
enum is produced by at least one row, so a new code cannot ship without a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases import parse
from mediaos.releases.decide import decide
from mediaos.releases.decision import Decision, DecisionContext
from mediaos.releases.formats import compile_formats
from mediaos.releases.reasons import Reason
from mediaos.releases.upgrades import Grade, Revision
from mediaos.schemas.quality import DelayProfileSpec, ProfileSpec, QualitySpec

R = Reason
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MIB = 1024 * 1024
GIB = 1024 * MIB

QUALITY = QualitySpec.model_validate(
    {
        "formats": {
            "x265 (HD)": {
                "conditions": [
                    {"type": "codec", "value": "x265", "required": True},
                    {"type": "resolution", "value": 2160, "negate": True, "required": True},
                ]
            },
            "Repack/Proper": {"conditions": [{"type": "title", "pattern": r"\b(repack|proper)\b"}]},
            "Bad groups": {"conditions": [{"type": "release_group", "pattern": "^(YIFY|YTS)$"}]},
            "Freeleech": {"conditions": [{"type": "indexer_flag", "value": "freeleech"}]},
        }
    }
)
FORMATS = compile_formats(QUALITY.formats)
HD = ProfileSpec(
    allowed=["HDTV-720p", "WEBRip-720p", "WEBDL-720p", "Bluray-720p", "HDTV-1080p",
             "WEBRip-1080p", "WEBDL-1080p", "Bluray-1080p"],
    cutoff="Bluray-1080p",
    min_score=-1000,
    scores={"x265 (HD)": -100, "Repack/Proper": 5, "Bad groups": -10000, "Freeleech": 1},
)  # fmt: skip
MOVIE = WantedUnit(
    key="movie/dune-2021",
    kind="movie",
    title="Dune",
    aliases=("Dune: Part One",),
    year=2021,
    runtime_minutes=155,
    profile="hd",
    in_cinemas=date(2021, 10, 22),
    digital_release=date(2021, 10, 22),
)
UNRELEASED = replace(
    MOVIE, key="movie/dune-part-three-2026", title="Dune Part Three", aliases=(), year=2026,
    in_cinemas=date(2026, 5, 20), digital_release=None,
)  # fmt: skip
EPISODE = WantedUnit(
    key="series/the-office-2005/s02e01",
    kind="episode",
    title="The Office (US)",
    year=2005,
    season=2,
    episodes=(1,),
    runtime_minutes=22,
    profile="hd",
)
SEASON = replace(EPISODE, key="series/the-office-2005/s02", kind="season", episodes=(),
                 runtime_minutes=22 * 22)  # fmt: skip
DAILY = WantedUnit(
    key="series/the-daily-show/2024-01-31", kind="episode", title="The Daily Show",
    series_type="daily", air_date=date(2024, 1, 31), runtime_minutes=30, profile="hd",
)  # fmt: skip
ANIME = WantedUnit(
    key="series/one-piece/e1071", kind="episode", title="One Piece", series_type="anime",
    season=21, episodes=(1071,), absolute_episodes=(1071,), runtime_minutes=24, profile="hd",
)  # fmt: skip
ALBUM = WantedUnit(key="music/pink-floyd/the-wall", kind="album", title="The Wall",
                   creator="Pink Floyd", year=1979, profile="lossless")  # fmt: skip
LOSSLESS = ProfileSpec(allowed=["MP3-320", "FLAC"], cutoff="FLAC")
DELAY = DelayProfileSpec(torrent=120, usenet=60)
BLURAY = "Dune.2021.1080p.BluRay.x264-GRP"
OFFICE = "The.Office.US.S02E01.720p.WEB-DL.DD5.1.H.264-NTb"


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    codes: tuple[Reason, ...]
    score: int = 0
    wanted: WantedUnit = MOVIE
    profile: ProfileSpec = HD
    existing: Grade | None = None
    release: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return not any(code.rejects for code in self.codes)


def run(case: Case) -> Decision:
    size = 8 * GIB if case.wanted.kind == "movie" else 600 * MIB
    release = ReleaseInfo(
        **{
            "title": case.title,
            "guid": "https://tracker.example/t/1",
            "indexer": "tracker",
            "protocol": "torrent",
            "size": size,
            "seeders": 40,
            "published": NOW - timedelta(days=2),
            **case.release,
        }
    )
    context = DecisionContext(
        **{"now": NOW, "existing": case.existing, "sizes": QUALITY.size_limits(),
           "formats": FORMATS, **case.context}
    )  # fmt: skip
    return decide(release, parse(case.title), case.wanted, case.profile, context)


CASES = [
    # --- identity
    Case("a wanted movie with no file is accepted", BLURAY, (R.NEW_FILE,)),
    Case("a year off by one is tolerated", "Dune.2020.1080p.BluRay.x264-GRP", (R.NEW_FILE,)),
    Case("an alias matches", "Dune.Part.One.2021.1080p.BluRay.x264-GRP", (R.NEW_FILE,)),
    Case(
        "another title and year are both reported",
        "Arrival.2016.1080p.BluRay.x264-GRP",
        (R.WRONG_TITLE, R.WRONG_YEAR, R.NEW_FILE),
    ),
    Case(
        "a remake two years off is the wrong year",
        "Dune.1984.1080p.BluRay.x264-GRP",
        (R.WRONG_YEAR, R.NEW_FILE),
    ),
    Case(
        "a release with a different imdb id is the wrong title",
        BLURAY,
        (R.WRONG_TITLE, R.NEW_FILE),
        wanted=replace(MOVIE, imdb_id="tt1160419"),
        release={"imdb_id": "tt0087182"},
    ),
    Case(
        "an episode release is the wrong kind for a movie",
        "Dune.S01E01.1080p.WEB-DL.x264-GRP",
        (R.WRONG_KIND, R.NEW_FILE),
    ),
    Case("an empty name cannot be read", "", (R.UNPARSEABLE, R.QUALITY_NOT_ALLOWED, R.NEW_FILE)),
    Case(
        "a CAM before the cinema date plus 90 days is not yet available",
        "Dune.Part.Three.2026.CAM.x264-FAKE",
        (R.NOT_YET_AVAILABLE, R.QUALITY_NOT_ALLOWED, R.NEW_FILE),
        wanted=UNRELEASED,
    ),
    Case(
        "a WEB-DL of a movie still in cinemas is a fake",
        "Dune.Part.Three.2026.1080p.WEB-DL.x264-FAKE",
        (R.NOT_YET_AVAILABLE, R.NEW_FILE),
        wanted=UNRELEASED,
    ),
    Case(
        "in_cinemas availability accepts once the movie is in cinemas",
        "Dune.Part.Three.2026.1080p.WEB-DL.x264-GRP",
        (R.NEW_FILE,),
        wanted=replace(UNRELEASED, minimum_availability="in_cinemas"),
    ),
    Case(
        "the pinned release is accepted",
        BLURAY,
        (R.PINNED, R.NEW_FILE),
        wanted=replace(MOVIE, pin="https://tracker.example/t/1"),
    ),
    Case(
        "any other release of a pinned item is rejected",
        BLURAY,
        (R.PINNED_TO_OTHER, R.NEW_FILE),
        wanted=replace(MOVIE, pin="0123456789abcdef0123456789abcdef01234567"),
    ),
    Case(
        "an album by the wrong artist is the wrong title",
        "Roger Waters - The Wall (1979) [FLAC]",
        (R.WRONG_TITLE, R.NEW_FILE),
        wanted=ALBUM,
        profile=LOSSLESS,
    ),
    Case(
        "a wanted album in FLAC is accepted",
        "Pink Floyd - The Wall (1979) [FLAC]",
        (R.NEW_FILE,),
        wanted=ALBUM,
        profile=LOSSLESS,
    ),
    # --- series numbering
    Case("the wanted episode is accepted", OFFICE, (R.NEW_FILE,), wanted=EPISODE),
    Case(
        "another season is rejected",
        "The.Office.US.S03E01.720p.WEB-DL.DD5.1.H.264-NTb",
        (R.WRONG_SEASON, R.NEW_FILE),
        wanted=EPISODE,
    ),
    Case(
        "another episode is rejected",
        "The.Office.US.S02E02.720p.WEB-DL.DD5.1.H.264-NTb",
        (R.WRONG_EPISODE, R.NEW_FILE),
        wanted=EPISODE,
    ),
    Case(
        "a season pack is not a single episode",
        "The.Office.US.S02.720p.WEB-DL.DD5.1.H.264-NTb",
        (R.WRONG_EPISODE, R.NEW_FILE),
        wanted=EPISODE,
    ),
    Case(
        "a season pack fills a season unit",
        "The.Office.US.S02.720p.WEB-DL.DD5.1.H.264-NTb",
        (R.NEW_FILE,),
        wanted=SEASON,
        release={"size": 8 * GIB},
    ),
    Case(
        "a single episode does not fill a season unit",
        OFFICE,
        (R.WRONG_EPISODE, R.NEW_FILE),
        wanted=SEASON,
        release={"size": 8 * GIB},
    ),
    Case(
        "a daily show matches by air date",
        "The.Daily.Show.2024.01.31.1080p.WEB.h264-GRP",
        (R.NEW_FILE,),
        wanted=DAILY,
    ),
    Case(
        "a daily show from another day is the wrong episode",
        "The.Daily.Show.2024.01.30.1080p.WEB.h264-GRP",
        (R.WRONG_EPISODE, R.NEW_FILE),
        wanted=DAILY,
    ),
    Case(
        "anime matches by absolute number",
        "[SubsPlease] One Piece - 1071 (1080p) [ABCD1234].mkv",
        (R.NEW_FILE,),
        wanted=ANIME,
    ),
    Case(
        "anime with another absolute number is the wrong episode",
        "[SubsPlease] One Piece - 1070 (1080p) [ABCD1234].mkv",
        (R.WRONG_EPISODE, R.NEW_FILE),
        wanted=ANIME,
    ),
    # --- quality, upgrades and scores
    Case(
        "a quality outside the profile is not allowed",
        "Dune.2021.2160p.UHD.BluRay.x265-GRP",
        (R.QUALITY_NOT_ALLOWED, R.NEW_FILE),
    ),
    Case(
        "a better quality upgrades a file below the cutoff",
        BLURAY,
        (R.UPGRADE, R.CUTOFF_NOT_MET),
        existing=Grade("WEBDL-720p"),
    ),
    Case(
        "a lower quality is not an upgrade and the cutoff is met",
        "Dune.2021.720p.WEB-DL.x264-GRP",
        (R.NOT_AN_UPGRADE, R.CUTOFF_MET),
        existing=Grade("Bluray-1080p"),
    ),
    Case(
        "the same quality below the cutoff is not an upgrade",
        "Dune.2021.720p.WEB-DL.x264-GRP",
        (R.NOT_AN_UPGRADE, R.CUTOFF_NOT_MET),
        existing=Grade("WEBDL-720p"),
    ),
    Case(
        "a proper of the held quality upgrades even past the cutoff",
        "Dune.2021.PROPER.1080p.BluRay.x264-GRP",
        (R.UPGRADE,),
        score=5,
        existing=Grade("Bluray-1080p"),
    ),
    Case(
        "a repack of a held proper is not an upgrade",
        "Dune.2021.1080p.BluRay.REPACK.x264-GRP",
        (R.NOT_AN_UPGRADE, R.CUTOFF_MET),
        score=5,
        existing=Grade("Bluray-1080p", 5, Revision(2)),
    ),
    Case(
        "a higher score upgrades while the held score is below cutoff_score",
        BLURAY,
        (R.UPGRADE, R.CUTOFF_NOT_MET),
        profile=HD.model_copy(update={"cutoff_score": 0}),
        existing=Grade("Bluray-1080p", -100),
    ),
    Case(
        "a file with upgrades disabled stays",
        BLURAY,
        (R.UPGRADES_DISABLED,),
        profile=HD.model_copy(update={"upgrades": False}),
        existing=Grade("WEBDL-720p"),
    ),
    Case(
        "matched formats add up",
        "Dune.2021.1080p.BluRay.REPACK.x264-GRP",
        (R.NEW_FILE,),
        score=6,
        release={"flags": frozenset({"freeleech"})},
    ),
    Case(
        "an HD x265 encode scores down",
        "Dune.2021.1080p.BluRay.x265-GRP",
        (R.NEW_FILE,),
        score=-100,
    ),
    Case(
        "a bad group falls below the minimum score",
        "Dune.2021.1080p.BluRay.x264-YIFY",
        (R.BELOW_MIN_SCORE, R.NEW_FILE),
        score=-10000,
    ),
    # --- size, terms, language
    Case(
        "a tiny episode is too small",
        OFFICE,
        (R.NEW_FILE, R.TOO_SMALL),
        wanted=EPISODE,
        release={"size": 20 * MIB},
    ),
    Case(
        "a huge episode is too large",
        OFFICE,
        (R.NEW_FILE, R.TOO_LARGE),
        wanted=EPISODE,
        release={"size": 5 * GIB},
    ),
    Case(
        "an unknown runtime skips the size check (and says so)",
        OFFICE,
        (R.NEW_FILE, R.UNKNOWN_RUNTIME),
        wanted=replace(EPISODE, runtime_minutes=None),
    ),
    Case(
        "a special skips the size check",
        OFFICE.replace("S02E01", "S00E01"),
        (R.NEW_FILE,),
        wanted=replace(EPISODE, season=0, special=True, runtime_minutes=None),
    ),
    Case(
        "a release without a required term is rejected",
        BLURAY,
        (R.NEW_FILE, R.MISSING_REQUIRED_TERM),
        profile=HD.model_copy(update={"must_contain": [r"\bHDR\b"]}),
    ),
    Case(
        "a forbidden term rejects",
        "Dune.2021.1080p.BluRay.sample.x264-GRP",
        (R.NEW_FILE, R.FORBIDDEN_TERM),
        profile=HD.model_copy(update={"must_not_contain": [r"\bsample\b"]}),
    ),
    Case(
        "a French release is the wrong language for English",
        "Dune.2021.FRENCH.1080p.BluRay.x264-GRP",
        (R.NEW_FILE, R.WRONG_LANGUAGE),
        profile=HD.model_copy(update={"languages": ["en"]}),
    ),
    Case(
        "a MULTi release is not rejected for language",
        "Dune.2021.MULTi.FRENCH.1080p.BluRay.x264-GRP",
        (R.NEW_FILE,),
        profile=HD.model_copy(update={"languages": ["en"]}),
    ),
    # --- grab conditions
    Case(
        "a torrent with no seeders is rejected",
        BLURAY,
        (R.NEW_FILE, R.TOO_FEW_SEEDERS),
        release={"seeders": 0},
    ),
    Case(
        "an indexer's own seeder minimum applies",
        BLURAY,
        (R.NEW_FILE, R.TOO_FEW_SEEDERS),
        release={"seeders": 3},
        context={"min_seeders": {"tracker": 5}},
    ),
    Case(
        "an old usenet post beyond retention is too old",
        BLURAY,
        (R.NEW_FILE, R.TOO_OLD),
        release={"protocol": "usenet", "seeders": None, "published": NOW - timedelta(days=900)},
        context={"retention": timedelta(days=800)},
    ),
    Case(
        "a blocklisted info-hash is rejected",
        BLURAY,
        (R.NEW_FILE, R.BLOCKLISTED),
        release={"info_hash": "ABCDEF0123456789ABCDEF0123456789ABCDEF01"},
        context={"blocklist": frozenset({"abcdef0123456789abcdef0123456789abcdef01"})},
    ),
    Case(
        "a release grabbed before is not grabbed again",
        BLURAY,
        (R.NEW_FILE, R.ALREADY_GRABBED),
        context={"grabbed": frozenset({"https://tracker.example/t/1"})},
    ),
    Case(
        "a fresh torrent waits for the delay",
        "Dune.2021.1080p.WEB-DL.x264-GRP",
        (R.NEW_FILE, R.TOO_NEW_DELAY),
        release={"published": NOW - timedelta(minutes=30)},
        context={"delay": DELAY},
    ),
    Case(
        "the profile's top quality skips the delay",
        BLURAY,
        (R.NEW_FILE, R.DELAY_BYPASSED),
        release={"published": NOW - timedelta(minutes=30)},
        context={"delay": DELAY},
    ),
    Case(
        "a high score skips the delay",
        "Dune.2021.1080p.WEB-DL.REPACK.x264-GRP",
        (R.NEW_FILE, R.DELAY_BYPASSED),
        score=5,
        release={"published": NOW - timedelta(minutes=30)},
        context={"delay": DELAY.model_copy(update={"bypass_if_score_above": 5})},
    ),
    Case(
        "every reason is listed, not only the first",
        "Arrival.2016.2160p.UHD.BluRay.x265-GRP",
        (
            R.WRONG_TITLE,
            R.WRONG_YEAR,
            R.QUALITY_NOT_ALLOWED,
            R.NOT_AN_UPGRADE,
            R.CUTOFF_MET,
            R.TOO_FEW_SEEDERS,
            R.BLOCKLISTED,
        ),
        existing=Grade("Bluray-1080p"),
        release={"seeders": 0},
        context={"blocklist": frozenset({"https://tracker.example/t/1"})},
    ),
    Case(
        "a malformed profile is a decision error, not an exception",
        BLURAY,
        (R.DECISION_ERROR,),
        profile=ProfileSpec.model_construct(allowed=None, cutoff="Bluray-1080p"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_decision_matches_the_table(case: Case) -> None:
    decision = run(case)
    assert decision.codes == case.codes, [v.detail for v in decision.reasons]
    assert decision.accepted is case.accepted
    assert decision.score == case.score


def test_case_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES)


def test_every_reason_code_has_a_scenario() -> None:
    produced = {code for case in CASES for code in run(case).codes}
    assert set(Reason) - produced == set()


def test_messages_carry_the_specifics() -> None:
    case = next(c for c in CASES if c.name.startswith("a lower quality is not an upgrade"))
    details = [v.detail for v in run(case).reasons]
    assert details[0] == "WEBDL-720p is below the existing Bluray-1080p"


def test_a_naive_published_time_is_read_as_utc() -> None:
    case = Case("naive", BLURAY, (R.NEW_FILE,), release={"published": datetime(2026, 5, 1)})
    assert run(case).accepted


def test_a_blocklisted_guid_stored_redacted_still_blocks_its_release() -> None:
    guid = "https://tracker.example/download.php?id=7&passkey=0123456789abcdef"
    stored = "https://tracker.example/download.php?id=7&passkey=***"
    case = Case(
        "redacted guid",
        BLURAY,
        (R.BLOCKLISTED,),
        release={"guid": guid},
        context={"blocklist": frozenset({stored})},
    )
    decision = run(case)
    assert not decision.accepted
    blocked = [v for v in decision.reasons if v.code is R.BLOCKLISTED]
    assert blocked and "0123456789abcdef" not in blocked[0].detail

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases import parse
from mediaos.releases.decide import decide
from mediaos.releases.decision import DecisionContext, decision_to_json
from mediaos.schemas.quality import ProfileSpec
from mediaos.state import StateDB, upgrade
from mediaos.state.traces import TraceRepo

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DUNE = "movie/dune-2021"
WANTED = WantedUnit(key=DUNE, kind="movie", title="Dune", year=2021, runtime_minutes=155)
HD = ProfileSpec(allowed=["WEBDL-1080p", "Bluray-1080p"], cutoff="Bluray-1080p")


def decisions_json(*titles: str) -> list[str]:
    out = []
    for n, title in enumerate(titles):
        release = ReleaseInfo(
            title=title, guid=f"https://idx/t/{n}?passkey=s3cret", indexer="nyaa",
            protocol="torrent", size=8 * 1024**3, seeders=10, published=NOW,
        )  # fmt: skip
        decision = decide(release, parse(title), WANTED, HD, DecisionContext(now=NOW))
        out.append(decision_to_json(decision))
    return out


@pytest.fixture
def traces(state: StateDB) -> Iterator[TraceRepo]:
    upgrade(state)
    yield TraceRepo(state, keep=2)


def test_decisions_read_back_byte_for_byte(traces: TraceRepo) -> None:
    stored = decisions_json("Dune.2021.1080p.WEB-DL.DDP5.1-GRP", "Dune.2021.CAM.x264-BAD")
    traces.record(DUNE, NOW, stored)
    latest = traces.latest(DUNE)
    assert latest is not None
    assert latest.decisions == tuple(stored)
    assert [json.loads(d)["accepted"] for d in latest.decisions] == [True, False]
    assert all("s3cret" not in d for d in latest.decisions)


def test_the_latest_trace_wins_and_only_keep_traces_remain(traces: TraceRepo) -> None:
    for hours, title in enumerate(["A.2021.1080p.WEB-DL", "B.2021.1080p.WEB-DL", "C.2021"]):
        traces.record(DUNE, NOW + timedelta(hours=hours), [json.dumps({"title": title})])
    history = traces.history(DUNE, limit=10)
    assert [json.loads(t.decisions[0])["title"] for t in history] == [
        "C.2021", "B.2021.1080p.WEB-DL",
    ]  # fmt: skip
    assert traces.latest("movie/unknown") is None


def test_a_search_with_no_candidates_is_still_a_trace(traces: TraceRepo) -> None:
    traces.record(DUNE, NOW, [])
    latest = traces.latest(DUNE)
    assert latest is not None and latest.decisions == ()


def test_anything_but_json_objects_is_refused(traces: TraceRepo) -> None:
    with pytest.raises(ValueError, match="JSON object"):
        traces.record(DUNE, NOW, ["[1, 2]"])

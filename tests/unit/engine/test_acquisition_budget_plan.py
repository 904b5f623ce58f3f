"""The acquisition planner plans no more item searches than the indexers' budgets allow."""

from __future__ import annotations

from mediaos.core.conditions import SEARCHING
from mediaos.reconcilers.acquisition_plan import (
    AcquisitionObserved,
    Judge,
    clients_from_config,
    plan_acquisition,
)
from tests.unit.engine.test_acquisition_plan import (
    DUNE,
    EPISODES,
    NOW,
    S1,
    config,
    desired,
    searched,
)


def test_searches_are_capped_by_the_query_budget_left_and_say_so() -> None:
    cfg = config()
    judge, clients = Judge.from_config(cfg), clients_from_config(cfg)
    stale = {DUNE: searched(DUNE, 30), S1: searched(S1, 1, 7)}  # episodes never searched

    def run(budget: int | None) -> list[str]:
        observed = AcquisitionObserved(searches=stale, search_budget=budget)
        p = plan_acquisition(desired(cfg), observed, NOW, judge=judge, clients=clients)
        searching = [c for c in p.status[DUNE] if c.type == SEARCHING]  # type: ignore[index]
        if budget is not None and budget < 4:
            assert searching[0].message == (
                f"search due; the indexers' query budgets allow {budget} more now"
            )
        return [a.item for a in p.actions]

    assert run(1) == EPISODES[:1]  # never searched first
    assert run(0) == []
    assert sorted(run(None)) == sorted([DUNE, *EPISODES])
    assert sorted(run(10)) == sorted([DUNE, *EPISODES])

"""How the engine commands print: the `diff` table, outcomes, `explain` reports, decisions,
problems and the `apply` progress bar; and how an ITEM argument is found among the units.

Kept apart from `mediaos.cli` so that module stays the list of commands (parse, call, render,
exit). Everything here writes to the terminal or raises `UnknownItem`; nothing plans or
applies. No secret reaches these functions: actions, decisions and problems are redacted
where they are made.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mediaos.core.errors import MediaOSError

if TYPE_CHECKING:
    from mediaos.core.actions import Action, Outcome
    from mediaos.core.conditions import Condition
    from mediaos.daemon.engine import KindPlan, Session
    from mediaos.daemon.engine import Progress as EngineProgress
    from mediaos.daemon.runner import PassReport
    from mediaos.reconcilers.base import Problem
    from mediaos.reconcilers.desired import Desired, Slot
    from mediaos.state.grabs import GrabRecord
    from mediaos.state.history import EventRecord
    from mediaos.state.traces import TraceRecord

#: Above twice this many actions the readable `diff` prints this many rows and the counts.
DIFF_ROWS = 50

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class UnknownItem(MediaOSError):
    """ITEM names no unit (or an item with several units where one is needed)."""


def action_json(action: Action) -> dict[str, str]:
    return {"key": action.key, "verb": action.verb, "item": action.item, "reason": action.reason}


def waiting(kinds: Sequence[KindPlan]) -> dict[str, int]:
    """What is not done yet although nothing is to be done now: units in a client, units
    wanted with nothing acceptable found. `diff` exits 0 then (apply has nothing to do),
    and says so, so "in sync" never hides a transfer still running."""
    from mediaos.core.conditions import GRABBED, WANTED, Truth

    counts = {"in a download client": 0, "wanted, nothing acceptable found yet": 0}
    acting = {a.item for k in kinds for a in k.plan.actions}
    for kind in kinds:
        for item, conditions in kind.plan.status.items():
            if item in acting:
                continue
            true = {c.type for c in conditions if c.status is Truth.TRUE}
            if GRABBED in true:
                counts["in a download client"] += 1
            elif WANTED in true:
                counts["wanted, nothing acceptable found yet"] += 1
    return {what: n for what, n in counts.items() if n}


def print_diff(rows: list[tuple[str, Action]], *, waiting: Mapping[str, int] | None = None) -> None:
    if not rows:
        if waiting:
            pending = ", ".join(f"{n} {what}" for what, n in waiting.items())
            out.print(f"nothing to do now; not done yet: {pending}", markup=False)
        else:
            out.print("in sync: nothing to do", markup=False)
        return
    counts: dict[str, int] = {}
    for _, action in rows:
        counts[action.verb] = counts.get(action.verb, 0) + 1
    shown = rows if len(rows) <= DIFF_ROWS * 2 else rows[:DIFF_ROWS]
    table = Table("item", "action", "reason", box=None, pad_edge=False)
    for _, action in shown:
        # As Text, never markup: a reason quotes release titles, which indexers write, and a
        # title such as "Show [red]..." must print as it is.
        table.add_row(Text(action.item), Text(action.verb), Text(action.reason))
    # On a terminal the table fits it; in a log or a pipe one action stays on one line.
    wide = out if out.is_terminal else Console(highlight=False, width=1000)
    wide.print(table)
    if len(shown) < len(rows):
        out.print(f"... and {len(rows) - len(shown)} more (--json lists them all)", markup=False)
    summary = ", ".join(f"{n} {verb}" for verb, n in sorted(counts.items()))
    out.print(f"plan: {summary}", markup=False)


def print_problems(problems: Sequence[Problem]) -> None:
    if not problems:
        return
    limit = 20
    err.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:", markup=False)
    for problem in problems[:limit]:
        said = problem.item is None or problem.message.startswith(problem.item)
        where = "" if said else f" [{problem.item}]"
        err.print(f"  {problem.source}{where}: {problem.message}", markup=False)
    if len(problems) > limit:
        err.print(f"  ... and {len(problems) - limit} more", markup=False)


def refused(problems: Sequence[Problem]) -> bool:
    return any(p.reason == "MassRemovalRefused" for p in problems)


def failed(outcome: Outcome) -> bool:
    from mediaos.core.actions import Retry, Stalled

    return isinstance(outcome, Stalled) or (
        isinstance(outcome, Retry) and outcome.reason == "InternalError"
    )


def final_outcomes(reports: Sequence[PassReport]) -> list[tuple[str, Action, Outcome]]:
    """Each action key's last outcome over all rounds, in the order first applied."""
    last: dict[str, tuple[str, Action, Outcome]] = {}
    for report in reports:
        for action, outcome in report.outcomes:
            last[action.key] = (report.kind, action, outcome)
    return list(last.values())


def print_outcome(kind: str, action: Action | None, outcome: Outcome, *, item: str = "") -> None:
    from mediaos.core.actions import outcome_name

    name = outcome_name(outcome)
    colour = {"done": "green", "retry": "yellow", "stalled": "red"}[name]
    what = f"{action.verb} {action.item}" if action is not None else item
    detail = f"{outcome.reason}" + (f": {outcome.message}" if outcome.message else "")
    out.print(f"[{colour}]{name:7}[/{colour}] ", end="")
    out.print(f"{what}  ({detail})", markup=False)


def explained_keys(item: str, desired: Desired) -> list[str]:
    """ITEM itself when it is a unit; a declared item and its units otherwise."""
    units = list(desired.by_key())
    if item not in units and item not in desired.items:
        unknown(item, [*units, *desired.items])
    if item in units:
        return [item]
    return [item, *(k for k in units if k.startswith((item + "/", item + "@")))]


async def session_slot(session: Session, item: str) -> Slot:
    """The unit ITEM names; the sources are asked only when the snapshots do not know it
    (a series never fetched), so a typo costs no lookup of every item."""
    if item not in session.desired().by_key():
        await session.refresh_catalog()
    return one_slot(item, session.desired())


def one_slot(item: str, desired: Desired) -> Slot:
    slots = desired.by_key()
    if item not in slots:
        if item in desired.items:
            units = ", ".join(k for k in slots if k.startswith(item))
            raise UnknownItem(
                f"{item} has several units (or none known yet); name one: {units[:600]}"
            )
        unknown(item, [*slots, *desired.items])
    return slots[item]


def unknown(item: str, keys: Sequence[str]) -> NoReturn:
    """Raise `UnknownItem` naming the keys closest to `item`."""
    close = difflib.get_close_matches(item, keys, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}" if close else ""
    raise UnknownItem(f"unknown item {item!r}{hint}")


def condition_json(c: Condition) -> dict[str, str]:
    return {
        "type": c.type,
        "status": c.status.value,
        "reason": c.reason,
        "message": c.message,
        "since": c.since.isoformat(),
    }


def trace_json(t: TraceRecord) -> dict[str, object]:
    return {"at": t.at.isoformat(), "decisions": [json.loads(d) for d in t.decisions]}


def grab_json(g: GrabRecord) -> dict[str, object]:
    return {
        "title": g.title,
        "indexer": g.indexer,
        "client": g.client,
        "download_id": g.download_id,
        "state": g.state,
        "grabbed_at": g.grabbed_at.isoformat(),
    }


def event_json(e: EventRecord) -> dict[str, object]:
    return {"at": e.at.isoformat(), "kind": e.kind, "action": e.action_key, "message": e.message}


def print_explained(entry: dict[str, Any]) -> None:
    out.print(f"[bold]{entry['key']}[/bold]")
    for c in entry["conditions"]:
        out.print(f"  {c['type']}={c['status']}  {c['reason']}  {c['message']}", markup=False)
    if not entry["conditions"]:
        out.print("  no conditions recorded yet", markup=False)
    for grabbed in entry["grabs"]:
        out.print(
            f"  grab: {grabbed['title']} via {grabbed['indexer']} -> {grabbed['client']} "
            f"({grabbed['state']}, {grabbed['grabbed_at']})",
            markup=False,
        )
    for trace in entry["traces"]:
        out.print(f"  search at {trace['at']}: {len(trace['decisions'])} releases", markup=False)
        print_decisions(trace["decisions"], indent="    ")
    if not entry["traces"]:
        out.print("  no search recorded", markup=False)
    for event in entry["history"][-10:]:
        out.print(
            f"  {event['at']} {event['kind']} {event['action'] or ''} {event['message']}",
            markup=False,
        )


def print_decisions(decisions: Sequence[dict[str, Any]], *, indent: str = "") -> None:
    if not decisions:
        out.print(f"{indent}no releases found", markup=False)
    for d in decisions:
        mark = "[green]accepted[/green]" if d["accepted"] else "[red]rejected[/red]"
        out.print(f"{indent}{mark} ", end="")
        out.print(
            f"{d['title']}  [{d['quality']}, score {d['score']}, {d['indexer']}]  guid {d['guid']}",
            markup=False,
        )
        for reason in d["reasons"]:
            sign = "-" if reason["rejects"] else "+"
            out.print(f"{indent}    {sign} {reason['code']}: {reason['message']}", markup=False)


class ApplyProgress:
    """A rich progress bar over the actions of each pass; silent when nothing is applied."""

    def __init__(self) -> None:
        from rich.progress import Progress as Bar

        self._bar = Bar(console=err, transient=True)
        self._task: Any = None

    def __enter__(self) -> ApplyProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def update(self, step: EngineProgress) -> None:
        if step.phase == "planned" and step.total:
            label = f"round {step.round}: {step.kind}"
            self._task = self._bar.add_task(label, total=step.total)
        elif step.phase == "applying" and step.action is not None and self._task is not None:
            self._bar.update(self._task, description=f"{step.action.verb} {step.action.item}")
        elif step.phase == "applied" and self._task is not None:
            self._bar.advance(self._task)

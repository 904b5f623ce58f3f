"""Decision traces (table `decision_traces`, migration 0005): why this release, why not that.

Each search for an item stores every decision it made, as the JSON of
`mediaos.releases.decision.decision_to_json` (already redacted, no URLs, fixed key order),
in one JSON array. `mediaos explain ITEM` reads the latest back. Only the last `keep`
traces per item are kept: explain needs the recent ones, and 100,000 episodes searched
daily would otherwise grow the file without bound.

Invariant: `latest(item).decisions` gives back each decision's JSON text exactly as stored,
byte for byte, so `explain --json` and snapshots stay stable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

KEEP: Final = 5


@dataclass(frozen=True, slots=True)
class TraceRecord:
    item_key: str
    at: datetime
    decisions: tuple[str, ...]
    """One `decision_to_json` text per release considered, in the order given."""


class TraceRepo:
    def __init__(self, state: StateDB, *, keep: int = KEEP) -> None:
        if keep < 1:
            raise ValueError("keep at least one trace per item")
        self._db = state.db
        self._keep = keep

    def record(self, item: str, at: datetime, decisions: Sequence[str]) -> None:
        """Store one search's decisions for `item` and drop its traces beyond `keep`."""
        for text in decisions:
            if not isinstance(json.loads(text), dict):
                raise ValueError("each decision must be a JSON object (decision_to_json)")
        array = "[" + ",".join(decisions) + "]"
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO decision_traces (item_key, at, decisions) VALUES (?, ?, ?)",
                [item, to_db_time(at), array],
            )
            self._db.execute(
                "DELETE FROM decision_traces WHERE item_key = ? AND id NOT IN ("
                " SELECT id FROM decision_traces WHERE item_key = ?"
                " ORDER BY at DESC, id DESC LIMIT ?)",
                [item, item, self._keep],
            )

    def latest(self, item: str) -> TraceRecord | None:
        traces = self.history(item, limit=1)
        return traces[0] if traces else None

    def history(self, item: str, *, limit: int = KEEP) -> tuple[TraceRecord, ...]:
        """The item's traces, newest first."""
        rows = self._db.execute(
            "SELECT at, decisions FROM decision_traces WHERE item_key = ?"
            " ORDER BY at DESC, id DESC LIMIT ?",
            [item, limit],
        ).fetchall()
        return tuple(TraceRecord(item, from_db_time(at), _split(text)) for at, text in rows)


def _split(array: str) -> tuple[str, ...]:
    """The stored objects' texts; `decision_to_json`'s dump settings make this exact."""
    return tuple(
        json.dumps(value, ensure_ascii=False, separators=(",", ":")) for value in json.loads(array)
    )

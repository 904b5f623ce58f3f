"""Grabs (table `grabs`, migration 0005): every release sent to a client, and its fate.

Why it matters: the acquisition planner must never grab a second time for a unit that is
already grabbed or downloading, across restarts. `active(item)` answers that. The downloads
loop moves a grab through its states as the client reports them; a grab is found again by
`(client, download_id)` or by info-hash, since clients key torrents by info-hash.

States: `grabbed` (sent) -> `downloading` -> `completed` -> `imported` -> `removed`, or
`failed` / `cancelled`. Live states are the first three.

The guid is stored redacted (`mediaos.releases.decision.redact`): no passkey in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, get_args

from mediaos.core.redaction import redact
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

GrabState = Literal[
    "grabbed", "downloading", "completed", "imported", "failed", "cancelled", "removed"
]
GRAB_STATES: Final = frozenset(get_args(GrabState))
LIVE_STATES: Final[tuple[GrabState, ...]] = ("grabbed", "downloading", "completed")

_COLUMNS = (
    "item_key, guid, info_hash, title, indexer, client, download_id, grabbed_at, state, updated_at"
)


@dataclass(frozen=True, slots=True)
class GrabRecord:
    item_key: str
    guid: str
    info_hash: str | None
    title: str
    indexer: str
    client: str
    download_id: str
    grabbed_at: datetime
    state: GrabState = "grabbed"
    updated_at: datetime | None = None


class GrabRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def add(self, grab: GrabRecord) -> GrabRecord:
        """Record a grab; a second add of the same (item, guid) while the first is live
        changes nothing and returns the stored one, so a retried grab action cannot
        duplicate the row. When the stored grab is no longer live (cancelled, imported,
        removed, failed) the release was sent again (its torrent deleted by hand, its
        library file deleted): the row is revived with the new client, download id and
        times, else nothing would follow the new download and the unit would be re-grabbed
        at every pass."""
        guid = redact(grab.guid)
        info_hash = grab.info_hash.lower() if grab.info_hash else None
        updated = grab.updated_at or grab.grabbed_at
        marks = ", ".join("?" for _ in LIVE_STATES)
        with self._db.atomic():
            self._db.execute(
                f"INSERT INTO grabs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
                " ON CONFLICT (item_key, guid) DO UPDATE SET"
                " info_hash = COALESCE(excluded.info_hash, grabs.info_hash),"
                " title = excluded.title, indexer = excluded.indexer,"
                " client = excluded.client, download_id = excluded.download_id,"
                " grabbed_at = excluded.grabbed_at, state = excluded.state,"
                " updated_at = excluded.updated_at"
                f" WHERE grabs.state NOT IN ({marks})",
                [grab.item_key, guid, info_hash, grab.title, grab.indexer, grab.client,
                 grab.download_id, to_db_time(grab.grabbed_at), grab.state, to_db_time(updated),
                 *LIVE_STATES],
            )  # fmt: skip
        stored = self._one("item_key = ? AND guid = ?", [grab.item_key, guid])
        assert stored is not None
        return stored

    def set_state(self, client: str, download_id: str, state: GrabState, at: datetime) -> int:
        """Move the grabs of one download to `state`; returns how many rows changed."""
        if state not in GRAB_STATES:
            raise ValueError(f"unknown grab state {state!r}")
        with self._db.atomic():
            cursor = self._db.execute(
                "UPDATE grabs SET state = ?, updated_at = ? WHERE client = ? AND download_id = ?",
                [state, to_db_time(at), client, download_id],
            )
        return int(cursor.rowcount)

    def active(self, item: str) -> tuple[GrabRecord, ...]:
        """Grabs of `item` still live (grabbed, downloading, completed): do not grab again."""
        marks = ", ".join("?" for _ in LIVE_STATES)
        return self._many(f"item_key = ? AND state IN ({marks})", [item, *LIVE_STATES])

    def for_item(self, item: str) -> tuple[GrabRecord, ...]:
        return self._many("item_key = ?", [item])

    def by_download(self, client: str, download_id: str) -> tuple[GrabRecord, ...]:
        return self._many("client = ? AND download_id = ?", [client, download_id])

    def by_info_hash(self, info_hash: str) -> tuple[GrabRecord, ...]:
        return self._many("info_hash = ?", [info_hash.lower()])

    def live(self) -> tuple[GrabRecord, ...]:
        """Every live grab, for the downloads loop to follow in the clients."""
        marks = ", ".join("?" for _ in LIVE_STATES)
        return self._many(f"state IN ({marks})", [*LIVE_STATES])

    def _one(self, where: str, params: list[str]) -> GrabRecord | None:
        found = self._many(where, params)
        return found[0] if found else None

    def _many(self, where: str, params: list[str]) -> tuple[GrabRecord, ...]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM grabs WHERE {where} ORDER BY grabbed_at, id",  # noqa: S608
            params,
        ).fetchall()
        return tuple(
            GrabRecord(item, guid, info_hash, title, indexer, client, download_id,
                       from_db_time(grabbed), state, from_db_time(updated))
            for item, guid, info_hash, title, indexer, client, download_id, grabbed, state, updated
            in rows
        )  # fmt: skip

"""Downloads followed by the downloads loop (table `downloads`, migration 0007).

Why: a client reports a download's progress now, never how long it has been stuck; the
loop needs "no progress since when" for `stalled_after`, and after an import it needs the
library paths it wrote (the removal loop prunes a version no longer wanted by them, and a
pending import is settled by checking them). Rows are observations: dropping them loses
stall timers and import paths, never a grab or a library file.

Invariants a reader must not break:
- `observe_progress` moves `progress_at` only when the progress value changed, on the first
  sighting, or when the caller restarts the timer (a paused or queued download, or one not
  looked at for a while: see `mediaos.reconcilers.downloads`): a download stuck at 42 %
  while watched keeps the time it reached 42 %. `seen_at` is the last sighting.
- `record_import` is idempotent: recording the same import again keeps the first time and
  merges the paths.
- Nothing here decides whether an item is held: a library file deleted by hand is missing
  for the library index at once, whatever `imported_paths` says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

_COLUMNS = (
    "d.client, d.download_id, d.item_key, d.progress, d.progress_at, d.completed_at,"
    " d.imported_at, d.imported_paths, d.removed_at, d.seen_at"
)


@dataclass(frozen=True, slots=True)
class DownloadRecord:
    client: str
    download_id: str
    item_key: str
    progress: float
    progress_at: datetime
    completed_at: datetime | None = None
    imported_at: datetime | None = None
    imported_paths: tuple[str, ...] = ()
    removed_at: datetime | None = None
    seen_at: datetime | None = None
    """The last sighting by the downloads loop (None: written before it was kept)."""


def sighted(
    known: DownloadRecord | None,
    client: str,
    download_id: str,
    item: str,
    progress: float,
    at: datetime,
    *,
    restart: bool = False,
) -> DownloadRecord:
    """The record after a sighting at `progress`; what `observe_progress` writes, and what a
    read-only reader (a `diff` beside a running daemon) plans with instead."""
    progress = max(progress, 0.0)
    if known is None:
        done = at if progress >= 1.0 else None
        return DownloadRecord(client, download_id, item, progress, at, done, seen_at=at)
    moved = restart or known.progress != progress
    return replace(
        known,
        progress=progress,
        progress_at=at if moved else known.progress_at,
        completed_at=known.completed_at or (at if progress >= 1.0 else None),
        seen_at=at,
    )


@dataclass(frozen=True, slots=True)
class SeedingRecord:
    """An imported download still in its client, with the grab's indexer (for its goals)."""

    download: DownloadRecord
    indexer: str


class DownloadRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def get(self, client: str, download_id: str) -> DownloadRecord | None:
        found = self._many("d.client = ? AND d.download_id = ?", [client, download_id])
        return found[0] if found else None

    def all(self) -> tuple[DownloadRecord, ...]:
        return self._many("1 = 1", [])

    def for_item(self, item: str) -> tuple[DownloadRecord, ...]:
        return self._many("d.item_key = ?", [item])

    def imported(self) -> tuple[DownloadRecord, ...]:
        """Every download that was imported, for the removal loop's per-version pruning."""
        return self._many("d.imported_at IS NOT NULL", [])

    def seeding(self) -> tuple[SeedingRecord, ...]:
        """Imported downloads not yet removed from their client, with the grab's indexer."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, (SELECT g.indexer FROM grabs g WHERE g.client = d.client"  # noqa: S608
            " AND g.download_id = d.download_id ORDER BY g.id LIMIT 1)"
            " FROM downloads d WHERE d.imported_at IS NOT NULL AND d.removed_at IS NULL"
            " ORDER BY d.client, d.download_id",
        ).fetchall()
        return tuple(SeedingRecord(_record(row[:10]), row[10] or "") for row in rows)

    def observe_progress(
        self,
        client: str,
        download_id: str,
        item: str,
        progress: float,
        at: datetime,
        *,
        restart: bool = False,
    ) -> DownloadRecord:
        """Note a sighting of a download at `progress`; see the module invariants."""
        with self._db.atomic():
            known = self.get(client, download_id)
            new = sighted(known, client, download_id, item, progress, at, restart=restart)
            completed = None if new.completed_at is None else to_db_time(new.completed_at)
            self._db.execute(
                "INSERT INTO downloads (client, download_id, item_key, progress, progress_at,"
                " completed_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (client, download_id) DO UPDATE SET progress = excluded.progress,"
                " progress_at = excluded.progress_at, completed_at = excluded.completed_at,"
                " seen_at = excluded.seen_at",
                [client, download_id, item, new.progress, to_db_time(new.progress_at),
                 completed, to_db_time(at)],
            )  # fmt: skip
        found = self.get(client, download_id)
        assert found is not None
        return found

    def record_import(
        self, client: str, download_id: str, item: str, paths: Iterable[str], at: datetime
    ) -> None:
        when = to_db_time(at)
        with self._db.atomic():
            current = self.get(client, download_id)
            merged = sorted({*(current.imported_paths if current else ()), *paths})
            self._db.execute(
                "INSERT INTO downloads (client, download_id, item_key, progress, progress_at,"
                " completed_at, imported_at, imported_paths) VALUES (?, ?, ?, 1.0, ?, ?, ?, ?)"
                " ON CONFLICT (client, download_id) DO UPDATE SET"
                " completed_at = coalesce(completed_at, excluded.completed_at),"
                " imported_at = coalesce(imported_at, excluded.imported_at),"
                " imported_paths = excluded.imported_paths",
                [client, download_id, item, when, when, when, json.dumps(merged)],
            )

    def reopen(self, client: str, download_id: str) -> None:
        """Forget that a download was completed, imported and removed, keeping its paths:
        its grab is live again (the same release grabbed anew), so it is followed, imported
        and seeded as a new download."""
        with self._db.atomic():
            self._db.execute(
                "UPDATE downloads SET completed_at = NULL, imported_at = NULL, removed_at = NULL"
                " WHERE client = ? AND download_id = ?",
                [client, download_id],
            )

    def mark_removed(self, client: str, download_id: str, at: datetime) -> None:
        with self._db.atomic():
            self._db.execute(
                "UPDATE downloads SET removed_at = coalesce(removed_at, ?)"
                " WHERE client = ? AND download_id = ?",
                [to_db_time(at), client, download_id],
            )

    def forget(self, client: str, download_id: str) -> None:
        """Drop the row of a download that was cancelled (nothing of it is kept)."""
        with self._db.atomic():
            self._db.execute(
                "DELETE FROM downloads WHERE client = ? AND download_id = ?"
                " AND imported_at IS NULL",
                [client, download_id],
            )

    def _many(self, where: str, params: list[str]) -> tuple[DownloadRecord, ...]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM downloads d WHERE {where}"  # noqa: S608
            " ORDER BY d.client, d.download_id",
            params,
        ).fetchall()
        return tuple(_record(row) for row in rows)


def _record(row: tuple[object, ...]) -> DownloadRecord:
    client, download_id, item, progress, progress_at, completed, imported, paths, removed, seen = (
        row
    )
    return DownloadRecord(
        str(client),
        str(download_id),
        str(item),
        float(progress),  # type: ignore[arg-type]
        from_db_time(str(progress_at)),
        _time(completed),
        _time(imported),
        tuple(json.loads(str(paths))),
        _time(removed),
        _time(seen),
    )


def _time(value: object) -> datetime | None:
    return None if value is None else from_db_time(str(value))

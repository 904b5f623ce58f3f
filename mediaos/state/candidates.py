"""Search candidates and last searches (tables `candidates`, `searches`, migration 0006).

Why they are kept: `mediaos diff` is offline by default, yet must list the grabs a pass
would make; it plans them from the accepted candidates of the latest search (or RSS sync)
of each unit. `mediaos grab ITEM GUID` picks one by guid, `explain` shows their decisions.

What is kept: an item search replaces all the unit's `search` rows (the latest search is
the truth); RSS rows stay until `prune_rss` drops those older than N days. The release is
stored without secrets: its download link, magnet and info page go through `redact`, so
`apikey=***` stands where the key was; the grab puts the key back (`mediaos.reconcilers.
acquisition`). Guids are redacted too, and lookups redact the guid they are given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.state.db import StateDB
from mediaos.state.timestamps import from_db_time, to_db_time

Source = Literal["search", "rss"]


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    """One release found for one unit, with its decision (`decision_to_json` text)."""

    item_key: str
    release: ReleaseInfo
    """As stored: guid and links redacted."""
    decision: str
    accepted: bool
    """Accepted, or rejected only by the delay profile (the planner judges it again)."""
    found_at: datetime
    source: Source = "search"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    item_key: str
    searched_at: datetime
    results: int
    accepted: int
    """Candidates the planner may grab (accepted, or only waiting for the delay)."""


def release_to_json(release: ReleaseInfo) -> str:
    """The release as JSON with every secret-bearing text redacted (guid, links)."""
    data: dict[str, Any] = {
        "title": release.title,
        "guid": redact(release.guid),
        "indexer": release.indexer,
        "protocol": release.protocol,
        "download_url": _redacted(release.download_url),
        "magnet": _redacted(release.magnet),
        "info_hash": release.info_hash.lower() if release.info_hash else None,
        "size": release.size,
        "published": release.published.isoformat() if release.published else None,
        "seeders": release.seeders,
        "leechers": release.leechers,
        "grabs": release.grabs,
        "categories": list(release.categories),
        "imdb_id": release.imdb_id,
        "tmdb_id": release.tmdb_id,
        "tvdb_id": release.tvdb_id,
        "tvmaze_id": release.tvmaze_id,
        "info_url": _redacted(release.info_url),
        "flags": sorted(release.flags),
        "download_factor": release.download_factor,
        "upload_factor": release.upload_factor,
        "minimum_ratio": release.minimum_ratio,
        "minimum_seed_time": release.minimum_seed_time,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def release_from_json(text: str) -> ReleaseInfo:
    data = json.loads(text)
    published = data.pop("published")
    return ReleaseInfo(
        **{
            **data,
            "categories": tuple(data["categories"]),
            "flags": frozenset(data["flags"]),
            "published": datetime.fromisoformat(published) if published else None,
        }
    )


def _redacted(text: str | None) -> str | None:
    return redact(text) if text is not None else None


_COLUMNS = "item_key, release, decision, accepted, found_at, source"


class CandidateRepo:
    def __init__(self, state: StateDB) -> None:
        self._db = state.db

    def replace_search(
        self,
        item: str,
        at: datetime,
        found: Sequence[tuple[ReleaseInfo, str, bool]],
    ) -> SearchRecord:
        """Store one item search: its (release, decision JSON, accepted) rows replace the
        unit's earlier search rows, and the unit's last-search row is updated. One
        transaction, so a crash leaves the previous search whole."""
        stamp = to_db_time(at)
        accepted = sum(1 for _, _, ok in found if ok)
        with self._db.atomic():
            self._db.execute(
                "DELETE FROM candidates WHERE item_key = ? AND source = 'search'", [item]
            )
            self._insert(item, stamp, "search", found)
            self._db.execute(
                "INSERT INTO searches (item_key, searched_at, results, accepted)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (item_key) DO UPDATE SET"
                " searched_at = excluded.searched_at, results = excluded.results,"
                " accepted = excluded.accepted",
                [item, stamp, len(found), accepted],
            )
        return SearchRecord(item, at, len(found), accepted)

    def add_rss(self, at: datetime, found: Iterable[tuple[str, ReleaseInfo, str, bool]]) -> int:
        """Store RSS matches as (item, release, decision JSON, accepted); returns the count."""
        stamp = to_db_time(at)
        count = 0
        with self._db.atomic():
            for item, release, decision, ok in found:
                self._insert(item, stamp, "rss", [(release, decision, ok)])
                count += 1
        return count

    def _insert(
        self, item: str, stamp: str, source: Source, found: Iterable[tuple[ReleaseInfo, str, bool]]
    ) -> None:
        for release, decision, ok in found:
            self._db.execute(
                "INSERT INTO candidates (item_key, indexer, guid, info_hash, source, release,"
                " decision, accepted, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (item_key, indexer, guid) DO UPDATE SET"
                " info_hash = excluded.info_hash, source = excluded.source,"
                " release = excluded.release, decision = excluded.decision,"
                " accepted = excluded.accepted, found_at = excluded.found_at",
                [item, release.indexer, redact(release.guid),
                 release.info_hash.lower() if release.info_hash else None, source,
                 release_to_json(release), decision, int(ok), stamp],
            )  # fmt: skip

    def prune_rss(self, now: datetime, *, days: int) -> int:
        """Drop RSS candidates found more than `days` ago; returns how many went."""
        if days < 0:
            raise ValueError("days must not be negative")
        cutoff = to_db_time(now - timedelta(days=days))
        with self._db.atomic():
            cursor = self._db.execute(
                "DELETE FROM candidates WHERE source = 'rss' AND found_at < ?", [cutoff]
            )
        return int(cursor.rowcount)

    def accepted(self) -> dict[str, tuple[CandidateRecord, ...]]:
        """Every accepted candidate, by unit: what the planner may grab (one query)."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM candidates WHERE accepted = 1"  # noqa: S608
            " ORDER BY item_key, id"
        ).fetchall()
        found: dict[str, list[CandidateRecord]] = {}
        for row in rows:
            record = _record(row)
            found.setdefault(record.item_key, []).append(record)
        return {item: tuple(records) for item, records in found.items()}

    def for_item(self, item: str) -> tuple[CandidateRecord, ...]:
        """The unit's candidates, accepted or not, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM candidates WHERE item_key = ? ORDER BY id",  # noqa: S608
            [item],
        ).fetchall()
        return tuple(_record(row) for row in rows)

    def find(self, item: str, indexer: str, guid: str) -> CandidateRecord | None:
        """One candidate by its release; `guid` raw or redacted."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM candidates"  # noqa: S608
            " WHERE item_key = ? AND indexer = ? AND guid = ?",
            [item, indexer, redact(guid)],
        ).fetchone()
        return None if row is None else _record(row)

    def searches(self) -> dict[str, SearchRecord]:
        """Every unit's last search (one query)."""
        rows = self._db.execute(
            "SELECT item_key, searched_at, results, accepted FROM searches"
        ).fetchall()
        return {item: SearchRecord(item, from_db_time(at), n, ok) for item, at, n, ok in rows}

    def last_search(self, item: str) -> SearchRecord | None:
        row = self._db.execute(
            "SELECT item_key, searched_at, results, accepted FROM searches WHERE item_key = ?",
            [item],
        ).fetchone()
        return None if row is None else SearchRecord(row[0], from_db_time(row[1]), *row[2:])


def _record(row: tuple[Any, ...]) -> CandidateRecord:
    item, release, decision, accepted, found_at, source = row
    return CandidateRecord(
        item, release_from_json(release), decision, bool(accepted), from_db_time(found_at), source
    )

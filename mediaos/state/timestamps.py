"""How instants are written to the state database.

Every time column holds UTC as fixed-width ISO 8601 text, `2026-11-25T12:34:56.000000Z`.
Fixed width matters: it makes text order equal time order, so indexes on `at` or
`next_at` and `ORDER BY` work without parsing. Naive datetimes are refused rather than
guessed at, because a guessed zone is a silently wrong history.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", re.ASCII)


def to_db_time(moment: datetime) -> str:
    """Render an aware datetime as the database's UTC text."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"refusing to store a naive datetime ({moment.isoformat()})")
    return moment.astimezone(UTC).strftime(_FORMAT)


def from_db_time(text: str) -> datetime:
    """Parse the database's UTC text back into an aware datetime.

    Through `fromisoformat` (C, which reads the `Z` as UTC), not `strptime` (about 40 times
    slower): `diff` reads a time for every unit ever searched, 60,000 in a large library.
    Only the shape `to_db_time` writes is accepted (checked first: `fromisoformat` alone
    would also take week dates or a comma before the fraction)."""
    if not _SHAPE.fullmatch(text):
        raise ValueError(f"not a database time: {text!r}")
    return datetime.fromisoformat(text)

"""`downloads.seen_at`: when the downloads loop last looked at a download.

Why: the stall timer (`progress_at`) must count only time during which the download was
watched and free to move. A download not looked at for a while (its client unreachable, the
machine off, no pass run) cannot be judged by a timer that kept running meanwhile: the loop
restarts its timer when the previous sighting is older than a margin, and needs this column
to know when that was. NULL (rows written before this migration) counts as "not seen
recently", so an upgrade restarts every timer once, never gives a download up early.
"""

from __future__ import annotations

from sqlite_utils import Database


def up(db: Database) -> None:
    db.execute("ALTER TABLE downloads ADD COLUMN seen_at TEXT")


def down(db: Database) -> None:
    db.execute("ALTER TABLE downloads DROP COLUMN seen_at")

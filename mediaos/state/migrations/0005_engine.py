"""The reconcile engine's tables: intents, grabs, blocklist, decision traces, RSS items seen.

- `intents`: one row per action key, written (committed) before the side effect and settled
  after it. A row with `settled_at IS NULL` after a restart is an interrupted action: the
  next `observe` settles it by asking the peer, never by running it again blindly.
  `revision` is the item's spec revision when the action was intended: a stalled action is
  tried again once its item's revision differs.
- `grabs`: every release sent to a client for a wanted unit, and where it got to; the
  acquisition planner never grabs again for a unit with a grab in a live state.
- `blocklist`: releases never to grab again for an item (after a failed or stalled download).
- `decision_traces`: the decisions of one search for one item, as the JSON array of
  `decision_to_json` objects, for `mediaos explain`.
- `rss_seen`: feed items already matched, per indexer, so an RSS sync looks at new ones only.

Guids are stored redacted (`mediaos.releases.decision.redact`): some indexers use the
download link, passkey included, as the guid, and no secret is written to the database.
Every time column is UTC text in the fixed-width format of `mediaos.state.timestamps`.
"""

from __future__ import annotations

from sqlite_utils import Database

_TABLES = (
    """
    CREATE TABLE intents (
        action_key TEXT PRIMARY KEY,
        verb TEXT NOT NULL,
        item_key TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        revision TEXT NOT NULL DEFAULT '',
        intended_at TEXT NOT NULL,
        settled_at TEXT,
        outcome TEXT CHECK (outcome IS NULL OR outcome IN ('done', 'retry', 'stalled')),
        outcome_reason TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        CHECK ((settled_at IS NULL) = (outcome IS NULL))
    ) STRICT
    """,
    "CREATE INDEX intents_pending ON intents (intended_at) WHERE settled_at IS NULL",
    "CREATE INDEX intents_by_item ON intents (item_key)",
    """
    CREATE TABLE grabs (
        id INTEGER PRIMARY KEY,
        item_key TEXT NOT NULL,
        guid TEXT NOT NULL,
        info_hash TEXT,
        title TEXT NOT NULL DEFAULT '',
        indexer TEXT NOT NULL,
        client TEXT NOT NULL,
        download_id TEXT NOT NULL,
        grabbed_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN (
            'grabbed', 'downloading', 'completed', 'imported', 'failed', 'cancelled', 'removed'
        )),
        updated_at TEXT NOT NULL,
        UNIQUE (item_key, guid)
    ) STRICT
    """,
    "CREATE INDEX grabs_by_download ON grabs (client, download_id)",
    "CREATE INDEX grabs_by_info_hash ON grabs (info_hash)",
    """
    CREATE TABLE blocklist (
        item_key TEXT NOT NULL,
        guid TEXT NOT NULL,
        info_hash TEXT,
        reason TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (item_key, guid)
    ) STRICT
    """,
    "CREATE INDEX blocklist_by_info_hash ON blocklist (info_hash)",
    """
    CREATE TABLE decision_traces (
        id INTEGER PRIMARY KEY,
        item_key TEXT NOT NULL,
        at TEXT NOT NULL,
        decisions TEXT NOT NULL CHECK (json_valid(decisions) AND json_type(decisions) = 'array')
    ) STRICT
    """,
    "CREATE INDEX decision_traces_by_item ON decision_traces (item_key, at)",
    """
    CREATE TABLE rss_seen (
        indexer TEXT NOT NULL,
        guid TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (indexer, guid)
    ) STRICT
    """,
    "CREATE INDEX rss_seen_by_seen_at ON rss_seen (seen_at)",
)

_DROPS = (
    "DROP INDEX rss_seen_by_seen_at",
    "DROP TABLE rss_seen",
    "DROP INDEX decision_traces_by_item",
    "DROP TABLE decision_traces",
    "DROP INDEX blocklist_by_info_hash",
    "DROP TABLE blocklist",
    "DROP INDEX grabs_by_info_hash",
    "DROP INDEX grabs_by_download",
    "DROP TABLE grabs",
    "DROP INDEX intents_by_item",
    "DROP INDEX intents_pending",
    "DROP TABLE intents",
)


def up(db: Database) -> None:
    for statement in _TABLES:
        db.execute(statement)


def down(db: Database) -> None:
    for statement in _DROPS:
        db.execute(statement)

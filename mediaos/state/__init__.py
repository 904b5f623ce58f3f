"""The state database: what MediaOS observed and did, never what the user wants.

One SQLite file (WAL) under the data directory, opened through sqlite-utils, moved
between schema versions by numbered migrations with `up` and `down`, and written by one
process at a time, the holder of `DataDirLock`. This is the namespace callers import;
the modules behind it are private to the package. See `docs/state.md`.
"""

from mediaos.state.db import (
    DB_FILENAME,
    StateDB,
    database_path,
    open_database,
    open_database_readonly,
)
from mediaos.state.lock import LOCK_FILENAME, DataDirLock
from mediaos.state.migrate import (
    MigrationStatus,
    downgrade,
    migration_status,
    require_current,
    schema_version,
    upgrade,
)
from mediaos.state.migrations import Migration, MigrationStep, load_migrations
from mediaos.state.timestamps import from_db_time, to_db_time

__all__ = [
    "DB_FILENAME",
    "LOCK_FILENAME",
    "DataDirLock",
    "Migration",
    "MigrationStatus",
    "MigrationStep",
    "StateDB",
    "database_path",
    "downgrade",
    "from_db_time",
    "load_migrations",
    "migration_status",
    "open_database",
    "open_database_readonly",
    "require_current",
    "schema_version",
    "to_db_time",
    "upgrade",
]

"""The numbered schema migrations, in the order they run.

Each migration is a module `NNNN_name.py` in this package with two functions,
`up(db)` and `down(db)`, taking the sqlite-utils `Database`. `MODULES` below is the one
list of them: a new migration is a new file *and* a new line here, nothing registers
itself on import. Module names start with digits, so they are loaded by name with
`importlib`; a test checks that every file is listed and that versions run 1..N.

Rules for writing one (the runner in `mediaos.state.migrate` relies on them):

- `up` and `down` run inside one transaction that also records the version, so use
  `db.execute(...)`, one statement per call, or sqlite-utils table methods (they nest
  as savepoints). Never `executescript`, `COMMIT` or `VACUUM`: they end the
  transaction, and the runner refuses the migration.
- `down` undoes exactly what `up` did and nothing else: tables other migrations own
  keep their rows. Dropping a table drops its rows; that is what downgrading means.
- `PRAGMA foreign_keys` cannot change inside a transaction; a table rebuild uses
  `PRAGMA defer_foreign_keys = ON`. The runner checks foreign keys before committing.
- Never edit a released migration: add a new one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final, TypeAlias

from sqlite_utils import Database

MigrationStep: TypeAlias = Callable[[Database], None]

#: Every migration, oldest first. Append only.
MODULES: Final = (
    "0001_events_and_conditions",
    "0002_backoff",
    "0003_metadata_cache",
    "0004_library_index",
    "0005_engine",
    "0006_acquisition",
    "0007_downloads",
    "0008_indexer_usage",
    "0009_downloads_seen",
)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    up: MigrationStep
    down: MigrationStep

    @property
    def label(self) -> str:
        """`0001 events_and_conditions`, as shown to users."""
        return f"{self.version:04d} {self.name}"


@cache
def load_migrations() -> tuple[Migration, ...]:
    """Import the modules in `MODULES` and return their migrations, oldest first."""
    migrations = tuple(_load(module) for module in MODULES)
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(migrations) + 1)):
        raise ValueError(f"migration versions must run 1..N without gaps, got {versions}")
    return migrations


def _load(module_name: str) -> Migration:
    number, _, name = module_name.partition("_")
    if len(number) != 4 or not number.isdigit() or not name:
        raise ValueError(f"migration module {module_name!r} is not named NNNN_name")
    module = importlib.import_module(f"{__name__}.{module_name}")
    up, down = getattr(module, "up", None), getattr(module, "down", None)
    if not callable(up) or not callable(down):
        raise ValueError(f"migration module {module_name!r} needs both up(db) and down(db)")
    return Migration(version=int(number), name=name, up=up, down=down)

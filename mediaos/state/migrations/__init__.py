"""The numbered schema migrations, in the order they run.

Each migration is a module `NNNN_name.py` in this package with two functions,
`up(db)` and `down(db)`, taking the sqlite-utils `Database`. `MODULES` below is the one
list of them: a new migration is a new file *and* a new line here, nothing registers
itself on import. Module names start with digits, so they are loaded by name with
`importlib`; a test checks that every file is listed and that versions run 1..N.
Versions and names are read from `MODULES` alone (`migration_names`), so comparing them
with a database imports no migration, nor sqlite-utils: a module is imported when its
steps are about to run (`load_migration`).

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
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from sqlite_utils import Database

MigrationStep: TypeAlias = "Callable[[Database], None]"

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
    "0010_library_holdings_indexes",
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
def migration_names() -> tuple[tuple[int, str], ...]:
    """(version, name) of every migration, oldest first, from `MODULES`, importing none."""
    names = tuple(_parse(module) for module in MODULES)
    versions = [version for version, _ in names]
    if versions != list(range(1, len(names) + 1)):
        raise ValueError(f"migration versions must run 1..N without gaps, got {versions}")
    return names


@cache
def load_migrations() -> tuple[Migration, ...]:
    """Import the modules in `MODULES` and return their migrations, oldest first."""
    return tuple(load_migration(version) for version, _ in migration_names())


@cache
def load_migration(version: int) -> Migration:
    """Import the module of migration `version` (one of `migration_names()`)."""
    names = migration_names()
    if not 1 <= version <= len(names):
        raise ValueError(f"no migration {version:04d}; known: 1..{len(names)}")
    module_name = MODULES[version - 1]
    module = importlib.import_module(f"{__name__}.{module_name}")
    up, down = getattr(module, "up", None), getattr(module, "down", None)
    if not callable(up) or not callable(down):
        raise ValueError(f"migration module {module_name!r} needs both up(db) and down(db)")
    return Migration(version=version, name=names[version - 1][1], up=up, down=down)


def _parse(module_name: str) -> tuple[int, str]:
    number, _, name = module_name.partition("_")
    if len(number) != 4 or not number.isdigit() or not name:
        raise ValueError(f"migration module {module_name!r} is not named NNNN_name")
    return int(number), name

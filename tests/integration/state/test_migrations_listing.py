from importlib.resources import files

from mediaos.state import load_migrations
from mediaos.state.migrations import MODULES


def test_every_migration_file_is_listed_once_in_order() -> None:
    on_disk = sorted(
        entry.name.removesuffix(".py")
        for entry in files("mediaos.state.migrations").iterdir()
        if entry.name[:4].isdigit() and entry.name.endswith(".py")
    )
    assert list(MODULES) == on_disk


def test_versions_run_from_one_without_gaps_and_each_has_up_and_down() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert all(callable(m.up) and callable(m.down) for m in migrations)

"""The `mediaos` command: parse arguments, call one layer, render, exit with a clear code.

No domain logic lives here. Every command takes `-c/--config PATH` (repeatable; also
MEDIAOS_CONFIG, paths separated by ':') and `--data-dir` (also MEDIAOS_DATA_DIR). Exit codes:
0 success, 1 invalid input or failure, 2 usage error (typer's own); `diff` also exits 2 when
changes are pending (terraform's -detailed-exitcode; docs/cli.md).
"""

from __future__ import annotations

import gc
import getpass
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.table import Table

from mediaos import __version__, cli_library
from mediaos import cli_engine as show
from mediaos.cli_common import (
    ConfigOption,
    DataDirOption,
    checks,
    config_paths,
    data_dir_of,
    err,
    fail,
    load,
    out,
)
from mediaos.core.errors import ConfigError, StateError

if TYPE_CHECKING:
    from mediaos.daemon.engine import Session
    from mediaos.reconcilers.desired import Slot
    from mediaos.schemas.config import MediaOSConfig as MediaOSConfigT
    from mediaos.schemas.load import LoadedConfig

# Config models, the state database and the engine are imported inside the commands that use
# them, not here: see `mediaos.cli_common` for why (`--help` speed, and `diff`'s collector).

app = typer.Typer(
    name="mediaos",
    help="Declarative media automation: YAML desired state in, media library out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Inspect and migrate the state database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
formats_app = typer.Typer(help="Custom formats: import the community's.", no_args_is_help=True)
app.add_typer(formats_app, name="formats")


def _version(value: bool) -> None:
    if value:
        out.print(f"mediaos {__version__}")
        raise typer.Exit


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print version.")
    ] = False,
) -> None:
    """Declarative media automation: YAML desired state in, media library out."""


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Config files or folders.")] = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print problems as JSON.")] = False,
) -> None:
    """Check a desired state: every problem at once, as file:line:column: message."""
    from mediaos.schemas.load import load_config

    # Each PATH is a config of its own; all -c paths (or MEDIAOS_CONFIG) form one config.
    targets: list[list[Path]] = [[p] for p in paths or []]
    merged = config or ([] if paths else config_paths(None))
    if merged:
        targets.append(merged)
    if not targets:
        fail("give a config file or folder (or set MEDIAOS_CONFIG)")
    failed = False
    report: list[dict[str, object]] = []
    for group in targets:
        target = " + ".join(str(p) for p in group)
        try:
            loaded = load_config(group, os.environ, extra_checks=checks())
        except ConfigError as error:
            failed = True
            for problem in error.problems:
                report.append({"target": target, "valid": False, **problem_json(problem)})
                if not as_json:
                    err.print(problem.render(), markup=False)
            if not as_json:
                count = len(error.problems)
                err.print(f"{target}: {count} problem{'s' if count != 1 else ''}", markup=False)
            continue
        summary = _summary(loaded)
        report.append({"target": target, "valid": True, "summary": summary})
        if not as_json:
            counts = ", ".join(_count(n, k) for k, n in summary.items() if n)
            out.print(f"{target}: valid ({counts or 'empty'})", markup=False)
    if as_json:
        out.print(json.dumps(report, indent=2), markup=False)
    raise typer.Exit(1 if failed else 0)


def problem_json(problem: object) -> dict[str, object]:
    from dataclasses import asdict, is_dataclass

    assert is_dataclass(problem) and not isinstance(problem, type)
    return asdict(problem)


_SINGULAR = {
    "series": "series",
    "movies": "movie",
    "artists": "artist",
    "books": "book",
    "profiles": "profile",
    "indexers": "indexer",
    "download clients": "download client",
}


def _count(number: int, noun: str) -> str:
    return f"{number} {_SINGULAR[noun] if number == 1 else noun}"


def _summary(loaded: LoadedConfig) -> dict[str, int]:
    c = loaded.config
    return {
        "movies": len(c.movies),
        "series": len(c.series),
        "artists": len(c.music),
        "books": len(c.books),
        "profiles": len(c.quality.profiles),
        "indexers": len(c.indexers),
        "download clients": len(c.download_clients),
    }


@app.command()
def schema() -> None:
    """Print the JSON Schema of the config (also in schemas/mediaos.schema.json)."""
    from mediaos.schemas.export import json_schema_text

    sys.stdout.write(json_schema_text())


@app.command("hash-password")
def hash_password_command(
    api_key: Annotated[
        bool, typer.Option("--api-key", help="Make a new API key and print it with its hash.")
    ] = False,
) -> None:
    """Print a hash for users[].password_hash (password read from the terminal or stdin)."""
    from mediaos.schemas.passwords import hash_password, new_api_key

    if api_key:
        key, digest = new_api_key()
        out.print(f"api key (give it to the user, shown once): {key}", markup=False)
        out.print(f"api_key_hash: {digest}", markup=False)
        return
    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            fail("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 8:
        fail("a password needs at least 8 characters")
    out.print(f"password_hash: '{hash_password(password)}'", markup=False)


@db_app.command("status")
def db_status(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """Show which migrations the state database has."""
    from mediaos.state import migration_status, open_database_readonly

    folder = data_dir_of(config, data_dir)
    try:
        with open_database_readonly(folder) as state:
            rows = migration_status(state)
    except StateError as error:
        fail(str(error))
    table = Table("migration", "applied", "at")
    for row in rows:
        at = row.applied_at.isoformat(timespec="seconds") if row.applied_at else ""
        table.add_row(row.label, "yes" if row.applied else "no", at)
    out.print(table)


@db_app.command("upgrade")
def db_upgrade(
    target: Annotated[
        int | None, typer.Argument(help="Version to stop at; latest if absent.")
    ] = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Apply migrations up to TARGET (default: all)."""
    from mediaos.state import DataDirLock, open_database, upgrade

    folder = data_dir_of(config, data_dir)
    try:
        with DataDirLock(folder, holder="mediaos db upgrade"), open_database(folder) as state:
            applied = upgrade(state, target)
    except StateError as error:
        fail(str(error))
    for row in applied:
        out.print(f"applied {row.label}", markup=False)
    if not applied:
        out.print("database is up to date")


@db_app.command("downgrade")
def db_downgrade(
    target: Annotated[int, typer.Argument(help="Version to go back to; 0 removes every table.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Revert migrations down to TARGET; their tables and rows are dropped."""
    from mediaos.state import DataDirLock, downgrade, open_database

    folder = data_dir_of(config, data_dir)
    if not yes and not typer.confirm(
        f"Revert {folder} to schema version {target}? Tables above it lose their rows."
    ):
        raise typer.Exit(1)
    try:
        with (
            DataDirLock(folder, holder="mediaos db downgrade"),
            open_database(folder, create=False) as state,
        ):
            reverted = downgrade(state, target)
    except StateError as error:
        fail(str(error))
    for row in reverted:
        out.print(f"reverted {row.label}", markup=False)
    if not reverted:
        out.print(f"database is already at version {target} or below")


AllowMassRemoval = Annotated[
    bool,
    typer.Option(
        "--allow-mass-removal",
        help="Let one pass cancel or prune more than library.max_removals items.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def _engine_config(config: list[Path] | None, data_dir: Path | None) -> tuple[MediaOSConfigT, Path]:
    paths = config_paths(config)
    if not paths:
        fail("give a config file or folder with -c (or set MEDIAOS_CONFIG)")
    loaded = load(paths).config
    return loaded, data_dir if data_dir is not None else loaded.data_dir


def _run_engine(work: Callable[[], Coroutine[object, object, int]]) -> NoReturn:
    """Run one engine command; typed errors become one line and exit code 1."""
    import asyncio

    from mediaos.core.errors import MediaOSError

    try:
        code = asyncio.run(work())
    except MediaOSError as error:
        fail(str(error))
    raise typer.Exit(code)


@app.command()
def diff(
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Ask indexers, clients and metadata sources first, and rescan the library "
            "(default: plan offline from the state database and caches).",
        ),
    ] = False,
    as_json: JsonOption = False,
    allow_mass_removal: AllowMassRemoval = False,
) -> None:
    """Show what `apply` would do; exit 0 in sync, 2 changes pending, 1 error."""
    # A short-lived run that builds ~200,000 small objects and frees almost none: the cyclic
    # collector would walk them again and again for nothing (about a third of the time).
    # Restored afterwards for callers running the command in their own process (tests); a
    # `mediaos diff` process leaves it off, as it ends right after (turned back on, its
    # first young collection walks everything the run left alive: ~20 ms).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _diff(config, data_dir, refresh=refresh, as_json=as_json, mass=allow_mass_removal)
    finally:
        if collecting and not _process.ends_after_command:
            gc.enable()


def _diff(
    config: list[Path] | None, data_dir: Path | None, *, refresh: bool, as_json: bool, mass: bool
) -> NoReturn:
    loaded, folder = _engine_config(config, data_dir)

    async def work() -> int:
        from mediaos.daemon.engine import index_roots, open_session, plan_all

        async with open_session(
            loaded,
            folder,
            online=refresh,
            write=False,
            holder="mediaos diff",
            allow_mass_removal=mass,
        ) as session:
            problems = list(session.problems)
            if session.readonly:
                err.print(
                    "note: another MediaOS process holds the data directory; planning from "
                    "what it last wrote (read-only)",
                    markup=False,
                )
            elif refresh:
                await index_roots(loaded, session.state, problems)
            plan = await plan_all(
                session.reconcilers,
                session.desired(),
                now=session.clock.now(),
                problems=problems,
            )
        rows = [(kind, action) for kind, action in plan.actions]
        if as_json:
            sys.stdout.write(json.dumps([show.action_json(a) for _, a in rows], indent=2) + "\n")
        else:
            show.print_diff(rows, waiting=None if rows else show.waiting(plan.kinds))
        show.print_problems(plan.problems)
        if show.refused(plan.problems):
            err.print("error: mass removal refused (see above)", markup=False)
            return 1
        return 0 if plan.in_sync else 2

    _run_engine(work)


@app.command("apply")
def apply_command(
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    allow_mass_removal: AllowMassRemoval = False,
) -> None:
    """Run the engine until nothing new gets done (it does not wait for downloads); exit 0
    when every action is done or waiting to retry, 1 when one stalled or failed."""
    loaded, folder = _engine_config(config, data_dir)

    async def work() -> int:
        from random import Random

        from mediaos.daemon.engine import apply_all, open_session

        async with open_session(
            loaded,
            folder,
            online=True,
            write=True,
            holder="mediaos apply",
            allow_mass_removal=allow_mass_removal,
        ) as session:
            with show.ApplyProgress() as bar:
                run = await apply_all(
                    loaded,
                    session.catalog,
                    session.reconcilers,
                    state=session.state,
                    journal=session.journal,
                    clock=session.clock,
                    rng=Random(),  # noqa: S311 - backoff jitter, not a secret
                    progress=bar.update,
                )
        outcomes = show.final_outcomes(run.reports)
        for kind, action, outcome in outcomes:
            show.print_outcome(kind, action, outcome)
        if not outcomes:
            out.print("nothing to do now (`mediaos diff` says what is still pending)", markup=False)
        problems = (*session.problems, *run.problems)
        show.print_problems(problems)
        failed = any(show.failed(o) for _, _, o in outcomes) or show.refused(problems)
        return 1 if failed else 0

    _run_engine(work)


@app.command()
def explain(
    item: Annotated[str, typer.Argument(help="Item or unit key, e.g. movie/dune-2021.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
    traces: Annotated[int, typer.Option("--traces", min=1, max=5, help="Searches shown.")] = 1,
) -> None:
    """Why this release, why not that one: the latest decisions for ITEM, its conditions,
    grabs and history. Works offline."""
    loaded, folder = _engine_config(config, data_dir)

    async def work() -> int:
        from mediaos.daemon.engine import open_session
        from mediaos.state.conditions import ConditionRepo
        from mediaos.state.grabs import GrabRepo
        from mediaos.state.history import EventRepo
        from mediaos.state.traces import TraceRepo

        async with open_session(
            loaded, folder, online=False, write=False, holder="mediaos explain",
            reconcilers=False,
        ) as session:  # fmt: skip
            desired = session.desired()
            keys = show.explained_keys(item, desired)
            state = session.state
            report = []
            for key in keys:
                report.append(
                    {
                        "key": key,
                        "conditions": [
                            show.condition_json(c) for c in ConditionRepo(state).of(key)
                        ],
                        "traces": [
                            show.trace_json(t) for t in TraceRepo(state).history(key, limit=traces)
                        ],
                        "grabs": [show.grab_json(g) for g in GrabRepo(state).for_item(key)],
                        "history": [
                            show.event_json(e) for e in EventRepo(state).for_item(key, limit=20)
                        ],
                    }
                )
        if as_json:
            sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        else:
            for entry in report:
                show.print_explained(entry)
        return 0

    _run_engine(work)


@asynccontextmanager
async def _unit_session(
    loaded: MediaOSConfigT, folder: Path, item: str, holder: str
) -> AsyncIterator[tuple[Session, Slot]]:
    """An online, locked session and the slot ITEM names: what search, grab and import share."""
    from mediaos.daemon.engine import open_session

    async with open_session(
        loaded, folder, online=True, write=True, holder=holder, offline_catalog=True
    ) as session:
        yield session, await show.session_slot(session, item)


@app.command()
def search(
    item: Annotated[str, typer.Argument(help="Unit key, e.g. series/x-2010/s01e01.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search the indexers for ITEM now and show every candidate with its decision."""
    loaded, folder = _engine_config(config, data_dir)

    async def work() -> int:
        from mediaos.releases.decision import decision_to_dict

        async with _unit_session(loaded, folder, item, "mediaos search") as (session, slot):
            decisions = await session.acquisition().search_now(slot)
        found = [decision_to_dict(d) for d in decisions]
        if as_json:
            sys.stdout.write(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
        else:
            show.print_decisions(found)
        return 0

    _run_engine(work)


@app.command()
def grab(
    item: Annotated[str, typer.Argument(help="Unit key the release is for.")],
    guid: Annotated[str, typer.Argument(help="Release guid or info-hash (from `search`).")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Send one release to a download client for ITEM, even one the rules rejected."""
    loaded, folder = _engine_config(config, data_dir)

    async def work() -> int:
        async with _unit_session(loaded, folder, item, "mediaos grab") as (session, slot):
            outcome = await session.acquisition().force_grab(slot, guid)
        show.print_outcome("acquisition", None, outcome, item=item)
        return 1 if show.failed(outcome) else 0

    _run_engine(work)


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="File or folder to import.")],
    as_item: Annotated[str, typer.Option("--as", help="Unit key it is, e.g. movie/x-2010.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Import a file the scanner could not match, as ITEM (named and placed like the loop)."""
    loaded, folder = _engine_config(config, data_dir)
    if not path.exists():
        fail(f"{path} does not exist")

    async def work() -> int:
        async with _unit_session(loaded, folder, as_item, "mediaos import") as (session, slot):
            outcome = await session.downloads().import_path(path, slot)
        show.print_outcome("downloads", None, outcome, item=as_item)
        return 1 if show.failed(outcome) else 0

    _run_engine(work)


# After the others, so `mediaos --help` lists them in their usual order.
app.command()(cli_library.adopt)
formats_app.command("import")(cli_library.formats_import)


class _Process:
    """What the running process is: `main` (the `mediaos` executable) ends right after its
    one command; `app` run by a caller (tests, `CliRunner`) does not."""

    ends_after_command = False


_process = _Process()


def main() -> None:
    """The `mediaos` command (console script and `python -m mediaos`)."""
    _process.ends_after_command = True
    try:
        app()
    finally:
        # The process ends here. At exit the interpreter runs a last cyclic collection over
        # every object still alive (modules, pydantic's validators, the run's leftovers):
        # about 80 ms of a 1 s `diff` on a large library, to free memory the OS takes back
        # anyway. Frozen objects are skipped by it; exit handlers still run as usual.
        gc.freeze()

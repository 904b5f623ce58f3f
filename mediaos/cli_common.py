"""What every `mediaos` command shares: the -c/--config and --data-dir options, loading the
config with every problem printed, and failing with one clear line and exit 1.

Why a module of its own: the command modules (`cli`, `cli_library`) both need it, and it
must sit below them so neither imports the other.

Importing this module (and `mediaos.cli`) loads no config models and no state database code:
the pydantic models alone take ~100 ms to build, so `load` imports them when a command first
needs them. `--help` stays quick, and `diff` builds them with the cyclic garbage collector
already off (see `cli.diff`), which saves the collections the build would otherwise trigger.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from mediaos.core.errors import ConfigError

if TYPE_CHECKING:
    from mediaos.schemas.load import ExtraCheck, LoadedConfig

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file or folder of *.yaml files; repeatable. Default: MEDIAOS_CONFIG.",
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="MEDIAOS_DATA_DIR",
        help="State folder (database, caches); overrides the config's data_dir.",
    ),
]


def fail(message: str) -> NoReturn:
    err.print("[red]error:[/red] ", end="")
    err.print(message, markup=False)  # paths and peers' words, never markup
    raise typer.Exit(1)


def config_paths(given: list[Path] | None) -> list[Path]:
    if given:
        return given
    from_env = os.environ.get("MEDIAOS_CONFIG", "")
    return [Path(p) for p in from_env.split(os.pathsep) if p]


def checks() -> tuple[ExtraCheck, ...]:
    """Checks from layers above `schemas`, run on every loaded config."""
    from mediaos.releases.naming import naming_problems

    return (naming_problems,)


def load(paths: list[Path]) -> LoadedConfig:
    from mediaos.schemas.load import load_config

    try:
        return load_config(paths, os.environ, extra_checks=checks())
    except ConfigError as error:
        for problem in error.problems:
            err.print(problem.render(), markup=False)
        count = len(error.problems)
        fail(f"{count} problem{'s' if count != 1 else ''} in the config")


def data_dir_of(config: list[Path] | None, data_dir: Path | None) -> Path:
    if data_dir is not None:
        return data_dir
    paths = config_paths(config)
    if paths:
        return load(paths).config.data_dir
    return Path("data")

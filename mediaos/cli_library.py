"""`mediaos adopt` and `mediaos formats import`: commands that write YAML for the user.

Registered on the `mediaos` app by `mediaos.cli`; both turn something that already exists
(a library on disk, Sonarr/Radarr, TRaSH-guides JSON) into desired state to review.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from mediaos.cli_common import (
    DataDirOption,
    err,
    fail,
)
from mediaos.core.errors import StateError


def adopt(
    roots: Annotated[
        list[str] | None,
        typer.Argument(
            help="Library roots, as PATH (kind guessed) or KIND=PATH (movies, series, "
            "music, books)."
        ),
    ] = None,
    from_sonarr: Annotated[
        str | None,
        typer.Option("--from-sonarr", help="Read series from Sonarr (key: SONARR_API_KEY)."),
    ] = None,
    from_radarr: Annotated[
        str | None,
        typer.Option("--from-radarr", help="Read movies from Radarr (key: RADARR_API_KEY)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the YAML here (default: stdout).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Describe an existing library (Sonarr/Radarr/Lidarr/Readarr layout) as desired-state YAML,
    from its folders, or from a running Sonarr/Radarr (v3 API) instead."""
    if output is not None and output.exists() and not force:
        fail(f"{output} exists; use --force to overwrite it")
    if from_sonarr or from_radarr:
        if roots:
            fail("give library roots or --from-sonarr/--from-radarr, not both")
        _write_adopted(_adopt_from_arr(from_sonarr, from_radarr), output)
        return
    if not roots:
        fail("give at least one library root (or --from-sonarr/--from-radarr)")
    import asyncio
    import tempfile
    from datetime import UTC, datetime

    from mediaos.reconcilers.adopt import KINDS, collect, guess_kind
    from mediaos.reconcilers.library import index_library
    from mediaos.schemas.render import render_adopted
    from mediaos.state import DataDirLock, open_database, upgrade

    chosen: dict[str, Path] = {}
    for spec in roots:
        kind, sep, path_text = spec.partition("=")
        path = Path(path_text if sep else spec).expanduser()
        if sep and kind not in KINDS:
            fail(f"unknown kind {kind!r} in {spec!r}: use one of {', '.join(KINDS)}")
        if not path.is_dir():
            fail(f"{path} is not a folder")
        kind = kind if sep else guess_kind(path)
        if kind in chosen:
            fail(f"two roots of kind {kind}: {chosen[kind]} and {path}")
        chosen[kind] = path.resolve()
    with tempfile.TemporaryDirectory(prefix="mediaos-adopt-") as scratch:
        folder = data_dir or Path(scratch)
        try:
            with DataDirLock(folder, holder="mediaos adopt"), open_database(folder) as state:
                upgrade(state)
                asyncio.run(index_library(state, chosen))  # type: ignore[arg-type]
                adopted = collect(state, chosen)  # type: ignore[arg-type]
        except StateError as error:
            fail(str(error))
    text = render_adopted(
        adopted,
        sources=[f"{k}={p}" for k, p in chosen.items()],
        written_on=datetime.now(UTC).date().isoformat(),
    )
    _write_adopted(text, output)
    err.print(
        f"adopted {len(adopted.movies)} movies, {len(adopted.series)} series, "
        f"{len(adopted.music)} artists, {len(adopted.books)} books; "
        f"{len(adopted.unmatched)} files not identified (listed as comments)",
        markup=False,
    )


def _write_adopted(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)


def _adopt_from_arr(from_sonarr: str | None, from_radarr: str | None) -> str:
    import asyncio
    from datetime import UTC, datetime

    from mediaos.adapters.arr import Radarr, Sonarr, api_key_from_env
    from mediaos.adapters.http import build_client, redact_url
    from mediaos.core.errors import AdapterError
    from mediaos.reconcilers.adopt_arr import adopt_from_arr
    from mediaos.schemas.render_arr import ArrAdopted, render_arr_adopted

    async def read() -> ArrAdopted:
        async with build_client(timeout=120.0) as http:
            shows = (
                Sonarr(url=from_sonarr, api_key=api_key_from_env("sonarr", os.environ), http=http)
                if from_sonarr
                else None
            )
            films = (
                Radarr(url=from_radarr, api_key=api_key_from_env("radarr", os.environ), http=http)
                if from_radarr
                else None
            )
            return await adopt_from_arr(sonarr=shows, radarr=films)

    try:
        adopted = asyncio.run(read())
    except AdapterError as error:
        fail(str(error))
    sources = [
        f"{name}={redact_url(url)}"
        for name, url in (("sonarr", from_sonarr), ("radarr", from_radarr))
        if url
    ]
    err.print(
        f"adopted {len(adopted.movies)} movies and {len(adopted.series)} series; "
        f"{len(adopted.unmatched)} left as comments (unmonitored or duplicate)",
        markup=False,
    )
    return render_arr_adopted(
        adopted, sources=sources, written_on=datetime.now(UTC).date().isoformat()
    )


def formats_import(
    files: Annotated[list[Path], typer.Argument(help="TRaSH-guides custom format JSON files.")],
    profile_set: Annotated[
        str, typer.Option("--scores", help="Which trash_scores set to use (default, sqp-1, ...).")
    ] = "default",
    app_kind: Annotated[
        str, typer.Option("--app", help="Whose guide the files come from: radarr or sonarr.")
    ] = "radarr",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the YAML here (default: stdout).")
    ] = None,
) -> None:
    """Turn TRaSH-guides custom formats into `quality.formats` YAML (with suggested scores)."""
    from mediaos.releases.trash import FormatImportError, import_formats_yaml

    if app_kind not in ("radarr", "sonarr"):
        fail("--app is radarr or sonarr")
    texts = []
    for file in files:
        try:
            raw = file.read_bytes()
        except OSError as error:
            fail(f"cannot read {file}: {error.strerror}")
        if len(raw) > 8 * 1024 * 1024:
            fail(f"{file} is larger than 8 MiB")
        texts.append(raw.decode("utf-8", "replace").strip())
    merged = texts[0] if len(texts) == 1 else _merge_json_lists(texts)
    try:
        yaml_text = import_formats_yaml(merged, profile_set=profile_set, app=app_kind)  # type: ignore[arg-type]
    except FormatImportError as error:
        for problem in error.problems:
            err.print(f"{problem}", markup=False)
        fail(f"{len(error.problems)} problem(s) in the guide file(s)")
    if output is None:
        sys.stdout.write(yaml_text)
    else:
        output.write_text(yaml_text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)


def _merge_json_lists(texts: list[str]) -> str:
    """Several guide files (each one format, or a list) as one JSON list."""
    items: list[object] = []
    for text in texts:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            fail(f"not JSON: {error.msg} at line {error.lineno}")
        items.extend(value if isinstance(value, list) else [value])
    return json.dumps(items)


# --- the engine: diff, apply, explain, search, grab, import --------------------------------
#
# Exit codes of `diff` follow terraform's -detailed-exitcode: 0 in sync, 2 changes pending,
# 1 error (config, state, a refused mass removal). Problems alone (metadata not fetched yet,
# an indexer down) are printed on stderr and do not change the code. Heavy modules (the
# engine, adapters, HTTP) are imported inside the commands, so `--help` and the offline
# `diff` stay fast.

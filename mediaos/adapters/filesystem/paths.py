"""Where a download client's path is on this machine, and where a library path may go.

Why: clients in containers report `/downloads/...` while MediaOS sees `/data/torrents/...`.
`library.path_mappings` translates; when no mapping makes the path visible we look for the
mapping that *would* (the longest tail of the client path that exists under a known local
folder) and put it in the error, because "path not found" alone sends users to forums.

Invariants a reader must not break:
- A mapping applies on whole path components only (`/downloads` never matches
  `/downloads2`), and the longest matching `remote` wins.
- `inside_root` resolves symlinks: a destination may not leave its library root through a
  symlinked folder any more than through `..`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from mediaos.adapters.filesystem.errors import PathNotVisible, UnsafeDestination
from mediaos.schemas.library import PathMappingSpec


def client_path_parts(client_path: str) -> tuple[str, ...]:
    """Components of a path as a client reports it, POSIX or Windows (`D:\\Downloads`)."""
    if "\\" in client_path or (len(client_path) > 1 and client_path[1] == ":"):
        return PureWindowsPath(client_path).parts
    return PurePosixPath(client_path).parts


def map_client_path(
    client_path: str, mappings: Sequence[PathMappingSpec], *, client: str | None = None
) -> Path:
    """Translate with the longest matching mapping; unmapped paths are returned as given."""
    parts = client_path_parts(client_path)
    best: tuple[int, PathMappingSpec] | None = None
    for mapping in mappings:
        if mapping.client is not None and mapping.client != client:
            continue
        remote = client_path_parts(mapping.remote.rstrip("/\\") or mapping.remote)
        if _key(parts[: len(remote)]) == _key(remote) and (best is None or len(remote) > best[0]):
            best = (len(remote), mapping)
    if best is None:
        return Path(client_path)
    return Path(best[1].local, *parts[best[0] :])


def visible_path(
    client_path: str,
    mappings: Sequence[PathMappingSpec],
    *,
    client: str | None = None,
    known_local: Iterable[Path] = (),
) -> Path:
    """`map_client_path`, and a `PathNotVisible` with the fixing mapping when it is absent."""
    local = map_client_path(client_path, mappings, client=client)
    if local.exists():
        return local
    bases = [*known_local, *(m.local for m in mappings)]
    suggestion = suggest_mapping(client_path, bases)
    raise PathNotVisible(
        client_path,
        f"the download client reports this path but it does not exist here (looked at {local})",
        suggestion=suggestion,
    )


def suggest_mapping(client_path: str, bases: Iterable[Path]) -> str | None:
    """The mapping that would make `client_path` visible, as a sentence, if one exists."""
    parts = client_path_parts(client_path)
    for base in bases:
        for cut in range(1, len(parts)):
            tail = parts[cut:]
            if (base.joinpath(*tail)).exists():
                remote = (
                    str(PurePosixPath(*parts[:cut]))
                    if "/" in parts[0]
                    else (str(PureWindowsPath(*parts[:cut])))
                )
                return (
                    "this mapping would fix it: library.path_mappings: "
                    f"[{{remote: {remote!r}, local: {str(base)!r}}}]"
                )
    return None


def inside_root(root: Path, destination: Path) -> Path:
    """`destination` if it stays under `root` once symlinks are resolved, else an error."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(destination))
    if real != real_root and real_root not in real.parents:
        raise UnsafeDestination(str(destination), f"leaves the library root {root}")
    return destination


def _key(parts: Sequence[str]) -> tuple[str, ...]:
    return tuple(p.rstrip("/\\") for p in parts)

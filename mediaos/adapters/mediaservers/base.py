"""The `MediaServer` role: telling Jellyfin, Emby or Plex that a folder changed.

After an import the library loop calls `refresh(path)` with the path as MediaOS sees it. The
server usually runs in another container and sees the same folder under another prefix, so the
path is first mapped through the user's `path_mappings` (longest local prefix wins), then
matched against the server's own library locations (longest location wins), and only that one
library is told about that one folder. A full-library scan on every import is what makes
users turn notifications off on a 20,000-item library, so no implementation falls back to one.

Invariants every implementation keeps:
- `refresh` raises `NotFound` when no library contains the mapped path; the message names the
  path as the server would see it and every library location, because the usual cause is a
  missing or wrong path mapping and the user must see both sides to fix it.
- A refused key is `AuthRejected`, a dead server `Unreachable`; the key never appears in a
  message (it travels in a header, never in a URL).
- The matching functions here are pure: they compare strings, never touch the disk, and accept
  Windows server paths (`D:\\Media\\TV`) as well as POSIX ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from mediaos.core.errors import NotFound


@dataclass(frozen=True, slots=True)
class ServerHealth:
    ok: bool
    product: str | None  # "Jellyfin Server", "Emby Server", "Plex Media Server"
    version: str | None
    message: str


@dataclass(frozen=True, slots=True)
class LibrarySection:
    """One library as the server defines it: Jellyfin/Emby virtual folder, Plex section."""

    id: str
    title: str
    locations: tuple[str, ...]  # folders as the server sees them


class MediaServer(Protocol):
    name: str

    async def refresh(self, path: Path) -> None:
        """Rescan the one library section that contains `path` (a local file or folder)."""
        ...

    async def health(self) -> ServerHealth: ...


def _separator(path: str) -> str:
    return "\\" if "\\" in path and "/" not in path else "/"


def _parts(path: str) -> list[str]:
    return [part for part in path.replace("\\", "/").split("/") if part]


def _is_within(path: str, root: str) -> bool:
    """Component-wise prefix test, so `/media/tv2` is not inside `/media/tv`."""
    root_parts = _parts(root)
    return _parts(path)[: len(root_parts)] == root_parts and (
        path.startswith(("/", "\\")) == root.startswith(("/", "\\"))
    )


def map_path(path: Path, mappings: Mapping[str, str]) -> str:
    """`path` as the server sees it: the longest matching local prefix is replaced by its
    server prefix, joined with the server's own separator. Unmapped paths pass unchanged."""
    local = str(PurePosixPath(path))
    matches = [prefix for prefix in mappings if _is_within(local, prefix)]
    if not matches:
        return local
    prefix = max(matches, key=lambda p: len(_parts(p)))
    target = mappings[prefix]
    rest = _parts(local)[len(_parts(prefix)) :]
    if not rest:
        return target
    sep = _separator(target)
    return target.rstrip("/\\") + sep + sep.join(rest)


def section_for(server_path: str, sections: Sequence[LibrarySection]) -> LibrarySection | None:
    """The section whose location contains `server_path`; the deepest location wins when
    libraries nest (a "4K Movies" folder inside "Movies")."""
    best: tuple[int, LibrarySection] | None = None
    for section in sections:
        for location in section.locations:
            if _is_within(server_path, location):
                depth = len(_parts(location))
                if best is None or depth > best[0]:
                    best = (depth, section)
    return best[1] if best else None


def no_library(adapter: str, server_path: str, sections: Sequence[LibrarySection]) -> NotFound:
    """The error a user can act on: the path the server was asked about, and where the
    server's libraries actually are."""
    where = "; ".join(f"{s.title}: {', '.join(s.locations) or '(no folders)'}" for s in sections)
    return NotFound(
        adapter,
        "refresh",
        f"no library contains {server_path} (libraries: {where or 'none'}); check path_mappings",
    )

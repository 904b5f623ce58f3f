"""Helpers shared by the filesystem tests: real files and what to check after a fault."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from mediaos.adapters.filesystem.transfer import TEMP_PREFIX

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
MovieBytes = bytes(range(256)) * 4096  # 1 MiB of recognisable content


def write(path: Path, data: bytes = MovieBytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[Path]:
    """Temporary or partial files anywhere under `folder`."""
    if not folder.exists():
        return []
    return [p for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX)]

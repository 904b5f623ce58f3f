"""Shared fixtures. Unit tests run with sockets disabled (pytest-socket): pure code only."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/unit/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.usefixtures("_no_network"))


@pytest.fixture
def _no_network() -> object:
    import pytest_socket

    pytest_socket.disable_socket(allow_unix_socket=True)
    yield None
    pytest_socket.enable_socket()


@pytest.fixture
def repo_root() -> Path:
    return ROOT

"""Shared fixtures and the `peer` marker.

Unit tests run with sockets disabled (pytest-socket): pure code only.

`@pytest.mark.peer("qbittorrent-nox")` marks a test that runs a real program. On a laptop
without it the test is skipped with a message; in CI (`CI=true`) a missing program is an
error, because a skipped test would otherwise "pass".
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests check behaviour, not speed (benchmarks measure speed): no per-example
# deadline, which a busy 2-core CI machine would otherwise turn into random failures.
settings.register_profile("mediaos", deadline=None, print_blob=True)
settings.load_profile("mediaos")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/unit/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.usefixtures("_no_network"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers(name="peer"):
        for program in marker.args:
            if shutil.which(program) is None:
                message = f"needs the real program {program!r} (make test installs it)"
                if os.environ.get("CI") == "true":
                    pytest.fail(f"{message}; in CI nothing may be skipped", pytrace=False)
                pytest.skip(message)


@pytest.fixture
def _no_network() -> Iterator[None]:
    import pytest_socket

    pytest_socket.disable_socket(allow_unix_socket=True)
    yield None
    pytest_socket.enable_socket()


@pytest.fixture
def repo_root() -> Path:
    return ROOT

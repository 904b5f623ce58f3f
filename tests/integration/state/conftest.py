from collections.abc import Iterator
from pathlib import Path

import pytest

from mediaos.state import StateDB, open_database


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def state(data_dir: Path) -> Iterator[StateDB]:
    with open_database(data_dir) as opened:
        yield opened

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediaos.core.errors import DataDirLocked
from mediaos.state import LOCK_FILENAME, DataDirLock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from mediaos.state import DataDirLock
lock = DataDirLock(Path(sys.argv[1]), holder="mediaos daemon")
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_process(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == "locked\n", proc.stderr.read() if proc.stderr else line
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_second_process_is_refused_with_the_holders_pid_and_command(
    data_dir: Path, other_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DataDirLocked) as refused:
        DataDirLock(data_dir).acquire()
    assert str(refused.value) == (
        f"data directory {data_dir} is in use by another MediaOS process "
        f"(pid {other_process.pid}: mediaos daemon); stop it or use another --data-dir"
    )


def test_the_lock_is_free_again_once_the_holder_is_killed(
    data_dir: Path, other_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DataDirLocked):
        DataDirLock(data_dir).acquire()
    os.kill(other_process.pid, signal.SIGKILL)
    other_process.wait(timeout=10)
    with DataDirLock(data_dir, holder="mediaos apply") as lock:
        assert lock.held


def test_a_refused_process_leaves_the_holders_details_in_place(
    data_dir: Path, other_process: subprocess.Popen[str]
) -> None:
    with pytest.raises(DataDirLocked):
        DataDirLock(data_dir, holder="mediaos apply").acquire()
    record = json.loads((data_dir / LOCK_FILENAME).read_text())
    assert record == {"pid": other_process.pid, "command": "mediaos daemon"}


def test_the_lock_is_released_when_the_block_ends(data_dir: Path) -> None:
    with DataDirLock(data_dir, holder="mediaos db upgrade") as lock:
        assert json.loads(lock.path.read_text())["pid"] == os.getpid()
        with pytest.raises(DataDirLocked, match=r"pid \d+: mediaos db upgrade"):
            DataDirLock(data_dir).acquire()
    assert not lock.held
    assert lock.path.read_text() == ""
    with DataDirLock(data_dir):
        pass


def test_releasing_twice_is_harmless(data_dir: Path) -> None:
    lock = DataDirLock(data_dir)
    lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held


def test_a_lock_file_without_details_still_gives_a_clear_message(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / LOCK_FILENAME).write_text("garbage")
    with DataDirLock(data_dir):
        (data_dir / LOCK_FILENAME).write_text("garbage")
        with pytest.raises(DataDirLocked, match=r"\(pid unknown\); stop it"):
            DataDirLock(data_dir).acquire()

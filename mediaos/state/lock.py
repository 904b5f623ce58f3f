"""The data-directory lock: one writing MediaOS process per data directory.

The daemon, `apply` and `db upgrade|downgrade` hold it while they write; `status` and
other readers open the database read-only and take no lock. The lock is
`fcntl.flock` on `<data dir>/.lock`, taken without waiting. Why flock rather than a PID
file: the kernel drops it when the holding process dies, even by SIGKILL or a power
cut, so there is never a stale lock to clean up by hand.

Invariants:

- The file is opened without truncation and written only after the lock is held, so a
  refused process never erases the holder's details.
- The file holds the holder's PID and command as JSON, for the error message only;
  the lock itself is the flock, never the file's content or existence. The file is
  never deleted (deleting it would let two processes lock two different inodes).
- The descriptor is not inherited by child processes (ffprobe, ...), so a child that
  outlives the daemon cannot keep the data directory locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Final, Self

from mediaos.core.errors import DataDirLocked, StateError

LOCK_FILENAME: Final = ".lock"
_MAX_COMMAND = 200


class DataDirLock:
    """Hold `<data_dir>/.lock` exclusively, or raise `DataDirLocked` at once.

    `holder` names this process in the message another process shows when refused
    (for example "mediaos daemon"); by default it is this process's command line.
    """

    def __init__(self, data_dir: Path, *, holder: str | None = None) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILENAME
        self.holder = holder if holder is not None else _command_line()
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            raise StateError(f"the lock on {self.data_dir} is already held by this object")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as err:
            raise StateError(f"cannot create the lock file {self.path}: {err}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _describe_holder(fd)
            os.close(fd)
            raise DataDirLocked(
                f"data directory {self.data_dir} is in use by another MediaOS process "
                f"({other}); stop it or use another --data-dir"
            ) from None
        except OSError as err:
            os.close(fd)
            raise StateError(f"cannot lock {self.path}: {err}") from err
        record = {"pid": os.getpid(), "command": self.holder[:_MAX_COMMAND]}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Give the lock up; doing so twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "held" if self.held else "not held"
        return f"DataDirLock({str(self.data_dir)!r}, {state})"


def _command_line() -> str:
    argv = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return " ".join(argv)


def _describe_holder(fd: int) -> str:
    """`pid 1234: mediaos daemon`, or as much of it as the file tells."""
    try:
        record = json.loads(os.pread(fd, 4096, 0).decode() or "null")
    except (OSError, ValueError):
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return "pid unknown"
    command = record.get("command")
    if isinstance(command, str) and command:
        return f"pid {record['pid']}: {command}"
    return f"pid {record['pid']}"

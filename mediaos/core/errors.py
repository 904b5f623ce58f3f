"""One exception tree for the whole product.

```
MediaOSError
  ConfigError            file, line, column (1-based), key path; never reaches the loops
  AdapterError           adapter name, operation
    TemporaryError       retry_after: timedelta | None
      Unreachable        connect, read or DNS failure, timeout
      RateLimited        429, or 503 with Retry-After
      PeerBusy           5xx without a hint
    PermanentError
      AuthRejected       401/403 after one re-login
      NotFound           the peer says the thing does not exist
      BadPayload         the peer sent something we refuse to parse (bounded excerpt only)
      Unsupported        peer version too old for the feature
  StateError             SQLite locked too long, migration mismatch
    DataDirLocked        another process holds the data directory
```

Why a tree: the runner (daemon) maps `TemporaryError` to a retry, `PermanentError` to a
stall and everything else to an internal error, so adapters only have to pick the right leaf.
Every `str()` is shown to users: one sentence, never a secret, never a raw peer body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


class MediaOSError(Exception):
    """Root of every error MediaOS raises on purpose."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One problem in the desired state, located in the user's files."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    code: str = "invalid"

    def render(self) -> str:
        where = self.file or "<config>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        suffix = f" (at {self.path})" if self.path else ""
        return f"{where}: {self.message}{suffix}"


class ConfigError(MediaOSError):
    """The desired state is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


class AdapterError(MediaOSError):
    def __init__(self, adapter: str, operation: str, message: str = "") -> None:
        self.adapter = adapter
        self.operation = operation
        super().__init__(f"{adapter}: {operation}" + (f": {message}" if message else ""))


class TemporaryError(AdapterError):
    def __init__(
        self,
        adapter: str,
        operation: str,
        message: str = "",
        *,
        retry_after: timedelta | None = None,
    ) -> None:
        super().__init__(adapter, operation, message)
        self.retry_after = retry_after


class Unreachable(TemporaryError):
    pass


class RateLimited(TemporaryError):
    pass


class PeerBusy(TemporaryError):
    pass


class PermanentError(AdapterError):
    pass


class AuthRejected(PermanentError):
    pass


class NotFound(PermanentError):
    pass


class BadPayload(PermanentError):
    pass


class Unsupported(PermanentError):
    pass


class StateError(MediaOSError):
    """The state database cannot be used as it is (locked, wrong schema version)."""


class DataDirLocked(StateError):
    """Another MediaOS process writes to this data directory."""

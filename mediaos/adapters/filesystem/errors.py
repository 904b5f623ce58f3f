"""Typed failures of library imports, each saying what should happen next.

```
TemporaryError (mediaos.core.errors)   the runner retries with backoff
  DiskFull              below the free-space floor, or ENOSPC while writing
PermanentError                          the runner stalls until a person acts
  PermissionDenied      EACCES/EPERM/EROFS on the destination (or the source)
  SourceVanished        the download's file went away before or during the import
  CrossDevice           hardlink impossible and library.hardlink_fallback is "fail"
  DestinationExists     a different file already has the name; nothing is overwritten
  VerificationFailed    the copy does not match the source; it was removed
  UnsafeDestination     a destination outside the library root, or not a regular file
  PathNotVisible        a download client's path does not exist here (with the fix)
```

Why these leaves: each maps to a distinct condition message in the library reconciler,
and each is raised only after the import has been rolled back: the source is intact and no
partial file is left at the destination.
"""

from __future__ import annotations

from mediaos.core.errors import PermanentError, TemporaryError

ADAPTER = "filesystem"


class DiskFull(TemporaryError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(ADAPTER, "import", f"{path}: {message}")
        self.path = path


class PermissionDenied(PermanentError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(ADAPTER, "import", f"{path}: {message}")
        self.path = path


class SourceVanished(PermanentError):
    def __init__(self, path: str) -> None:
        super().__init__(
            ADAPTER, "import", f"{path}: the source file disappeared during the import"
        )
        self.path = path


class CrossDevice(PermanentError):
    def __init__(self, source: str, destination: str) -> None:
        super().__init__(
            ADAPTER,
            "hardlink",
            f"{source} and {destination} are on different filesystems, so a hardlink is "
            "impossible; put downloads and the library on one filesystem, or set "
            "library.hardlink_fallback: copy to accept using the space twice",
        )
        self.source, self.destination = source, destination


class DestinationExists(PermanentError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(ADAPTER, "import", f"{path}: {message}")
        self.path = path


class VerificationFailed(PermanentError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(ADAPTER, "verify", f"{path}: {message}")
        self.path = path


class UnsafeDestination(PermanentError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(ADAPTER, "import", f"{path}: {message}")
        self.path = path


class PathNotVisible(PermanentError):
    def __init__(self, client_path: str, message: str, *, suggestion: str | None) -> None:
        text = f"{client_path}: {message}"
        if suggestion:
            text += f"; {suggestion}"
        super().__init__(ADAPTER, "path mapping", text)
        self.client_path, self.suggestion = client_path, suggestion

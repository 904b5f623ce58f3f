"""Release names, read: `parse` turns a scene/P2P name into a typed `ParsedRelease`.

Pure code (no I/O, no clock). The quality ladder itself lives in `mediaos.core.qualities`;
`mediaos.releases.upgrades` compares qualities under a profile.
"""

from mediaos.releases.model import ParsedRelease
from mediaos.releases.parse import parse

__all__ = ["ParsedRelease", "parse"]

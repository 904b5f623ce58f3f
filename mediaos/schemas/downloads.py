"""Download clients, one model per product, chosen by `type`.

Why a discriminated union: a qBittorrent client has seeding goals and categories, NZBGet has
neither seeding nor tags, a blackhole has folders instead of a URL. One flat model with every
key optional would accept nonsense; one model per product rejects it with a precise message.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from mediaos.schemas.types import ConfigPath, Duration, HttpUrl, Name, OptionalSecret, Secret, Spec


class ClientSpec(Spec):
    name: Name
    """Unique name of this client."""
    priority: int = Field(1, ge=1, le=50)
    """1 (first) to 50: the client used first for its protocol."""
    enabled: bool = True
    """Disabled clients receive no grabs but are still observed."""
    category: str = Field("mediaos", min_length=1, max_length=64)
    """Category or label MediaOS owns in the client; it never touches others."""
    stalled_after: Duration = timedelta(hours=6)
    """A download without progress for this long is failed, blocklisted and searched again."""
    timeout: Duration = timedelta(seconds=30)
    """Time allowed for one request."""


class TorrentClientSpec(ClientSpec):
    seed_ratio: float | None = Field(None, ge=0)
    """Keep seeding until this ratio before a finished torrent may be removed."""
    seed_time: Duration | None = None
    """Keep seeding for at least this long before a finished torrent may be removed."""
    remove_completed: bool = False
    """Remove a torrent from the client once imported and its seeding goals are met."""
    start_paused: bool = False
    """Add torrents paused."""
    tags: list[str] = []
    """Extra tags given to added torrents."""


class QBittorrentSpec(TorrentClientSpec):
    type: Literal["qbittorrent"]
    """qBittorrent Web API v2 (4.5 and later)."""
    url: HttpUrl
    """Web UI address, e.g. http://localhost:8080."""
    username: str = "admin"
    """Web UI user."""
    password: OptionalSecret = None
    """Web UI password."""
    save_path: str | None = None
    """Save path of the category, as the client sees it; client default when absent."""
    sequential: bool = False
    """Download pieces in order."""


class TransmissionSpec(TorrentClientSpec):
    type: Literal["transmission"]
    """Transmission RPC (3.00 and 4.x)."""
    url: HttpUrl
    """RPC address, e.g. http://localhost:9091/transmission/rpc."""
    username: str | None = None
    """RPC user, when authentication is on."""
    password: OptionalSecret = None
    """RPC password."""
    download_dir: str | None = None
    """Download folder as the client sees it; the category becomes a sub-folder and label."""


class NZBGetSpec(ClientSpec):
    type: Literal["nzbget"]
    """NZBGet JSON-RPC (21 and later)."""
    url: HttpUrl
    """Address, e.g. http://localhost:6789."""
    username: str = "nzbget"
    """Control user."""
    password: OptionalSecret = None
    """Control password."""
    nzb_priority: Literal["very_low", "low", "normal", "high", "very_high", "force"] = "normal"
    """Queue priority of added NZBs."""


class SABnzbdSpec(ClientSpec):
    type: Literal["sabnzbd"]
    """SABnzbd API."""
    url: HttpUrl
    """Address, e.g. http://localhost:8080/sabnzbd."""
    api_key: Secret
    """SABnzbd API key."""
    nzb_priority: Literal["low", "normal", "high", "force"] = "normal"
    """Queue priority of added NZBs."""


class BlackholeSpec(ClientSpec):
    type: Literal["blackhole"]
    """Drops .torrent/.nzb/.magnet files into a watch folder and imports from a done folder."""
    protocol: Literal["torrent", "usenet"]
    """Which releases this blackhole takes."""
    watch_folder: ConfigPath
    """Where release files are written for another program to pick up."""
    completed_folder: ConfigPath
    """Where that program puts finished downloads."""
    magnet_files: bool = True
    """Write magnets as .magnet files; otherwise only .torrent links are used."""
    seed_ratio: float | None = Field(None, ge=0)
    """Seed ratio goal, for torrent blackholes."""
    seed_time: Duration | None = None
    """Seeding time goal, for torrent blackholes."""


DownloadClientSpec = Annotated[
    QBittorrentSpec | TransmissionSpec | NZBGetSpec | SABnzbdSpec | BlackholeSpec,
    Field(discriminator="type"),
]


def client_protocol(client: DownloadClientSpec) -> Literal["torrent", "usenet"]:
    if isinstance(client, BlackholeSpec):
        return client.protocol
    return "usenet" if isinstance(client, NZBGetSpec | SABnzbdSpec) else "torrent"

"""A small random "media" file and a real .torrent of it, made with torf.

Random bytes, so no two tests share a torrent by accident and a byte-for-byte comparison after
a transfer means something. Pieces are small (32 KiB) so a few megabytes still make a swarm
of many pieces. `private` matters: Transmission 3.00 will not hand out the metadata of a
private torrent, so magnet tests need a public one (real-peers.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import torf


@dataclass(frozen=True)
class MediaTorrent:
    path: Path  # the media file
    torrent: bytes  # the .torrent file's bytes
    info_hash: str  # lower-case hex v1
    announce_url: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def magnet(self) -> str:
        return (
            f"magnet:?xt=urn:btih:{self.info_hash}&dn={quote(self.name)}"
            f"&tr={quote(self.announce_url, safe='')}"
        )


def make_media_torrent(
    folder: Path,
    *,
    announce_url: str,
    name: str = "Test.Show.S01E01.1080p.WEB-DL.x264-GRP.mkv",
    size: int = 2 * 1024 * 1024,
    private: bool = True,
) -> MediaTorrent:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(os.urandom(size))
    torrent = torf.Torrent(
        path=path, trackers=[announce_url], private=private, piece_size=32 * 1024
    )
    torrent.generate()
    return MediaTorrent(
        path=path,
        torrent=torrent.dump(),
        info_hash=str(torrent.infohash).lower(),
        announce_url=announce_url,
    )

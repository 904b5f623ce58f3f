"""A loopback "indexer" serving .torrent files and magnet redirects, and releases pointing at them.

Why: the adapters learn a release's info-hash by downloading its .torrent themselves (or by
following a redirect to a magnet, as Prowlarr answers), so tests grab through a real HTTP
download link, with an API key in it, exactly as a Torznab `<enclosure>` gives one.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from mediaos.core.releaseinfo import ReleaseInfo
from tests.peers.media import MediaTorrent


class TorrentIndexer:
    """A loopback "indexer" serving .torrent files by name, as a Torznab download link does."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.magnets: dict[str, str] = {}
        self.downloads = 0
        app = web.Application()
        app.router.add_get("/download/{name}", self._download)
        app.router.add_get("/magnet/{name}", self._to_magnet)
        self.server = TestServer(app, host="127.0.0.1")

    async def _download(self, request: web.Request) -> web.Response:
        self.downloads += 1
        body = self.files.get(request.match_info["name"])
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body, content_type="application/x-bittorrent")

    async def _to_magnet(self, request: web.Request) -> web.Response:
        """Prowlarr's way: the download link answers 301 with a magnet URI."""
        raise web.HTTPMovedPermanently(self.magnets[request.match_info["name"]])

    def magnet_link_release(self, media: MediaTorrent) -> ReleaseInfo:
        self.magnets[media.info_hash] = media.magnet
        url = str(self.server.make_url(f"/magnet/{media.info_hash}"))
        return ReleaseInfo(title="x", guid=url, indexer="loopback", protocol="torrent",
                           download_url=url)  # fmt: skip

    def release(self, media: MediaTorrent, *, with_hash: bool = False) -> ReleaseInfo:
        key = f"{media.info_hash}.torrent"
        self.files[key] = media.torrent
        return ReleaseInfo(
            title=media.path.stem,
            guid=f"guid-{media.info_hash}",
            indexer="loopback",
            protocol="torrent",
            download_url=str(self.server.make_url(f"/download/{key}?apikey=secret")),
            info_hash=media.info_hash if with_hash else None,
            size=media.path.stat().st_size,
        )


def magnet_release(media: MediaTorrent) -> ReleaseInfo:
    return ReleaseInfo(
        title=media.path.stem,
        guid=f"magnet-{media.info_hash}",
        indexer="loopback",
        protocol="torrent",
        magnet=media.magnet,
    )

"""A loopback Transmission 4.x RPC, only as far as the adapter branches on the version.

Debian packages 3.00 only, and the real daemon is what the other tests use. This fake speaks
what 4.0 changed (protocols.md 3.2-3.3): `rpc-version` 17 and a `version` of "4.0.6",
`labels` honoured on `torrent-add`, and a duplicate add answered `result: "success"` with
`torrent-duplicate` (3.00 says "duplicate torrent"). What did not change is kept strict: Basic
auth (401), the 409 session-id exchange on every call, `result` strings for RPC errors.
`restart()` hands out a new session id, as a restarted daemon does. `calls` records the RPC
methods asked for, so a test can see that 4.x needs no `torrent-set` for labels.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import torf
from aiohttp import web
from aiohttp.test_utils import TestServer

from mediaos.adapters.torrentfiles import magnet_info_hash

SESSION_HEADER = "X-Transmission-Session-Id"


@dataclass
class FakeTransmission:
    username: str = "tr"
    password: str = "fake-secret"
    version: str = "4.0.6 (38c164933e)"
    rpc_version: int = 17
    download_dir: str = "/downloads"
    torrents: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)  # torrent-get omits these: a concurrent add
    session_id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    _server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/transmission/rpc"))

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/transmission/rpc", self._rpc)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()

    def restart(self) -> None:
        self.session_id = secrets.token_urlsafe(16)

    async def _rpc(self, request: web.Request) -> web.Response:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {token}":
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="T"'})
        if request.headers.get(SESSION_HEADER) != self.session_id:
            return web.Response(status=409, headers={SESSION_HEADER: self.session_id})
        body = await request.json()
        method, arguments = body["method"], body.get("arguments", {})
        self.calls.append(method)
        handler = getattr(self, "_" + method.replace("-", "_"), None)
        if handler is None:
            return web.json_response({"result": "method name not recognized", "arguments": {}})
        result, reply = handler(arguments)
        return web.Response(
            text=json.dumps({"result": result, "arguments": reply}),
            content_type="application/json",
        )

    def _session_get(self, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return "success", {
            "version": self.version,
            "rpc-version": self.rpc_version,
            "rpc-version-semver": "5.3.0",
            "download-dir": self.download_dir,
        }

    def _torrent_add(self, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if "metainfo" in arguments:
            meta = torf.Torrent.read_stream(base64.b64decode(arguments["metainfo"]))
            info_hash, name, size = meta.infohash, meta.name, meta.size
        elif str(arguments.get("filename", "")).startswith("magnet:"):
            info_hash = magnet_info_hash(arguments["filename"])
            name, size = info_hash, 0
        else:
            return "no filename or metainfo specified", {}
        if info_hash in self.torrents:
            found = self.torrents[info_hash]
            short = {"id": found["id"], "name": found["name"], "hashString": info_hash}
            return "success", {"torrent-duplicate": short}  # 4.x: success, not an error
        row = {
            "id": len(self.torrents) + 1, "hashString": info_hash, "name": name,
            "downloadDir": arguments["download-dir"], "totalSize": size, "sizeWhenDone": size,
            "leftUntilDone": size, "percentDone": 0.0, "status": 0 if arguments.get("paused")
            else 4, "error": 0, "errorString": "", "eta": -1, "isStalled": False,
            "uploadRatio": -1, "secondsSeeding": 0, "labels": arguments.get("labels", []),
            "metadataPercentComplete": 1.0 if size else 0.0, "wanted": [True],
        }  # fmt: skip
        self.torrents[info_hash] = row
        return "success", {
            "torrent-added": {"id": row["id"], "name": name, "hashString": info_hash}
        }

    def _torrent_get(self, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        rows = [r for r in self.torrents.values() if r["hashString"] not in self.hidden]
        if "ids" in arguments:
            rows = [r for r in rows if r["hashString"] in arguments["ids"]]
        fields = arguments["fields"]
        return "success", {"torrents": [{k: r[k] for k in fields if k in r} for r in rows]}

    def _torrent_set(self, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        for info_hash in arguments["ids"]:
            if "labels" in arguments:
                self.torrents[info_hash]["labels"] = arguments["labels"]
        return "success", {}

    def _torrent_remove(self, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if "delete-local-data" not in arguments:
            return "delete-local-data missing (the adapter must always say)", {}
        for info_hash in arguments["ids"]:
            self.torrents.pop(info_hash, None)
        return "success", {}

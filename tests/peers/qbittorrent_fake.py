"""A loopback qBittorrent 5.x Web API, only as far as the adapter branches on the version.

Debian packages 4.5.2 only, and the real daemon is what the other tests use. This fake speaks
what 5.0 (API 2.11.2) and 5.2 (API 2.15.1) changed (protocols.md 2.9): `torrents/stop|start`
instead of `pause|resume` (the old names answer 404), `stopped` instead of `paused` on add,
`stoppedUP/stoppedDL` states, and from 5.2 a 401 for a wrong password and JSON replies to
`torrents/add` (409 when nothing was added). The rules that did not change are kept strict as
in 4.5 (403 without a session, 401 on a foreign Referer, `deleteFiles` required, POST-only
actions), so a sloppy adapter fails here too. `restart()` forgets every session, and may
change the version, as an upgrade would.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import torf
from aiohttp import web
from aiohttp.test_utils import TestServer

from mediaos.adapters.torrentfiles import magnet_info_hash

QBT_50 = ("v5.0.0", "2.11.2")
QBT_52 = ("v5.2.0", "2.15.1")
_POST_ONLY = {"auth/login", "torrents/add", "torrents/delete", "torrents/createCategory",
              "torrents/editCategory", "torrents/stop", "torrents/start", "torrents/pause",
              "torrents/resume"}  # fmt: skip
_RENAMED = {
    "torrents/pause": False,
    "torrents/resume": False,
    "torrents/stop": True,
    "torrents/start": True,
}  # fmt: skip  (name: exists from API 2.11 on)


@dataclass
class FakeQBittorrent:
    username: str = "mediaos"
    password: str = "fake-secret"
    version: tuple[str, str] = QBT_50
    torrents: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)  # every API path asked for, in order
    _sessions: set[str] = field(default_factory=set)
    _server: TestServer | None = None

    @property
    def api(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version[1].split("."))

    @property
    def url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("")).rstrip("/")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/v2/{scope}/{action}", self._dispatch)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()

    def restart(self, version: tuple[str, str] | None = None) -> None:
        self._sessions.clear()
        self.version = version or self.version

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = f"{request.match_info['scope']}/{request.match_info['action']}"
        self.calls.append(path)
        origin = request.headers.get("Origin") or request.headers.get("Referer")
        if origin and request.host not in origin:
            return web.Response(status=401, text="Unauthorized")
        if path in _POST_ONLY and request.method != "POST":
            return web.Response(status=405)
        form = await request.post() if request.method == "POST" else request.query
        if path == "auth/login":
            return self._login(form)
        if request.cookies.get("SID") not in self._sessions:
            return web.Response(status=403, text="Forbidden")
        handler = getattr(self, "_" + path.replace("/", "_"), None)
        if handler is None or _RENAMED.get(path, self.api >= (2, 11)) != (self.api >= (2, 11)):
            return web.Response(status=404, text="Endpoint does not exist")
        result: web.StreamResponse = handler(form)
        return result

    def _login(self, form: Any) -> web.Response:
        if (form.get("username"), form.get("password")) != (self.username, self.password):
            if self.api >= (2, 14):
                return web.Response(status=401, text="Unauthorized")
            return web.Response(text="Fails.")
        sid = secrets.token_urlsafe(24)
        self._sessions.add(sid)
        response = web.Response(text="Ok.")
        response.set_cookie("SID", sid, httponly=True, path="/")
        return response

    def _app_version(self, form: Any) -> web.Response:
        return web.Response(text=self.version[0])

    def _app_webapiVersion(self, form: Any) -> web.Response:  # noqa: N802
        return web.Response(text=self.version[1])

    def _torrents_info(self, form: Any) -> web.Response:
        rows = list(self.torrents.values())
        if "category" in form:
            rows = [r for r in rows if r["category"] == form["category"]]
        if "hashes" in form:
            rows = [r for r in rows if r["hash"] in form["hashes"].split("|")]
        return web.json_response(rows)

    def _torrents_add(self, form: Any) -> web.Response:
        added, failed = [], 0
        sources = [("magnet", u) for u in form.get("urls", "").split("\n") if u]
        sources += [("file", f.file.read()) for k, f in form.items() if k == "torrents"]
        for kind, value in sources:
            if kind == "magnet":
                info_hash, name, size = magnet_info_hash(value), "", -1
            else:
                meta = torf.Torrent.read_stream(value)
                info_hash, name, size = str(meta.infohash), str(meta.name), int(meta.size)
            if info_hash in self.torrents:
                failed += 1
                continue
            stopped = form.get("stopped") == "true"  # 5.x ignores `paused`
            state = "stoppedDL" if stopped else ("metaDL" if size < 0 else "downloading")
            save_path = form.get("savepath") or "/downloads"
            self.torrents[info_hash] = {
                "hash": info_hash, "name": name or info_hash, "state": state,
                "category": form.get("category", ""), "progress": 0.0, "size": size,
                "total_size": size, "eta": 8640000, "save_path": save_path,
                "content_path": f"{save_path}/{name}", "ratio": 0.0, "seeding_time": 0,
                "has_metadata": size >= 0, "popularity": 0.0,
            }  # fmt: skip
            added.append(info_hash)
        if self.api >= (2, 14):
            body = {"success_count": len(added), "failure_count": failed, "pending_count": 0,
                    "added_torrent_ids": added}  # fmt: skip
            return web.Response(
                status=409 if not added else 200, text=json.dumps(body),
                content_type="application/json",
            )  # fmt: skip
        return web.Response(text="Ok." if added else "Fails.")

    def _torrents_delete(self, form: Any) -> web.Response:
        if "deleteFiles" not in form:
            return web.Response(status=400, text="Missing deleteFiles")
        for info_hash in form["hashes"].split("|"):
            self.torrents.pop(info_hash, None)
        return web.Response()

    def _set_state(self, form: Any, *, stopped: bool) -> web.Response:
        for info_hash in form["hashes"].split("|"):
            row = self.torrents[info_hash]
            done = "UP" if row["progress"] == 1.0 else "DL"
            row["state"] = (
                f"stopped{done}" if stopped else ("uploading" if done == "UP" else "downloading")
            )
        return web.Response()

    def _torrents_stop(self, form: Any) -> web.Response:
        return self._set_state(form, stopped=True)

    def _torrents_start(self, form: Any) -> web.Response:
        return self._set_state(form, stopped=False)

    _torrents_pause = _torrents_stop  # before API 2.11 (qBittorrent 4.x)
    _torrents_resume = _torrents_start

    def _torrents_categories(self, form: Any) -> web.Response:
        return web.json_response(self.categories)

    def _torrents_createCategory(self, form: Any) -> web.Response:  # noqa: N802
        name = form.get("category", "")
        if not name or name in self.categories:
            return web.Response(status=409, text="Unable to create category")
        self.categories[name] = {"name": name, "savePath": form.get("savePath", "")}
        return web.Response()

    def _torrents_editCategory(self, form: Any) -> web.Response:  # noqa: N802
        name = form.get("category", "")
        if name not in self.categories:
            return web.Response(status=409, text="Category does not exist")
        self.categories[name]["savePath"] = form.get("savePath", "")
        return web.Response()

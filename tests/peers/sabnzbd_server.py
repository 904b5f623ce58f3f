"""A loopback SABnzbd 4.x speaking its real `/api` (protocols.md section 5).

SABnzbd is not packaged for Debian 12, so the adapter is proven against this server. It
keeps a queue, a history and categories, answers with payloads shaped like SABnzbd 4.5's
(numbers as strings in queue slots, `"None"` for no category, `storage` for the final path),
and refuses keys the way SABnzbd does: HTTP 403 with a plain-text `API Key Required` /
`API Key Incorrect`. Tests move jobs along with `finish`/`fail`, and make it hostile with
`override` (any status, body and content type for one mode) or `hang`.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

VERSION = "4.5.1"


@dataclass
class Job:
    nzo_id: str
    name: str
    category: str
    priority: str
    size: int
    status: str = "Queued"
    done: int = 0
    fail_message: str = ""
    storage: str | None = None
    source: str = ""  # "file:<name>" or "url:<url>"


@dataclass
class SABnzbdServer:
    api_key: str = "0123456789abcdef0123456789abcdef"
    complete_dir: str = "/downloads/complete"
    categories: dict[str, str] = field(default_factory=lambda: {"*": "", "movies": "", "tv": ""})
    queue: dict[str, Job] = field(default_factory=dict)
    history: dict[str, Job] = field(default_factory=dict)
    overrides: dict[str, tuple[int, bytes, str]] = field(default_factory=dict)
    calls: list[dict[str, str]] = field(default_factory=list)
    hang: bool = False
    paused: bool = False
    base: str = ""
    _runner: web.AppRunner | None = None
    _unhang: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self, port: int = 0) -> SABnzbdServer:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/sabnzbd/api", self._api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}/sabnzbd"
        return self

    async def restart(self) -> None:
        """Close every connection and listen again on the same port, keeping the jobs."""
        assert self._runner is not None
        port = self._runner.addresses[0][1]
        await self._runner.cleanup()
        await self.start(port)

    async def stop(self) -> None:
        self._unhang.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def override(self, mode: str, body: bytes, *, status: int = 200, ctype: str = "") -> None:
        self.overrides[mode] = (status, body, ctype or "application/json")

    def finish(self, nzo_id: str) -> None:
        job = self.queue.pop(nzo_id)
        category = job.category if job.category != "*" else ""
        job.status, job.done = "Completed", job.size
        job.storage = f"{self.complete_dir}/{category}/{job.name}".replace("//", "/")
        self.history[nzo_id] = job

    def fail(self, nzo_id: str, message: str) -> None:
        job = self.queue.pop(nzo_id)
        job.status, job.fail_message = "Failed", message
        self.history[nzo_id] = job

    async def _api(self, request: web.Request) -> web.StreamResponse:
        params = dict(request.query)
        upload: bytes | None = None
        if request.method == "POST" and request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if isinstance(part, BodyPartReader) and part.name in ("name", "nzbfile"):
                    params["_filename"] = part.filename or ""
                    upload = await part.read()
                elif isinstance(part, BodyPartReader) and part.name:
                    params[part.name] = (await part.read()).decode()
        elif request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        self.calls.append(params)
        mode = params.get("mode", "")
        if self.hang:  # until the test ends: `stop` sets the event
            await self._unhang.wait()
        if mode in self.overrides:
            status, body, ctype = self.overrides[mode]
            return web.Response(status=status, body=body, content_type=ctype)
        if mode not in ("version", "auth"):
            key = params.get("apikey")
            if not key:
                return web.Response(status=403, text="API Key Required")
            if key != self.api_key:
                return web.Response(status=403, text="API Key Incorrect")
        handler = getattr(self, f"_mode_{mode}", None)
        if handler is None:
            return web.json_response({"status": False, "error": "not implemented"})
        result: dict[str, Any] = handler(params, upload)
        return web.json_response(result)

    def _mode_version(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        return {"version": VERSION}

    def _mode_get_cats(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        return {"categories": sorted(self.categories)}

    def _mode_get_config(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if params.get("section") != "categories":
            return {"config": {"misc": {"complete_dir": self.complete_dir}}}
        return {
            "config": {
                "categories": [
                    {
                        "name": name,
                        "order": i,
                        "pp": "",
                        "script": "Default",
                        "dir": folder,
                        "newzbin": "",
                        "priority": -100,
                    }
                    for i, (name, folder) in enumerate(sorted(self.categories.items()))
                ]
            }
        }

    def _mode_set_config(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if params.get("section") != "categories" or not params.get("keyword"):
            return {"status": False, "error": "expects one parameter"}
        self.categories[params["keyword"]] = params.get("dir", "")
        return {
            "config": {"categories": [{"name": params["keyword"], "dir": params.get("dir", "")}]}
        }

    def _add(self, params: dict[str, str], size: int, source: str) -> dict[str, Any]:
        nzo_id = f"SABnzbd_nzo_{next(self._ids):08x}"
        name = params.get("nzbname") or params.get("_filename", "").removesuffix(".nzb")
        priority = {"-1": "Low", "0": "Normal", "1": "High", "2": "Force"}
        self.queue[nzo_id] = Job(
            nzo_id,
            name,
            params.get("cat") or "*",
            priority.get(params.get("priority", ""), "Normal"),
            size,
            source=source,
        )
        return {"status": True, "nzo_ids": [nzo_id]}

    def _mode_addfile(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if not upload:
            return {"status": False, "error": "expects one parameter"}
        return self._add(params, len(upload) * 40, f"file:{params.get('_filename')}")

    def _mode_addurl(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if not params.get("name"):
            return {"status": False, "error": "expects one parameter"}
        result = self._add(params, 0, f"url:{params['name']}")
        self.queue[result["nzo_ids"][0]].status = "Grabbing"
        return result

    def _mode_queue(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if params.get("name") == "delete":
            ids = params.get("value", "").split(",")
            gone = [i for i in ids if self.queue.pop(i, None) is not None]
            return {"status": True, "nzo_ids": gone}
        slots = [self._queue_slot(i, job) for i, job in enumerate(self.queue.values())]
        left = sum(j.size - j.done for j in self.queue.values()) / 2**20
        return {
            "queue": {
                "version": VERSION,
                "paused": self.paused,
                "pause_int": "0",
                "paused_all": False,
                "diskspace1": "412.73",
                "diskspace2": "412.73",
                "diskspacetotal1": "915.32",
                "diskspacetotal2": "915.32",
                "speedlimit": "100",
                "speedlimit_abs": "",
                "have_warnings": "0",
                "finishaction": None,
                "quota": "0 ",
                "have_quota": False,
                "left_quota": "0 ",
                "cache_art": "0",
                "cache_size": "0 B",
                "kbpersec": "1024.00",
                "speed": "1.0 M",
                "mbleft": f"{left:.2f}",
                "mb": f"{left:.2f}",
                "sizeleft": f"{left:.1f} MB",
                "size": f"{left:.1f} MB",
                "noofslots_total": len(slots),
                "noofslots": len(slots),
                "start": 0,
                "limit": 0,
                "finish": 0,
                "timeleft": "0:00:05",
                "status": "Paused" if self.paused else ("Downloading" if slots else "Idle"),
                "slots": slots,
            }
        }

    def _queue_slot(self, index: int, job: Job) -> dict[str, Any]:
        mb, left = job.size / 2**20, (job.size - job.done) / 2**20
        return {
            "index": index,
            "nzo_id": job.nzo_id,
            "unpackopts": "3",
            "priority": job.priority,
            "script": "None",
            "filename": job.name,
            "labels": [],
            "password": "",
            "cat": job.category if job.category != "*" else "None",
            "mbleft": f"{left:.2f}",
            "mb": f"{mb:.2f}",
            "size": f"{mb:.1f} MB",
            "sizeleft": f"{left:.1f} MB",
            "percentage": f"{(100 * job.done // job.size) if job.size else 0}",
            "mbmissing": "0.00",
            "direct_unpack": None,
            "status": job.status,
            "timeleft": "0:00:05",
            "avg_age": "2d",
            "time_added": 1764072000,
        }

    def _mode_history(self, params: dict[str, str], upload: bytes | None) -> dict[str, Any]:
        if params.get("name") == "delete":
            for nzo_id in params.get("value", "").split(","):
                self.history.pop(nzo_id, None)
            return {"status": True}
        slots = [
            {
                "completed": 1764072300,
                "name": job.name,
                "nzb_name": f"{job.name}.nzb",
                "category": job.category,
                "pp": "D",
                "script": "None",
                "report": "",
                "url": job.source.removeprefix("url:"),
                "status": job.status,
                "nzo_id": job.nzo_id,
                "storage": job.storage,
                "path": f"/downloads/incomplete/{job.name}",
                "script_log": "",
                "script_line": "",
                "download_time": 4,
                "postproc_time": 1,
                "stage_log": [{"name": "Download", "actions": ["Downloaded in 4 seconds"]}],
                "downloaded": job.done,
                "completeness": None,
                "fail_message": job.fail_message,
                "url_info": "",
                "bytes": job.size,
                "meta": None,
                "series": None,
                "md5sum": "",
                "password": None,
                "duplicate_key": job.name,
                "archive": False,
                "time_added": 1764072000,
                "size": f"{job.size / 2**20:.1f} MB",
                "loaded": False,
                "retry": 0,
            }
            for job in self.history.values()
        ]
        return {
            "history": {
                "noofslots": len(slots),
                "ppslots": 0,
                "day_size": "0 B",
                "week_size": "0 B",
                "month_size": "0 B",
                "total_size": "0 B",
                "last_history_update": 1764072300,
                "version": VERSION,
                "slots": slots,
            }
        }

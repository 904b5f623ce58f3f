"""A small news server of the suite's own, serving yEnc articles, plus an NZB builder.

Why our own: no NNTP server is packaged in the registries here, and NZBGet needs one to do a
real download (real-peers.md, "nzbget 21.0 and a real Usenet download"). The server speaks
just enough RFC 3977 for a downloader: greeting, `MODE READER`, optional `AUTHINFO
USER/PASS`, `GROUP`, `ARTICLE`/`BODY`/`HEAD`/`STAT` by message-id, `DATE`, `QUIT`. Unknown
ids get `430`, which is how a test makes "articles missing" happen.

It runs its own event loop in a daemon thread, so a test that blocks its loop (a launcher
waiting for a process, for example) never starves the downloader's connections. yEnc follows
the 1.3 spec as real posters write it: `=ybegin part= total= line= size= name=`, `=ypart
begin= end=` (1-based, inclusive), escaped lines, `=yend size= part= pcrc32=`.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

LINE_BYTES = 128
_PLUS_42 = bytes((b + 42) % 256 for b in range(256))
_CRITICAL = re.compile(rb"[\x00\n\r=]")


def _escape(match: re.Match[bytes]) -> bytes:
    return b"=" + bytes(((match.group()[0] + 64) % 256,))


def yenc_lines(data: bytes) -> list[bytes]:
    """The encoded lines of `data`: each raw chunk of LINE_BYTES becomes one line."""
    lines = []
    for start in range(0, len(data), LINE_BYTES):
        encoded = _CRITICAL.sub(_escape, data[start : start + LINE_BYTES].translate(_PLUS_42))
        # A leading or trailing space/tab may be eaten by news software: escape it too.
        if encoded[:1] in (b" ", b"\t"):
            encoded = b"=" + bytes(((encoded[0] + 64) % 256,)) + encoded[1:]
        if encoded[-1:] in (b" ", b"\t") and not encoded.endswith(b"=" + encoded[-1:]):
            encoded = encoded[:-1] + b"=" + bytes(((encoded[-1] + 64) % 256,))
        lines.append(encoded)
    return lines


@dataclass(frozen=True, slots=True)
class Article:
    message_id: str  # without angle brackets
    number: int  # segment number, 1-based
    body: bytes  # CRLF lines, not yet dot-stuffed
    size: int  # decoded bytes in this part


def make_articles(data: bytes, file_name: str, *, part_size: int = 256 * 1024) -> list[Article]:
    """Split `data` into yEnc parts named after their content (stable message ids)."""
    total = max(1, -(-len(data) // part_size))
    digest = hashlib.sha1(data).hexdigest()[:16]
    articles = []
    for index in range(total):
        begin = index * part_size
        chunk = data[begin : begin + part_size]
        header = (
            f"=ybegin part={index + 1} total={total} line={LINE_BYTES} "
            f"size={len(data)} name={file_name}\r\n"
            f"=ypart begin={begin + 1} end={begin + len(chunk)}\r\n"
        ).encode()
        trailer = (
            f"=yend size={len(chunk)} part={index + 1} pcrc32={zlib.crc32(chunk):08x}\r\n"
        ).encode()
        body = header + b"".join(line + b"\r\n" for line in yenc_lines(chunk)) + trailer
        message_id = f"part{index + 1}of{total}.{digest}@mediaos.test"
        articles.append(Article(message_id, index + 1, body, len(chunk)))
    return articles


def build_nzb(
    file_name: str,
    articles: list[Article],
    *,
    group: str = "alt.binaries.mediaos",
    poster: str = "MediaOS Tests <tests@mediaos.test>",
    date: int = 1_700_000_000,
) -> bytes:
    """An NZB 1.1 document listing one file and its segments."""
    segments = "".join(
        f'      <segment bytes="{len(a.body)}" number="{a.number}">{escape(a.message_id)}'
        "</segment>\n"
        for a in articles
    )
    subject = quoteattr(f'MediaOS test "{file_name}" yEnc (1/{len(articles)})')
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" '
        '"http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n'
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n'
        f'  <file poster={quoteattr(poster)} date="{date}" subject={subject}>\n'
        f"    <groups><group>{escape(group)}</group></groups>\n"
        f"    <segments>\n{segments}    </segments>\n"
        "  </file>\n"
        "</nzb>\n"
    ).encode()


class NNTPServer:
    """Serves articles on 127.0.0.1 from a background thread; `add` works while running."""

    def __init__(self, *, username: str | None = None, password: str | None = None) -> None:
        self._articles: dict[str, Article] = {}
        self._lock = threading.Lock()
        self._credentials = (username, password) if username is not None else None
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._gate: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0
        self.commands: list[str] = []  # every command received, for assertions

    def add(self, articles: list[Article]) -> None:
        with self._lock:
            self._articles.update((a.message_id, a) for a in articles)

    def hold(self) -> None:
        """Keep every article request waiting until `release`: a download in progress."""
        assert self._gate is not None
        self._loop.call_soon_threadsafe(self._gate.clear)

    def release(self) -> None:
        if self._gate is not None:
            self._loop.call_soon_threadsafe(self._gate.set)

    def start(self) -> NNTPServer:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.port = future.result(timeout=10)
        return self

    def stop(self) -> None:
        if self._server is not None:
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> int:
        self._gate = asyncio.Event()
        self._gate.set()
        self._server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()
        await self._server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        authed = self._credentials is None
        user: str | None = None
        try:
            writer.write(b"200 MediaOS test news server ready (posting prohibited)\r\n")
            while line := await reader.readline():
                command = line.decode("utf-8", "replace").strip()
                self.commands.append(command.split(" ")[0].upper())
                verb, _, arg = command.partition(" ")
                verb = verb.upper()
                if verb == "QUIT":
                    writer.write(b"205 bye\r\n")
                    break
                if verb == "AUTHINFO":
                    kind, _, value = arg.partition(" ")
                    if kind.upper() == "USER":
                        user = value
                        writer.write(b"381 password required\r\n")
                    elif self._credentials is None or (user, value) == self._credentials:
                        authed = True
                        writer.write(b"281 authentication accepted\r\n")
                    else:
                        writer.write(b"481 authentication failed\r\n")
                elif not authed and verb not in ("MODE", "CAPABILITIES"):
                    writer.write(b"480 authentication required\r\n")
                else:
                    if verb in ("ARTICLE", "BODY") and self._gate is not None:
                        await self._gate.wait()
                    writer.write(self._answer(verb, arg))
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def _answer(self, verb: str, arg: str) -> bytes:
        if verb == "MODE":
            return b"200 reader mode, posting prohibited\r\n"
        if verb == "CAPABILITIES":
            return b"101 capabilities\r\nVERSION 2\r\nREADER\r\nAUTHINFO USER\r\n.\r\n"
        if verb == "DATE":
            return b"111 20261125120000\r\n"
        if verb == "GROUP":
            with self._lock:
                count = len(self._articles)
            return f"211 {count} 1 {max(count, 1)} {arg}\r\n".encode()
        if verb in ("ARTICLE", "BODY", "HEAD", "STAT"):
            message_id = arg.strip().removeprefix("<").removesuffix(">")
            with self._lock:
                article = self._articles.get(message_id)
            if article is None:
                return b"430 no such article\r\n"
            codes = {"ARTICLE": 220, "HEAD": 221, "BODY": 222, "STAT": 223}
            status = f"{codes[verb]} 0 <{message_id}>\r\n".encode()
            if verb == "STAT":
                return status
            head = (
                f"Message-ID: <{message_id}>\r\nFrom: tests@mediaos.test\r\n"
                f"Newsgroups: alt.binaries.mediaos\r\nSubject: part {article.number}\r\n"
            ).encode()
            parts = {"ARTICLE": head + b"\r\n" + article.body, "HEAD": head, "BODY": article.body}
            return status + _dot_stuff(parts[verb]) + b".\r\n"
        return b"500 unknown command\r\n"


def _dot_stuff(payload: bytes) -> bytes:
    lines = payload.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return b"".join((b"." + ln if ln.startswith(b".") else ln) + b"\r\n" for ln in lines)

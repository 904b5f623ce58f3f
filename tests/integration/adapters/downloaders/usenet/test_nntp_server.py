"""The suite's own news server speaks the NNTP a downloader needs (checked over a socket);
its yEnc is proven byte-exact by the real NZBGet download in test_nzbget_download.py."""

from __future__ import annotations

import asyncio
import zlib

from tests.peers.nntp_server import NNTPServer, make_articles, yenc_lines


async def converse(port: int, *commands: str) -> list[bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = [await reader.readline()]
    for command in commands:
        writer.write(command.encode() + b"\r\n")
        await writer.drain()
        answer = await reader.readline()
        if answer[:3] in (b"220", b"221", b"222", b"101"):
            while (line := await reader.readline()) != b".\r\n":
                answer += line
        answers.append(answer)
    writer.close()
    return answers


# Each 128-byte line starts with 0x04, which yEnc turns into "." (dot-stuffing needed).
DATA = (b"\x04" + bytes(range(127))) * 250


def yenc_decode(lines: list[bytes]) -> bytes:
    out = bytearray()
    for line in lines:
        escaped = False
        for byte in line:
            if escaped:
                out.append((byte - 64 - 42) % 256)
                escaped = False
            elif byte == ord("="):
                escaped = True
            else:
                out.append((byte - 42) % 256)
    return bytes(out)


def test_yenc_escapes_critical_bytes_and_round_trips() -> None:
    data = bytes(range(256)) * 4 + b"\x00\n\r=\t "
    lines = yenc_lines(data)
    assert all(b"\x00" not in ln and b"\n" not in ln and b"\r" not in ln for ln in lines)
    assert yenc_decode(lines) == data


async def test_reader_commands_auth_and_missing_articles() -> None:
    server = NNTPServer(username="reader", password="pw").start()
    try:
        articles = make_articles(DATA, "f.bin", part_size=12_800)
        server.add(articles)
        first = articles[0]
        answers = await converse(
            server.port,
            f"BODY <{first.message_id}>",
            "AUTHINFO USER reader",
            "AUTHINFO PASS wrong",
            "AUTHINFO USER reader",
            "AUTHINFO PASS pw",
            "MODE READER",
            "GROUP alt.binaries.mediaos",
            f"STAT <{first.message_id}>",
            f"ARTICLE <{first.message_id}>",
            "BODY <missing@mediaos.test>",
            "QUIT",
        )
    finally:
        server.stop()
    codes = [answer[:3] for answer in answers]
    assert codes == [
        b"200",
        b"480",
        b"381",
        b"481",
        b"381",
        b"281",
        b"200",
        b"211",
        b"223",
        b"220",
        b"430",
        b"205",
    ]
    article = answers[9]
    assert f"Message-ID: <{first.message_id}>".encode() in article
    lines = article.split(b"\r\n\r\n", 1)[1].split(b"\r\n")
    assert lines[0] == b"=ybegin part=1 total=3 line=128 size=32000 name=f.bin"
    assert lines[1] == b"=ypart begin=1 end=12800"
    assert all(ln.startswith(b"..") for ln in lines[2:-2]), "every line needed dot-stuffing"
    assert yenc_decode([ln[1:] for ln in lines[2:-2]]) == DATA[:12_800]
    assert lines[-2] == f"=yend size=12800 part=1 pcrc32={zlib.crc32(DATA[:12_800]):08x}".encode()

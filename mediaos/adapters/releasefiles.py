"""The files a release turns into before a downloader sees them: NZBs, .torrents, safe names.

Why one module: NZBGet, SABnzbd and the blackhole all fetch the release file from the
indexer themselves (as Sonarr does), so an API key in the download URL never ends up stored
in a client's queue, a broken NZB fails here with a clear `BadPayload` instead of later as a
client-side "scan failure", and the name written anywhere is derived from an untrusted
release title by one sanitiser. Product modules must not import each other (an
import-linter independence rule), so what they share lives here.

Invariants: every byte read is bounded (`MAX_RELEASE_FILE_BYTES`); NZB XML is parsed with
defusedxml (entity bombs are refused); `safe_stem` never returns a path separator, a leading
dot, control characters or more than `MAX_STEM_BYTES` bytes of UTF-8.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped, unused-ignore]

from mediaos.adapters.http import fetch
from mediaos.core.errors import BadPayload

MAX_RELEASE_FILE_BYTES = 20 * 1024 * 1024
MAX_STEM_BYTES = 180
MAX_REDIRECTS = 5
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")
_NZB_NS = "{http://www.newzbin.com/DTD/2003/nzb}"


@dataclass(frozen=True, slots=True)
class NzbSummary:
    """What a valid NZB holds: enough to log and to recognise the same content again."""

    files: int
    segments: int
    bytes: int  # sum of the segments' declared sizes (encoded article bytes)
    sha256: str  # of the document, for content-based idempotence


def safe_stem(title: str, *, max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file name stem from an untrusted release title: no separators, no traversal,
    no control characters, bounded length (a hash keeps truncated names distinct)."""
    text = unicodedata.normalize("NFC", title)
    text = _SPACES.sub(" ", _UNSAFE.sub("_", text)).strip(" .")
    text = text.lstrip(".-_ ") or "release"
    if len(text.encode()) > max_bytes:
        digest = hashlib.sha256(title.encode()).hexdigest()[:8]
        room = max_bytes - len(digest) - 1
        clipped = text.encode()[:room].decode("utf-8", "ignore").rstrip(" .")
        text = f"{clipped}-{digest}"
    if text.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}:
        text = f"_{text}"
    return text


def parse_nzb(data: bytes, *, adapter: str) -> NzbSummary:
    """Check that `data` is an NZB with at least one file and segment."""
    if len(data) > MAX_RELEASE_FILE_BYTES:
        raise BadPayload(adapter, "read nzb", "NZB larger than 20 MiB")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True)
    except (ParseError, DefusedXmlException, ValueError) as err:
        raise BadPayload(adapter, "read nzb", "not a well-formed NZB document") from err
    if _local(root) != "nzb":
        raise BadPayload(adapter, "read nzb", f"root element is <{_local(root)}>, not <nzb>")
    files = [el for el in root if _local(el) == "file"]
    segments = [seg for f in files for seg in f.iter() if _local(seg) == "segment"]
    if not files or not segments:
        raise BadPayload(adapter, "read nzb", "NZB lists no files or no segments")
    declared = 0
    for seg in segments:
        value = seg.get("bytes", "0")
        declared += int(value) if value.isdigit() else 0
    return NzbSummary(len(files), len(segments), declared, hashlib.sha256(data).hexdigest())


async def fetch_release_file(
    client: httpx.AsyncClient, url: str, *, adapter: str, max_bytes: int = MAX_RELEASE_FILE_BYTES
) -> bytes:
    """GET an NZB or .torrent from an indexer: bounded, typed errors, never the key in text."""
    if not url.lower().startswith(("http://", "https://")):
        raise BadPayload(adapter, "fetch release file", "download URL is not http(s)")
    for _ in range(MAX_REDIRECTS + 1):
        response, body = await fetch(
            client, "GET", url, adapter=adapter, operation="fetch release file", max_bytes=max_bytes
        )
        location = response.headers.get("location")
        if not response.is_redirect or not location:
            break
        url = str(response.url.join(location))  # indexers often redirect to a CDN
    else:
        raise BadPayload(adapter, "fetch release file", "too many redirects")
    if not body:
        raise BadPayload(adapter, "fetch release file", "the indexer sent an empty file")
    return body


def _local(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(_NZB_NS).rsplit("}", 1)[-1]

"""Info-hashes from .torrent files and magnet links, through `torf` (no hand-written bencode).

Why it matters: idempotent grabs ask the client "do you already have this info-hash?", so the
hash must be known before the add, whether the indexer gave a .torrent URL, a magnet, or an
`infohash` attribute. Input is untrusted: sizes are bounded and every failure is `BadPayload`.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlsplit

import torf

from mediaos.core.errors import BadPayload

MAX_TORRENT_BYTES = 10 * 1024 * 1024
_HEX40 = re.compile(r"^[0-9a-fA-F]{40}$")
_BASE32 = re.compile(r"^[A-Z2-7]{32}$")


def normalise_info_hash(value: str) -> str | None:
    """Lower-case hex for a 40-hex or 32-base32 v1 info-hash; None for anything else."""
    value = value.strip()
    if _HEX40.match(value):
        return value.lower()
    if _BASE32.match(value.upper()):
        return base64.b32decode(value.upper()).hex()
    return None


def magnet_info_hash(uri: str) -> str:
    """The v1 info-hash of a magnet URI (`xt=urn:btih:`), hex or base32."""
    if not uri.lower().startswith("magnet:?"):
        raise BadPayload("torrent", "parse magnet", "not a magnet URI")
    params = parse_qs(urlsplit(uri).query)
    for xt in params.get("xt", []):
        if xt.lower().startswith("urn:btih:"):
            found = normalise_info_hash(xt[9:])
            if found:
                return found
    raise BadPayload("torrent", "parse magnet", "magnet has no valid urn:btih info-hash")


def torrent_info_hash(data: bytes) -> str:
    """The v1 info-hash of a .torrent file's bytes."""
    if len(data) > MAX_TORRENT_BYTES:
        raise BadPayload("torrent", "parse torrent", "torrent file larger than 10 MiB")
    try:
        torrent = torf.Torrent.read_stream(data, validate=False)
        info_hash = torrent.infohash
    except (torf.TorfError, ValueError, TypeError, KeyError) as err:
        raise BadPayload("torrent", "parse torrent", "not a valid .torrent file") from err
    if not isinstance(info_hash, str) or not _HEX40.match(info_hash):
        raise BadPayload("torrent", "parse torrent", "torrent has no v1 info-hash")
    return info_hash.lower()

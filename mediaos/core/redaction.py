"""Secrets out of URLs and guids, the one rule every layer uses.

Why in `core`: indexers put API keys and passkeys in download links and guids; the HTTP
layer must redact them from errors and logs, and the pure decision layer and the state
tables must redact them from what they show and store. Both sit above `core`.
"""

from __future__ import annotations

import re

_SECRET_PARAMS = re.compile(
    r"(?i)([?&;](?:apikey|api_key|jackett_apikey|passkey|token|t|r|key|pass|password|auth|sid|uid|"
    r"torrent_pass|authkey|x-plex-token|api-key)=)[^&#;\s]+"
)
_USERINFO = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)[^/@\s]+@")


def redact(text: str) -> str:
    """`text` with API keys, passkeys, tokens and user:password@ replaced by `***`."""
    return _USERINFO.sub(r"\1***@", _SECRET_PARAMS.sub(r"\1***", text))

"""Secrets out of URLs and guids, the one rule every layer uses.

Why in `core`: indexers put API keys and passkeys in download links and guids; the HTTP
layer must redact them from errors and logs, and the pure decision layer and the state
tables must redact them from what they show and store. Both sit above `core`.

Rules:
- Parameters that are always secrets (`apikey`, `passkey`, `token`, ...) are redacted
  whatever their value.
- Short names that Newznab also uses for plain values (`t=get`, `r=...`, `key`, `sid`,
  `uid`) are redacted only when the value looks like a token (12 or more letters and
  digits): `t=get` must survive, or a stored download link could never be used again.
- The same parameters percent-encoded inside another URL (a magnet's `tr=` tracker URL
  carrying `%3Fpasskey%3D...`) are redacted too.
"""

from __future__ import annotations

import re

_ALWAYS = (
    r"apikey|api_key|api-key|jackett_apikey|passkey|token|pass|password|auth|"
    r"torrent_pass|authkey|rsskey|x-plex-token"
)
_SHORT_NAMES = r"t|r|key|sid|uid"
_LONG_VALUE = r"[A-Za-z0-9_\-]{12,}(?=$|[&#;\s%])"

_SECRET_PARAMS = re.compile(
    rf"(?i)([?&;](?:{_ALWAYS})=)[^&#;\s]+|([?&;](?:{_SHORT_NAMES})=){_LONG_VALUE}"
)
_ENCODED_PARAMS = re.compile(
    rf"(?i)((?:%3F|%26)(?:{_ALWAYS})%3D)[^&#;\s%]+|((?:%3F|%26)(?:{_SHORT_NAMES})%3D){_LONG_VALUE}"
)
_USERINFO = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)[^/@\s]+@")


def _keep_name(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)) + "***"


def redact(text: str) -> str:
    """`text` with API keys, passkeys, tokens and user:password@ replaced by `***`."""
    text = _SECRET_PARAMS.sub(_keep_name, text)
    if "%" in text:
        text = _ENCODED_PARAMS.sub(_keep_name, text)
    return _USERINFO.sub(r"\1***@", text)

"""Webhook: one HTTP POST per event, the JSON event or the user's own template.

Templates: `{event}`, `{item}`, `{title}`, `{message}`, `{occurred_at}` and `{data.<key>}` are
replaced; anything else in braces stays as written. Why not `str.format_map`: a JSON template
is full of braces (`{"text": "{title}"}`), which `str.format` would parse as fields, and
`format` also lets a template walk attributes (`{title.__class__...}`). A regex over a fixed
set of names has neither problem, and a value is never expanded a second time.

A template that parses as JSON once filled with harmless values is JSON: every value is then
inserted JSON-escaped (quotes, backslashes, newlines, control characters), so a title like
`He said "hi"\n` keeps the body valid, and it is sent as `application/json`. String values
go inside the template's own quotes; numbers, booleans and null are inserted as JSON
literals. A template that opens like JSON (`{"`, `[{"`) but does not parse is refused with a
`PermanentError` before anything is sent; any other template is sent as `text/plain`. (The
first character alone cannot tell: `[{event}] {title}` and `{title} imported` are text.)

Failures map to the error tree through `mediaos.adapters.http`: 429 (with `Retry-After`) is
`RateLimited`, 5xx `PeerBusy`, 401/403 `AuthRejected`, a dead or slow endpoint `Unreachable`.
The URL (Discord and Slack put tokens in it) and the header values never appear in errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace

import httpx

from mediaos.adapters.http import fetch
from mediaos.adapters.notifiers.base import Event, Scalar, event_json
from mediaos.core.errors import BadPayload, PermanentError
from mediaos.schemas.services import WebhookSpec

_PLACEHOLDER = re.compile(r"\{(event|item|title|message|occurred_at|data\.([\w.-]+))\}")
#: Opens like a JSON object, array of strings or array of objects.
_LOOKS_LIKE_JSON = re.compile(r'^\s*(\{\s*"|\[\s*"|\[\s*\{\s*")')
_MAX_ANSWER_BYTES = 1024 * 1024


def _literal(value: Scalar, *, as_json: bool) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)[1:-1] if as_json else value
    try:  # true, false, null, 3, 2.5: the same in text and JSON
        return json.dumps(value, allow_nan=False)
    except ValueError:  # NaN and infinities have no JSON spelling
        return "null"


def _fill(template: str, event: Event, *, as_json: bool) -> str:
    values: dict[str, Scalar] = {
        "event": event.kind,
        "item": event.item,
        "title": event.title,
        "message": event.message,
        "occurred_at": event.occurred_at.isoformat(),
    }

    def fill(match: re.Match[str]) -> str:
        name, data_key = match.group(1), match.group(2)
        if data_key is None:
            return _literal(values[name], as_json=as_json)
        if data_key not in event.data:
            return match.group(0)
        return _literal(event.data[data_key], as_json=as_json)

    return _PLACEHOLDER.sub(fill, template)


def is_json_template(template: str, event: Event) -> bool:
    """Whether the template, filled with harmless strings, parses as JSON."""
    probe = replace(
        event,
        item="x",
        title="x",
        message="x",
        data={k: "x" if isinstance(v, str) else v for k, v in event.data.items()},
    )
    try:
        json.loads(_fill(template, probe, as_json=True))
    except json.JSONDecodeError:
        return False
    return True


def render_template(template: str, event: Event) -> str:
    """The template with known placeholders filled in (JSON-escaped in a JSON template);
    unknown ones stay literal."""
    return _fill(template, event, as_json=is_json_template(template, event))


class Webhook:
    """POSTs events to one URL, with the user's extra headers (e.g. Authorization)."""

    def __init__(
        self,
        *,
        name: str,
        url: str,
        http: httpx.AsyncClient,
        template: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self._url = url
        self._http = http
        self._template = template
        self._headers = dict(headers or {})

    @classmethod
    def from_spec(cls, spec: WebhookSpec, *, http: httpx.AsyncClient) -> Webhook:
        return cls(
            name=spec.name,
            url=spec.url,
            http=http,
            template=spec.template,
            headers={key: value.get_secret_value() for key, value in spec.headers.items()},
        )

    def body(self, event: Event) -> tuple[bytes, str]:
        """The request body and its content type."""
        if self._template is None:
            text = json.dumps(event_json(event), ensure_ascii=False)
            return text.encode("utf-8"), "application/json"
        if is_json_template(self._template, event):
            text = _fill(self._template, event, as_json=True)
            return text.encode("utf-8"), "application/json"
        if _LOOKS_LIKE_JSON.match(self._template):
            raise PermanentError(
                self.name,
                "render template",
                "the template looks like JSON but is not valid JSON once filled in; "
                'put string placeholders inside quotes ("{title}")',
            )
        text = _fill(self._template, event, as_json=False)
        return text.encode("utf-8"), "text/plain; charset=utf-8"

    async def send(self, event: Event) -> None:
        content, content_type = self.body(event)
        headers = {"Content-Type": content_type, **self._headers}
        response, _ = await fetch(
            self._http,
            "POST",
            self._url,
            adapter=self.name,
            operation=f"send {event.kind}",
            max_bytes=_MAX_ANSWER_BYTES,
            content=content,
            headers=headers,
        )
        if response.is_redirect:
            raise BadPayload(
                self.name,
                f"send {event.kind}",
                f"HTTP {response.status_code}: the endpoint redirects; configure its final URL",
            )

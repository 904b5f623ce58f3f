"""Apprise: any of the 100+ services users already configure by URL (Discord, ntfy, e-mail...).

Why each URL is its own `apprise.Apprise`: one object for all URLs answers a single
True/False, and the user needs to know which target failed. Targets are named in errors by
position and scheme only (`#2 (discord://)`): the rest of an Apprise URL is usually a token.

Why a thread: Apprise sends with blocking `requests` calls, so `send` runs the whole delivery
in `asyncio.to_thread` and stops waiting after `timeout` seconds (the thread finishes on its
own; Apprise's per-request timeouts bound it).

Secrets and Apprise's own log: Apprise logs to the `apprise` logger, and at debug level it
(and urllib3 below it) writes request URLs, tokens included. While a delivery runs, a filter
on those loggers replaces every piece of the configured URLs (host names too) with `***`, so
turning on debug logging to chase a failure cannot leak a token.

A retried event is sent again to every target, also those that took it the first time:
Apprise has no idempotency key, and the runner retries whole actions.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

import apprise

from mediaos.adapters.notifiers.base import Event
from mediaos.core.errors import PeerBusy, PermanentError, Unreachable
from mediaos.schemas.services import AppriseSpec

_NOTIFY_TYPES = {
    "failure": "failure",
    "health": "warning",
    "import": "success",
    "upgrade": "success",
}
#: Apprise's own logger, and urllib3's, which logs request lines (paths hold tokens) at debug.
_LOGGERS = ("apprise", "urllib3.connectionpool")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]{0,19})://", re.IGNORECASE)


def _scheme(url: str) -> str:
    match = _SCHEME.match(url)
    return f"{match.group(1).lower()}://" if match else "unknown scheme"


def secret_pieces(url: str) -> list[str]:
    """Substrings of an Apprise URL that may be credentials: the URL itself, user, password,
    path segments and query values (Apprise puts tokens in all of them). Longest first."""
    pieces = {url, url.split("://", 1)[-1]}
    try:
        parts = urlsplit(url)
        pieces.update({parts.username or "", parts.password or ""})
    except ValueError:
        pass
    rest = url.split("://", 1)[-1]
    pieces.update(re.split(r"[/?&#@:=]", rest))
    pieces |= {unquote(piece) for piece in pieces}
    return sorted((p for p in pieces if len(p) >= 4), key=len, reverse=True)


class _Scrubber(logging.Filter):
    """Replaces secret pieces in records of the `apprise` logger (message and traceback)."""

    def __init__(self, urls: Sequence[str]) -> None:
        super().__init__()
        self._pieces = sorted({p for url in urls for p in secret_pieces(url)}, key=len)[::-1]

    def scrub(self, text: str) -> str:
        for piece in self._pieces:
            text = text.replace(piece, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.scrub(record.getMessage()), None
        if record.exc_info:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class AppriseNotifier:
    """Sends each event to every configured Apprise URL."""

    def __init__(self, *, name: str, urls: Sequence[str], timeout: float = 60.0) -> None:
        self.name = name
        self._urls = tuple(urls)
        self._timeout = timeout

    @classmethod
    def from_spec(cls, spec: AppriseSpec, *, timeout: float = 60.0) -> AppriseNotifier:
        return cls(name=spec.name, urls=[u.get_secret_value() for u in spec.urls], timeout=timeout)

    async def send(self, event: Event) -> None:
        operation = f"send {event.kind}"
        try:
            unusable, failed = await asyncio.wait_for(
                asyncio.to_thread(self._deliver, event), self._timeout
            )
        except TimeoutError:
            raise Unreachable(
                self.name, operation, f"Apprise did not finish within {self._timeout:g} s"
            ) from None
        if unusable:
            raise PermanentError(
                self.name, operation, f"Apprise cannot use {self._names(unusable)}; check the URL"
            )
        if failed:
            raise PeerBusy(
                self.name,
                operation,
                f"{len(failed)} of {len(self._urls)} targets did not take the notification: "
                f"{self._names(failed)}",
            )

    def _names(self, indexes: Sequence[int]) -> str:
        return ", ".join(f"#{i + 1} ({_scheme(self._urls[i])})" for i in indexes)

    def _deliver(self, event: Event) -> tuple[list[int], list[int]]:
        """Runs in a worker thread (blocking I/O): indexes of unusable and failed URLs."""
        logs = [logging.getLogger(name) for name in _LOGGERS]
        scrubber = _Scrubber(self._urls)
        for log in logs:
            log.addFilter(scrubber)
        unusable: list[int] = []
        failed: list[int] = []
        try:
            for index, url in enumerate(self._urls):
                target = apprise.Apprise()
                if not target.add(url):
                    unusable.append(index)
                    continue
                sent = target.notify(
                    body=event.message or event.title,
                    title=event.title,
                    notify_type=_NOTIFY_TYPES.get(event.kind, "info"),
                )
                if not sent:
                    failed.append(index)
        finally:
            for log in logs:
                log.removeFilter(scrubber)
        return unusable, failed

"""What a client should do next, from the status it received and the catalog.

    advice = from_response(httpx_response, kapi.space("json"))
    if advice.retryable:
        await asyncio.sleep(advice.retry_after or 1)

The catalog's fields decide: ``action`` (``resume``, ``abort``, ``restart``…), ``retryable`` and
``retry_after``, with group defaults applied. When the catalog is silent, HTTP gives the usual
answers: a ``Retry-After`` header, and 408, 425, 429, 502, 503 and 504 are worth retrying.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any

from ..errors import WireError
from ..model import Space
from ..status import Status
from ..wire import httpjson, wsclose

RETRYABLE_HTTP = frozenset({408, 425, 429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Advice:
    """The received status and what the catalog says to do about it."""

    status: Status
    ok: bool
    action: str | None
    retryable: bool
    retry_after: float | None
    http_status: int | None = None

    @property
    def declared(self) -> bool:
        return self.status.entry is not None


def advise(status: Status, *, http_status: int | None = None, retry_after: float | None = None) -> Advice:
    """Advice for ``status``; ``retry_after`` (seconds, e.g. from a header) wins over the catalog."""
    action = status.field("action")
    retryable = status.field("retryable")
    if not isinstance(retryable, bool):
        retryable = (
            http_status in RETRYABLE_HTTP if http_status is not None else action in ("retry", "resume")
        )
    wait = retry_after
    if wait is None:
        value = status.data.get("retry_after", status.field("retry_after"))
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            wait = float(value)
    return Advice(
        status,
        status.ok,
        action if isinstance(action, str) else None,
        retryable,
        wait,
        http_status,
    )


def from_response(response: Any, space: Space) -> Advice:
    """Advice for an ``httpx.Response`` (or anything with ``status_code``, ``headers``, ``content``)."""
    code = int(response.status_code)
    try:
        status = httpjson.decode(code, bytes(response.content), space)
    except WireError:
        status = Status.received(space, code, text=None, data={"body": "not a JSON error body"})
    return advise(
        status, http_status=code, retry_after=parse_retry_after(response.headers.get("retry-after"))
    )


def from_close(code: int, reason: str, space: Space) -> Advice:
    """Advice for a WebSocket close code and reason."""
    return advise(wsclose.decode(code, reason, space))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text), 10**9))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)

"""Every answer pec sends, built from its catalog through ``statuskit.wire``.

The HTTP status line (200, 304, 400, 500) is a status of the catalog's ``http`` space encoded
with :mod:`statuskit.wire.httpjson`; the body of a handled request is a status of the ``status``
space encoded with :mod:`statuskit.wire.jsonfield` (``{"status": 722, "msg": ...}``). Both are
recorded, so the conformance plugin sees every code pec puts on the wire.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from starlette.responses import Response

from ...model import Space
from ...status import Status
from ...wire import httpjson, jsonfield
from ..serving import bundled_catalog

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
    "Access-Control-Allow-Headers": "Content-Type",
    "X-Content-Type-Options": "nosniff",
}
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Reply:
    """A response ready to send, and the statuses it carries (for the log)."""

    response: Response
    statuses: tuple[Status, ...]
    report: str | None = None


@cache
def spaces() -> tuple[Space, Space]:
    """The ``http`` and ``status`` spaces of the bundled pec catalog."""
    catalog = bundled_catalog("pec")
    return catalog.space("http"), catalog.space("status")


def _status_line(code: int, detail: str | None = None) -> tuple[Status, int]:
    status = spaces()[0].status(code, detail=detail)
    return status, httpjson.status_line(status)


def _dump(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ok(code: int, **extra: Any) -> Reply:
    """HTTP 200 with ``{"status": code, "msg": <catalog text>, **extra}``."""
    status = spaces()[1].status(code)
    body = jsonfield.encode(status, path=("status",), text_key="msg", extra=extra)
    line, http = _status_line(200)
    return Reply(Response(_dump(body), http, CORS, media_type=JSON), (line, status))


def _refusal(code: int, message: str, headers: dict[str, str]) -> Reply:
    """An HTTP error whose body carries the same code as its ``status``, as every pec body does."""
    line, http = _status_line(code, detail=message)
    body = jsonfield.encode(line, path=("status",), text_key="msg")
    return Reply(Response(_dump(body), http, {**CORS, **headers}, media_type=JSON), (line,))


def bad_request(message: str, *, close: bool = False) -> Reply:
    """HTTP 400 with ``{"status": 400, "msg": ...}``: the catalog's text for 400 and what was wrong.

    ``close`` ends the connection after the answer (a request whose framing cannot be trusted).
    """
    return _refusal(400, message, {"Connection": "close"} if close else {})


def too_many(retry_after: float) -> Reply:
    """HTTP 429 with ``{"status": 429, "msg": ...}`` and Retry-After in whole seconds."""
    seconds = max(1, math.ceil(retry_after))
    return _refusal(429, f"too many login attempts; retry in {seconds} s", {"Retry-After": str(seconds)})


def fault() -> Reply:
    """HTTP 500 for an unexpected fault; the body carries a report id, never the fault itself."""
    status = spaces()[0].status(500)
    reply = httpjson.encode(status)
    report = str(reply.json["report"])
    body = {"msg": status.message(), "report": report}
    return Reply(Response(_dump(body), reply.status_code, CORS, media_type=JSON), (status,), report)


def preflight() -> Reply:
    """HTTP 200 with no body: the answer to a CORS preflight (OPTIONS)."""
    line, http = _status_line(200)
    return Reply(Response(b"", http, CORS), (line,))


def not_modified(tag: str) -> Reply:
    """HTTP 304: the pool has not changed since the client's copy tagged ``tag``."""
    line, http = _status_line(304)
    return Reply(Response(None, http, {**CORS, "ETag": tag}), (line,))


def etag(body: bytes) -> str:
    """A strong entity tag for a response body: the same bytes always get the same tag."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag`` (weak comparison, as RFC 9110 asks for GET)."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == tag:
            return True
    return False

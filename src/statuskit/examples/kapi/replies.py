"""Every status this server puts on the wire, built from the catalog and encoded by statuskit.wire.

REST errors go through :mod:`statuskit.wire.httpjson` (``{"code", "message"}``, 5xx
``{"message", "report"}``), gateway frames through :mod:`statuskit.wire.opcode`, close codes
through :mod:`statuskit.wire.wsclose`. The HTTP status of each reply goes through
``httpjson.status_line`` as a status of the ``http`` space, so the coverage report sees the
status line as well as the JSON code. Every status that is not a success is logged.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from starlette.responses import Response

from ...model import Catalog
from ...status import Status
from ...wire import httpjson, opcode, wsclose
from ..serving import log_status

JSON_TYPE = "application/json"
OPERATION: ContextVar[str | None] = ContextVar("kapi_operation", default=None)
"""The catalog operation being answered (a REST route or a gateway command), for the record."""


class ApiError(Exception):
    """A REST error to answer with: a code of the ``json`` space and its HTTP status."""

    def __init__(self, status: Status, http_status: int | None = None) -> None:
        super().__init__(str(status))
        self.status = status
        self.http_status = http_status


class Replies:
    """Builds the wire form of every status from the kAPI catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.opcodes = catalog.space("opcode")
        self.closes = catalog.space("close")
        self.http = catalog.space("http")
        self.json = catalog.space("json")

    # -- REST ----------------------------------------------------------------------------------

    def error(
        self,
        code: int,
        /,
        detail: str | None = None,
        *,
        http_status: int | None = None,
        data: Mapping[str, Any] | None = None,
        **arguments: Any,
    ) -> ApiError:
        """An :class:`ApiError` of JSON code ``code``, ready to raise."""
        status = Status.of(self.json, code, detail=detail, arguments=arguments, data=data or {})
        return ApiError(status, http_status)

    def error_response(self, error: ApiError, where: str, headers: Mapping[str, str]) -> Response:
        reply = httpjson.encode(error.status, http_status=error.http_status, operation=OPERATION.get())
        merged = {**reply.headers, **headers}
        # The JSON code is the operation's answer; its HTTP status line is only the carrier.
        httpjson.status_line(self.http.status(reply.status_code))
        why = f"{error.status.detail}; " if error.status.detail else ""
        log_status(error.status, f"{why}HTTP {reply.status_code} {where}")
        return Response(reply.body, reply.status_code, merged)

    def ok(self, body: Any, headers: Mapping[str, str], *, status_code: int = 200) -> Response:
        """A success reply with a JSON body."""
        self._record_http(status_code)
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return Response(text, status_code, {**headers, "content-type": JSON_TYPE})

    def raw(self, content: bytes, media_type: str, headers: Mapping[str, str]) -> Response:
        """A success reply that is not JSON (the image files)."""
        self._record_http(200)
        return Response(content, 200, {**headers, "content-type": media_type})

    def no_content(self, headers: Mapping[str, str]) -> Response:
        """204 No Content: the route worked and has nothing to return."""
        self._record_http(204)
        return Response(b"", 204, dict(headers))

    def not_modified(self, headers: Mapping[str, str]) -> Response:
        """304 Not Modified: the client's cached copy is current."""
        self._record_http(304)
        return Response(b"", 304, dict(headers))

    def internal_error(self, fault: BaseException, where: str, headers: Mapping[str, str]) -> Response:
        """A 5xx reply with a fresh report id, and the fault logged under the same id."""
        report = f"{int(time.time())}-{secrets.token_hex(6)}"
        status = self.http.status(500)
        reply = httpjson.encode(status, report=report)
        origin = _origin(fault)
        log_status(status, f"report {report}: {type(fault).__name__}: {fault} at {origin}; {where}")
        return Response(reply.body, reply.status_code, {**reply.headers, **headers})

    def _record_http(self, code: int) -> None:
        httpjson.status_line(self.http.status(code), operation=OPERATION.get())

    # -- gateway -------------------------------------------------------------------------------

    def frame(self, op: int, *, d: Any = None, s: int | None = None, t: str | None = None) -> str:
        """A gateway frame ``{"op", "d", "s", "t"}`` as JSON text."""
        return _dump(opcode.encode(self.opcodes.status(op), d=d, s=s, t=t, operation=OPERATION.get()))

    def heartbeat_ack(self) -> str:
        """The ack of a heartbeat: exactly ``{"op": 1, "a": true}``."""
        frame = opcode.encode(self.opcodes.status(1), a=True, operation=OPERATION.get())
        return _dump({key: value for key, value in frame.items() if key not in ("d", "s", "t")})

    def close(self, code: int, why: str, where: str) -> tuple[int, str]:
        """Close code and reason (the catalog's title, ``: why``, at most 123 bytes), logged."""
        status = self.closes.status(code, why or None)
        log_status(status, where)
        return wsclose.encode(status, operation=OPERATION.get())


def _dump(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _origin(fault: BaseException) -> str:
    trace = fault.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None:
        return "unknown place"
    return f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}"

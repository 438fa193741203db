"""Starlette and FastAPI: turn a raised :class:`~statuskit.status.StatusError` into its reply.

    app = Starlette(routes=..., exception_handlers=statuskit_handlers(space))
    # or: install(app, space)  (also works on a FastAPI app)

    raise space.error(10001, user_id=7)   # → 404 {"code": 10001, "message": "unknown user 7"}

The body comes from :mod:`statuskit.wire.httpjson`: ``{"code", "message"}`` (or the 5xx report
body), or RFC 9457 problem+json when ``problem=True``, or when ``problem=None`` and the client's
``Accept`` header asks for ``application/problem+json``. The language follows ``Accept-Language``.

The spaces given to :func:`statuskit_handlers` or :func:`install` are checked there, at start-up:
a code with no HTTP status (no ``http`` field, own or from a group, in a space not of transport
``http``) raises :class:`~statuskit.errors.UsageError` naming the codes, instead of a 500 when a
request first raises it. ``statuskit check`` reports the same codes (rule missing-http-status).

Every status of a request is recorded as answering its operation, ``METHOD /route/{param}``
from the matched route (as a catalog's ``operations`` write it): :func:`install` adds
:class:`OperationMiddleware`, which sets :func:`statuskit.conformance.operation` for the whole
request; without it, the error replies still name the route they answer.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import UsageError
from ..status import Status, StatusError
from ..wire import httpjson

if TYPE_CHECKING:
    from ..model import Space

_CONVERTOR = re.compile(r"{(\w+):[^}]*}")
"""A path parameter with a convertor (``{id:int}``), written as the catalog does (``{id}``)."""

Handler = Callable[[Request, Exception], Awaitable[Response]]


def status_error_handler(*, problem: bool | None = False, type_base: str | None = None) -> Handler:
    """An exception handler for :class:`StatusError` (see the module docstring for ``problem``)."""

    async def handle(request: Request, error: Exception) -> Response:
        if not isinstance(error, StatusError):
            raise error
        return reply_for(request, error, problem=problem, type_base=type_base)

    return handle


def reply_for(
    request: Request, error: StatusError, *, problem: bool | None = False, type_base: str | None = None
) -> Response:
    """The response for ``error`` raised while handling ``request``."""
    accept_language = request.headers.get("accept-language")
    wants_problem = problem if problem is not None else _asks_for_problem(request.headers.get("accept"))
    if wants_problem:
        reply = httpjson.problem(
            error.status,
            type_base=type_base,
            instance=request.url.path,
            accept_language=accept_language,
            operation=route_operation(request.scope),
        )
    else:
        reply = httpjson.encode(
            error.status, accept_language=accept_language, operation=route_operation(request.scope)
        )
    return Response(content=reply.body, status_code=reply.status_code, headers=reply.headers)


def statuskit_handlers(
    *spaces: Space, problem: bool | None = False, type_base: str | None = None
) -> dict[Any, Handler]:
    """``exception_handlers=`` for a Starlette app whose errors come from ``spaces`` (checked here)."""
    check_http_statuses(*spaces)
    return {StatusError: status_error_handler(problem=problem, type_base=type_base)}


def install(app: Any, *spaces: Space, problem: bool | None = False, type_base: str | None = None) -> None:
    """Add the handler to a Starlette or FastAPI ``app`` whose errors come from ``spaces`` (checked here)."""
    check_http_statuses(*spaces)
    app.add_exception_handler(StatusError, status_error_handler(problem=problem, type_base=type_base))
    app.add_middleware(OperationMiddleware)


class OperationMiddleware:
    """ASGI middleware: the statuses of a request answer its route's operation (``GET /users/{id}``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        from starlette.routing import Match

        from ..conformance import operation

        name = None
        for route in getattr(scope.get("app"), "routes", ()):
            match, _ = route.matches(scope)
            if match == Match.FULL:
                name = _operation_name(scope.get("method", ""), getattr(route, "path", None))
                break
        with operation(name):
            await self.app(scope, receive, send)


def route_operation(scope: Any) -> str | None:
    """``METHOD /route/{param}`` of the route that matched ``scope`` (None when unknown)."""
    route = scope.get("route")  # FastAPI sets it
    path = getattr(route, "path", None)
    if path is None:
        endpoint = scope.get("endpoint")
        for candidate in getattr(scope.get("app"), "routes", ()):
            if endpoint is not None and getattr(candidate, "endpoint", None) is endpoint:
                path = getattr(candidate, "path", None)
                break
    return _operation_name(scope.get("method", ""), path)


def _operation_name(method: str, path: str | None) -> str | None:
    if not isinstance(path, str):
        return None
    template = _CONVERTOR.sub(r"{\1}", path)
    return f"{method.upper()} {template}"


def check_http_statuses(*spaces: Space) -> None:
    """Raise UsageError when a code of ``spaces`` has no HTTP status to be sent with."""
    for space in spaces:
        missing = []
        for entry in space.codes:
            try:
                httpjson.http_status_of(Status.received(space, entry.code))
            except UsageError:
                missing.append(str(entry.code))
        if missing:
            listed = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            raise UsageError(
                f"space {space.name!r} has codes with no HTTP status: {listed}; give each an 'http' "
                "field (or a group default), or raise them with http_status="
            )


def _asks_for_problem(accept: str | None) -> bool:
    """True when ``Accept`` lists problem+json with a quality above zero."""
    for item in (accept or "").split(","):
        media, *parameters = (part.strip() for part in item.split(";"))
        if media.lower() != httpjson.PROBLEM_JSON:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        return quality > 0
    return False

"""Starlette and FastAPI: turn a raised :class:`~statuskit.status.StatusError` into its reply.

    app = Starlette(routes=..., exception_handlers=statuskit_handlers())
    # or: install(app)  (also works on a FastAPI app)

    raise space.error(10001, user_id=7)   # → 404 {"code": 10001, "message": "unknown user 7"}

The body comes from :mod:`statuskit.wire.httpjson`: ``{"code", "message"}`` (or the 5xx report
body), or RFC 9457 problem+json when ``problem=True``, or when ``problem=None`` and the client's
``Accept`` header asks for ``application/problem+json``. The language follows ``Accept-Language``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..status import StatusError
from ..wire import httpjson

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
        )
    else:
        reply = httpjson.encode(error.status, accept_language=accept_language)
    return Response(content=reply.body, status_code=reply.status_code, headers=reply.headers)


def statuskit_handlers(*, problem: bool | None = False, type_base: str | None = None) -> dict[Any, Handler]:
    """``exception_handlers=`` for a Starlette app."""
    return {StatusError: status_error_handler(problem=problem, type_base=type_base)}


def install(app: Any, *, problem: bool | None = False, type_base: str | None = None) -> None:
    """Add the handler to a Starlette or FastAPI ``app``."""
    app.add_exception_handler(StatusError, status_error_handler(problem=problem, type_base=type_base))


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

"""What every REST route shares: the caller, permission checks, JSON bodies and the error wrapper.

:func:`endpoint` wraps each route. The order of checks is: rate limit (429), then the token (40006,
40002, 40001), then ``X-Simulating`` (40005), then the route's own checks, so that guessing tokens is
limited like everything else. Every reply, success or error, carries the rate-limit headers of the
caller's bucket.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ...status import StatusError
from . import permissions
from .replies import OPERATION, ApiError
from .settings import SNOWFLAKE
from .state import State
from .store import User


@dataclass(frozen=True, slots=True)
class Caller:
    """Who makes a request: the user of the token and, for Kettu, the user it simulates."""

    user: User
    simulating: str | None = None

    @property
    def acting_id(self) -> str:
        """The id recorded as the author of what the request does."""
        return self.simulating or self.user.id


Handler = Callable[[Request, Caller], Awaitable[Response]]
PublicHandler = Callable[[Request], Awaitable[Response]]
HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)
MAX_SHOWN = 40


def state_of(request: Request) -> State:
    state: State = request.app.state.kapi
    return state


def shown(text: str) -> str:
    """An id from a path, cut short for a message."""
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _where(request: Request) -> str:
    return f"{request.method} {request.url.path[:200]}"


def address_of(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _token(request: Request) -> tuple[str | None, str | None]:
    """The scheme (lower case) and token of the Authorization header, else of the ``sess`` cookie."""
    header = request.headers.get("authorization", "").strip()
    if header:
        scheme, _, token = header.partition(" ")
        return scheme.lower(), token.strip() or None
    cookie = request.cookies.get("sess")
    return ("bearer", cookie) if cookie else (None, None)


def _caller(request: Request, state: State) -> tuple[User | None, int | None]:
    """The user of the request's token, or the JSON code that says what is wrong with it."""
    scheme, token = _token(request)
    if scheme is None:
        return None, 40006
    if token is None or scheme not in ("bearer", "bot"):
        return None, 40002
    user = state.store.by_token(token)
    if user is None or permissions.SCHEME[user.type] != scheme:
        return None, 40002
    return user, None


def _blacklisted(state: State, user: User) -> bool:
    return any(user.id in kettu.blacklist for kettu in state.store.all() if kettu.type == "kettu")


def endpoint(
    handler: Handler | None = None,
    operation: str | None = None,
    *,
    public: PublicHandler | None = None,
    private: bool = False,
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a route: bucket, rate limit, token (unless ``public``), simulation, errors and 5xx reports.

    ``operation`` names the catalog operation the route answers, so that every status it sends is
    recorded against it. ``private`` routes (``/users/@me...``) cannot be reached while simulating.
    """

    async def route(request: Request) -> Response:
        OPERATION.set(operation)
        state = state_of(request)
        replies = state.replies
        user, problem = _caller(request, state)
        key = f"user:{user.id}" if user is not None else f"addr:{address_of(request)}"
        verdict = state.limiter.hit(key)
        headers = verdict.headers()
        try:
            if not verdict.allowed:
                retry = verdict.retry_after
                error = replies.error(0, "over the rate limit", http_status=429, data={"retry_after": retry})
                response = replies.error_response(error, _where(request), headers)
                response.headers["retry-after"] = str(max(1, int(-(-retry // 1))))
                return response
            if public is not None:
                return await public(request)
            if problem is not None or user is None:
                raise replies.error(problem or 40002)
            if _blacklisted(state, user):
                raise replies.error(40001)
            caller = Caller(user, _simulating(request, state, user, private))
            response = await (handler or _missing)(request, caller)
        except ApiError as error:
            return replies.error_response(error, _where(request), headers)
        except StatusError as error:  # raised with space.error(...): the code's own HTTP status
            return replies.error_response(ApiError(error.status), _where(request), headers)
        except Exception as fault:
            return replies.internal_error(fault, _where(request), headers)
        response.headers.update(headers)
        return response

    return route


def _simulating(request: Request, state: State, user: User, private: bool) -> str | None:
    target = request.headers.get("x-simulating")
    if target is None:
        return None
    if user.type != "kettu":
        raise state.replies.error(40005, "only Kettu may simulate users")
    if private:
        raise state.replies.error(40005, "private routes cannot be used while simulating")
    if not SNOWFLAKE.match(target.strip()):
        raise state.replies.error(40005, "X-Simulating must be a user id (a snowflake)")
    return target.strip()


async def _missing(request: Request, caller: Caller) -> Response:
    raise RuntimeError("route without a handler")


# -- checks ------------------------------------------------------------------------------------


def require(request: Request, user: User, name: str) -> None:
    """50002 unless ``user`` holds permission ``name``."""
    if not user.can(name):
        raise state_of(request).replies.error(50002, f"{name} is needed")


def users_only(request: Request, user: User) -> None:
    """40003 for bots and Kettu on routes meant for people."""
    if user.type != "user":
        raise state_of(request).replies.error(40003)


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``low..high``; 50003 otherwise."""
    text = request.query_params.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9 or not low <= int(text) <= high:
        raise state_of(request).replies.error(50003, f"{name} must be an integer from {low} to {high}")
    return int(text)


def query_snowflake(request: Request, name: str) -> str | None:
    text = request.query_params.get(name)
    if text is not None and not SNOWFLAKE.match(text):
        raise state_of(request).replies.error(50003, f"{name} must be a snowflake")
    return text


# -- replies -----------------------------------------------------------------------------------


def ok(request: Request, body: Any, status_code: int = 200) -> Response:
    return state_of(request).replies.ok(body, {}, status_code=status_code)


def no_content(request: Request) -> Response:
    return state_of(request).replies.no_content({})


def base_url(request: Request) -> str:
    """``scheme://host[:port]`` as the client reached this server."""
    state = state_of(request)
    scheme = "https" if state.settings.tls else "http"
    host = request.headers.get("host", "")
    return f"{scheme}://{host if HOST.match(host) else state.public_address}"


# -- bodies ------------------------------------------------------------------------------------


async def json_body(request: Request, *, empty: Any = ...) -> Any:
    """The request's JSON body (50005 for another content type, 50004 for a bad body).

    ``empty`` is returned for a request without a body, when given; else an empty body is 50004.
    """
    state = state_of(request)
    replies = state.replies
    body = await _read_body(request, state)
    if not body and empty is not ...:
        return empty
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", parameters, re.IGNORECASE)
    if media_type.strip().lower() != "application/json" or (
        charset is not None and charset.group(1).lower() not in ("utf-8", "utf8")
    ):
        raise replies.error(50005, "expected application/json")
    try:
        return parse_json(body)
    except ValueError as error:
        raise replies.error(50004, str(error)) from None


async def json_object(request: Request) -> dict[str, Any]:
    document = await json_body(request)
    if not isinstance(document, dict):
        raise state_of(request).replies.error(50004, "expected a JSON object")
    return document


async def _read_body(request: Request, state: State) -> bytes:
    limit = state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise state.replies.error(50004, f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(state.settings.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise state.replies.error(50004, f"the body is larger than {limit} bytes")
                chunks.append(chunk)
    except ClientDisconnect:
        raise state.replies.error(50004, "the body ended early") from None
    except TimeoutError:
        raise state.replies.error(50004, "the body did not arrive in time") from None
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    """JSON text as UTF-8 without lone surrogates; ValueError says what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"byte {error.start + 1} is not valid UTF-8") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise ValueError(f"not valid JSON: {error}") from None
    if _has_lone_surrogate(document):
        raise ValueError("text must not contain lone surrogates (\\ud800-\\udfff)")
    return document


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False

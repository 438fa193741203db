"""The REST routes under ``/v4``, each wrapped by :func:`endpoint` for auth, rate limits and errors.

Every reply, success or error, carries the rate-limit headers of the caller's bucket. The order
of checks is: rate limit (429), then the token (401), then the route's own checks, so that
guessing tokens is limited like everything else.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ...status import StatusError
from .images import CATEGORIES, Image
from .replies import ApiError
from .store import User, check_name

if TYPE_CHECKING:
    from .app import State

Handler = Callable[[Request, User], Awaitable[Response]]
PublicHandler = Callable[[Request], Awaitable[Response]]
SCHEMES = ("bearer", "bot")
HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)
MAX_SHOWN_ID = 40


def state_of(request: Request) -> State:
    state: State = request.app.state.kapi
    return state


def _where(request: Request) -> str:
    path = request.url.path
    return f"{request.method} {path[:200]}"


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _caller(request: Request, state: State) -> tuple[User | None, int | None]:
    """The user of the Authorization header, or the JSON code that says what is wrong with it."""
    header = request.headers.get("authorization", "").strip()
    if not header:
        return None, 40006
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() not in SCHEMES or not token:
        return None, 40002
    user = state.store.by_token(token)
    return (user, None) if user is not None else (None, 40002)


def endpoint(
    handler: Handler | None = None, *, public: PublicHandler | None = None
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a route: bucket, rate limit, token (unless ``public``), errors and 5xx reports."""

    async def route(request: Request) -> Response:
        state = state_of(request)
        replies = state.replies
        user, problem = _caller(request, state)
        key = f"user:{user.id}" if user is not None else f"addr:{_address(request)}"
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
            response = await (handler or _missing)(request, user)
        except ApiError as error:
            return replies.error_response(error, _where(request), headers)
        except StatusError as error:  # raised with space.error(...): the code's own HTTP status
            return replies.error_response(ApiError(error.status), _where(request), headers)
        except Exception as fault:
            return replies.internal_error(fault, _where(request), headers)
        response.headers.update(headers)
        return response

    return route


async def _missing(request: Request, user: User) -> Response:
    raise RuntimeError("route without a handler")


def _ok(request: Request, body: Any) -> Response:
    return state_of(request).replies.ok(body, {})


async def gateway(request: Request, user: User) -> Response:
    """``GET /v4/gateway``: where the gateway is, as the client reached this server."""
    state = state_of(request)
    scheme = "wss" if state.settings.tls else "ws"
    host = request.headers.get("host", "")
    if not HOST.match(host):
        host = state.public_address
    return _ok(request, {"url": f"{scheme}://{host}/gateway"})


async def me(request: Request, user: User) -> Response:
    return _ok(request, user.to_json())


async def update_me(request: Request, user: User) -> Response:
    """``PATCH /v4/users/@me`` with a JSON body ``{"name"}``."""
    state = state_of(request)
    replies = state.replies
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", parameters, re.IGNORECASE)
    if media_type.strip().lower() != "application/json" or (
        charset is not None and charset.group(1).lower() not in ("utf-8", "utf8")
    ):
        raise replies.error(50005, "expected application/json")
    body = await _read_body(request, state.settings.max_body_bytes, state)
    try:
        document = _parse_json(body)
    except ValueError as error:
        raise replies.error(50004, str(error)) from None
    if not isinstance(document, dict):
        raise replies.error(50004, "expected a JSON object")
    if "name" in document:
        problem = check_name(document["name"])
        if problem is not None:
            raise replies.error(50004, problem)
        if document["name"] != user.name:
            user = await state.store.rename(user, document["name"])
            state.user_updated(user)
    return _ok(request, user.to_json())


async def user_by_id(request: Request, user: User) -> Response:
    state = state_of(request)
    user_id = request.path_params["user_id"]
    found = state.store.by_id(user_id)
    if found is None:
        shown = user_id if len(user_id) <= MAX_SHOWN_ID else user_id[:MAX_SHOWN_ID] + "…"
        raise state.replies.error(10001, user_id=shown)
    return _ok(request, found.to_json())


def _category(request: Request) -> str:
    state = state_of(request)
    category: str = request.path_params["category"]
    if not state.images.has_category(category):
        raise state.replies.error(10005, "try one of " + ", ".join(CATEGORIES))
    return category


async def random_image(request: Request, user: User) -> Response:
    category = _category(request)
    image = state_of(request).images.random(category)
    return _ok(request, image.to_json(_base_url(request)))


async def image_by_id(request: Request, user: User) -> Response:
    category = _category(request)
    image = _image(request, category)
    return _ok(request, image.to_json(_base_url(request)))


async def image_file(request: Request) -> Response:
    """``GET /cdn/images/{category}/{id}.svg``: the picture an image's ``url`` points at.

    Like a CDN it sends an ETag and answers ``If-None-Match`` with 304 Not Modified.
    """
    category = _category(request)
    image = _image(request, category)
    replies = state_of(request).replies
    headers = {"cache-control": "max-age=86400", "etag": f'"{image.id}"'}
    wanted = {tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")}
    if headers["etag"] in wanted or "*" in wanted:
        return replies.not_modified(headers)
    return replies.raw(image.svg(), "image/svg+xml", headers)


async def debug_error(request: Request, user: User) -> Response:
    raise RuntimeError("an error raised on purpose by GET /v4/debug/error")


async def not_found(request: Request) -> Response:
    raise state_of(request).replies.error(0, "no such route", http_status=404)


def _image(request: Request, category: str) -> Image:
    state = state_of(request)
    image = state.images.get(category, request.path_params["image_id"])
    if image is None:
        raise state.replies.error(10004)
    return image


def _base_url(request: Request) -> str:
    state = state_of(request)
    scheme = "https" if state.settings.tls else "http"
    host = request.headers.get("host", "")
    return f"{scheme}://{host if HOST.match(host) else state.public_address}"


async def _read_body(request: Request, limit: int, state: State) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise state.replies.error(50004, f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise state.replies.error(50004, f"the body is larger than {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise state.replies.error(50004, "the body ended early") from None
    return b"".join(chunks)


def _parse_json(body: bytes) -> Any:
    import json

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"byte {error.start + 1} is not valid UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None

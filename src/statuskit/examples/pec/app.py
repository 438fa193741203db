"""The pec HTTP application: routes, sessions and the pool, answering through the catalog.

An ASGI app built on Starlette's request and response classes. Routing is done here rather than
by Starlette's router because pec answers unknown routes and methods with HTTP 400 and a
``{"status": 400, "msg"}`` body, and every answer (errors and faults included) must go through
the codecs. Like the real server (Express, non-strict routing), a route matches with or without
one trailing slash.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ...conformance import operation
from .. import serving
from . import parse, replies
from .parse import BadRequest
from .passwords import LoginLimited, Passwords
from .settings import Settings
from .store import Store, StoreError

P = ParamSpec("P")
T = TypeVar("T")


Handler = Callable[[Request, dict[str, str]], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    template: str
    handler: Handler


def _path(template: str) -> re.Pattern[str]:
    """``/usr/account/{sessionId}`` → a regex with one named group per parameter."""
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")


class PecApp:
    """The ASGI application over an open store and a password hasher (both owned by the caller)."""

    def __init__(self, store: Store, passwords: Passwords, settings: Settings) -> None:
        self._store = store
        self._passwords = passwords
        self._settings = settings
        self._routes = [
            Route(method, _path(template), template, handler)
            for method, template, handler in (
                ("POST", "/usr/signup", self.signup),
                ("POST", "/usr/login", self.login),
                ("GET", "/usr/account/{sessionId}", self.account),
                ("GET", "/usr/alive/{sessionId}", self.alive),
                ("DELETE", "/usr/logout", self.logout),
                ("GET", "/tx/pool/{sessionId}", self.pool),
                ("PUT", "/tx/purchase", self.purchase),
                ("POST", "/tx/delivery", self.delivery),
                ("GET", "/serv/show/{adminId}", self.show),
                ("POST", "/serv/save/{adminId}", self.save),
            )
        ]

    def close(self) -> None:
        """Nothing to release yet; the server calls it after the last request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        # Session and admin ids are the third segment of a path: the log never shows it.
        label = f"{request.method} {'/'.join(request.url.path.split('/')[:3])}"
        try:
            if serving.conflicting_framing(scope["headers"]):
                reply = replies.bad_request("both Transfer-Encoding and Content-Length", close=True)
                response = self._reply(reply, label, "both Transfer-Encoding and Content-Length")
            else:
                response = await self._dispatch(request)
        except BadRequest as error:
            response = self._reply(replies.bad_request(error.message), label, error.message)
        except ClientDisconnect:
            serving.log(f"{_printable(label)}: the client went away before its request was complete")
            return
        except LoginLimited as error:
            response = self._reply(replies.too_many(error.retry_after), label, str(error))
        except Exception as error:
            reply = replies.fault()
            serving.log(f"fault in {_printable(label)} (report {reply.report}): {_describe(error)}")
            response = self._reply(reply, label)
        await response(scope, receive, send)

    async def _dispatch(self, request: Request) -> Response:
        path = request.url.path
        if len(path) > 1 and path.endswith("/"):
            path = path[:-1]
        if request.method == "OPTIONS":
            return self._reply(replies.preflight(), f"OPTIONS {'/'.join(path.split('/')[:3])}")
        allowed = []
        for route in self._routes:
            match = route.pattern.match(path)
            if match is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            operation(f"{route.method} {route.template}")  # for the rest of this request's task
            return await route.handler(request, match.groupdict())
        if allowed:
            raise BadRequest(f"method {request.method} is not allowed on {path}; use {', '.join(allowed)}")
        raise BadRequest(f"no route {request.method} {path}; see the pec protocol for the routes")

    def _reply(self, reply: replies.Reply, label: str, why: str = "") -> Response:
        """The response, logged as one line: the body's status, else the HTTP status."""
        if self._settings.log_replies:
            detail = f"{label}: {why}" if why else label
            serving.log_status(reply.statuses[-1], _printable(detail))
        return reply.response

    def _ok(self, request: Request, code: int, label: str, /, **extra: Any) -> Response:
        return self._reply(replies.ok(code, **extra), label)

    async def _db(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a database call. It runs on the event loop: SQLite answers in well under a
        millisecond, far less than a hop to a worker thread costs under the GIL; only a database
        locked by another process makes it wait (at most ``--db-timeout``, then a 500)."""
        return function(*args, **kwargs)

    async def _body(self, request: Request) -> dict[str, Any]:
        limit = self._settings.max_body
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BadRequest(f"body of {declared} bytes is larger than the limit of {limit} bytes")
        chunks, size = [], 0
        try:
            async with asyncio.timeout(self._settings.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise BadRequest(f"body is larger than the limit of {limit} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise BadRequest(f"body not complete within {self._settings.body_timeout:g} s") from None
        return parse.json_object(b"".join(chunks))

    async def _as_user(self, session_id: str, function: Callable[[int, int], T]) -> tuple[T] | None:
        """``function(account_id, now_ms)`` for the session's account, in one trip to the database
        thread; None when the session is unknown or expired."""

        def work() -> tuple[T] | None:
            now = time.time()
            account_id = self._store.session_account(session_id, now)
            return None if account_id is None else (function(account_id, int(now * 1000)),)

        return await self._db(work)

    # users

    async def signup(self, request: Request, params: dict[str, str]) -> Response:
        body = await self._body(request)
        account, password = parse.text(body, "account"), parse.text(body, "password")
        label = "POST /usr/signup"
        problem = parse.password_problem(password)
        if problem is not None:
            return self._ok(request, 822, label, text=problem)
        if await self._db(self._store.credentials, account) is not None:
            return self._ok(request, 821, label)
        hashed = await self._passwords.hash(password)
        balance = self._settings.initial_balance
        created = await self._db(self._store.signup, account, hashed, balance, _now_ms())
        return self._ok(request, 721 if created else 821, label)

    async def login(self, request: Request, params: dict[str, str]) -> Response:
        body = await self._body(request)
        account, password = parse.text(body, "account"), parse.text(body, "password")
        label = "POST /usr/login"
        found = await self._db(self._store.credentials, account)
        if found is None:
            return self._ok(request, 823, label)
        account_id, stored = found
        address = request.client.host if request.client else ""
        matches, rehashed = await self._passwords.verify(stored, password, address=address, account=account)
        if not matches:
            return self._ok(request, 824, label)
        if rehashed is not None:
            await self._db(self._store.set_password_hash, account_id, rehashed)
        session_id = secrets.token_hex(32)
        await self._db(
            self._store.open_session, account_id, session_id, time.time(), self._settings.session_ttl
        )
        return self._ok(request, 722, label, sessionId=session_id)

    async def account(self, request: Request, params: dict[str, str]) -> Response:
        label = "GET /usr/account"
        found = await self._as_user(params["sessionId"], self._store.account_info)
        if found is None:
            return self._ok(request, 825, label)
        return self._ok(request, 723, label, **found[0])

    async def alive(self, request: Request, params: dict[str, str]) -> Response:
        extended = await self._db(
            self._store.extend_session, params["sessionId"], time.time(), self._settings.session_ttl
        )
        return self._ok(request, 725 if extended else 826, "GET /usr/alive")

    async def logout(self, request: Request, params: dict[str, str]) -> Response:
        session_id = parse.text(await self._body(request), "sessionId")
        await self._db(self._store.close_session, session_id)
        return self._ok(request, 724, "DELETE /usr/logout")

    # the pool

    async def pool(self, request: Request, params: dict[str, str]) -> Response:
        label = "GET /tx/pool"
        offset = parse.query_number(request.query_params.get("offset"), "offset")
        limit = min(parse.query_number(request.query_params.get("limit"), "limit"), self._settings.pool_page)
        found = await self._as_user(
            params["sessionId"],
            lambda buyer, now_ms: self._store.pool(
                buyer, now_ms, offset=offset, limit=limit or self._settings.pool_page
            ),
        )
        if found is None:
            return self._ok(request, 811, label)
        offers, more = found[0]
        extra: dict[str, Any] = {"tx": offers}
        if more:
            extra["next"] = offset + len(offers)
        reply = replies.ok(731, **extra)
        tag = replies.etag(bytes(reply.response.body))
        if replies.matches(request.headers.get("if-none-match"), tag):
            return self._reply(replies.not_modified(tag), label)
        reply.response.headers["ETag"] = tag
        return self._reply(reply, label)

    async def purchase(self, request: Request, params: dict[str, str]) -> Response:
        body = await self._body(request)
        session_id = parse.text(body, "sessionId")
        wanted = parse.tx_hashes(body, self._settings.max_items)
        label = "PUT /tx/purchase"
        found = await self._as_user(
            session_id, lambda buyer, now_ms: self._store.purchase(buyer, wanted, now_ms)
        )
        if found is None:
            return self._ok(request, 811, label)
        result = [
            {"txHash": tx_hash, "msg": "succeed" if ok else "failed"}
            for tx_hash, ok in zip(wanted, found[0], strict=True)
        ]
        return self._ok(request, 732, label, result=result)

    async def delivery(self, request: Request, params: dict[str, str]) -> Response:
        body = await self._body(request)
        session_id = parse.text(body, "sessionId")
        offers = parse.offers(body, self._settings.max_items)
        label = "POST /tx/delivery"
        most = self._settings.max_offers
        found = await self._as_user(
            session_id, lambda seller, now_ms: self._store.deliver(seller, offers, now_ms, max_on_sale=most)
        )
        if found is None:
            return self._ok(request, 811, label)
        if found[0] is None:
            raise BadRequest(f"an account may have at most {most} offers on sale at once")
        return self._ok(request, 733, label, result=found[0])

    # administration

    def _is_admin(self, admin_id: str) -> bool:
        given = admin_id.encode("utf-8", "surrogatepass")
        return hmac.compare_digest(given, self._settings.admin_id.encode("utf-8"))

    async def show(self, request: Request, params: dict[str, str]) -> Response:
        label = "GET /serv/show"
        if not self._is_admin(params["adminId"]):
            return self._ok(request, 811, label)
        data = await self._db(self._store.global_data, _now_ms())
        return self._ok(request, 713, label, **data)

    async def save(self, request: Request, params: dict[str, str]) -> Response:
        label = "POST /serv/save"
        if not self._is_admin(params["adminId"]):
            return self._ok(request, 811, label)
        try:
            target = await self._db(self._store.backup)
        except StoreError as error:
            serving.log(f"backup failed: {error}")
            return self._ok(request, 812, label)
        return self._ok(request, 714, label, file=target.name)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _printable(text: str) -> str:
    """Paths go into the log: no control characters, no secrets (session and admin ids are cut)."""
    return "".join(character if character.isprintable() else "?" for character in text[:200])


def _describe(error: BaseException) -> str:
    frames: Sequence[traceback.FrameSummary] = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].name}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{where}".replace("\n", " ")


__all__ = ["PecApp", "Settings"]

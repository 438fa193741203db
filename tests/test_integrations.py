"""Integrations: Starlette/FastAPI handler, websockets close, and client advice, spoken to for real."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from support.catalogs import seed, shop
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from statuskit.errors import UnsendableCodeError
from statuskit.integrations import client
from statuskit.integrations import websockets as ws_integration
from statuskit.integrations.starlette import install, statuskit_handlers
from statuskit.wire import record


def _app(**options: object) -> Starlette:
    api = shop().space("api")
    kapi = seed("kapi").space("json")

    async def item(request: Request) -> JSONResponse:
        name = request.path_params["name"]
        if name == "lamp":
            return JSONResponse({"name": name})
        raise api.error(4001, item=name)

    async def user(request: Request) -> JSONResponse:
        raise kapi.error(10001, user_id=request.path_params["uid"])

    async def crash(request: Request) -> JSONResponse:
        raise api.error(5000, backend="postgres at 10.0.0.7")

    async def busy(request: Request) -> JSONResponse:
        raise api.error(4290)

    routes = [
        Route("/items/{name}", item),
        Route("/users/{uid}", user),
        Route("/crash", crash),
        Route("/busy", busy),
    ]
    return Starlette(routes=routes, exception_handlers=statuskit_handlers(**options))  # type: ignore[arg-type]


@contextmanager
def served(app: Starlette) -> Iterator[httpx.Client]:
    """The app served by a real uvicorn on 127.0.0.1 and a free port, and a client for it."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            yield http
    finally:
        server.should_exit = True
        thread.join(10)


def test_starlette_handler_sends_the_catalog_reply() -> None:
    seen: list[record.Event] = []
    stop = record.subscribe(seen.append)
    try:
        with served(_app()) as http:
            assert http.get("/items/lamp").json() == {"name": "lamp"}
            reply = http.get("/items/chair")
            assert reply.status_code == 400
            assert reply.json() == {"code": 4001, "message": "item chair does not exist"}
            assert http.get("/users/7").json() == {"code": 10001, "message": "unknown user 7"}
            assert http.get("/users/7").status_code == 404
    finally:
        stop()
    assert [(e.catalog, e.code, e.direction) for e in seen] == [
        ("shop", 4001, "sent"),
        ("kapi", 10001, "sent"),
        ("kapi", 10001, "sent"),
    ]


def test_starlette_handler_speaks_the_clients_language() -> None:
    with served(_app()) as http:
        reply = http.get("/items/chair", headers={"Accept-Language": "de-AT, en;q=0.5"})
    assert reply.json()["message"] == "Artikel chair gibt es nicht"
    assert reply.headers["content-language"] == "de"


def test_starlette_handler_hides_5xx_details() -> None:
    with served(_app()) as http:
        reply = http.get("/crash")
    assert reply.status_code == 503
    assert reply.json()["message"] == "Internal Server Error" and reply.json()["report"]
    assert "postgres" not in reply.text


def test_starlette_problem_json_on_request() -> None:
    with served(_app(problem=None, type_base="https://shop.example/p/")) as http:
        plain = http.get("/items/chair")
        asked = http.get("/items/chair", headers={"Accept": "application/problem+json"})
        refused = http.get("/items/chair", headers={"Accept": "application/problem+json;q=0"})
    assert plain.headers["content-type"] == "application/json"
    assert refused.headers["content-type"] == "application/json"
    assert asked.headers["content-type"] == "application/problem+json"
    assert asked.json() == {
        "type": "https://shop.example/p/4001",
        "title": "No such item",
        "status": 400,
        "detail": "item chair does not exist",
        "instance": "/items/chair",
        "code": 4001,
    }


def test_install_on_an_app_and_client_advice() -> None:
    app = Starlette(routes=_app().routes)
    install(app, problem=True)
    api = shop().space("api")
    with served(app) as http:
        busy = http.get("/busy")
        missing = http.get("/items/chair")
    assert busy.headers["content-type"] == "application/problem+json"
    advice = client.from_response(busy, api)
    assert advice.status.code == 4290 and advice.retryable and advice.retry_after == 30.0
    assert advice.action == "retry" and not advice.ok
    advice = client.from_response(missing, api)
    assert advice.status.code == 4001 and not advice.retryable and advice.action == "fix"


def test_client_advice_when_the_catalog_is_silent() -> None:
    space = seed("kapi").space("json")
    response = httpx.Response(503, headers={"Retry-After": "12"}, content=b"<html>busy</html>")
    advice = client.from_response(response, space)
    assert advice.status.code == 503 and advice.status.entry is None
    assert advice.retryable and advice.retry_after == 12.0 and advice.http_status == 503
    assert client.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert client.parse_retry_after("soon") is None


def test_client_advice_for_close_codes() -> None:
    space = seed("kapi").space("close")
    advice = client.from_close(4008, "ratelimited", space)
    assert advice.action == "resume" and advice.retryable
    assert client.from_close(4004, "", space).action == "abort"
    assert client.from_close(4004, "", space).retryable is False
    assert client.from_close(4999, "", space).declared is False


def test_websockets_close_with_a_catalog_code() -> None:
    space = seed("kapi").space("close")

    async def handler(connection: ServerConnection) -> None:
        await connection.recv()
        await ws_integration.close(connection, space.status(4004, detail="ü" * 100))

    async def scenario() -> tuple[int, str, int | None]:
        async with serve(handler, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            async with connect(f"ws://127.0.0.1:{port}") as connection:
                await connection.send(json.dumps({"op": 4}))
                with pytest.raises(ConnectionClosed) as closed:
                    await connection.recv()
            status = ws_integration.closed_status(closed.value, space)
            assert status is not None
            frame = closed.value.rcvd
            assert frame is not None
            return frame.code, frame.reason, status.code

    code, reason, decoded = asyncio.run(scenario())
    assert code == 4004 and decoded == 4004
    assert reason.startswith(space[4004].text()) and len(reason.encode()) <= 123


def test_websockets_close_refuses_a_reserved_code() -> None:
    import statuskit

    ws = statuskit.builtin("websocket").space()

    class Connection:
        closed = False

        async def close(self, code: int = 1000, reason: str = "") -> None:
            self.closed = True

    connection = Connection()
    with pytest.raises(UnsendableCodeError):
        asyncio.run(ws_integration.close(connection, statuskit.Status.received(ws, 1006)))
    assert connection.closed is False


MAPLESS = """
catalog: shop
spaces:
  - name: api
    transport: json
    fields: {http: {type: integer}}
    groups:
      - {pattern: 4xxx, defaults: {http: 400}}
    codes:
      - {code: 4001, title: no such item}
      - {code: 7001, title: the warehouse is on fire}
"""


def test_a_code_with_no_http_status_fails_at_start_up_not_at_request_time() -> None:
    from statuskit import loads
    from statuskit.check import Config, check_catalog
    from statuskit.errors import UsageError

    catalog = loads(MAPLESS, "shop.yaml")
    space = catalog.space("api")
    with pytest.raises(UsageError, match=r"space 'api' has codes with no HTTP status: 7001;"):
        statuskit_handlers(space)
    with pytest.raises(UsageError, match="7001"):
        install(Starlette(), space, problem=True)
    with pytest.raises(UsageError, match=r"no HTTP status: 0;"):
        install(Starlette(), seed("kapi").space("json"))  # kAPI's "general error" has none
    install(Starlette(), shop().space("api"))  # every code mapped: accepted
    config = Config.default()
    config.select(["missing-http-status"])
    [finding] = check_catalog(catalog, config)
    assert (finding.code, finding.line, finding.severity) == (7001, 11, "warning")

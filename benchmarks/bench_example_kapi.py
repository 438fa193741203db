"""Throughput of the kAPI reference server against a bare Starlette echo on the same transport.

Both servers run as their own processes on 127.0.0.1 in the same run, on uvicorn with the same
settings (h11, websockets-sansio, no access log). The echo server answers every HTTP request with
a small JSON body and every WebSocket text frame with the same frame: the cost of the transport
alone. Measured:

- REST: ``GET /v4/users/@me`` with a Bearer token (auth, rate-limit bucket, headers, catalog
  recording) against ``GET /echo``; 20 keep-alive connections, one request at a time on each.
- gateway: heartbeat → ack round trips after identify against a WebSocket echo; 20 connections.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import websockets

CLIENTS = 20
REQUESTS = 300
MESSAGES = 300
ROUNDS = 3
REST_GOAL = 2.0
GATEWAY_GOAL = 2.0
TOKEN = "bench-token"
LISTENING = re.compile(r"listening on (\S+):(\d+)")

ECHO_SERVER = """
import asyncio, socket
import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

async def echo(request):
    return Response(b'{"echo":true}', 200, {"content-type": "application/json"})

async def echo_socket(websocket):
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        await websocket.send_text(message["text"])

app = Starlette(routes=[Route("/echo", echo), WebSocketRoute("/gateway", echo_socket)])

async def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off",
                            ws="websockets-sansio", ws_ping_interval=None, ws_per_message_deflate=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    print(f"listening on 127.0.0.1:{sock.getsockname()[1]}", flush=True)
    await task

asyncio.run(main())
"""

KAPI_SERVER = [
    *("-m", "statuskit", "example", "kapi", "--host", "127.0.0.1", "--port", "0"),
    *("--token", TOKEN, "--rate-limit", "100000000"),
]


@contextmanager
def started(arguments: list[str]) -> Iterator[int]:
    process = subprocess.Popen(
        [sys.executable, *arguments], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        match = LISTENING.search(process.stdout.readline())
        if match is None:
            raise RuntimeError(f"{arguments[:5]} did not start")
        yield int(match.group(2))
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _http_client(port: int, path: str) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode()
    )
    for _ in range(REQUESTS):
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        length = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
        assert length is not None
        await reader.readexactly(int(length.group(1)))
    writer.close()


async def _gateway_client(port: int, kapi: bool) -> None:
    async with websockets.connect(f"ws://127.0.0.1:{port}/gateway?v=4") as ws:
        heartbeat = json.dumps({"op": 1, "d": 1})
        if kapi:
            await ws.recv()
            await ws.send(json.dumps({"op": 4, "d": {"token": TOKEN, "intents": 0}}))
            await ws.recv()
        for _ in range(MESSAGES):
            await ws.send(heartbeat)
            reply = json.loads(await ws.recv())
            assert reply["op"] == 1, reply


def per_second(port: int, kind: str, kapi: bool) -> float:
    async def everyone() -> None:
        if kind == "rest":
            path = "/v4/users/@me" if kapi else "/echo"
            await asyncio.gather(*(_http_client(port, path) for _ in range(CLIENTS)))
        else:
            await asyncio.gather(*(_gateway_client(port, kapi) for _ in range(CLIENTS)))

    start = time.perf_counter()
    asyncio.run(everyone())
    count = REQUESTS if kind == "rest" else MESSAGES
    return CLIENTS * count / (time.perf_counter() - start)


def main() -> None:
    with started(KAPI_SERVER) as kapi_port, started(["-c", ECHO_SERVER]) as echo_port:
        for kind, goal, unit, what in (
            ("rest", REST_GOAL, "req/s", "GET /v4/users/@me"),
            ("gateway", GATEWAY_GOAL, "msg/s", "heartbeat round trips"),
        ):
            best_kapi = best_echo = 0.0
            for _ in range(ROUNDS):  # alternate, so that noise hits both alike
                best_kapi = max(best_kapi, per_second(kapi_port, kind, True))
                best_echo = max(best_echo, per_second(echo_port, kind, False))
            ratio = best_echo / best_kapi
            verdict = "meets" if ratio <= goal else "MISSES"
            print(
                f"kapi-{kind}-throughput: ratio {ratio:.2f}x slower vs bare Starlette echo on uvicorn "
                f"(goal <= {goal}x, {verdict}); {what}: {best_kapi:,.0f} {unit} vs {best_echo:,.0f} {unit}, "
                f"{CLIENTS} clients",
                flush=True,
            )


if __name__ == "__main__":
    main()

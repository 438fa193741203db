"""Requests per second of the pec server next to a bare uvicorn + Starlette echo, same transport.

Both servers run as subprocesses on 127.0.0.1 in the same run (uvicorn, h11, one process each)
and are driven by the same lean keep-alive HTTP/1.1 client with the same concurrency, so the
ratio shows what pec's routing, catalog codecs, validation and SQLite cost on top of HTTP.

    .venv/bin/python benchmarks/bench_example_pec.py
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

CLIENTS = 20
REQUESTS = 150  # per client
ROUNDS = 3
GOAL = 0.5


def echo_server(port: int) -> None:
    """The baseline: a Starlette response of a small JSON object, served by uvicorn like pec."""
    import uvicorn
    from starlette.responses import Response
    from starlette.types import Receive, Scope, Send

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            body = json.dumps({"status": 725, "msg": "echo", "path": scope["path"]}).encode()
            await Response(body, 200, media_type="application/json")(scope, receive, send)

    # proto IPPROTO_TCP, as pec binds it: asyncio sets TCP_NODELAY only on such sockets
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    listener.setblocking(False)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    config = uvicorn.Config(
        app, lifespan="off", http="h11", loop="asyncio", log_config=None, access_log=False
    )
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)

    async def serve() -> None:
        await server.startup(sockets=[listener])
        await server.main_loop()

    asyncio.run(serve())


def start(command: list[str]) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"listening on \S+:(\d+)", line)
    if match is None:
        process.kill()
        raise RuntimeError(f"server did not start: {line!r}")
    return process, int(match.group(1))


async def request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: Any = None
) -> dict[str, Any]:
    payload = b"" if body is None else json.dumps(body).encode()
    writer.write(
        f"{method} {path} HTTP/1.1\r\nHost: b\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    )
    await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    result: dict[str, Any] = json.loads(await reader.readexactly(length))
    return result


async def hammer(port: int, paths: list[str]) -> float:
    """Requests per second of CLIENTS keep-alive connections sending REQUESTS GETs each."""

    async def one(number: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        path = paths[number % len(paths)]
        for _ in range(REQUESTS):
            await request(reader, writer, "GET", path)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one(number) for number in range(CLIENTS)))
    return CLIENTS * REQUESTS / (time.perf_counter() - started)


async def sessions(port: int, count: int) -> list[str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    found = []
    for number in range(count):
        account = {"account": f"bench{number}", "password": "secret1"}
        await request(reader, writer, "POST", "/usr/signup", account)
        found.append((await request(reader, writer, "POST", "/usr/login", account))["sessionId"])
    offers = [{"amount": 1, "value": 5, "type": "wind", "timestampExpire": 4102444800000}] * 20
    await request(reader, writer, "POST", "/tx/delivery", {"sessionId": found[0], "tx": offers})
    writer.close()
    return found


def main() -> None:
    pec_command = [sys.executable, "-m", "statuskit", "example", "pec", "--host", "127.0.0.1", "--port", "0"]
    with tempfile.TemporaryDirectory() as data:
        pec, pec_port = start(
            [*pec_command, "--data", data, "--quiet", "--admin-id", "bench", "--hash-memory", "64"]
        )
        echo, echo_port = start([sys.executable, os.path.abspath(__file__), "--echo-server"])
        try:
            ids = asyncio.run(sessions(pec_port, CLIENTS))
            routes = {
                "heartbeat (GET /usr/alive, one write)": [f"/usr/alive/{s}" for s in ids],
                "account (GET /usr/account, reads)": [f"/usr/account/{s}" for s in ids],
                "pool (GET /tx/pool, 20 offers)": [f"/tx/pool/{s}" for s in ids],
            }
            for label, paths in routes.items():
                # alternate rounds and keep each side's best, so that a busy machine skews both alike
                baselines, measures = [], []
                for _ in range(ROUNDS):
                    baselines.append(asyncio.run(hammer(echo_port, paths)))
                    measures.append(asyncio.run(hammer(pec_port, paths)))
                baseline, measured = max(baselines), max(measures)
                ratio = measured / baseline
                print(
                    f"pec-{label}: {measured:.0f} req/s vs {baseline:.0f} req/s bare uvicorn+Starlette echo,"
                    f" ratio {ratio:.2f}x (goal >= {GOAL}x)"
                )
        finally:
            for process in (pec, echo):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)


if __name__ == "__main__":
    if sys.argv[1:] == ["--echo-server"]:
        echo_server(0)
    else:
        main()

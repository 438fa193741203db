"""Requests per second of the NemesisDB reference server against a bare websockets echo server.

Both servers run as their own processes on 127.0.0.1 in the same run, driven by the same
clients (asyncio websockets, 20 connections, requests in turn on each): the echo server answers
each frame with the frame itself, which is the cost of the transport alone.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from websockets.asyncio.client import connect

CLIENTS = 20
REQUESTS = 500
LISTENING = re.compile(r"listening on (\S+):(\d+)")

ECHO_SERVER = """
import asyncio
from websockets.asyncio.server import serve

async def echo(ws):
    async for message in ws:
        await ws.send(message)

async def main():
    async with serve(echo, "127.0.0.1", 0, compression=None) as server:
        host, port = next(iter(server.sockets)).getsockname()[:2]
        print(f"listening on {host}:{port}", flush=True)
        await asyncio.Future()

asyncio.run(main())
"""


@contextmanager
def started(command: list[str]) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        match = LISTENING.search(process.stdout.readline())
        if match is None:
            raise RuntimeError(f"{command[:4]} did not start")
        yield f"ws://{match.group(1)}:{match.group(2)}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def drive(uri: str, request: Callable[[int, int], str]) -> float:
    """Requests per second over CLIENTS connections of REQUESTS requests each."""

    async def client(number: int) -> None:
        async with connect(uri) as ws:
            await ws.send(json.dumps({"SH_NEW": {"name": f"bench-{number}"}}))
            reply = json.loads(await ws.recv())
            token = reply.get("SH_NEW_RSP", {}).get("tkn", 1)
            for i in range(REQUESTS):
                await ws.send(request(token, i))
                await ws.recv()

    begin = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return CLIENTS * REQUESTS / (time.perf_counter() - begin)


def kv(token: int, i: int) -> str:
    if i % 2:
        return json.dumps({"KV_GET": {"tkn": token, "keys": [f"k{i % 10}"]}})
    return json.dumps({"KV_SET": {"tkn": token, "keys": {f"k{i % 10}": {"n": i, "tag": "bench"}}}})


def main() -> None:
    server = [sys.executable, "-m", "statuskit", "example", "nemesisdb", "--host", "127.0.0.1", "--port", "0"]
    with started(server) as nemesis, started([sys.executable, "-c", ECHO_SERVER]) as echo:
        asyncio.run(drive(echo, kv))  # warm both up before measuring
        asyncio.run(drive(nemesis, kv))
        baseline = asyncio.run(drive(echo, kv))
        measured = asyncio.run(drive(nemesis, kv))
    print(
        f"nemesisdb-kv-set-get: ratio {measured / baseline:.2f}x of bare websockets echo "
        f"({measured:,.0f} vs {baseline:,.0f} req/s, {CLIENTS} clients; goal >= 0.5x)"
    )


if __name__ == "__main__":
    main()

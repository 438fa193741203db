"""kAPI reference server under a bounded load: no request lost, none answered wrongly."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from support.servers import RunningServer, server

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml")

CLIENTS = 50
REQUESTS = 100
HEARTBEATS = 20
TOKENS = [f"load-token-{n}" for n in range(CLIENTS)]


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options = [item for token in TOKENS for item in ("--token", token)]
    with server("kapi", *options, "--rate-limit", "1000000") as running:
        yield running


class HttpConnection:
    """One keep-alive HTTP/1.1 connection, as small as a client can be, so that the load measures
    the server (httpx costs the test process milliseconds of CPU a request)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, host: str, port: int) -> HttpConnection:
        return cls(*await asyncio.open_connection(host, port), f"{host}:{port}")

    async def get(self, path: str, token: str) -> tuple[int, dict[str, str], Any]:
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n\r\n"
        self.writer.write(request.encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ")[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        body = await self.reader.readexactly(int(headers["content-length"]))
        return status, headers, json.loads(body)

    def close(self) -> None:
        self.writer.close()


async def rest_client(host: str, port: int, token: str, image: dict[str, Any]) -> int:
    """REQUESTS requests of three kinds on one connection, each answer checked against the question."""
    connection = await HttpConnection.open(host, port)
    try:
        status, _, me = await connection.get("/v4/users/@me", token)
        assert status == 200
        answered = 1
        for n in range(REQUESTS - 1):
            if n % 25 == 24:
                status, headers, body = await connection.get(f"/v4/users/{n}", token)
                assert (status, body) == (404, {"code": 10001, "message": f"unknown user {n}"})
            elif n % 2:
                status, headers, body = await connection.get(f"/v4/users/{me['id']}", token)
                assert (status, body) == (200, me)
            else:
                status, headers, body = await connection.get(
                    f"/v4/images/{image['category']}/{image['id']}", token
                )
                assert (status, body) == (200, image)
            assert headers["x-ratelimit-limit"] == "1000000"
            assert 0 <= int(headers["x-ratelimit-remaining"]) < 1_000_000
            answered += 1
        return answered
    finally:
        connection.close()


async def gateway_client(url: str, token: str) -> int:
    """Identify, then HEARTBEATS heartbeats, each acked in order."""
    async with websockets.connect(url) as ws:
        assert json.loads(await ws.recv())["op"] == 3
        await ws.send(json.dumps({"op": 4, "d": {"token": token, "intents": 0}}))
        ready = json.loads(await ws.recv())
        assert ready["t"] == "READY" and ready["s"] == 1
        acks = 0
        for _ in range(HEARTBEATS):
            await ws.send(json.dumps({"op": 1, "d": 1}))
            assert json.loads(await ws.recv()) == {"op": 1, "a": True}
            acks += 1
        return acks


def test_many_clients_at_once_get_every_answer_right(running: RunningServer) -> None:
    base = f"http://{running.host}:{running.port}"
    image = httpx.get(f"{base}/v4/images/nom/random", headers={"Authorization": f"Bot {TOKENS[-1]}"}).json()

    async def everyone() -> tuple[list[int], list[int]]:
        rest = [rest_client(running.host, running.port, token, image) for token in TOKENS]
        url = f"ws://{running.host}:{running.port}/gateway?v=4"
        gateway = [gateway_client(url, token) for token in TOKENS]
        together = asyncio.gather(asyncio.gather(*rest), asyncio.gather(*gateway))
        answers, acks = await asyncio.wait_for(together, timeout=60)
        return answers, acks

    answers, acks = asyncio.run(everyone())
    assert answers == [REQUESTS] * CLIENTS
    assert acks == [HEARTBEATS] * CLIENTS
    assert running.process.poll() is None, "the server is still up"

"""kAPI reference server under a bounded load: no request lost, none answered wrongly."""

from __future__ import annotations

import asyncio
import json
import resource
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from support.servers import RunningServer, server

from statuskit.examples.kapi.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/kapi.yaml", unreachable=UNREACHABLE)

CLIENTS = 50
REQUESTS = 100
HEARTBEATS = 20
TOKENS = [f"load-token-{n}" for n in range(CLIENTS)]


@pytest.fixture(scope="module")
def running() -> Iterator[RunningServer]:
    options = [item for token in TOKENS for item in ("--bot-token", f"{token}:READ_IMAGES,READ_USERS")]
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
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bot {token}\r\n\r\n"
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
        status, _, public = await connection.get(f"/v4/users/{me['id']}", token)
        assert status == 200 and public["id"] == me["id"]
        answered = 2
        for n in range(REQUESTS - 2):
            if n % 25 == 24:
                status, headers, body = await connection.get(f"/v4/users/{n}", token)
                assert (status, body) == (404, {"code": 10001, "message": f"unknown user {n}"})
            elif n % 2:
                status, headers, body = await connection.get(f"/v4/users/{me['id']}", token)
                assert (status, body) == (200, public)
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


ATTACKERS = 400
SERVER_FILES = 256
"""The server runs with this many file descriptors, fewer than the attackers' connections."""
ATTACK_SECONDS = 6.0
GOOD_REQUESTS = 60


async def slow_header(host: str, port: int, stop: asyncio.Event) -> int:
    """One attacker connection: a request line, then one header byte every half second."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        return 0
    sent = 0
    try:
        writer.write(b"GET /v4/gateway HTTP/1.1\r\nX-Slow: ")
        while not stop.is_set() and not reader.at_eof():
            await asyncio.sleep(0.5)
            writer.write(b"a")
            await writer.drain()
            sent += 1
    except (OSError, ConnectionError):
        pass
    finally:
        writer.close()
    return sent


def test_a_slow_header_flood_does_not_starve_a_well_behaved_client() -> None:
    """400 connections trickling headers from the client's own address, against a server allowed 256
    open files: at least 95% of the well-behaved client's requests still succeed."""
    token = "slow-test-token"
    options = ("--bot-token", token, "--header-timeout", "2", "--max-pending-per-address", "16")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, hard))  # the server inherits it
    try:
        started = server("kapi", *options, "--rate-limit", "1000000")
        running = started.__enter__()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        host, port = running.host, running.port

        async def attack_and_measure() -> tuple[int, float]:
            stop = asyncio.Event()
            attackers = [asyncio.create_task(slow_header(host, port, stop)) for _ in range(ATTACKERS)]
            await asyncio.sleep(0.5)
            ok = 0
            deadline = asyncio.get_running_loop().time() + ATTACK_SECONDS
            started = asyncio.get_running_loop().time()
            for _ in range(GOOD_REQUESTS):
                if asyncio.get_running_loop().time() > deadline:
                    break
                try:
                    connection = await asyncio.wait_for(HttpConnection.open(host, port), 2)
                    try:
                        status, _, _ = await asyncio.wait_for(connection.get("/v4/gateway", token), 2)
                    finally:
                        connection.close()
                    ok += status == 200
                except (TimeoutError, OSError, asyncio.IncompleteReadError):
                    pass
            elapsed = asyncio.get_running_loop().time() - started
            stop.set()
            await asyncio.wait_for(asyncio.gather(*attackers), 10)
            return ok, elapsed

        ok, elapsed = asyncio.run(attack_and_measure())
        assert ok >= 0.95 * GOOD_REQUESTS, f"{ok} of {GOOD_REQUESTS} requests succeeded in {elapsed:.1f} s"
        assert running.process.poll() is None
    finally:
        started.__exit__(None, None, None)


def test_headers_trickled_for_longer_than_the_header_timeout_are_cut_off() -> None:
    with server("kapi", "--header-timeout", "1") as running:

        async def trickle() -> float:
            reader, writer = await asyncio.open_connection(running.host, running.port)
            writer.write(b"GET / HTTP/1.1\r\nX-Slow: ")
            start = asyncio.get_running_loop().time()
            try:
                while not reader.at_eof() and asyncio.get_running_loop().time() - start < 8:
                    writer.write(b"a")
                    await writer.drain()
                    await asyncio.sleep(0.2)
            except (OSError, ConnectionError):
                pass
            finally:
                writer.close()
            return asyncio.get_running_loop().time() - start

        took = asyncio.run(trickle())
        assert took < 4, f"a connection sending one byte every 0.2 s stayed open {took:.1f} s"


def test_a_body_trickled_for_longer_than_the_body_timeout_is_50004() -> None:
    token = "body-test-token"
    with server("kapi", "--user-token", token, "--body-timeout", "1") as running:

        async def trickle() -> bytes:
            reader, writer = await asyncio.open_connection(running.host, running.port)
            head = (
                f"PATCH /v4/users/@me HTTP/1.1\r\nHost: k\r\nAuthorization: Bearer {token}\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            )
            writer.write(head.encode())
            try:
                for _ in range(10):  # 2 s of one byte every 0.2 s: past the 1 s body timeout
                    await asyncio.sleep(0.2)
                    writer.write(b" ")
                    await writer.drain()
            except (OSError, ConnectionError):
                pass
            try:
                return await asyncio.wait_for(reader.read(65536), 5)
            finally:
                writer.close()

        reply = asyncio.run(trickle())
        assert reply.startswith(b"HTTP/1.1 400 ") and b'"code":50004' in reply, reply[:300]
        assert b"in time" in reply

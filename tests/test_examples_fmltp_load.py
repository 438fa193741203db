"""Bounded loads on the FmLTP server: 50 plain clients × 200 requests and 10 encrypted × 100, none lost or wrong."""

from __future__ import annotations

import asyncio
import json
import random
import time
from pathlib import Path

import pytest
from support.servers import server, stop

from statuskit.examples.fmltp.client import FmltpClient
from statuskit.examples.fmltp.library import BACKENDS
from statuskit.examples.fmltp.replies import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)})

CLIENTS = 50
REQUESTS = 200
OK = b"200 General success.\r\n"


def expected_listing(lines: list[str]) -> bytes:
    if not lines:
        return OK
    texts = ["General success.", *lines]
    return b"".join(
        f"200{' ' if i == len(texts) - 1 else '-'}{text}\r\n".encode() for i, text in enumerate(texts)
    )


def plan(number: int) -> tuple[list[tuple[str, bytes]], list[int]]:
    """Client ``number``'s requests with the exact reply each must get, and the ids it queues."""
    rng = random.Random(number)
    steps: list[tuple[str, bytes]] = []
    queued: list[int] = []
    backend = "library"
    steps.append(("SELECT library", OK))
    while len(steps) < REQUESTS:
        kind = rng.choice(("list", "search", "queue", "select", "bad", "help"))
        tracks = BACKENDS[backend]
        if kind == "list":
            steps.append(("LIST", expected_listing([t.line() for t in tracks])))
        elif kind == "search":
            word = rng.choice(rng.choice(tracks).title.split())
            found = [t.line() for t in tracks if word.casefold() in t.title.casefold()]
            steps.append((f"search  {word.upper()}", expected_listing(found)))
        elif kind == "queue":
            track = rng.choice(tracks)
            queued.append(track.id)
            steps.append((f"QUEUE {track.id}", OK))
        elif kind == "select":
            backend = "radio" if backend == "library" else "library"
            steps.append((f"SELECT {backend}", OK))
        elif kind == "bad":
            steps.append((f"NOPE{number}", b"400 Invalid command or operative: unknown command\r\n"))
        else:
            steps.append(("HELP QUEUE extra", b"410 Too many arguments passed: usage: HELP [command]\r\n"))
    return steps, queued


async def reply(reader: asyncio.StreamReader) -> bytes:
    last = data = await reader.readuntil(b"\r\n")
    while last[3:4] == b"-":
        last = await reader.readuntil(b"\r\n")
        data += last
    return data


async def client(port: int, number: int) -> tuple[int, list[str]]:
    """Run one client's plan; the number of right answers and a description of each wrong one."""
    steps, _ = plan(number)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    wrong: list[str] = []
    try:
        assert await reader.readuntil(b"\r\n") == b"FlexMusic Server,0.0.0\r\n"
        writer.write(f"load {number},0.0.0\r\nAUTH user{number} pw{number}\r\n".encode())
        assert await reply(reader) == b"100 The client and server are both the same version.\r\n"
        assert await reply(reader) == b"150 Authentication successful.\r\n"
        right = 0
        for request, expected in steps:
            writer.write(request.encode() + b"\r\n")
            got = await reply(reader)
            if got == expected:
                right += 1
            else:
                wrong.append(f"client {number}: {request!r} got {got!r}, expected {expected!r}")
        writer.write(b"QUIT\r\n")
        assert await reply(reader) == OK
    finally:
        writer.close()
    return right, wrong


def test_50_clients_200_requests_each_all_answered_right(tmp_path: Path) -> None:
    users = [option for n in range(CLIENTS) for option in ("--user", f"user{n}:pw{n}")]
    options = ("--hash-profile", "cheapest", "--lockout", "0", "--log", "none", "--encryption", "none")
    limits = ("--max-connections", str(CLIENTS * 2), "--max-connections-per-address", str(CLIENTS * 2))
    with server("fmltp", *options, *limits, "--data", str(tmp_path), *users) as running:

        async def everyone() -> list[tuple[int, list[str]]]:
            return await asyncio.gather(*(client(running.port, n) for n in range(CLIENTS)))

        start = time.monotonic()
        results = asyncio.run(asyncio.wait_for(everyone(), timeout=60))
        elapsed = time.monotonic() - start
        assert stop(running) == 0
    wrong = [item for _, items in results for item in items]
    assert wrong == []
    assert sum(right for right, _ in results) == CLIENTS * REQUESTS
    saved = json.loads((tmp_path / "queues.json").read_text("utf-8"))["queues"]
    assert saved == {f"user{n}": plan(n)[1] for n in range(CLIENTS) if plan(n)[1]}
    assert elapsed < 30, f"{CLIENTS * REQUESTS} requests took {elapsed:.1f} s"


ENCRYPTED_CLIENTS = 10
ENCRYPTED_REQUESTS = 100
DH_PARAMS = str(Path(__file__).parent / "fixtures" / "fmltp" / "dh1024.pem")


async def encrypted_client(port: int, number: int) -> list[str]:
    """Client ``number``'s plan over Fernet tokens; a description of each wrong reply."""
    steps, _ = plan(number)
    wrong: list[str] = []
    client = await FmltpClient.connect("127.0.0.1", port, name=f"load {number}", timeout=60)
    async with client:
        assert (await client.auth(f"user{number}", f"pw{number}")).code == 150
        for request, expected in steps[:ENCRYPTED_REQUESTS]:
            reply = await client.command(request)
            got = reply.status.message()
            first = expected.split(b"\r\n")[0][4:].decode()
            lines = tuple(entry[4:].decode() for entry in expected.split(b"\r\n")[1:-1])
            if (reply.code, got, reply.lines) != (int(expected[:3]), first, lines):
                wrong.append(f"client {number}: {request!r} got {reply.text()!r}, expected {expected!r}")
    return wrong


@pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields")
def test_10_encrypted_clients_100_requests_each_all_answered_right(tmp_path: Path) -> None:
    users = [option for n in range(ENCRYPTED_CLIENTS) for option in ("--user", f"user{n}:pw{n}")]
    options = ("--hash-profile", "cheapest", "--lockout", "0", "--log", "none", "--dh-params", DH_PARAMS)
    limits = ("--max-connections", "64", "--max-connections-per-address", "64", "--handshake-timeout", "30")
    with server("fmltp", *options, *limits, *users) as running:

        async def everyone() -> list[list[str]]:
            return await asyncio.gather(
                *(encrypted_client(running.port, n) for n in range(ENCRYPTED_CLIENTS))
            )

        start = time.monotonic()
        results = asyncio.run(asyncio.wait_for(everyone(), timeout=90))
        elapsed = time.monotonic() - start
        assert stop(running) == 0
    assert [item for items in results for item in items] == []
    assert elapsed < 60, f"{ENCRYPTED_CLIENTS * ENCRYPTED_REQUESTS} encrypted requests took {elapsed:.1f} s"

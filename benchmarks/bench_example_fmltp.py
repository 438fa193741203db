"""Requests per second of the FmLTP reference server, encrypted and plain, against a bare asyncio echo.

Three servers run as their own processes on 127.0.0.1 in the same run, driven the same way
(20 connections at once, one request at a time on each, waiting for the reply):

- ``echo``: a bare asyncio line server answering each line with ``200 <line>``: the cost of the
  transport alone, driven by raw asyncio streams;
- ``plain``: ``statuskit example fmltp --encryption none``;
- ``fernet``: ``statuskit example fmltp`` in its default mode, every request and reply a Fernet
  token (the client encrypts and decrypts too, as any FmLTP client must).

Both FmLTP modes are driven by ``statuskit.examples.fmltp.client`` after AUTH and SELECT, with
``SEARCH moon`` (a two-line reply through the catalog runtime and the line codec). It also
measures handshakes per second (connect, handshake, QUIT, one after another), where the
encrypted mode pays for the Diffie-Hellman exchange on both sides.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from statuskit.examples.fmltp.client import FmltpClient

CLIENTS = 20
REQUESTS = 300
ROUNDS = 3
HANDSHAKES = 20
GOAL_PLAIN = 3.0
"""plain vs echo: the runtime's cost over the bare transport."""
ENCRYPTION = {"plain": "none", "fernet": "fernet"}
LISTENING = re.compile(r"listening on (\S+):(\d+)")
DH_PARAMS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "fmltp" / "dh1024.pem"

ECHO_SERVER = """
import asyncio

async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(b"200 " + line.rstrip(b"\\r\\n") + b"\\r\\n")
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"listening on {host}:{port}", flush=True)
    await server.serve_forever()

asyncio.run(main())
"""

FMLTP_SERVER = [
    *("-m", "statuskit", "example", "fmltp", "--host", "127.0.0.1", "--port", "0"),
    *("--log", "none", "--lockout", "0", "--hash-profile", "cheapest", "--user", "bench:pw"),
    *("--max-connections", str(CLIENTS * 2), "--max-connections-per-address", str(CLIENTS * 2)),
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


Job = Callable[[], Awaitable[None]]
"""One connected client's requests, or its closing."""


async def _echo_requests(port: int) -> tuple[Job, Job]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def requests() -> None:
        for _ in range(REQUESTS):
            writer.write(b"SEARCH moon\r\n")
            reply = await reader.readuntil(b"\r\n")
            assert reply.startswith(b"200"), reply

    async def close() -> None:
        writer.close()

    return requests, close


async def _fmltp_requests(port: int, encryption: str) -> tuple[Job, Job]:
    client = await FmltpClient.connect("127.0.0.1", port, encryption=encryption, timeout=60)
    assert (await client.auth("bench", "pw")).ok
    assert (await client.command("SELECT library")).ok

    async def requests() -> None:
        for _ in range(REQUESTS):
            reply = await client.command("SEARCH moon")
            assert reply.lines == ("4 Moonlight Sonata",), reply

    return requests, client.close


def requests_per_second(port: int, mode: str) -> float:
    """Requests per second once every client is connected (handshakes are not timed here)."""

    async def everyone() -> float:
        if mode == "echo":
            ready = [await _echo_requests(port) for _ in range(CLIENTS)]
        else:
            ready = [await _fmltp_requests(port, ENCRYPTION[mode]) for _ in range(CLIENTS)]
        start = time.perf_counter()
        await asyncio.gather(*(requests() for requests, _ in ready))
        elapsed = time.perf_counter() - start
        for _, close in ready:
            await close()
        return elapsed

    return CLIENTS * REQUESTS / asyncio.run(everyone())


def handshakes_per_second(port: int, encryption: str) -> float:
    async def one_after_another() -> float:
        start = time.perf_counter()
        for _ in range(HANDSHAKES):
            client = await FmltpClient.connect("127.0.0.1", port, encryption=ENCRYPTION[encryption])
            async with client:
                await client.command("QUIT")
        return time.perf_counter() - start

    return HANDSHAKES / asyncio.run(one_after_another())


def main() -> None:
    warnings.filterwarnings("ignore", message="Diffie-Hellman over finite fields")
    fernet_server = [*FMLTP_SERVER, "--dh-params", str(DH_PARAMS)]
    plain_server = [*FMLTP_SERVER, "--encryption", "none"]
    best = {"echo": 0.0, "plain": 0.0, "fernet": 0.0}
    with (
        started(fernet_server) as fernet_port,
        started(plain_server) as plain_port,
        started(["-c", ECHO_SERVER]) as echo_port,
    ):
        ports = {"echo": echo_port, "plain": plain_port, "fernet": fernet_port}
        for _ in range(ROUNDS):  # alternate, so that noise hits all alike
            for mode, port in ports.items():
                best[mode] = max(best[mode], requests_per_second(port, mode))
        shakes = {mode: handshakes_per_second(ports[mode], mode) for mode in ("plain", "fernet")}
    plain_ratio = best["echo"] / best["plain"]
    fernet_ratio = best["plain"] / best["fernet"]
    print(
        f"fmltp-search-rps: echo {best['echo']:,.0f} req/s | plain {best['plain']:,.0f} req/s | "
        f"fernet {best['fernet']:,.0f} req/s; {CLIENTS} clients",
        flush=True,
    )
    print(
        f"fmltp-plain-vs-echo: ratio {plain_ratio:.2f}x slower (goal <= {GOAL_PLAIN}x, "
        f"{'meets' if plain_ratio <= GOAL_PLAIN else 'MISSES'})",
        flush=True,
    )
    print(
        f"fmltp-fernet-vs-plain: ratio {fernet_ratio:.2f}x slower (four Fernet operations per "
        "request, two on each side, and token framing)",
        flush=True,
    )
    print(
        f"fmltp-handshakes: plain {shakes['plain']:,.1f}/s | fernet {shakes['fernet']:,.1f}/s "
        f"(one after another; the DH key checks cost ~30 ms on each side)",
        flush=True,
    )


if __name__ == "__main__":
    main()

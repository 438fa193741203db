"""Requests per second of the FmLTP reference server against a bare asyncio line echo server.

Both servers run as their own processes on 127.0.0.1 in the same run, driven by the same
clients (asyncio streams, 20 connections, one request at a time on each, waiting for the reply):
the echo server answers each line with ``200 <line>``, which is the cost of the transport alone.
The FmLTP requests are ``SEARCH moon`` after AUTH and SELECT (a two-line reply through the
catalog runtime and the line codec).
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

CLIENTS = 20
REQUESTS = 500
ROUNDS = 3
GOAL = 3.0
LISTENING = re.compile(r"listening on (\S+):(\d+)")

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
    *("--max-connections", str(CLIENTS * 2)),
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


async def _reply(reader: asyncio.StreamReader) -> bytes:
    last = data = await reader.readuntil(b"\r\n")
    while last[3:4] == b"-":
        last = await reader.readuntil(b"\r\n")
        data += last
    return data


async def _client(port: int, fmltp: bool) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"SEARCH moon\r\n"
    if fmltp:
        await reader.readuntil(b"\r\n")
        writer.write(b"bench,0.0.0\r\nAUTH bench pw\r\nSELECT library\r\n")
        for _ in range(3):
            await _reply(reader)
    for _ in range(REQUESTS):
        writer.write(request)
        reply = await _reply(reader)
        assert reply.startswith(b"200"), reply
    writer.close()


def requests_per_second(port: int, fmltp: bool) -> float:
    async def everyone() -> None:
        await asyncio.gather(*(_client(port, fmltp) for _ in range(CLIENTS)))

    start = time.perf_counter()
    asyncio.run(everyone())
    return CLIENTS * REQUESTS / (time.perf_counter() - start)


def main() -> None:
    with started(FMLTP_SERVER) as fmltp_port, started(["-c", ECHO_SERVER]) as echo_port:
        best_fmltp = best_echo = 0.0
        for _ in range(ROUNDS):  # alternate, so that noise hits both alike
            best_fmltp = max(best_fmltp, requests_per_second(fmltp_port, True))
            best_echo = max(best_echo, requests_per_second(echo_port, False))
    ratio = best_echo / best_fmltp
    verdict = "meets" if ratio <= GOAL else "MISSES"
    print(
        f"fmltp-search-rps: ratio {ratio:.2f}x slower vs bare asyncio line echo (goal <= {GOAL}x, "
        f"{verdict}); {best_fmltp:,.0f} req/s vs {best_echo:,.0f} req/s, {CLIENTS} clients",
        flush=True,
    )


if __name__ == "__main__":
    main()

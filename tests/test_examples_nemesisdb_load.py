"""NemesisDB reference server under load and under attack, with bounded time and memory.

The first test checks that many clients at once are all answered rightly. The others run one
attack each (a backtracking regular expression, costly paths over a large session, a flood of
keys, of sessions, of idle connections) while a well-behaved client sets and reads its keys with
a deadline on every answer; it must keep at least ``GOAL`` of its requests answered rightly and
in time, and the server's memory must stay within what its limits allow.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from support.servers import RunningServer, server, stop
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from statuskit.examples.nemesisdb.unreachable import UNREACHABLE

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable=UNREACHABLE)

CLIENTS = 50
REQUESTS = 200
"""Per client: one SH_NEW, then KV_SET and KV_GET in turn, each checked against what was sent."""
GOAL = 0.95
ATTACK_SECONDS = 4.0
DEADLINE = 0.5
"""Seconds within which the well-behaved client wants each answer."""


async def ask(ws: ClientConnection, message: dict[str, Any], timeout: float = 10) -> dict[str, Any]:
    await ws.send(json.dumps(message))
    reply: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return reply


async def one_client(uri: str, number: int) -> int:
    async with connect(uri) as ws:
        created = await ask(ws, {"SH_NEW": {"name": f"client-{number}"}})
        token = created["SH_NEW_RSP"]["tkn"]
        answered = 1
        for i in range(1, REQUESTS // 2):
            key, value = f"k{i % 7}", {"client": number, "i": i}
            set_reply = await ask(ws, {"KV_SET": {"tkn": token, "keys": {key: value}}})
            expected = 21 if i >= 8 else 20
            assert set_reply == {"KV_SET_RSP": {"tkn": token, "keys": {key: expected}}}
            get_reply = await ask(ws, {"KV_GET": {"tkn": token, "keys": [key]}})
            assert get_reply == {"KV_GET_RSP": {"tkn": token, "keys": {key: value}}}
            answered += 2
        count = await ask(ws, {"KV_COUNT": {"tkn": token}})
        assert count == {"KV_COUNT_RSP": {"st": 1, "cnt": 7, "tkn": token}}
        return answered + 1


def test_50_clients_of_200_requests_each_are_all_answered_rightly() -> None:
    async def load(uri: str) -> list[int]:
        return await asyncio.gather(*(one_client(uri, n) for n in range(CLIENTS)))

    with server("nemesisdb") as running:
        started = time.monotonic()
        answered = asyncio.run(asyncio.wait_for(load(f"ws://{running.host}:{running.port}"), 60))
        elapsed = time.monotonic() - started
        assert answered == [REQUESTS] * CLIENTS
        assert stop(running) == 0
    assert elapsed < 30, f"{CLIENTS * REQUESTS} requests took {elapsed:.1f} s"


# -- attacks ------------------------------------------------------------------------------------


class WellBehaved:
    """A client that sets and reads its own key, wanting each answer within ``DEADLINE``.

    It connects before the attack starts. An answer that does not come in time counts as a
    failure, and the client then starts over on a new connection, as a real one would.
    """

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.good = self.tried = 0

    async def session(self) -> tuple[ClientConnection, int]:
        ws = await connect(self.uri, open_timeout=5)
        token = (await ask(ws, {"SH_NEW": {"name": "good"}}, 5))["SH_NEW_RSP"]["tkn"]
        await ask(ws, {"KV_SET": {"tkn": token, "keys": {"k": -1}}}, 5)
        return ws, token

    async def run(self, ws: ClientConnection, token: int, stop_at: float) -> None:
        while time.monotonic() < stop_at:
            i = self.tried
            self.tried += 1
            started = time.monotonic()
            try:
                set_reply = await ask(ws, {"KV_SET": {"tkn": token, "keys": {"k": i}}}, DEADLINE)
                get_reply = await ask(ws, {"KV_GET": {"tkn": token, "keys": ["k"]}}, DEADLINE)
            except (TimeoutError, ConnectionClosed):
                await ws.close()
                ws, token = await self.session()
                continue
            right = set_reply["KV_SET_RSP"]["keys"] == {"k": 21} and get_reply["KV_GET_RSP"]["keys"] == {
                "k": i
            }
            self.good += right and time.monotonic() - started <= DEADLINE
            await asyncio.sleep(0.005)
        await ws.close()

    @property
    def ratio(self) -> float:
        return self.good / self.tried if self.tried else 0.0


Attack = Callable[[str, float], Coroutine[Any, Any, None]]


def under_attack(running: RunningServer, attack: Attack, attackers: int = 4) -> tuple[float, int]:
    """The well-behaved client's success ratio and requests while ``attackers`` run ``attack``."""
    uri = f"ws://{running.host}:{running.port}"

    async def main() -> tuple[float, int]:
        client = WellBehaved(uri)
        ws, token = await client.session()
        stop_at = time.monotonic() + ATTACK_SECONDS
        tasks = [asyncio.create_task(attack(uri, stop_at)) for _ in range(attackers)]
        await asyncio.sleep(0.3)  # the attack is under way first
        await client.run(ws, token, stop_at)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return client.ratio, client.tried

    return asyncio.run(main())


def rss_mib(running: RunningServer) -> float:
    for line in Path(f"/proc/{running.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def fill_session(ws: ClientConnection, token: int, count: int, value: Any) -> None:
    for start in range(0, count, 10):
        keys = {f"k{i}": value for i in range(start, min(count, start + 10))}
        await ws.send(json.dumps({"KV_SETQ": {"tkn": token, "keys": keys}}))
    await ask(ws, {"KV_COUNT": {"tkn": token}})


async def redos(uri: str, stop_at: float) -> None:
    async with connect(uri) as ws:
        token = (await ask(ws, {"SH_NEW": {"name": "evil"}}))["SH_NEW_RSP"]["tkn"]
        await fill_session(ws, token, 200, {"name": "a" * 28 + "!"})
        find = {"KV_FIND": {"tkn": token, "path": "$[?(@.name =~ '(a+)+$')]", "rsp": "keys"}}
        while time.monotonic() < stop_at:
            await ask(ws, find, 30)


async def costly_paths(uri: str, stop_at: float) -> None:
    async with connect(uri) as ws:
        token = (await ask(ws, {"SH_NEW": {"name": "evil"}}))["SH_NEW_RSP"]["tkn"]
        nested: Any = 1
        for _ in range(40):
            nested = [nested, {"a": nested if isinstance(nested, int) else 1}]
        await fill_session(ws, token, 2000, nested)
        while time.monotonic() < stop_at:
            await ask(ws, {"KV_FIND": {"tkn": token, "path": "$..*", "rsp": "paths"}}, 30)


async def key_flood(uri: str, stop_at: float) -> None:
    async with connect(uri) as ws:
        token = (await ask(ws, {"SH_NEW": {"name": "evil"}}))["SH_NEW_RSP"]["tkn"]
        n = 0
        while time.monotonic() < stop_at:
            keys = {f"{id(ws)}-{n + i}": "x" * 80 for i in range(8)}
            n += 8
            await ask(ws, {"KV_SET": {"tkn": token, "keys": keys}})


async def session_flood(uri: str, stop_at: float) -> None:
    async with connect(uri) as ws:
        while time.monotonic() < stop_at:
            await ask(ws, {"SH_NEW": {"name": "evil"}})


async def idle_connections(uri: str, stop_at: float) -> None:
    opened: list[ClientConnection] = []
    try:
        while time.monotonic() < stop_at:
            try:
                opened.append(await connect(uri, open_timeout=2))
            except Exception:
                await asyncio.sleep(0.05)
    finally:
        for ws in opened:
            with contextlib.suppress(Exception):
                await ws.close()


@pytest.mark.parametrize(
    ("name", "attack", "options"),
    [
        ("regex", redos, ()),
        ("paths", costly_paths, ("--max-payload", "65536")),
        ("keys", key_flood, ("--max-bytes", str(8 << 20), "--max-keys", "50000")),
        ("sessions", session_flood, ("--max-sessions", "2000")),
        ("connections", idle_connections, ("--max-connections", "200", "--idle-timeout", "60")),
    ],
)
def test_a_well_behaved_client_keeps_95_percent_during_an_attack(
    name: str, attack: Attack, options: tuple[str, ...]
) -> None:
    with server("nemesisdb", *options) as running:
        before = rss_mib(running)
        ratio, tried = under_attack(running, attack)
        grown = rss_mib(running) - before
        print(f"{name}: {ratio:.1%} of {tried} right in time; server grew {grown:.0f} MiB")
        assert tried >= 40, f"{name}: only {tried} requests in {ATTACK_SECONDS} s"
        assert ratio >= GOAL, f"{name}: the well-behaved client got {ratio:.1%} answered rightly in time"
        assert grown < 200, f"{name}: the server grew by {grown:.0f} MiB"

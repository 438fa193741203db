"""NemesisDB reference server under load: many clients at once, no request lost or mixed up."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from support.servers import server, stop
from websockets.asyncio.client import connect

pytestmark = pytest.mark.statuskit(catalog="catalogs/nemesisdb.yaml", unreachable={"st": {}})

CLIENTS = 50
REQUESTS = 200
"""Per client: one SH_NEW, then KV_SET and KV_GET in turn, each checked against what was sent."""


async def one_client(uri: str, number: int) -> int:
    async with connect(uri) as ws:

        async def ask(message: dict[str, object]) -> dict[str, object]:
            await ws.send(json.dumps(message))
            reply: dict[str, object] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            return reply

        created = await ask({"SH_NEW": {"name": f"client-{number}"}})
        token = created["SH_NEW_RSP"]["tkn"]  # type: ignore[index]
        answered = 1
        for i in range(1, REQUESTS // 2):
            key, value = f"k{i % 7}", {"client": number, "i": i}
            set_reply = await ask({"KV_SET": {"tkn": token, "keys": {key: value}}})
            expected = 21 if i >= 8 else 20
            assert set_reply == {"KV_SET_RSP": {"st": 1, "tkn": token, "keys": {key: expected}}}
            get_reply = await ask({"KV_GET": {"tkn": token, "keys": [key]}})
            assert get_reply == {"KV_GET_RSP": {"st": 1, "tkn": token, "keys": {key: value}}}
            answered += 2
        count = await ask({"KV_COUNT": {"tkn": token}})
        assert count == {"KV_COUNT_RSP": {"st": 1, "tkn": token, "cnt": 7}}
        return answered + 1


async def load(uri: str) -> list[int]:
    return await asyncio.gather(*(one_client(uri, n) for n in range(CLIENTS)))


def test_50_clients_of_200_requests_each_are_all_answered_rightly() -> None:
    with server("nemesisdb") as running:
        started = time.monotonic()
        answered = asyncio.run(asyncio.wait_for(load(f"ws://{running.host}:{running.port}"), 60))
        elapsed = time.monotonic() - started
        assert answered == [REQUESTS] * CLIENTS
        assert stop(running) == 0
    assert elapsed < 30, f"{CLIENTS * REQUESTS} requests took {elapsed:.1f} s"

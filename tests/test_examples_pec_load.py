"""The pec server under bounded load on 127.0.0.1: no request lost, none answered wrongly, no offer sold twice."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import httpx
from support.pec import FUTURE, SPEAKS_PEC
from support.servers import server, stop

ADMIN = "load-admin"
FAST = ("--hash-time-cost", "1", "--hash-memory", "64", "--hash-workers", "2", "--admin-id", ADMIN, "--quiet")
pytestmark = SPEAKS_PEC

CLIENTS = 50
REQUESTS = 100
OFFERS = 150


class Connection:
    """A lean HTTP/1.1 keep-alive client on asyncio streams, so that the load measures the server
    rather than the client library (httpx drives the rest of the suite)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        payload = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: pec\r\nContent-Length: {len(payload)}\r\n"
        self.writer.write(head.encode() + b"Content-Type: application/json\r\n\r\n" + payload)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = await self.reader.readexactly(length)
        return int(status_line.split()[1]), json.loads(data) if data else None

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


async def _client(
    host: str, port: int, number: int, offers: list[str], tally: dict[str, int], rng: random.Random
) -> list[str]:
    """One user: sign up, log in, then REQUESTS requests in all; returns every problem seen."""
    problems: list[str] = []
    account = f"buyer{number}"
    connection = await Connection.open(host, port)

    async def call(method: str, path: str, expected: int, body: Any = None) -> dict[str, Any]:
        http, reply = await connection.request(method, path, body)
        if http != 200 or not isinstance(reply, dict) or reply.get("status") != expected:
            problems.append(f"{account} {method} {path}: {http} {str(reply)[:80]}")
            return {}
        return reply

    try:
        await call("POST", "/usr/signup", 721, {"account": account, "password": "secret1"})
        login = await call("POST", "/usr/login", 722, {"account": account, "password": "secret1"})
        session = login.get("sessionId", "")
        for step in range(REQUESTS - 2):
            kind = step % 4
            if kind == 0:
                await call("GET", f"/usr/alive/{session}", 725)
            elif kind == 1:
                body = await call("GET", f"/tx/pool/{session}", 731)
                if any(not isinstance(item.get("txHash"), str) for item in body.get("tx", [])):
                    problems.append(f"{account}: malformed pool entry")
            elif kind == 2:
                wanted = rng.choice(offers)
                body = await call(
                    "PUT", "/tx/purchase", 732, {"sessionId": session, "tx": [{"txHash": wanted}]}
                )
                result = body.get("result", [])
                if len(result) != 1 or result[0]["txHash"] != wanted:
                    problems.append(f"{account}: purchase answered for another offer: {result}")
                elif result[0]["msg"] == "succeed":
                    tally[wanted] = tally.get(wanted, 0) + 1
            else:
                body = await call("GET", f"/usr/account/{session}", 723)
                if body.get("account") != account:
                    problems.append(f"{account}: got the account of {body.get('account')!r}")
    finally:
        await connection.close()
    return problems


async def _load(host: str, port: int, offers: list[str]) -> tuple[list[str], dict[str, int]]:
    tally: dict[str, int] = {}
    rng = random.Random(7)
    results = await asyncio.gather(
        *(
            _client(host, port, number, offers, tally, random.Random(rng.random()))
            for number in range(CLIENTS)
        )
    )
    return [problem for problems in results for problem in problems], tally


def test_fifty_clients_times_a_hundred_requests(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), "--initial-balance", "500", *FAST) as running:
        base = f"http://{running.host}:{running.port}"
        with httpx.Client(base_url=base, timeout=10) as http:
            http.post("/usr/signup", json={"account": "seller", "password": "secret1"})
            session = http.post("/usr/login", json={"account": "seller", "password": "secret1"}).json()[
                "sessionId"
            ]
            tx = [{"amount": 1, "value": 40, "type": "wind", "timestampExpire": FUTURE}] * OFFERS
            created = http.post("/tx/delivery", json={"sessionId": session, "tx": tx}).json()["result"]
            offers = [item["txHash"] for item in created]
        problems, tally = asyncio.run(_load(running.host, running.port, offers))
        with httpx.Client(base_url=base, timeout=10) as http:
            world = http.get(f"/serv/show/{ADMIN}").json()
        assert stop(running) == 0
    assert problems == []
    # every purchase the clients were told succeeded happened exactly once, and nothing else was sold
    assert all(count == 1 for count in tally.values())
    sold = {item["txHash"]: item["buyer"] for item in world["offers"] if item["status"] == "succeeded"}
    assert set(sold) == set(tally)
    assert len(tally) > OFFERS // 2  # the load really did buy things
    balances = {user["account"]: user["balance"] for user in world["users"]}
    assert sum(balances.values()) == 500 * (CLIENTS + 1)  # money moved, none was made or lost
    assert balances["seller"] == 500 + 40 * len(sold)
    assert all(balance >= 0 for balance in balances.values())
    for number in range(CLIENTS):
        bought = sum(1 for buyer in sold.values() if buyer == f"buyer{number}")
        assert balances[f"buyer{number}"] == 500 - 40 * bought


async def _race(base: str, sessions: list[str], wanted: str) -> list[str]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        replies = await asyncio.gather(
            *(http.put("/tx/purchase", json={"sessionId": s, "tx": [{"txHash": wanted}]}) for s in sessions)
        )
    return [reply.json()["result"][0]["msg"] for reply in replies]


def test_concurrent_purchases_of_one_offer_sell_it_once(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        base = f"http://{running.host}:{running.port}"
        sessions = []
        with httpx.Client(base_url=base, timeout=10) as http:
            for number in range(21):
                http.post("/usr/signup", json={"account": f"racer{number}", "password": "secret1"})
                reply = http.post("/usr/login", json={"account": f"racer{number}", "password": "secret1"})
                sessions.append(reply.json()["sessionId"])
            tx = [{"amount": 1, "value": 100, "type": "wind", "timestampExpire": FUTURE}]
            wanted = http.post("/tx/delivery", json={"sessionId": sessions[0], "tx": tx}).json()["result"][0][
                "txHash"
            ]
            outcomes = asyncio.run(_race(base, sessions[1:], wanted))
            users = {u["account"]: u["balance"] for u in http.get(f"/serv/show/{ADMIN}").json()["users"]}
    assert sorted(outcomes) == ["failed"] * 19 + ["succeed"]
    assert users["racer0"] == 1100
    assert sorted(users.values()) == [900] + [1000] * 19 + [1100]

"""pec under hostile clients: slow headers, smuggling, login floods, huge pools, broken bodies.

Each attack runs against a real server subprocess while a well-behaved client keeps working;
its success rate is measured, and must stay at or above 95%.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from support.pec import FAST, FUTURE, SPEAKS_PEC
from support.servers import server

from statuskit.examples.pec.store import BACKUP_NAME, Store

pytestmark = SPEAKS_PEC


def _signed_in(client: httpx.Client, account: str, password: str = "secret1") -> str:
    assert client.post("/usr/signup", json={"account": account, "password": password}).json()["status"] == 721
    reply = client.post("/usr/login", json={"account": account, "password": password}).json()
    assert reply["status"] == 722
    session: str = reply["sessionId"]
    return session


def _raw(host: str, port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """Send ``request`` on a fresh connection and read until the server closes it."""
    with socket.create_connection((host, port), timeout=timeout) as conn:
        conn.sendall(request)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


def test_transfer_encoding_with_content_length_is_400_and_closed(tmp_path: Path) -> None:
    body = b'{"account": "a", "password": "b"}'
    request = (
        b"POST /usr/login HTTP/1.1\r\nHost: pec\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n\r\n%x\r\n%s\r\n0\r\n\r\n"
        b"GET /usr/alive/x HTTP/1.1\r\nHost: pec\r\n\r\n" % (len(body), len(body), body)
    )
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        answer = _raw(running.host, running.port, request)
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"connection: close" in head.lower()
    assert b'"status":400' in rest
    assert b"HTTP/1.1" not in rest  # the smuggled second request was never answered


def test_slow_headers_are_cut_off_and_others_keep_being_served(tmp_path: Path) -> None:
    """600 connections trickle header bytes; a well-behaved client still gets its answers."""

    async def attack(host: str, port: int, stop: asyncio.Event) -> tuple[int, int]:
        async def slow() -> bool:
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                return False
            writer.write(b"GET /usr/alive/x HTTP/1.1\r\nHost: pec\r\n")
            try:
                while not stop.is_set():
                    writer.write(b"X-Slow: 1\r\n")
                    await writer.drain()
                    try:
                        if await asyncio.wait_for(reader.read(1), 0.4) == b"":
                            return True  # the server closed it
                    except TimeoutError:
                        pass
                return False
            except OSError:
                return True
            finally:
                writer.close()

        results = await asyncio.gather(*(slow() for _ in range(600)))
        return sum(results), len(results)

    async def well_behaved(base: str, stop: asyncio.Event) -> tuple[int, int]:
        ok = 0
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            await asyncio.sleep(0.5)
            for _ in range(60):
                try:
                    reply = await client.get("/usr/alive/unknown")
                    ok += reply.status_code == 200 and reply.json()["status"] == 826
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.05)
        stop.set()
        return ok, 60

    async def run(host: str, port: int) -> tuple[tuple[int, int], tuple[int, int]]:
        stop = asyncio.Event()
        attacked, served = await asyncio.gather(
            attack(host, port, stop), well_behaved(f"http://{host}:{port}", stop)
        )
        return attacked, served

    with server("pec", "--data", str(tmp_path), "--header-timeout", "1", "--quiet", *FAST) as running:
        (cut, slow_total), (ok, total) = asyncio.run(run(running.host, running.port))
    assert ok / total >= 0.95, f"well-behaved client: {ok}/{total}"
    assert cut / slow_total >= 0.9, f"only {cut} of {slow_total} slow connections were cut off"


def test_a_login_flood_does_not_delay_another_account(tmp_path: Path) -> None:
    """300 concurrent wrong passwords for one account, with the real hash cost, and one real login."""
    with server("pec", "--data", str(tmp_path), "--quiet", "--admin-id", "x") as running:
        base = f"http://{running.host}:{running.port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for account in ("victim", "bystander"):
                assert (
                    client.post("/usr/signup", json={"account": account, "password": "secret1"}).json()[
                        "status"
                    ]
                    == 721
                )

        def legitimate_login() -> float:
            """Timed from its own thread and connection, so the flood's client cannot slow it."""
            with httpx.Client(base_url=base, timeout=60) as client:
                started = time.monotonic()
                reply = client.post("/usr/login", json={"account": "bystander", "password": "secret1"})
                took = time.monotonic() - started
            assert reply.json()["status"] == 722
            return took

        async def flood() -> tuple[float, list[int]]:
            limits = httpx.Limits(max_connections=400)
            async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
                wrong = [
                    client.post("/usr/login", json={"account": "victim", "password": f"wrong{n}"})
                    for n in range(300)
                ]
                flood_task = asyncio.gather(*wrong)
                await asyncio.sleep(0.2)
                took = await asyncio.to_thread(legitimate_login)
                answers = await flood_task
            return took, [answer.status_code for answer in answers]

        took, codes = asyncio.run(flood())
    assert took < 5.0, f"a legitimate login took {took:.1f} s during the flood"
    assert 429 in codes and set(codes) <= {200, 429}
    limited = [code for code in codes if code == 429]
    assert len(limited) >= 250


def test_the_pool_is_paged_and_offers_per_account_are_bounded(tmp_path: Path) -> None:
    options = ("--max-offers", "30", "--pool-page", "20", "--quiet")
    with server("pec", "--data", str(tmp_path), *options, *FAST) as running:
        base = f"http://{running.host}:{running.port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            seller = _signed_in(client, "seller")
            viewer = _signed_in(client, "viewer")
            offer = {"amount": 1, "value": 1, "type": "wind", "timestampExpire": FUTURE}
            reply = client.post("/tx/delivery", json={"sessionId": seller, "tx": [offer] * 25}).json()
            assert reply["status"] == 733 and len(reply["result"]) == 25
            refused = client.post("/tx/delivery", json={"sessionId": seller, "tx": [offer] * 6})
            assert refused.status_code == 400 and refused.json()["status"] == 400
            assert "at most 30 offers" in refused.json()["msg"]
            first = client.get(f"/tx/pool/{viewer}").json()
            assert len(first["tx"]) == 20 and first["next"] == 20
            rest = client.get(f"/tx/pool/{viewer}", params={"offset": first["next"]}).json()
            assert len(rest["tx"]) == 5 and "next" not in rest
            seen = {tx["txHash"] for tx in first["tx"] + rest["tx"]}
            assert seen == {tx["txHash"] for tx in reply["result"]}
            bad = client.get(f"/tx/pool/{viewer}", params={"offset": "-1"})
            assert bad.status_code == 400 and "offset" in bad.json()["msg"]


def test_a_client_that_leaves_mid_body_is_not_a_fault(tmp_path: Path) -> None:
    with server("pec", "--data", str(tmp_path), *FAST) as running:
        with socket.create_connection((running.host, running.port), timeout=5) as conn:
            conn.sendall(
                b"POST /usr/login HTTP/1.1\r\nHost: pec\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n" + b'{"account": '
            )
            time.sleep(0.3)
        running.wait_for_log("POST /usr/login: the client went away")
        with httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10) as client:
            assert client.get("/usr/alive/none").json()["status"] == 826
    assert "fault" not in "".join(running.log)
    assert "report" not in "".join(running.log)


def test_partial_backups_left_by_a_killed_server_are_removed_on_open(tmp_path: Path) -> None:
    stale = tmp_path / f".{BACKUP_NAME}.0badc0de.partial"
    stale.write_bytes(b"half a database")
    kept = tmp_path / "notes.txt"
    kept.write_text("not ours")
    store = Store.open(tmp_path)
    store.close()
    assert not stale.exists() and kept.exists()


def test_an_older_database_gains_the_new_offer_columns(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "pec.sqlite3")
    old.executescript(
        "CREATE TABLE accounts (id INTEGER PRIMARY KEY, account TEXT NOT NULL UNIQUE, password TEXT NOT NULL,"
        " balance INTEGER NOT NULL, address TEXT NOT NULL, created INTEGER NOT NULL);"
        "CREATE TABLE offers (tx_hash TEXT PRIMARY KEY, seller INTEGER NOT NULL, buyer INTEGER,"
        " amount NUMERIC NOT NULL, value INTEGER NOT NULL, type TEXT NOT NULL, timestamp_sell INTEGER NOT NULL,"
        " timestamp_expire INTEGER NOT NULL, timestamp_buy INTEGER);"
        "INSERT INTO accounts VALUES (1, 'old', 'h', 5, 'ab', 0);"
        f"INSERT INTO offers VALUES ('t1', 1, NULL, 2, 3, 'wind', 1, {FUTURE}, NULL);"
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    try:
        store.signup("new", "h", 5, 0)
        offers, more = store.pool(2, 10)
        assert not more and [(o["txHash"], o["power"], o["inputData"]) for o in offers] == [("t1", 0, "")]
    finally:
        store.close()


@pytest.mark.parametrize("path", ["/usr/alive/none/", "/usr/alive/none"])
def test_a_trailing_slash_is_accepted(tmp_path: Path, path: str) -> None:
    with (
        server("pec", "--data", str(tmp_path), *FAST) as running,
        httpx.Client(base_url=f"http://{running.host}:{running.port}", timeout=10) as client,
    ):
        assert client.get(path).json()["status"] == 826

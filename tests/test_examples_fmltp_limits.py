"""The FmLTP server under attack: idle and trickling connections, parallel AUTHs, failed handshakes.

The attackers connect from other loopback addresses (127.0.0.2 and up; Linux routes all of
127/8 to the loopback device) while a well-behaved client works from 127.0.0.1, so that the
per-address limits are exercised as they would be on a network.
"""

from __future__ import annotations

import asyncio
import io
import socket
import time
from pathlib import Path

import pytest
from support.servers import RunningServer, server, stop

from statuskit.examples.fmltp.client import FmltpClient
from statuskit.examples.fmltp.replies import UNREACHABLE

pytestmark = [
    pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)}),
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]

DH_PARAMS = str(Path(__file__).parent / "fixtures" / "fmltp" / "dh1024.pem")
PLAIN = ("--encryption", "none", "--hash-profile", "cheapest")


def plain_session(running: RunningServer) -> tuple[socket.socket, io.BufferedReader]:
    """A connection past the plain handshake; (socket, its reader)."""
    sock = socket.create_connection((running.host, running.port), timeout=15)
    stream = sock.makefile("rb")
    assert stream.readline().endswith(b",0.0.0\r\n")
    sock.sendall(b"bot,0.0.0\r\n")
    assert stream.readline().startswith(b"100 ")
    return sock, stream


def still_open(sock: socket.socket) -> bool:
    """True when the server has not closed ``sock`` (nothing is waiting to be read)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except ConnectionResetError:
        return False
    finally:
        sock.settimeout(15)


def refused(running: RunningServer) -> bool:
    with socket.create_connection((running.host, running.port), timeout=15) as sock:
        try:
            return sock.recv(100) == b""
        except ConnectionResetError:
            return True


# --- AUTH --------------------------------------------------------------------------------------


def test_thirty_parallel_wrong_auths_get_five_checks_and_then_nothing_gets_in() -> None:
    options = ("--encryption", "none", "--user", "ann:right", "--lockout", "60")
    limits = ("--max-connections", "64", "--max-connections-per-address", "64")
    with server("fmltp", *options, *limits) as running:  # the real argon2 cost: a wide race window
        sessions = [plain_session(running) for _ in range(30)]
        for sock, _ in sessions:
            sock.sendall(b"AUTH ann wrong\r\n")
        replies = [stream.readline() for _, stream in sessions]
        assert replies == [b"151 Authentication failed.\r\n"] * 30
        time.sleep(0.3)  # let the server's closes arrive
        open_ones = [(sock, stream) for sock, stream in sessions if still_open(sock)]
        assert len(open_ones) == 4  # the first four failures; every other attempt ended its connection
        sock, stream = open_ones[0]
        sock.sendall(b"AUTH ann right\r\n")
        assert stream.readline() == b"151 Authentication failed.\r\n"
        assert refused(running)
        assert stop(running) == 0
        log = running.stderr_text().splitlines()
    checked = [entry for entry in log if "AUTH failed" in entry]
    assert len(checked) == 5, checked  # exactly the lock-out's five passwords were checked
    assert not any("AUTH ok" in entry for entry in log)
    for sock, _ in sessions:
        sock.close()


# --- handshakes --------------------------------------------------------------------------------


@pytest.mark.parametrize("encryption", ["fernet", "none"])
def test_the_whole_handshake_is_timed_however_slowly_bytes_trickle(encryption: str) -> None:
    options = ("--encryption", encryption, "--dh-params", DH_PARAMS) if encryption == "fernet" else PLAIN
    with server("fmltp", *options, "--handshake-timeout", "1") as running:
        with socket.create_connection((running.host, running.port), timeout=15) as sock:
            sock.recv(100)
            start = time.monotonic()
            closed_after = None
            for byte in b"a very slow bot,0.0.0\r\n":
                try:
                    sock.sendall(bytes([byte]))  # one byte every 0.25 s: each read well in time
                    time.sleep(0.25)
                    if sock.recv(100, socket.MSG_DONTWAIT) == b"":
                        closed_after = time.monotonic() - start
                        break
                except BlockingIOError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    closed_after = time.monotonic() - start
                    break
        assert closed_after is not None and 0.9 < closed_after < 2.5
        assert "handshake failed: not done within 1 s" in running.wait_for_log("closed 127.0.0.1")


def test_a_failed_handshake_cools_the_address_down() -> None:
    with server("fmltp", *PLAIN, "--handshake-cooldown", "1.5") as running:
        for _ in range(2):  # a good handshake does not count
            sock, _ = plain_session(running)
            sock.close()
        with socket.create_connection((running.host, running.port), timeout=15) as bad:
            bad.recv(100)
            bad.sendall(b"not a version line\r\n")
            bad.recv(1000)
        failed_at = time.monotonic()
        assert refused(running)
        assert "a handshake failed within 1.5 s" in running.wait_for_log("refused ")
        assert "refusing 127.0.0.1 for 1.5 s" in "".join(running.log)
        time.sleep(max(0.0, 1.7 - (time.monotonic() - failed_at)))
        sock, _ = plain_session(running)
        sock.close()


# --- a well-behaved client during a flood of idle and trickling connections -------------------

ATTACKERS = [f"127.0.0.{n}" for n in range(2, 10)]
ATTACK_SECONDS = 6.0


async def attacker(port: int, source: str, trickle: bool, until: float) -> int:
    """Hold connections open doing nothing useful (idle, or one byte a second); reconnect when dropped."""
    opened = 0
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(0.05)
            continue
        opened += 1
        try:
            while time.monotonic() < until:
                if trickle:
                    writer.write(b"x")
                try:
                    if await asyncio.wait_for(reader.read(4096), 0.5) == b"":
                        break  # dropped or refused: come back at once
                except TimeoutError:
                    pass
        except OSError:
            pass
        finally:
            writer.transport.abort()
    return opened


async def good_client(port: int, until: float) -> tuple[int, int, list[str]]:
    """Connect, handshake, AUTH, SEARCH, QUIT, over and over; (successes, attempts, failures)."""
    done = attempts = 0
    failures: list[str] = []
    while time.monotonic() < until:
        attempts += 1
        try:
            client = await FmltpClient.connect("127.0.0.1", port, timeout=5)
            async with client:
                assert (await client.auth("ann", "pw")).code == 150
                await client.command("SELECT radio")
                reply = await client.command("SEARCH jazz")
                assert reply.lines == ("101 Morning Jazz Hour", "102 Night Jazz Radio")
                assert (await client.command("QUIT")).ok
            done += 1
        except (OSError, TimeoutError, AssertionError, Exception) as error:
            failures.append(f"{type(error).__name__}: {error}")
            await asyncio.sleep(0.05)
    return done, attempts, failures


def test_a_good_client_keeps_95_percent_during_a_flood_of_idle_and_trickling_connections() -> None:
    options = ("--dh-params", DH_PARAMS, "--hash-profile", "cheapest", "--user", "ann:pw", "--log", "none")
    with server("fmltp", *options) as running:  # default limits: 32 connections, 8 per address

        async def attack() -> tuple[tuple[int, int, list[str]], list[int]]:
            until = time.monotonic() + ATTACK_SECONDS
            crowd = [
                attacker(running.port, source, trickle, until)
                for source in ATTACKERS
                for trickle in (False, True)
                for _ in range(4)
            ]
            flood = asyncio.gather(*crowd)
            await asyncio.sleep(0.5)  # let the flood fill the server first
            good = await good_client(running.port, until)
            return good, await flood

        (done, attempts, failures), opened = asyncio.run(attack())
        assert stop(running) == 0
    assert sum(opened) >= 64, "the flood did not even fill the server"
    assert attempts >= 5, f"only {attempts} attempts: the good client was slowed down too much"
    assert done / attempts >= 0.95, f"{done} of {attempts} succeeded: {failures[:5]}"

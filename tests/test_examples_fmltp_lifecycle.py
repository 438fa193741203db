"""The FmLTP server as a process: signals, its log, queues across restarts and kills, lock-out,
timeouts and the connection limits. Each test starts its own server on a free port, in plain
lines (--encryption none) so that replies can be read with readline()."""

from __future__ import annotations

import json
import re
import signal
import socket
import time
from pathlib import Path

import pytest
from support.servers import RunningServer, server, stop

import statuskit
from statuskit.examples.fmltp.replies import UNREACHABLE
from statuskit.wire import line

pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)})

SPACE = statuskit.load("catalogs/fmltp.yaml").space("status")
CHEAP = ("--hash-profile", "cheapest", "--encryption", "none")
"""Cheap password hashes, and plain lines: these tests read replies with readline()."""


def talk(running: RunningServer, *commands: str, version: str = "bot,0.0.0") -> list[bytes]:
    """Handshake, send each command, and return every reply's bytes (the handshake's first)."""
    with socket.create_connection((running.host, running.port), timeout=15) as sock:
        stream = sock.makefile("rb")
        assert stream.readline().endswith(b",0.0.0\r\n")
        replies = []
        for text in (version, *commands):
            sock.sendall(text.encode() + b"\r\n")
            last = reply = stream.readline()
            while last[3:4] == b"-":
                last = stream.readline()
                reply += last
            line.decode(reply, SPACE)  # every reply is a well-formed line reply of the catalog
            replies.append(reply)
        return replies


def refused(running: RunningServer) -> bool:
    """True when the server closes a new connection without sending anything."""
    with socket.create_connection((running.host, running.port), timeout=15) as sock:
        try:
            return sock.recv(100) == b""
        except ConnectionResetError:
            return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stops_cleanly_on_signals_and_logs_one_line_per_status(signum: int) -> None:
    with server("fmltp", *CHEAP, "--user", "ann:pw") as running:
        replies = talk(running, "HELP", "AUTH ann nope", "AUTH ann pw", "NOPE", "QUIT")
        assert [r[:3] for r in replies] == [b"100", b"200", b"151", b"150", b"400", b"200"]
        # an open connection does not hold the server up
        idle = socket.create_connection((running.host, running.port), timeout=15)
        running.process.send_signal(signum)
        assert running.process.wait(timeout=10) == 0
        idle.close()
        log = running.stderr_text().splitlines()
    statuses = [entry for entry in log if re.match(r"\d{3} ", entry)]
    assert [entry[:3] for entry in statuses] == ["100", "200", "151", "150", "400", "200"]
    assert "pw" not in " ".join(log).replace("(127.0.0.1", "")  # passwords never reach the log
    assert log[-1] == "stopped"


def test_log_failures_only_and_none(tmp_path: Path) -> None:
    with server("fmltp", *CHEAP, "--log", "failures") as running:
        talk(running, "HELP", "NOPE")
        assert stop(running) == 0
        log = running.stderr_text().splitlines()
    assert [entry[:3] for entry in log if re.match(r"\d{3} ", entry)] == ["400"]
    with server("fmltp", *CHEAP, "--log", "none") as running:
        talk(running, "HELP", "NOPE")
        assert stop(running) == 0
        assert running.stderr_text() == ""


def test_queues_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    options = (*CHEAP, "--user", "ann:pw", "--data", str(data))
    with server("fmltp", *options) as running:
        talk(running, "AUTH ann pw", "SELECT library", "QUEUE 3", "QUEUE 5")
        assert stop(running) == 0
    with server("fmltp", *options) as running:
        talk(running, "AUTH ann pw", "SELECT radio", "QUEUE 102")
        assert stop(running) == 0
    saved = json.loads((data / "queues.json").read_text("utf-8"))
    assert saved["queues"] == {"ann": [3, 5, 102]}  # the second run read the first run's queue


def test_a_queue_answered_200_survives_a_kill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with server("fmltp", *CHEAP, "--user", "ann:pw", "--data", str(data)) as running:
        replies = talk(running, "AUTH ann pw", "SELECT library", *(f"QUEUE {n}" for n in range(1, 9)))
        assert all(r.startswith(b"200 ") for r in replies[2:])
        running.process.kill()  # no chance to clean up
        running.process.wait(timeout=10)
    saved = json.loads((data / "queues.json").read_text("utf-8"))
    assert saved["queues"] == {"ann": list(range(1, 9))}
    assert sorted(p.name for p in data.iterdir()) == ["queues.json"]


def test_a_corrupt_data_file_stops_the_start_with_its_location(tmp_path: Path) -> None:
    (tmp_path / "queues.json").write_text('{"format": "statuskit-fmltp-queues",\n "queues": {', "utf-8")
    starting = server("fmltp", *CHEAP, "--data", str(tmp_path), timeout=10)
    with pytest.raises(RuntimeError, match=r"queues\.json:2:\d+: not valid JSON"), starting:
        pass


def test_five_failed_auths_lock_the_address_out_for_the_lockout_time() -> None:
    with server("fmltp", *CHEAP, "--user", "ann:pw", "--lockout", "2") as running:
        # argument errors and bad handshakes do not count
        talk(running, *(["AUTH ann"] * 6), "AUTH a b c")
        with socket.create_connection((running.host, running.port), timeout=15) as sock:
            sock.sendall(b"not a version\r\n")
        # a success resets the count
        talk(running, "AUTH ann x", "AUTH ann x", "AUTH ann x", "AUTH ann x", "AUTH ann pw")
        assert not refused(running)
        with socket.create_connection((running.host, running.port), timeout=15) as sock:
            stream = sock.makefile("rb")
            stream.readline()
            sock.sendall(b"bot,0.0.0\r\n")
            assert stream.readline().startswith(b"100 ")
            for attempt in range(5):
                sock.sendall(b"AUTH ann wrong\r\n")
                assert stream.readline() == b"151 Authentication failed.\r\n", attempt
            assert stream.read() == b""  # the fifth failure also ends this connection
        locked_at = time.monotonic()
        assert refused(running)
        while time.monotonic() - locked_at < 1.5:
            assert refused(running)
            time.sleep(0.3)
        time.sleep(0.8)
        assert talk(running, "AUTH ann pw")[1].startswith(b"150 ")


def test_the_default_argon2_profile_checks_passwords() -> None:
    with server("fmltp", "--encryption", "none", "--user", "ann:pw") as running:
        replies = talk(running, "AUTH ann wrong", "AUTH nobody pw", "AUTH ann pw")
        assert [r[:4] for r in replies[1:]] == [b"151 ", b"151 ", b"150 "]


def test_a_silent_client_is_dropped_after_the_handshake_timeout() -> None:
    with server("fmltp", *CHEAP, "--handshake-timeout", "0.5", "--idle-timeout", "1") as running:
        with socket.create_connection((running.host, running.port), timeout=15) as sock:
            start = time.monotonic()
            assert sock.makefile("rb").read() == b"FlexMusic Server,0.0.0\r\n"
            assert 0.4 < time.monotonic() - start < 3
        with socket.create_connection((running.host, running.port), timeout=15) as sock:
            stream = sock.makefile("rb")
            stream.readline()
            sock.sendall(b"bot,0.0.0\r\nHELP QUIT\r\nHALF A LI")
            start = time.monotonic()
            rest = stream.read()
            assert rest.startswith(b"100 ") and rest.endswith(b"200 Accepted before and after AUTH.\r\n")
            assert 0.9 < time.monotonic() - start < 4


def logged_in_socket(running: RunningServer) -> socket.socket:
    sock = socket.create_connection((running.host, running.port), timeout=15)
    stream = sock.makefile("rb")
    stream.readline()
    sock.sendall(b"bot,0.0.0\r\nAUTH ann pw\r\n")
    assert stream.readline().startswith(b"100 ") and stream.readline().startswith(b"150 ")
    return sock


def test_when_full_a_silent_unauthenticated_connection_makes_room_an_authenticated_one_does_not() -> None:
    with server("fmltp", *CHEAP, "--user", "ann:pw", "--max-connections", "2") as running:
        idle = socket.create_connection((running.host, running.port), timeout=15)
        assert idle.recv(100)
        first = logged_in_socket(running)
        assert talk(running, "HELP")[1].startswith(b"200-")  # made room by dropping the idle one
        assert idle.recv(100) == b""
        second = logged_in_socket(running)
        assert refused(running)  # both logged in: the new one is closed at accept
        running.wait_for_log("refused 127.0.0.1:")
        first.close()
        time.sleep(0.2)
        assert talk(running, "HELP")[1].startswith(b"200-")
        second.close()


def test_connections_per_address_are_limited() -> None:
    options = ("--user", "ann:pw", "--max-connections-per-address", "2")
    with server("fmltp", *CHEAP, *options) as running:
        first, second = logged_in_socket(running), logged_in_socket(running)
        assert refused(running)
        assert "2 connections from this address already open" in running.wait_for_log("refused ")
        first.close()
        time.sleep(0.2)
        assert talk(running, "AUTH ann pw")[1].startswith(b"150 ")
        second.close()


def test_name_and_version_options_shape_the_version_line() -> None:
    with server("fmltp", *CHEAP, "--name", "Jukebox 9000", "--version", "4.2.0") as running:
        sock = socket.create_connection((running.host, running.port), timeout=15)
        stream = sock.makefile("rb")
        assert stream.readline() == b"Jukebox 9000,4.2.0\r\n"
        sock.sendall(b"bot,4.1.3\r\n")
        assert stream.readline().startswith(b"121 ")
        sock.close()

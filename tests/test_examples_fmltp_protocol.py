"""The FmLTP reference server's commands, driven over real TCP sockets as a client written from the contract.

The server runs with --encryption none, so that every reply can be checked twice: as the exact
bytes on the wire, and decoded with statuskit's line codec against catalogs/fmltp.yaml. The
same conversation through Fernet tokens is tested in test_examples_fmltp_encrypted.py.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from support.servers import RunningServer, server, stop

import statuskit
from statuskit.examples.fmltp.replies import UNREACHABLE
from statuskit.status import Status
from statuskit.wire import line

pytestmark = pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)})

SPACE = statuskit.load("catalogs/fmltp.yaml").space("status")
USERS = ("--user", "alice:s3cret", "--user", "bob:hunter2:with:colons")
BANNER = b"FlexMusic Server,1.1.1\r\n"
Connect = Callable[[], "Client"]


class Client:
    """A plain-text FmLTP client on a raw socket."""

    def __init__(self, port: int, *, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.banner = self.read_line()

    def read_line(self) -> bytes:
        """One line including its CRLF; AssertionError when the server closes first."""
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            assert chunk, f"connection closed; unread: {self.buffer!r}"
            self.buffer += chunk
        end = self.buffer.index(b"\r\n") + 2
        found, self.buffer = self.buffer[:end], self.buffer[end:]
        return found

    def reply(self) -> tuple[bytes, Status]:
        """One whole reply, raw and decoded by the line codec."""
        last = raw = self.read_line()
        while last[3:4] == b"-":
            last = self.read_line()
            raw += last
        return raw, line.decode(raw, SPACE)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def command(self, text: str) -> tuple[bytes, Status]:
        self.send(text.encode() + b"\r\n")
        return self.reply()

    def code(self, text: str) -> int:
        return int(self.command(text)[1].code)

    def hello(self, version: str = "test client,1.1.1") -> Status:
        self.send(version.encode() + b"\r\n")
        return self.reply()[1]

    def closed(self) -> bool:
        """True when the server has closed the connection with nothing more to read."""
        if self.buffer:
            return False
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def log_lines() -> list[str]:
    return []


@pytest.fixture(scope="module")
def fmltp(log_lines: list[str]) -> Iterator[RunningServer]:
    options = (
        "--encryption",
        "none",
        "--version",
        "1.1.1",
        "--lockout",
        "0",
        "--hash-profile",
        "cheapest",
        *USERS,
    )
    with server("fmltp", *options) as running:
        yield running
        stop(running)
        log_lines.extend(running.stderr_text().splitlines())


@pytest.fixture
def connect(fmltp: RunningServer) -> Iterator[Connect]:
    opened: list[Client] = []

    class Opened(Client):
        def __init__(self, port: int = fmltp.port, **kwargs: float) -> None:
            super().__init__(port, **kwargs)
            opened.append(self)

    yield Opened
    for client in opened:
        client.close()


def logged_in(connect: Connect, user: str = "alice", password: str = "s3cret") -> Client:
    client = connect()
    assert client.hello().code == 100
    assert client.command(f"AUTH {user} {password}")[0] == b"150 Authentication successful.\r\n"
    return client


# --- handshake ---------------------------------------------------------------------------------


def test_server_speaks_first_with_its_version_line(connect: Connect) -> None:
    assert connect().banner == BANNER


@pytest.mark.parametrize(
    ("version", "code"),
    [
        ("1.1.1", 100),
        ("1.1.2", 101),
        ("1.1.0", 102),
        ("1.2.1", 110),
        ("1.2.2", 111),
        ("1.2.0", 112),
        ("1.0.1", 120),
        ("1.0.2", 121),
        ("1.0.0", 122),
    ],
)
def test_compatibility_code_compares_steppings_and_substeppings(
    connect: Connect, version: str, code: int
) -> None:
    client = connect()
    client.send(f"some bot,{version}\r\n".encode())
    raw, status = client.reply()
    assert raw == f"{code} {SPACE[code].description}\r\n".encode()
    assert status.code == code and status.declared
    assert client.code("HELP") == 200  # the session goes on whatever the steppings


def test_names_with_commas_and_spaces_and_surrounding_blanks_are_accepted(connect: Connect) -> None:
    client = connect()
    assert client.hello("  My, Bot 2000 ,1.9.0  ").code == 112


def test_a_different_class_closes_without_a_status(connect: Connect) -> None:
    for version in ("bot,2.1.1", "bot,0.1.1"):
        client = connect()
        client.send(version.encode() + b"\r\n")
        assert client.closed()


@pytest.mark.parametrize(
    "bad",
    [
        b"garbage",
        b"",
        b"bot,1.1",
        b"bot,1.1.1.1",
        b"bot,a.b.c",
        b"bot,-1.1.1",
        b"bot,1.1.1x",
        "bot,\uff11.1.1".encode(),  # a fullwidth digit is not a version number
        b"bot,1.1.\xff",
        b"\xff\xfe,1.1.1",
        b"bot,1234567890.1.1",
        b"x" * 5000 + b",1.1.1",
    ],
)
def test_a_version_line_that_does_not_parse_gets_400_and_close(connect: Connect, bad: bytes) -> None:
    client = connect()
    client.send(bad + b"\r\n")
    raw, status = client.reply()
    assert status.code == 400
    assert raw.startswith(b"400 Invalid command or operative: ")
    assert client.closed()


def test_handshake_lines_may_end_with_a_bare_lf_and_arrive_in_pieces(connect: Connect) -> None:
    client = connect()
    for piece in (b"bo", b"t,1.", b"1.", b"1", b"\n"):
        client.send(piece)
        time.sleep(0.01)
    assert client.reply()[1].code == 100


def test_commands_pipelined_with_the_version_line_are_answered_in_order(connect: Connect) -> None:
    client = connect()
    client.send(b"bot,1.1.1\r\nHELP QUIT\r\nAUTH alice s3cret\r\nSELECT radio\r\nQUIT\r\n")
    assert [client.reply()[1].code for _ in range(5)] == [100, 200, 150, 200, 200]
    assert client.closed()


# --- lock-down ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["SELECT library", "DESELECT", "SEARCH moon", "QUEUE 1", "LIST", "NOPE"])
def test_before_auth_only_auth_help_and_quit_are_accepted(connect: Connect, command: str) -> None:
    client = connect()
    client.hello()
    raw, status = client.command(command)
    assert status.code == 400 and not status.ok
    assert raw.startswith(b"400 ") and raw.endswith(b"\r\n") and raw.count(b"\r\n") == 1


def test_auth_with_a_wrong_password_or_user_gets_151(connect: Connect) -> None:
    client = connect()
    client.hello()
    assert client.command("AUTH alice wrong")[0] == b"151 Authentication failed.\r\n"
    assert client.code("AUTH mallory s3cret") == 151
    assert client.code("AUTH Alice s3cret") == 151  # user names are case-sensitive
    assert client.code("LIST") == 400  # still locked down
    assert client.code("AUTH alice s3cret") == 150


def test_passwords_may_contain_colons(connect: Connect) -> None:
    logged_in(connect, "bob", "hunter2:with:colons")


def test_auth_counts_its_arguments(connect: Connect) -> None:
    client = connect()
    client.hello()
    assert client.command("AUTH")[0] == b"411 Too few arguments passed: usage: AUTH <user> <password>\r\n"
    assert client.code("AUTH alice") == 411
    assert client.code("AUTH alice s3cret extra") == 410


def test_commands_are_case_insensitive_and_split_on_runs_of_spaces(connect: Connect) -> None:
    client = connect()
    client.hello()
    assert client.code("   aUtH    alice     s3cret   ") == 150
    assert client.code("select   LIBRARY") == 200
    raw = client.command("  search   MOON  ")[0]
    assert raw == b"200-General success.\r\n200 4 Moonlight Sonata\r\n"


def test_auth_after_auth_is_not_a_command(connect: Connect) -> None:
    client = logged_in(connect)
    raw, status = client.command("AUTH alice s3cret")
    assert status.code == 400 and b"already logged in" in raw


def test_quit_answers_200_and_closes_before_and_after_auth(connect: Connect) -> None:
    client = connect()
    client.hello()
    assert client.command("QUIT")[0] == b"200 General success.\r\n"
    assert client.closed()
    client = logged_in(connect)
    assert client.command("quit")[1].code == 200
    assert client.closed()
    client = connect()
    client.hello()
    assert client.code("QUIT now") == 410


# --- HELP --------------------------------------------------------------------------------------


def test_help_is_a_multi_line_200(connect: Connect) -> None:
    client = connect()
    client.hello()
    raw, status = client.command("HELP")
    lines = raw.split(b"\r\n")[:-1]
    assert len(lines) > 3
    assert all(item.startswith(b"200-") for item in lines[:-1])
    assert lines[-1].startswith(b"200 ")
    assert status.code == 200 and status.ok
    listed = " ".join(status.data["lines"])
    for name in ("AUTH", "HELP", "QUIT", "SELECT", "DESELECT", "SEARCH", "QUEUE", "LIST"):
        assert name in listed


def test_help_on_one_command(connect: Connect) -> None:
    client = connect()
    client.hello()
    raw, status = client.command("help select")
    assert status.code == 200
    assert b"200-Usage: SELECT <backend>\r\n" in raw
    assert client.command("HELP nosuch")[0] == b"420 Command error: no such command\r\n"
    assert client.code("HELP select extra") == 410


# --- the music commands ------------------------------------------------------------------------


def test_list_prints_one_id_title_line_per_track(connect: Connect) -> None:
    client = logged_in(connect)
    assert client.code("SELECT radio") == 200
    raw, status = client.command("LIST")
    assert raw == (
        b"200-General success.\r\n"
        b"200-101 Morning Jazz Hour\r\n"
        b"200-102 Night Jazz Radio\r\n"
        b"200-103 Classical Breakfast\r\n"
        b"200 104 Late Night Ambient\r\n"
    )
    assert status.data["lines"][-1] == "104 Late Night Ambient"
    raw, status = client.command("SELECT library")
    library = client.command("LIST")[1].data["lines"]
    assert len(library) == 8 and "2 Gymnopédie No. 1" in library  # UTF-8 on the wire


def test_search_prints_the_matching_tracks_possibly_none(connect: Connect) -> None:
    client = logged_in(connect)
    client.code("SELECT radio")
    assert client.command("SEARCH jazz")[1].data["lines"] == ["101 Morning Jazz Hour", "102 Night Jazz Radio"]
    assert client.command("SEARCH late   night")[1].data["lines"] == ["104 Late Night Ambient"]
    assert client.command("SEARCH no such thing")[0] == b"200 General success.\r\n"
    assert client.command("SEARCH")[1].code == 411


def test_commands_needing_a_backend_fail_with_420_until_one_is_selected(connect: Connect) -> None:
    client = logged_in(connect)
    for command in ("LIST", "SEARCH jazz", "QUEUE 1", "DESELECT"):
        raw, status = client.command(command)
        assert raw == b"420 Command error: no back end selected\r\n", command
        assert status.outcome == "failure"


def test_select_and_deselect(connect: Connect) -> None:
    client = logged_in(connect)
    assert client.command("SELECT spotify")[0] == b"420 Command error: no such back end\r\n"
    assert client.code("SELECT") == 411
    assert client.code("SELECT library radio") == 410
    assert client.code("SELECT library") == 200
    assert client.code("SELECT library") == 200  # selecting it again is fine
    assert client.code("DESELECT") == 200
    assert client.code("DESELECT now") == 410
    assert client.code("DESELECT") == 420
    assert client.code("LIST") == 420


def test_queue_adds_a_track_of_the_selected_backend(connect: Connect) -> None:
    client = logged_in(connect)
    client.code("SELECT library")
    assert client.command("QUEUE 4")[0] == b"200 General success.\r\n"
    for bad in ("101", "999", "abc", "-1", "4.0", "\uff14", "99999999999999999999"):
        assert client.command(f"QUEUE {bad}")[0] == b"420 Command error: no such track\r\n", bad
    assert client.code("QUEUE") == 411
    assert client.code("QUEUE 1 2") == 410
    client.code("SELECT radio")
    assert client.code("QUEUE 101") == 200


def test_unknown_commands_get_400_after_auth_too(connect: Connect) -> None:
    client = logged_in(connect)
    assert client.command("PLAY 1")[0] == b"400 Invalid command or operative: unknown command\r\n"


# --- hostile input -----------------------------------------------------------------------------


def test_a_line_of_exactly_4096_bytes_is_read_as_a_command(connect: Connect) -> None:
    client = logged_in(connect)
    client.code("SELECT library")
    command = b"SEARCH " + b"a" * (4096 - 7)
    assert len(command) == 4096
    client.send(command + b"\r\n")
    assert client.reply()[0] == b"200 General success.\r\n"  # nothing matches, but it ran


def test_a_longer_line_gets_one_400_and_is_discarded(connect: Connect) -> None:
    client = logged_in(connect)
    client.code("SELECT library")
    for size in (4097, 100_000, 3_000_000):
        client.send(b"SEARCH " + b"b" * (size - 7) + b"\r\nSEARCH moon\r\n")
        assert client.reply()[0] == b"400 Invalid command or operative: line longer than 4096 bytes\r\n"
        # the next line is answered normally: the long one was dropped, not split
        assert client.reply()[0] == b"200-General success.\r\n200 4 Moonlight Sonata\r\n"


def test_a_long_line_without_an_end_still_gets_its_400_and_the_server_stays_up(
    connect: Connect,
) -> None:
    client = connect()
    client.hello()
    client.send(b"A" * 200_000)
    assert client.reply()[1].code == 400
    client.close()
    assert connect().banner == BANNER


def test_cr_inside_a_line_cannot_inject_a_second_command(connect: Connect) -> None:
    client = logged_in(connect)
    client.send(b"HELP\rQUIT\r\nSELECT radio\r\n")
    raw, status = client.reply()
    assert status.code == 400  # "HELP\rQUIT" is one (unknown) word
    assert raw == b"400 Invalid command or operative: unknown command\r\n"
    assert client.reply()[1].code == 200  # and the connection is still open


def test_control_characters_and_bad_utf8_get_400(connect: Connect) -> None:
    client = logged_in(connect)
    for bad in (b"\x00", b"LIST\x00", b"\xff\xfe", b"SEARCH \xc3", b"\x1b[31mLIST", b"\tLIST"):
        client.send(bad + b"\r\n")
        raw, status = client.reply()
        assert status.code in (400, 420), bad
        assert raw.count(b"\r\n") == 1 and b"\x1b" not in raw and b"\x00" not in raw


def test_an_empty_line_gets_400(connect: Connect) -> None:
    client = connect()
    client.hello()
    for empty in (b"\r\n", b"    \r\n", b"\n"):
        client.send(empty)
        assert client.reply()[0] == b"400 Invalid command or operative: empty line\r\n"


def test_user_input_never_reaches_the_reply_text(connect: Connect) -> None:
    client = logged_in(connect)
    marker = "<script>alert(1)</script>"
    for command in (f"HELP {marker}", f"SELECT {marker}", f"{marker} x", f"AUTH {marker} x"):
        raw, _ = client.command(command)
        assert marker.encode() not in raw


def resident_megabytes(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for entry in status:
            if entry.startswith("VmRSS:"):
                return int(entry.split()[1]) // 1024
    raise AssertionError("no VmRSS")


def test_a_client_that_never_reads_is_held_back_not_buffered(connect: Connect, fmltp: RunningServer) -> None:
    client = logged_in(connect, "bob", "hunter2:with:colons")
    before = resident_megabytes(fmltp.process.pid)
    client.sock.settimeout(3.0)  # sendall's timeout covers the whole call
    with pytest.raises(TimeoutError):
        client.sock.sendall(b"HELP\r\n" * 5_000_000)  # 30 MB asking for 3.5 GB of replies
    # Were every reply kept until the client reads, 3 s of answering would hold tens of MB.
    assert resident_megabytes(fmltp.process.pid) - before < 16
    client.close()
    other = logged_in(connect)
    assert other.code("HELP") == 200


# --- what the conformance recorder saw ---------------------------------------------------------


def test_every_declared_code_went_through_the_recorded_codec(statuskit_record: Sequence[Any]) -> None:
    sent = {o.code for o in statuskit_record if o.catalog == "fmltp" and o.direction == "sent"}
    assert sent == {code.code for code in SPACE.all_codes()}

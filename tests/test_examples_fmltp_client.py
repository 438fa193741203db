"""The FmLTP client: against replies recorded from the real FlexMusic server, and its command line.

tests/fixtures/fmltp/flexmusic-e3237c2-session.json holds the plaintext of every reply the real
server (commit e3237c2) sent to this client in one recorded session. ``FlexMusicStandIn`` plays
that server back over a real socket the way the real one frames things (one ``send`` per
message, one ``recv(1024)`` per command, one server key pair for every connection), with its
key exchange written here with the ``cryptography`` library, so the client is tested against
FlexMusic's behaviour without FlexMusic.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dh
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from support.servers import server

import statuskit
from statuskit.cli import main
from statuskit.examples.fmltp.client import FmltpClient, FmltpError, parse_reply
from statuskit.examples.fmltp.replies import UNREACHABLE

pytestmark = [
    pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)}),
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]

SPACE = statuskit.load("catalogs/fmltp.yaml").space("status")
FIXTURES = Path(__file__).parent / "fixtures" / "fmltp"
DH_PARAMS = FIXTURES / "dh1024.pem"
RECORDED: dict[str, Any] = json.loads((FIXTURES / "flexmusic-e3237c2-session.json").read_text("utf-8"))
PAIRS: list[dict[str, Any]] = RECORDED["pairs"]


# --- replies as FlexMusic writes them ----------------------------------------------------------


def test_every_recorded_flexmusic_reply_parses_into_a_status() -> None:
    for pair in PAIRS:
        raw = pair["reply"]
        reply = parse_reply(raw.encode(), SPACE)
        lines = raw.removesuffix("\r\n").split("\r\n")
        assert reply.code == int(lines[0][:3]), pair
        assert reply.status.text() == lines[0][4:]
        assert reply.lines == tuple(lines[1:])  # continuation lines carry no code there
        assert reply.ok == (reply.code in (150, 200))


def test_codes_flexmusic_added_after_the_seed_are_undeclared_failures() -> None:
    reply = parse_reply(b"431 Invalid operative backend 'nope'", SPACE)  # no CRLF, as sent
    assert (reply.code, reply.status.declared, reply.status.outcome) == (431, False, "failure")
    assert not reply.ok and not reply.advice.retryable


def test_statuskit_replies_parse_with_the_line_codec() -> None:
    reply = parse_reply(b"200-General success.\r\n200-1 Clair de Lune\r\n200 2 Two\r\n", SPACE)
    assert (reply.code, reply.lines, reply.text()) == (
        200,
        ("1 Clair de Lune", "2 Two"),
        "200 General success.\n1 Clair de Lune\n2 Two",
    )


@pytest.mark.parametrize("bad", [b"", b"hello\r\n", b"20 short\r\n", b"\r\n200 late\r\n"])
def test_a_reply_without_a_code_is_a_protocol_error(bad: bytes) -> None:
    with pytest.raises(FmltpError, match="three-digit code"):
        parse_reply(bad, SPACE)


# --- a stand-in for the real server ------------------------------------------------------------


class FlexMusicStandIn:
    """Plays the recorded FlexMusic session back, framed as the real server frames it."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        parameters = serialization.load_pem_parameters(DH_PARAMS.read_bytes())
        assert isinstance(parameters, dh.DHParameters)
        self.parameters = parameters
        self.key = parameters.generate_private_key()  # FlexMusic makes one key pair at start-up
        self.received: list[bytes] = []
        self.problems: list[str] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.settimeout(10)
            banner = f"{RECORDED['server']}\r\n".encode()
            connection.send(banner)
            self.received.append(connection.recv(1024))
            connection.send(
                self.parameters.parameter_bytes(
                    serialization.Encoding.PEM, serialization.ParameterFormat.PKCS3
                )
            )
            peer = serialization.load_pem_public_key(connection.recv(2048))
            assert isinstance(peer, dh.DHPublicKey)
            derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=None).derive(
                self.key.exchange(peer)
            )
            fernet = Fernet(base64.urlsafe_b64encode(derived))
            connection.send(
                self.key.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
            echo = fernet.decrypt(connection.recv(2048))
            if echo != banner:
                self.problems.append(f"echo {echo!r}")
            for pair in PAIRS:
                if pair["command"] is not None:
                    command = fernet.decrypt(connection.recv(1024))
                    self.received.append(command)
                    if command != pair["command"].encode() + b"\r\n":
                        self.problems.append(f"expected {pair['command']!r}, got {command!r}")
                connection.send(fernet.encrypt(pair["reply"].encode()))

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def flexmusic() -> Iterator[FlexMusicStandIn]:
    stand_in = FlexMusicStandIn()
    yield stand_in
    stand_in.close()


def test_the_client_talks_to_flexmusic_as_recorded(flexmusic: FlexMusicStandIn) -> None:
    async def session() -> list[tuple[int, str, tuple[str, ...]]]:
        client = await FmltpClient.connect("127.0.0.1", flexmusic.port)
        async with client:
            assert client.server_line == RECORDED["server"]
            assert client.server_name == "FlexMusic Pre-Alpha Development Server"
            assert client.ready is not None
            seen = [(client.ready.code, client.ready.status.text(), client.ready.lines)]
            for pair in PAIRS[1:]:
                reply = await client.command(pair["command"])
                seen.append((reply.code, reply.status.text(), reply.lines))
            return seen

    seen = asyncio.run(session())
    flexmusic.thread.join(5)
    assert flexmusic.problems == []
    assert flexmusic.received[0] == b"FlexMusic statuskit client,0.0.0\r\n"
    expected = []
    for pair in PAIRS:
        lines = pair["reply"].removesuffix("\r\n").split("\r\n")
        expected.append((int(lines[0][:3]), lines[0][4:], tuple(lines[1:])))
    assert seen == expected
    assert seen[0] == (100, "FmLTP/1.0 Intepreter Ready.", ("Authentication required.",))


# --- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["example", "fmltp-client", *arguments])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def ports() -> Iterator[dict[str, int]]:
    common = ("--hash-profile", "cheapest", "--lockout", "0", "--user", "ann:pw", "--log", "none")
    with (
        server("fmltp", *common, "--dh-params", str(DH_PARAMS)) as encrypted,
        server("fmltp", *common, "--encryption", "none") as plain,
        server("fmltp", *common, "--encryption", "none", "--version", "3.0.0") as other_class,
    ):
        yield {"fernet": encrypted.port, "none": plain.port, "other": other_class.port}


@pytest.mark.parametrize("encryption", ["fernet", "none"])
def test_every_reply_a_success_exits_0(
    capsys: pytest.CaptureFixture[str], ports: dict[str, int], encryption: str
) -> None:
    address = f"127.0.0.1:{ports[encryption]}"
    options = ("--user", "ann", "--password", "pw", "--encryption", encryption)
    code, out, err = run(capsys, address, *options, "SELECT radio", "SEARCH jazz", "QUIT")
    assert (code, err) == (0, "")
    assert out == (
        "100 The client and server are both the same version.\n"
        "150 Authentication successful.\n"
        "200 General success.\n"
        "200 General success.\n101 Morning Jazz Hour\n102 Night Jazz Radio\n"
        "200 General success.\n"
    )


def test_a_failed_command_exits_1_after_running_them_all(
    capsys: pytest.CaptureFixture[str], ports: dict[str, int]
) -> None:
    code, out, _ = run(
        capsys, f"127.0.0.1:{ports['fernet']}", "--user", "ann", "--password", "pw", "LIST", "HELP"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[2:4] == ["420 Command error: no back end selected", "200 General success."]
    assert "Commands:" in lines  # HELP still ran after the failure


def test_a_failed_auth_exits_1_and_runs_nothing(
    capsys: pytest.CaptureFixture[str], ports: dict[str, int]
) -> None:
    code, out, _ = run(capsys, f"127.0.0.1:{ports['fernet']}", "--user", "ann", "--password", "nope", "HELP")
    assert code == 1
    assert out.splitlines()[1:] == ["151 Authentication failed."]


def test_without_a_login_commands_run_in_lock_down(
    capsys: pytest.CaptureFixture[str], ports: dict[str, int]
) -> None:
    code, out, _ = run(capsys, f"127.0.0.1:{ports['none']}", "--encryption", "none", "HELP AUTH")
    assert code == 0 and "200-" not in out and "Usage: AUTH <user> <password>" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("127.0.0.1:{other}",), "closed the connection during the handshake"),
        (
            ("127.0.0.1:{none}",),
            "where DH parameters were expected (a server without encryption?",
        ),  # a plain server, an encrypted client
        (("127.0.0.1:{free}",), "127.0.0.1:{free}: Connection refused"),
    ],
)
def test_connection_and_protocol_errors_exit_2_in_one_line(
    capsys: pytest.CaptureFixture[str], ports: dict[str, int], arguments: tuple[str, ...], message: str
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        free = unused.getsockname()[1]
    names = {**ports, "free": free}
    code, _, err = run(capsys, *(a.format(**names) for a in arguments), "HELP")
    assert code == 2
    assert message.format(**names) in err
    assert err.count("\n") == 1 and err.startswith("statuskit example fmltp-client: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("localhost",), "expected HOST:PORT"),
        (("localhost:0",), "expected HOST:PORT"),
        (("localhost:99999",), "expected HOST:PORT"),
        (("localhost:1", "--user", "ann"), "--user and --password go together"),
        (
            ("localhost:1", "--user", "a b", "--password", "x"),
            "--user: expected non-empty text without spaces",
        ),
        (("localhost:1", "bad\x1bcommand"), "expected one line of printable text"),
        (("localhost:1", "--timeout", "0"), "argument --timeout: expected 0.001 to 3600 seconds, not 0"),
        (("localhost:1", "--encryption", "tls"), "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *arguments)
    assert code == 2 and out == ""
    assert message in err


def test_a_server_refusing_the_address_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    options = ("--encryption", "none", "--hash-profile", "cheapest", "--max-connections-per-address", "1")
    with server("fmltp", *options) as running, socket.create_connection(("127.0.0.1", running.port)) as held:
        assert held.recv(100).startswith(b"FlexMusic Server,")
        code, _, err = run(capsys, f"127.0.0.1:{running.port}", "--encryption", "none", "HELP")
    assert code == 2
    assert "closed the connection before its version line (it is full, or refuses this address" in err


REAL_SERVER = os.environ.get("STATUSKIT_FLEXMUSIC", "")


@pytest.mark.skipif(
    not REAL_SERVER,
    reason="set STATUSKIT_FLEXMUSIC=HOST:PORT to a real FlexMusic server (commit e3237c2, auth_method = auth, "
    "user alice with password password1) to replay the recorded session against it",
)
def test_the_client_against_a_real_flexmusic_server() -> None:
    host, _, port = REAL_SERVER.rpartition(":")

    async def session() -> list[str]:
        client = await FmltpClient.connect(host, int(port))
        async with client:
            assert client.server_line == RECORDED["server"]
            assert client.ready is not None
            replies = [client.ready.text()]
            for pair in PAIRS[1:]:
                replies.append((await client.command(pair["command"])).text())
            return replies

    expected = [pair["reply"].removesuffix("\r\n").replace("\r\n", "\n") for pair in PAIRS]
    assert asyncio.run(session()) == expected

"""The FmLTP server's default mode, the FlexMusic handshake and Fernet tokens, over real sockets.

The raw client here is written from the protocol with the ``cryptography`` library directly
(not statuskit's key exchange module), so it checks the server against the protocol rather than
against itself: the plaintext part of the handshake byte for byte, the encrypted part after
decryption. The server uses the DH parameters in tests/fixtures/fmltp/dh1024.pem (generating
1024-bit parameters takes 0.3 s to several seconds; every test server shares this file).
"""

from __future__ import annotations

import asyncio
import base64
import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dh
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from support.servers import RunningServer, server, stop

import statuskit
from statuskit.examples.fmltp.client import FmltpClient, FmltpError
from statuskit.examples.fmltp.replies import UNREACHABLE
from statuskit.examples.fmltp.tokens import TokenReader
from statuskit.examples.fmltp.version import Version
from statuskit.integrations.pytest_plugin import StatuskitRecord

pytestmark = [
    pytest.mark.statuskit(catalog="catalogs/fmltp.yaml", unreachable={"status": dict(UNREACHABLE)}),
    pytest.mark.filterwarnings("ignore:Diffie-Hellman over finite fields"),
]

SPACE = statuskit.load("catalogs/fmltp.yaml").space("status")
DH_PARAMS = Path(__file__).parent / "fixtures" / "fmltp" / "dh1024.pem"
USERS = ("--user", "alice:s3cret")
CHEAP = ("--hash-profile", "cheapest", "--dh-params", str(DH_PARAMS))
BANNER = b"FlexMusic Server,1.1.1\r\n"
Open = Callable[[], "Raw"]
END_PEM = re.compile(rb"-----END [A-Z ]+-----\n")


class Raw:
    """A FmLTP client on a raw socket, written from the protocol."""

    def __init__(self, port: int, *, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.fernet: Fernet | None = None

    def recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        assert chunk, f"the server closed the connection; unread: {self.buffer!r}"
        return chunk

    def line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            self.buffer += self.recv()
        end = self.buffer.index(b"\r\n") + 2
        found, self.buffer = self.buffer[:end], self.buffer[end:]
        return found

    def pem(self) -> bytes:
        while (match := END_PEM.search(self.buffer)) is None:
            self.buffer += self.recv()
        found, self.buffer = self.buffer[: match.end()], self.buffer[match.end() :]
        return found

    def closed(self) -> bool:
        """True when the server closes with nothing (more) sent."""
        if self.buffer:
            return False
        try:
            return self.sock.recv(65536) == b""
        except ConnectionResetError:
            return True

    def key_exchange(self) -> tuple[bytes, bytes, Fernet]:
        """Read the parameters, send our key, read the server's; (params PEM, server key PEM, cipher)."""
        parameters_pem = self.pem()
        parameters = serialization.load_pem_parameters(parameters_pem)
        assert isinstance(parameters, dh.DHParameters)
        own = parameters.generate_private_key()
        self.sock.sendall(
            own.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        server_pem = self.pem()
        peer = serialization.load_pem_public_key(server_pem)
        assert isinstance(peer, dh.DHPublicKey)
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=None).derive(own.exchange(peer))
        return parameters_pem, server_pem, Fernet(base64.urlsafe_b64encode(derived))

    def handshake(self, version: bytes = b"bot,1.1.1\r\n") -> bytes:
        """The whole handshake; the decrypted first reply."""
        banner = self.line()
        self.sock.sendall(version)
        _, _, self.fernet = self.key_exchange()
        self.sock.sendall(self.fernet.encrypt(banner))
        return self.message()

    def message(self) -> bytes:
        """The next token's plaintext (the server sends one token per reply, and waits)."""
        assert self.fernet is not None
        while True:
            try:
                plaintext = self.fernet.decrypt(self.buffer)
            except InvalidToken:
                self.buffer += self.recv()
                continue
            self.buffer = b""
            return plaintext

    def command(self, text: str) -> bytes:
        assert self.fernet is not None
        self.sock.sendall(self.fernet.encrypt(text.encode() + b"\r\n"))
        return self.message()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def fmltp() -> Iterator[RunningServer]:
    options = (*CHEAP, "--version", "1.1.1", "--lockout", "0", "--max-connections-per-address", "32", *USERS)
    with server("fmltp", *options) as running:
        yield running


@pytest.fixture
def raw(fmltp: RunningServer) -> Iterator[Open]:
    opened: list[Raw] = []

    class Opened(Raw):
        def __init__(self) -> None:
            super().__init__(fmltp.port)
            opened.append(self)

    yield Opened
    for client in opened:
        client.close()


# --- the handshake -----------------------------------------------------------------------------


def test_the_plaintext_part_byte_for_byte_and_the_encrypted_part_decrypted(raw: Open) -> None:
    client = raw()
    assert client.line() == BANNER
    client.sock.sendall(b"my bot,1.1.1\r\n")
    parameters_pem, server_pem, fernet = client.key_exchange()
    assert parameters_pem == DH_PARAMS.read_bytes()  # PKCS#3 PEM, exactly as configured
    assert parameters_pem.startswith(b"-----BEGIN DH PARAMETERS-----\n")
    assert server_pem.startswith(b"-----BEGIN PUBLIC KEY-----\n")
    assert server_pem.endswith(b"-----END PUBLIC KEY-----\n")
    client.sock.sendall(fernet.encrypt(BANNER))  # the server's exact version line bytes
    client.fernet = fernet
    assert client.message() == b"100 The client and server are both the same version.\r\n"
    assert client.command("HELP QUIT") == (
        b"200-General success.\r\n200-Usage: QUIT\r\n200-Close the connection.\r\n"
        b"200 Accepted before and after AUTH.\r\n"
    )


def test_each_connection_gets_a_key_of_its_own(raw: Open) -> None:
    keys = set()
    for _ in range(2):
        client = raw()
        client.line()
        client.sock.sendall(b"bot,1.1.1\r\n")
        keys.add(client.key_exchange()[1])
    assert len(keys) == 2


@pytest.mark.parametrize(("version", "code"), [("1.1.1", 100), ("1.2.0", 112), ("1.0.2", 121)])
def test_the_compatibility_code_comes_encrypted(raw: Open, version: str, code: int) -> None:
    reply = raw().handshake(f"bot,{version}\r\n".encode())
    assert reply == f"{code} {SPACE[code].description}\r\n".encode()


@pytest.mark.parametrize(
    "version",
    [b"bot,2.1.1\r\n", b"bot,0.1.1\r\n", b"garbage\r\n", b"bot,1.1\r\n", b"\xff\xfe,1.1.1\r\n", b"x" * 5000],
)
def test_another_class_or_a_bad_version_line_is_closed_silently(raw: Open, version: bytes) -> None:
    client = raw()
    client.line()
    client.sock.sendall(version)
    assert client.closed()  # no parameters, no status: the FlexMusic server says nothing either


def test_a_version_line_without_a_line_end_is_taken_after_a_pause(raw: Open) -> None:
    client = raw()
    banner = client.line()
    client.sock.sendall(b"FlexMusic Python Client Library,1.1.1")  # as HANDSHAKE.md shows it
    _, _, client.fernet = client.key_exchange()
    client.sock.sendall(client.fernet.encrypt(banner))
    assert client.message().startswith(b"100 ")


@pytest.mark.parametrize("echo", [b"FlexMusic Server,1.1.2\r\n", b"", b"hello"])
def test_a_wrong_echo_of_the_version_line_is_closed_silently(raw: Open, echo: bytes) -> None:
    client = raw()
    client.line()
    client.sock.sendall(b"bot,1.1.1\r\n")
    _, _, fernet = client.key_exchange()
    client.sock.sendall(fernet.encrypt(echo))
    assert client.closed()


def test_the_echo_may_lack_the_line_end(raw: Open) -> None:
    client = raw()
    client.line()
    client.sock.sendall(b"bot,1.1.1\r\n")
    _, _, client.fernet = client.key_exchange()
    client.sock.sendall(client.fernet.encrypt(BANNER.strip()))  # the server compares after strip()
    assert client.message().startswith(b"100 ")


def test_a_token_of_another_key_is_closed_silently(raw: Open) -> None:
    client = raw()
    client.line()
    client.sock.sendall(b"bot,1.1.1\r\n")
    client.key_exchange()
    client.sock.sendall(Fernet(Fernet.generate_key()).encrypt(BANNER))  # ends in padding: known bad
    assert client.closed()


@pytest.mark.parametrize(
    "key",
    [b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", b"hello\n-----END X-----\n"],
)
def test_a_public_key_that_does_not_load_is_closed_silently(raw: Open, key: bytes) -> None:
    client = raw()
    client.line()
    client.sock.sendall(b"bot,1.1.1\r\n")
    client.pem()
    client.sock.sendall(key)
    assert client.closed()


def test_a_key_on_other_parameters_is_closed_silently(raw: Open) -> None:
    other = dh.generate_parameters(generator=2, key_size=512)  # small: quick to make
    client = raw()
    client.line()
    client.sock.sendall(b"bot,1.1.1\r\n")
    client.pem()
    key = other.generate_private_key().public_key()
    client.sock.sendall(
        key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert client.closed()


# --- tokens however TCP cuts them --------------------------------------------------------------


def test_a_token_split_across_packets_is_one_command(raw: Open) -> None:
    client = raw()
    client.handshake()
    assert client.fernet is not None
    token = client.fernet.encrypt(b"HELP HELP\r\n")
    for start in range(0, len(token), 7):
        client.sock.sendall(token[start : start + 7])
        time.sleep(0.005)
    assert client.message().startswith(b"200-General success.\r\n200-Usage: HELP [command]\r\n")


def test_two_tokens_in_one_packet_are_two_commands_answered_in_order(raw: Open) -> None:
    client = raw()
    client.handshake()
    assert client.fernet is not None
    commands = (b"AUTH alice s3cret", b"SELECT radio", b"SEARCH jazz", b"NOPE", b"QUIT")
    client.sock.sendall(b"".join(client.fernet.encrypt(c + b"\r\n") for c in commands))
    reader = TokenReader(client.fernet)
    replies: list[bytes] = []
    while len(replies) < len(commands):
        replies += reader.feed(client.recv())
    assert replies == [
        b"150 Authentication successful.\r\n",
        b"200 General success.\r\n",
        b"200-General success.\r\n200-101 Morning Jazz Hour\r\n200 102 Night Jazz Radio\r\n",
        b"400 Invalid command or operative: unknown command\r\n",
        b"200 General success.\r\n",
    ]
    assert client.closed()


def test_a_command_without_a_line_end_and_an_over_long_one(raw: Open) -> None:
    client = raw()
    client.handshake()
    assert client.fernet is not None
    client.sock.sendall(client.fernet.encrypt(b"AUTH alice s3cret"))  # as FlexMusic clients may
    assert client.message() == b"150 Authentication successful.\r\n"
    too_long = b"SEARCH " + b"x" * 4090
    assert (
        client.command(too_long.decode())
        == b"400 Invalid command or operative: line longer than 4096 bytes\r\n"
    )
    client.sock.sendall(client.fernet.encrypt(b"HELP\r\nQUIT\r\n"))  # one token is one command
    assert client.message() == b"400 Invalid command or operative: unknown command\r\n"


def test_garbage_after_the_handshake_ends_the_connection(raw: Open) -> None:
    client = raw()
    client.handshake()
    client.sock.sendall(b"Z" * 20_000)  # never a token, and more than the largest one
    assert client.closed()


# --- the client, in both modes -----------------------------------------------------------------

SCRIPT = [
    (
        "HELP QUEUE",
        200,
        ("Usage: QUEUE <id>", "Add a track of the selected back end to your queue.", "Accepted after AUTH."),
    ),
    ("LIST", 400, ()),
    ("AUTH alice wrong", 151, ()),
    ("AUTH alice", 411, ()),
    ("AUTH alice s3cret", 150, ()),
    ("LIST", 420, ()),
    ("LIST everything", 410, ()),
    ("SELECT radio", 200, ()),
    (
        "LIST",
        200,
        (
            "101 Morning Jazz Hour",
            "102 Night Jazz Radio",
            "103 Classical Breakfast",
            "104 Late Night Ambient",
        ),
    ),
    ("SEARCH jazz", 200, ("101 Morning Jazz Hour", "102 Night Jazz Radio")),
    ("SEARCH nothing", 200, ()),
    ("QUEUE 102", 200, ()),
    ("QUEUE 1", 420, ()),
    ("SELECT library radio", 410, ()),
    ("DESELECT", 200, ()),
    ("DESELECT", 420, ()),
    ("HELP NOSUCH", 420, ()),
    ("PLAY", 400, ()),
    ("QUIT", 200, ()),
]


@pytest.mark.parametrize("encryption", ["fernet", "none"])
def test_the_client_runs_every_command_in_both_modes(
    encryption: str, statuskit_record: StatuskitRecord
) -> None:
    options = (*CHEAP, "--lockout", "0", "--version", "1.1.1", *USERS)
    if encryption == "none":
        options = (*options[:2], "--encryption", "none", *options[4:])

    async def session(port: int) -> list[tuple[str, int, tuple[str, ...], bool]]:
        client = await FmltpClient.connect("127.0.0.1", port, encryption=encryption, version=Version(1, 2, 2))
        async with client:
            assert client.server_line == "FlexMusic Server,1.1.1"
            assert client.ready is not None and client.ready.code == 111
            seen = []
            for command, _, _ in SCRIPT:
                reply = await client.command(command)
                seen.append((command, reply.code, reply.lines, reply.ok))
            return seen

    with server("fmltp", *options) as running:
        seen = asyncio.run(session(running.port))
        assert stop(running) == 0
    assert [(c, code, lines) for c, code, lines, _ in seen] == SCRIPT
    assert [ok for *_, ok in seen] == [code in (150, 200) for _, code, _ in SCRIPT]
    received = [o.code for o in statuskit_record.during_test() if o.direction == "received"]
    assert received == [111, *(code for _, code, _ in SCRIPT)]  # the client side, as decoded
    sent = {o.code for o in statuskit_record.during_test() if o.direction == "sent"}
    assert sent == {111, *(code for _, code, _ in SCRIPT)}  # the server side, through the codec


def test_every_declared_code_is_sent_through_the_encrypted_server(
    raw: Open, statuskit_record: StatuskitRecord
) -> None:
    versions = ["1.1.1", "1.1.2", "1.1.0", "1.2.1", "1.2.2", "1.2.0", "1.0.1", "1.0.2", "1.0.0"]
    for version in versions:
        raw().handshake(f"bot,{version}\r\n".encode())
    client = raw()
    client.handshake()
    for command in (
        "HELP",
        "NOPE",
        "AUTH alice x",
        "AUTH alice x y",
        "AUTH alice",
        "AUTH alice s3cret",
        "LIST",
    ):
        client.command(command)
    sent = {o.code for o in statuskit_record.during_test() if o.catalog == "fmltp" and o.direction == "sent"}
    assert sent == {code.code for code in SPACE.all_codes()} - set(UNREACHABLE)


def test_auth_and_the_lock_out_through_encryption() -> None:
    async def attempts(port: int) -> list[int]:
        client = await FmltpClient.connect("127.0.0.1", port, version=Version(1, 1, 1))
        codes = []
        async with client:
            assert (await client.auth("alice", "s3cret")).code == 150
        client = await FmltpClient.connect("127.0.0.1", port, version=Version(1, 1, 1))
        async with client:
            for _ in range(5):
                codes.append((await client.auth("alice", "wrong")).code)
            with pytest.raises((FmltpError, ConnectionError)):  # closed, or reset on our write
                await client.auth("alice", "s3cret")  # the fifth failure ended the connection
        with pytest.raises(FmltpError, match="before its version line"):
            await FmltpClient.connect("127.0.0.1", port)  # the address is locked out
        return codes

    with server("fmltp", *CHEAP, "--version", "1.1.1", "--lockout", "60", *USERS) as running:
        assert asyncio.run(attempts(running.port)) == [151] * 5
        assert "refused 127.0.0.1" in running.wait_for_log("refused ")
        assert stop(running) == 0

"""The first FmLTP client: the FlexMusic handshake, AUTH and commands, replies as catalog statuses.

    async with await FmltpClient.connect("127.0.0.1", 8900) as client:
        await client.auth("alice", "s3cret")
        reply = await client.command("SEARCH jazz")
        reply.status.code, reply.lines, reply.advice.ok

It speaks both modes of statuskit's server (``encryption="fernet"``, the default, and
``"none"``) and, with the same code, the real FlexMusic server: that one's replies may continue
on lines without a code and may lack the final CRLF, which :func:`parse_reply` accepts. Each
reply is a :class:`~statuskit.status.Status` of ``catalogs/fmltp.yaml`` (reported to the
conformance recorder as received) with the runtime's advice (:func:`statuskit.integrations.
client.advise`): ``ok`` for 2xx and 150, not for 151 and 4xx.

Errors: :class:`FmltpError` when the server breaks the protocol or ends the handshake (a
FlexMusic server closes silently on a different class, a failed key exchange or a cool-down),
``OSError`` when the connection cannot be made or breaks, ``TimeoutError`` after ``timeout``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import deque
from dataclasses import dataclass
from functools import partial
from types import TracebackType

from cryptography.fernet import Fernet

from ...conformance import operation
from ...errors import WireError
from ...integrations.client import Advice, advise
from ...model import Space
from ...status import Status
from ...wire import line, record
from ..serving import bundled_catalog
from . import kex
from .commands import COMMANDS
from .tokens import TokenError, TokenReader
from .version import Version, parse_version_line

ENCRYPTIONS = ("fernet", "none")
CLIENT_NAME = "FlexMusic statuskit client"
CLIENT_VERSION = Version(0, 0, 0)
MAX_REPLY = 1 << 20
"""The largest reply the client reads (bytes of plaintext)."""
MAX_VERSION_LINE = 4096
_READ = 65536
_VERSION_LINE = "its version line"
_CODE = re.compile(r"([0-9]{3})([ -]|$)")


class FmltpError(WireError):
    """The server did not speak FmLTP as expected; the message says what happened, in one line."""


@dataclass(frozen=True, slots=True)
class Reply:
    """One whole reply: its status, the lines after the first, and what to do about it."""

    status: Status
    lines: tuple[str, ...]
    advice: Advice

    @property
    def code(self) -> int:
        return int(self.status.code)  # FmLTP codes are three digits

    @property
    def ok(self) -> bool:
        """True when the catalog calls the code a success (2xx, 150)."""
        return self.advice.ok

    def text(self) -> str:
        """The reply as a person reads it: ``CODE text`` and then each further line."""
        first = f"{self.status.code} {self.status.text()}".rstrip()
        return "\n".join((first, *self.lines))


def parse_reply(data: bytes, space: Space) -> Reply:
    """A whole reply's bytes (one token's plaintext) as a :class:`Reply`; FmltpError if it has no code.

    statuskit's replies are line replies (``200-first`` … ``200 last``, every line with CRLF)
    and are decoded by ``statuskit.wire.line``. The FlexMusic server's continuation lines have no
    code and its last line may lack the CRLF; those are read leniently: the first line must start
    with a three-digit code, later lines are kept as they are (without a repeated code).
    """
    try:
        status = line.decode(data, space, max_line=MAX_REPLY)
    except WireError:
        status = _lenient(data, space)
    lines = status.data.get("lines", ())
    return Reply(status, tuple(str(item) for item in lines), advise(status))


def _lenient(data: bytes, space: Space) -> Status:
    text = data.decode("utf-8", errors="replace")
    parts = re.split(r"\r?\n", text.removesuffix("\n").removesuffix("\r"))
    match = _CODE.match(parts[0])
    if match is None:
        shown = parts[0][:40]
        raise FmltpError(f"a reply that does not start with a three-digit code: {shown!r}")
    code = int(match.group(1))
    rest = []
    for part in parts[1:]:
        again = _CODE.match(part)
        rest.append(part[4:] if again is not None and int(again.group(1)) == code else part)
    first = parts[0][4:]
    status = Status.received(space, code, text=first, data={"lines": rest} if rest else {})
    record.received(status, line.TRANSPORT)
    return status


class FmltpClient:
    """An open FmLTP connection after the handshake; one command at a time."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        space: Space,
        server_line: str,
        fernet: Fernet | None,
        timeout: float,
        buffered: bytes = b"",
    ) -> None:
        self._reader = reader
        self._writer = writer
        self.space = space
        self.server_line = server_line
        """The server's version line, as it sent it (without CRLF)."""
        name, version = parse_version_line(server_line) or ("", CLIENT_VERSION)
        self.server_name = name
        self.server_version: Version = version
        self.ready: Reply | None = None
        """The server's first reply after the handshake (its compatibility code)."""
        self._fernet = fernet
        self._timeout = timeout
        self._tokens = TokenReader(fernet, MAX_REPLY) if fernet is not None else None
        self._lines = line.LineReader(space, max_line=MAX_REPLY)
        self._replies: deque[Reply] = deque()
        self._leftover = buffered

    @classmethod
    async def connect(
        cls,
        host: str,
        port: int,
        *,
        encryption: str = "fernet",
        name: str = CLIENT_NAME,
        version: Version = CLIENT_VERSION,
        timeout: float = 10.0,
        space: Space | None = None,
    ) -> FmltpClient:
        """Connect and run the handshake; the client is ready for AUTH (or commands)."""
        if encryption not in ENCRYPTIONS:
            raise ValueError(f"encryption {encryption!r}: expected one of {', '.join(ENCRYPTIONS)}")
        space = space or bundled_catalog("fmltp").space("status")
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
        try:
            async with asyncio.timeout(timeout):
                return await _handshake(reader, writer, space, encryption, f"{name},{version}", timeout)
        except BaseException:
            writer.transport.abort()
            raise

    async def auth(self, user: str, password: str) -> Reply:
        """``AUTH user password``: 150 when logged in, 151 when not."""
        if not user or not password or any(c.isspace() for c in user + password):
            raise ValueError("user and password must be non-empty and without spaces")
        return await self.command(f"AUTH {user} {password}")

    async def command(self, text: str) -> Reply:
        """Send one command line and read its whole reply."""
        if "\r" in text or "\n" in text:
            raise ValueError("a command is one line: no CR or LF")
        data = text.encode("utf-8") + b"\r\n"
        self._writer.write(data if self._fernet is None else self._fernet.encrypt(data))
        words = text.split()
        name = words[0].upper() if words else ""
        # The recorder learns which catalog operation each received status answers.
        with operation(name if name in COMMANDS else None):
            async with asyncio.timeout(self._timeout):
                await self._writer.drain()
                return await self.reply()

    async def reply(self) -> Reply:
        """The next whole reply from the server."""
        while not self._replies:
            chunk, self._leftover = self._leftover, b""
            if not chunk:
                chunk = await self._reader.read(_READ)
                if not chunk:
                    raise FmltpError("the server closed the connection")
            try:
                if self._tokens is not None:
                    for message in self._tokens.feed(chunk):
                        self._replies.append(parse_reply(message, self.space))
                else:
                    for status in self._lines.feed(chunk):
                        lines = tuple(str(item) for item in status.data.get("lines", ()))
                        self._replies.append(Reply(status, lines, advise(status)))
            except TokenError as error:
                raise FmltpError(f"the server sent something that is not a token: {error}") from None
            except WireError as error:
                raise FmltpError(f"the server sent a malformed reply: {error}") from None
        return self._replies.popleft()

    async def close(self) -> None:
        """Close the connection (without QUIT)."""
        self._writer.close()
        with contextlib.suppress(OSError):
            await self._writer.wait_closed()

    async def __aenter__(self) -> FmltpClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()


async def _handshake(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    space: Space,
    encryption: str,
    own_line: str,
    timeout: float,
) -> FmltpClient:
    stream = _Stream(reader)
    server_raw = await stream.line()
    server_line = server_raw.decode("utf-8", errors="replace").rstrip("\r\n")
    if parse_version_line(server_line) is None:
        raise FmltpError(f"the server's version line does not parse: {server_line[:60]!r}")
    writer.write(own_line.encode("utf-8") + b"\r\n")
    fernet = None
    if encryption == "fernet":
        try:
            parameters = await asyncio.to_thread(kex.read_parameters, await stream.pem("DH parameters"))
        except kex.KexError as error:
            raise FmltpError(f"the server's DH parameters: {error}") from None
        own = await asyncio.to_thread(kex.new_private_key, parameters)
        writer.write(kex.public_pem(own))
        peer = await stream.pem("its public key")
        try:
            fernet = await asyncio.to_thread(partial(kex.cipher, own, peer, remember=True))
        except kex.KexError as error:
            raise FmltpError(f"the server's public key: {error}") from None
        writer.write(fernet.encrypt(server_raw))
    client = FmltpClient(
        reader,
        writer,
        space=space,
        server_line=server_line,
        fernet=fernet,
        timeout=timeout,
        buffered=stream.rest(),
    )
    with operation("handshake"):
        client.ready = await client.reply()
    return client


class _Stream:
    """Reads the handshake's plaintext pieces, keeping what arrives after them."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader
        self._buffer = bytearray()

    async def _more(self, what: str) -> None:
        chunk = await self._reader.read(_READ)
        if not chunk:
            if what == _VERSION_LINE and not self._buffer:
                raise FmltpError(
                    "the server closed the connection before its version line (it is full, or "
                    "refuses this address: too many connections from it, a lock-out or a cool-down)"
                )
            raise FmltpError(
                f"the server closed the connection during the handshake, waiting for {what} "
                "(a different protocol class, a failed key exchange or a cool-down after a failed "
                "handshake from this address)"
            )
        self._buffer += chunk

    async def line(self) -> bytes:
        """The server's version line, with its CRLF."""
        while (end := self._buffer.find(b"\n")) < 0:
            if len(self._buffer) > MAX_VERSION_LINE:
                raise FmltpError(f"no version line within {MAX_VERSION_LINE} bytes")
            await self._more(_VERSION_LINE)
        found = bytes(self._buffer[: end + 1])
        del self._buffer[: end + 1]
        return found

    async def pem(self, what: str) -> bytes:
        """One PEM block, through its END line and line end."""
        while True:
            start = self._buffer.find(b"-----END ")
            close = self._buffer.find(b"-----", start + 9) if start >= 0 else -1
            if close >= 0:
                end = close + 5
                while bytes(self._buffer[end : end + 1]) in (b"\r", b"\n"):
                    end += 1
                found = bytes(self._buffer[:end])
                del self._buffer[:end]
                if not found.lstrip().startswith(b"-----BEGIN "):
                    raise FmltpError(f"expected {what} as a PEM block, got {found[:30]!r}")
                return found
            head = self._buffer.lstrip()
            if b"\n" in head and not head.startswith(b"-----BEGIN "):
                shown = bytes(head[: head.index(b"\n")]).decode("utf-8", errors="replace").strip()
                raise FmltpError(
                    f"the server sent {shown[:60]!r} where {what} were expected "
                    "(a server without encryption? try --encryption none)"
                )
            if len(self._buffer) > kex.MAX_PEM:
                raise FmltpError(f"no PEM block of {what} within {kex.MAX_PEM} bytes")
            await self._more(what)

    def rest(self) -> bytes:
        return bytes(self._buffer)

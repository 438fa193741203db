"""One FmLTP connection: the handshake, then one command and one reply at a time until QUIT.

With encryption (the default, as the FlexMusic server)::

    S: NAME,CLASS.STEPPING.SUBSTEPPING CRLF      plaintext, the server's version line
    C: NAME,CLASS.STEPPING.SUBSTEPPING CRLF      plaintext, the client's
    S: DH parameters, PKCS#3 PEM                 plaintext
    C: its DH public key, SubjectPublicKeyInfo PEM
    S: the server's DH public key, SubjectPublicKeyInfo PEM
    C: token(the server's version line)          the client proves it has the key
    S: token(the compatibility reply, 1xx)
    then one token per command and one token per reply

A client that fails any step (a version line that does not parse, another class, a key that
does not fit, a wrong echo, a token of another key) is disconnected without a word, as the
FlexMusic server does. With ``--encryption none`` the same conversation runs in plain lines
after the version lines, and a version line that does not parse gets ``400`` first.

The whole handshake must be done within ``--handshake-timeout`` seconds, however slowly the
client trickles bytes. Statuses go out through the server's :meth:`Host.encode`, which builds
them from the catalog with ``statuskit.wire.line`` and logs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import Protocol

from cryptography.fernet import Fernet

from .framing import MAX_LINE, LineSplitter
from .kex import MAX_PEM, KexError
from .replies import Reply
from .session import Session, Shared
from .settings import Settings
from .tokens import TokenError, TokenReader
from .version import Version, compatibility_code, parse_version_line

READ_CHUNK = 65536
WRITE_HIGH_WATER = 65536
"""Unsent reply bytes a connection may pile up before the server waits for the client to read."""
HANDSHAKE = "handshake"
"""The catalog's name for the operation the compatibility code answers."""
VERSION_QUIET = 0.3
"""Seconds after which a version line without a line end is taken as it is (see _version_line)."""


class Host(Protocol):
    """What a connection needs from its server."""

    settings: Settings
    shared: Shared
    parameters_pem: bytes

    def encode(self, reply: Reply, where: str) -> bytes: ...

    def note(self, message: str) -> None: ...

    def handshake_failed(self, connection: Connection, why: str) -> None: ...

    async def exchange(self, peer_pem: bytes) -> tuple[Fernet, bytes]: ...


class Closed(Exception):
    """The client went away, stayed silent too long, or broke the protocol (already logged)."""


class HandshakeFailed(Exception):
    """The client did not complete the handshake; the message says why (for the log)."""


class Connection:
    """One client: the handshake, then commands until QUIT, EOF, eviction or shutdown."""

    def __init__(
        self,
        host: Host,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        address: str,
        where: str,
    ) -> None:
        self.host = host
        self.settings = host.settings
        self.reader = reader
        self.writer = writer
        self.address = address
        self.where = where
        self.last_active = time.monotonic()
        self.authenticated = False
        self.busy = False
        """True while the server works for this client (a key exchange, a password check)."""
        self._buffer = bytearray()
        self._splitter = LineSplitter()
        self._tokens: TokenReader | None = None
        self._fernet: Fernet | None = None
        self._pending: deque[bytes | None] = deque()

    async def run(self) -> None:
        settings = self.settings
        version_line = f"{settings.name},{settings.version}\r\n".encode()
        self.writer.write(version_line)
        try:
            async with asyncio.timeout(settings.handshake_timeout or None):
                if settings.encryption == "none":
                    reply = await self._plain_handshake()
                else:
                    reply = await self._fernet_handshake(version_line)
        except TimeoutError:
            self.host.handshake_failed(self, f"not done within {settings.handshake_timeout:g} s")
            return
        except HandshakeFailed as failure:
            self.host.handshake_failed(self, str(failure))
            return
        except Closed:
            self.host.handshake_failed(self, "the client closed the connection")
            return
        self._send(reply)
        await self._commands()

    async def _commands(self) -> None:
        session = Session(self.host.shared, self.address)
        while not self.writer.is_closing():
            raw = await self._next_command(self.settings.idle_timeout)
            if raw is None:
                reply = Reply(400, detail="line longer than 4096 bytes", note="line too long")
            else:
                self.busy = True
                try:
                    reply = await session.handle(raw)
                finally:
                    self.busy = False
                self.authenticated = session.user is not None
            self._send(reply)
            if reply.close:
                await self.writer.drain()
                return

    # --- handshakes ----------------------------------------------------------------------

    async def _plain_handshake(self) -> Reply:
        raw = await self._next_command(0)
        parsed = None
        if raw is not None:
            with contextlib.suppress(UnicodeDecodeError):
                parsed = parse_version_line(raw.decode("utf-8"))
        if parsed is None:
            detail = "expected NAME,CLASS.STEPPING.SUBSTEPPING"
            self._send(Reply(400, detail=detail, close=True, note="bad version line", operation=HANDSHAKE))
            await self.writer.drain()
            raise HandshakeFailed("a version line that does not parse")
        return self._compatibility(*parsed)

    async def _fernet_handshake(self, version_line: bytes) -> Reply:
        raw = await self._version_line()
        parsed = None
        with contextlib.suppress(UnicodeDecodeError):
            parsed = parse_version_line(raw.decode("utf-8"))
        if parsed is None:
            raise HandshakeFailed("a version line that does not parse")
        reply = self._compatibility(*parsed)
        self.writer.write(self.host.parameters_pem)
        peer = await self._pem_block()
        self.busy = True
        try:
            fernet, own = await self.host.exchange(peer)
        except KexError as error:
            raise HandshakeFailed(f"client key: {error}") from None
        finally:
            self.busy = False
        self.writer.write(own)
        self._fernet = fernet
        self._tokens = TokenReader(fernet)
        leftover = bytes(self._buffer)
        self._buffer.clear()
        echo = await self._next_message(leftover)
        if echo.strip() != version_line.strip():
            raise HandshakeFailed("the encrypted echo of the version line is wrong")
        return reply

    def _compatibility(self, client_name: str, client_version: Version) -> Reply:
        code = compatibility_code(self.settings.version, client_version)
        if code is None:
            raise HandshakeFailed(
                f"client class {client_version.klass} is not server class {self.settings.version.klass}"
            )
        return Reply(code, note=f"client {client_name[:60]},{client_version}", operation=HANDSHAKE)

    async def _version_line(self) -> bytes:
        """The client's version line, up to LF (CR removed).

        The FlexMusic server takes whatever its first ``recv`` returns, so clients written for
        it may send the line without a line end; a complete-looking line followed by
        :data:`VERSION_QUIET` seconds of silence is taken as it is.
        """
        buffer = self._buffer
        while True:
            end = buffer.find(b"\n")
            if end >= 0:
                line = bytes(buffer[:end]).removesuffix(b"\r")
                del buffer[: end + 1]
                return line
            if len(buffer) > MAX_LINE + 1:
                raise HandshakeFailed(f"a version line longer than {MAX_LINE} bytes")
            complete = False
            if buffer:
                with contextlib.suppress(UnicodeDecodeError):
                    complete = parse_version_line(buffer.decode("utf-8")) is not None
            if not complete:
                buffer += await self._read(0)
                continue
            try:
                buffer += await self._read(VERSION_QUIET)
            except TimeoutError:
                line = bytes(buffer)
                buffer.clear()
                return line

    async def _pem_block(self) -> bytes:
        """One PEM block, through its ``-----END …-----`` line and the line end if it came along."""
        buffer = self._buffer
        while True:
            start = buffer.find(b"-----END ")
            close = buffer.find(b"-----", start + 9) if start >= 0 else -1
            if close >= 0:
                end = close + 5
                if buffer[end : end + 2] == b"\r\n":
                    end += 2
                elif buffer[end : end + 1] == b"\n":
                    end += 1
                block = bytes(buffer[:end])
                del buffer[:end]
                return block
            if len(buffer) > MAX_PEM:
                raise HandshakeFailed(f"no PEM block within {MAX_PEM} bytes")
            buffer += await self._read(0)

    async def _next_message(self, data: bytes = b"") -> bytes:
        """The plaintext of the next token (during the handshake)."""
        assert self._tokens is not None
        try:
            while True:
                messages = self._tokens.feed(data)
                if messages:
                    self._pending.extend(_as_command(m) for m in messages[1:])
                    return messages[0]
                data = await self._read(0)
        except TokenError as error:
            raise HandshakeFailed(str(error)) from None

    # --- commands ------------------------------------------------------------------------

    async def _next_command(self, timeout: float) -> bytes | None:
        """The next command (None: an over-long one); Closed on EOF, timeout or a bad token."""
        while not self._pending:
            await self.writer.drain()
            try:
                chunk = await self._read(timeout)
            except TimeoutError:
                self.host.note(f"closed {self.where}: silent for {timeout:g} s")
                raise Closed from None
            if self._tokens is None:
                self._pending.extend(self._splitter.feed(chunk))
                continue
            try:
                messages = self._tokens.feed(chunk)
            except TokenError as error:
                self.host.note(f"closed {self.where}: {error}")
                raise Closed from None
            self._pending.extend(_as_command(message) for message in messages)
        if self.writer.transport.get_write_buffer_size() > WRITE_HIGH_WATER:
            await self.writer.drain()
        return self._pending.popleft()

    async def _read(self, timeout: float) -> bytes:
        """The next bytes from the client; Closed on EOF, TimeoutError after ``timeout`` (0: none)."""
        if timeout:
            async with asyncio.timeout(timeout):
                chunk = await self.reader.read(READ_CHUNK)
        else:
            chunk = await self.reader.read(READ_CHUNK)
        if not chunk:
            raise Closed
        self.last_active = time.monotonic()
        return chunk

    def _send(self, reply: Reply) -> None:
        data = self.host.encode(reply, self.where)
        self.writer.write(data if self._fernet is None else self._fernet.encrypt(data))

    def evict(self, why: str) -> None:
        """Drop this connection now (to make room for another); its task ends soon after."""
        self.host.note(f"dropped {self.where}: {why}")
        self.writer.transport.abort()


def _as_command(message: bytes) -> bytes | None:
    """A token's plaintext as a command line: one trailing line end removed; None when too long."""
    if message.endswith(b"\n"):
        message = message[:-1].removesuffix(b"\r")
    return None if len(message) > MAX_LINE else message

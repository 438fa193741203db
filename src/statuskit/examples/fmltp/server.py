"""The asyncio server: accept, handshake, then one :class:`~.session.Session` per connection.

Every status goes on the wire through ``statuskit.wire.line.encode``, built from the bundled
catalog, so the conformance recorder sees each one. The version line that opens a connection is
not a status and is written as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ...errors import UsageError
from ...model import Space
from ...wire import line
from ..serving import announce, bundled_catalog, log, log_status
from .auth import Lockout, Users
from .framing import LineSplitter
from .session import Reply, Session, Shared
from .store import QueueStore
from .version import Version, compatibility_code, parse_version_line

READ_CHUNK = 65536
WRITE_HIGH_WATER = 65536
"""Unsent reply bytes a connection may pile up before the server waits for the client to read."""

LOG_LEVELS = ("all", "failures", "none")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the command line decides."""

    host: str
    port: int
    name: str
    version: Version
    users: Users
    lockout: Lockout
    store: QueueStore
    handshake_timeout: float = 5.0
    idle_timeout: float = 0.0
    max_connections: int = 32
    log: str = "all"


class _Closed(Exception):
    """The client went away, or stayed silent too long."""


class FmltpServer:
    """One listening FmLTP server and its open connections."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.space: Space = bundled_catalog("fmltp").space("status")
        # argon2 is slow and memory-hungry on purpose: verify at most two passwords at a time,
        # off the event loop.
        self._hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="fmltp-auth")
        self.shared = Shared(self._verify, settings.lockout, settings.store)
        self._connections: set[asyncio.Task[None]] = set()

    async def _verify(self, user: str, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._hashing, self.settings.users.verify, user, password)

    async def run(self, stop: asyncio.Event) -> int:
        """Serve until ``stop`` is set, then close every connection; the exit status."""
        settings = self.settings
        try:
            listener = await asyncio.start_server(self._accept, settings.host, settings.port)
        except OSError as error:
            self._hashing.shutdown(wait=False)
            reason = error.strerror or str(error)
            raise UsageError(f"cannot listen on {settings.host}:{settings.port}: {reason}") from None
        host, port = listener.sockets[0].getsockname()[:2]
        announce(host, port)
        try:
            await stop.wait()
        finally:
            listener.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await listener.wait_closed()
            self._hashing.shutdown(wait=False, cancel_futures=True)
        if settings.log != "none":
            log("stopped")
        return 0

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if peer else "unknown"
        where = f"{address}:{peer[1]}" if peer else address
        if self.settings.lockout.refused(address):
            self.note(f"refused {where}: locked out after failed AUTHs")
            writer.transport.abort()
            return
        if len(self._connections) >= self.settings.max_connections:
            self.note(f"refused {where}: {self.settings.max_connections} connections already open")
            writer.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await _Connection(self, reader, writer, address, where).run()
        except (_Closed, ConnectionError):
            pass
        except asyncio.CancelledError:
            # The server is stopping. Ending normally rather than cancelled spares Python 3.11's
            # stream protocol from logging the cancellation as an error.
            pass
        except Exception as error:  # one broken connection must never stop the server
            self.note(f"{where}: internal error: {type(error).__name__}: {error}")
        finally:
            self._connections.discard(task)
            writer.close()

    def send(self, writer: asyncio.StreamWriter, reply: Reply, where: str) -> None:
        """Encode ``reply`` with the line codec and queue it on ``writer``; log it."""
        status = self.space.status(reply.code, detail=reply.detail)
        writer.write(line.encode(status, lines=reply.lines or None))
        level = self.settings.log
        if level == "all" or (level == "failures" and status.outcome == "failure"):
            note = f"{where} {reply.note}".rstrip()
            log_status(status, _printable(note))

    def note(self, message: str) -> None:
        """A log line that is not a status (refused or dropped connections)."""
        if self.settings.log != "none":
            log(_printable(message))


class _Connection:
    """One client: the handshake, then command lines until QUIT, EOF or shutdown."""

    def __init__(
        self,
        server: FmltpServer,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        address: str,
        where: str,
    ) -> None:
        self.server = server
        self.settings = server.settings
        self.reader = reader
        self.writer = writer
        self.address = address
        self.where = where
        self._splitter = LineSplitter()
        self._pending: deque[bytes | None] = deque()

    async def run(self) -> None:
        settings = self.settings
        self.writer.write(f"{settings.name},{settings.version}\r\n".encode())
        if not await self._handshake():
            return
        session = Session(self.server.shared, self.address)
        while not self.writer.is_closing():
            raw = await self._next_line(self.settings.idle_timeout)
            if raw is None:
                reply = Reply(400, detail="line longer than 4096 bytes", note="line too long")
            else:
                reply = await session.handle(raw)
            self._send(reply)
            if reply.close:
                await self.writer.drain()
                return

    async def _handshake(self) -> bool:
        """Read the client's version line and answer it; False when the connection must end."""
        raw = await self._next_line(self.settings.handshake_timeout)
        parsed = None
        if raw is not None:
            with contextlib.suppress(UnicodeDecodeError):
                parsed = parse_version_line(raw.decode("utf-8"))
        if parsed is None:
            detail = "expected NAME,CLASS.STEPPING.SUBSTEPPING"
            self._send(Reply(400, detail=detail, close=True, note="bad version line"))
            await self.writer.drain()
            return False
        client_name, client_version = parsed
        code = compatibility_code(self.settings.version, client_version)
        if code is None:
            self.server.note(
                f"closed {self.where}: client class {client_version.klass} "
                f"is not server class {self.settings.version.klass}"
            )
            return False
        note = f"client {client_name[:60]},{client_version}"
        self._send(Reply(code, note=note))
        return True

    def _send(self, reply: Reply) -> None:
        self.server.send(self.writer, reply, self.where)

    async def _next_line(self, timeout: float) -> bytes | None:
        """The next command line (None: an over-long one); _Closed on EOF or timeout."""
        while not self._pending:
            await self.writer.drain()
            try:
                if timeout:
                    async with asyncio.timeout(timeout):
                        chunk = await self.reader.read(READ_CHUNK)
                else:
                    chunk = await self.reader.read(READ_CHUNK)
            except TimeoutError:
                self.server.note(f"closed {self.where}: silent for {timeout:g} s")
                raise _Closed from None
            if not chunk:
                raise _Closed
            self._pending.extend(self._splitter.feed(chunk))
        if self.writer.transport.get_write_buffer_size() > WRITE_HIGH_WATER:
            await self.writer.drain()
        return self._pending.popleft()


def _printable(text: str, limit: int = 200) -> str:
    """Client-supplied text made safe for one log line."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"

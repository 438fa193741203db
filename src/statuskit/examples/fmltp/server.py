"""The asyncio FmLTP server: its listener, its limits, and one :class:`~.protocol.Connection` each.

Every status goes on the wire through ``statuskit.wire.line.encode``, built from the bundled
catalog, so the conformance recorder sees each one (encrypted or not). The limits keep one
client, or many idle ones, from shutting everyone else out:

- at most ``--max-connections`` connections, and ``--max-connections-per-address`` from one
  address; when the server is full, a connection that has not logged in is dropped to make room
  (an authenticated one never is): from the address holding the most of them, the one silent
  the longest;
- the whole handshake within ``--handshake-timeout``; an address whose handshake failed is
  refused for ``--handshake-cooldown`` seconds, one locked out after failed AUTHs for
  ``--lockout`` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import dh

from ...model import Space
from ...wire import line
from ..serving import announce, bind, bound_address, bundled_catalog, log, log_status
from . import kex
from .protocol import Closed, Connection
from .replies import Reply
from .session import Shared
from .settings import Settings


class FmltpServer:
    """One listening FmLTP server and its open connections."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.space: Space = bundled_catalog("fmltp").space("status")
        # argon2 is slow and memory-hungry on purpose: verify at most two passwords at a time,
        # off the event loop.
        self._hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="fmltp-auth")
        # Loading a client's DH key costs ~30 ms of CPU with the GIL held: one at a time, in
        # order, so a burst of handshakes queues instead of piling up threads.
        self._kex = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmltp-kex")
        self.shared = Shared(self._verify, settings.lockout, settings.store)
        self.parameters_pem = b""
        self._parameters: dh.DHParameters | None = None
        self._connections: dict[asyncio.Task[None], Connection] = {}
        self._per_address: Counter[str] = Counter()

    async def _verify(self, user: str, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._hashing, self.settings.users.verify, user, password)

    async def exchange(self, peer_pem: bytes) -> tuple[Fernet, bytes]:
        """The session cipher for a client's public key PEM, and our public key PEM to send."""
        parameters = self._parameters
        assert parameters is not None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._kex, _server_half, parameters, peer_pem)

    async def run(self, stop: asyncio.Event) -> int:
        """Serve until ``stop`` is set, then close every connection; the exit status."""
        settings = self.settings
        try:
            listener = bind(settings.host, settings.port)
            if settings.encryption == "fernet" and not await self._prepare_parameters(stop):
                listener.close()
                return 0
            server = await asyncio.start_server(self._accept, sock=listener)
        except BaseException:
            self._shutdown_pools()
            raise
        announce(*bound_address(listener))
        try:
            await stop.wait()
        finally:
            server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await server.wait_closed()
            self._shutdown_pools()
        if settings.log != "none":
            log("stopped")
        return 0

    async def _prepare_parameters(self, stop: asyncio.Event) -> bool:
        """Use or generate the DH parameters before accepting; False when stopped meanwhile."""
        parameters = self.settings.dh_parameters
        if parameters is None:
            started = time.monotonic()
            making = asyncio.ensure_future(asyncio.to_thread(kex.generate_parameters))
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({making, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not making.done():
                return False
            parameters = making.result()
            self.note(f"generated {kex.KEY_BITS}-bit DH parameters in {time.monotonic() - started:.1f} s")
        self._parameters = parameters
        self.parameters_pem = kex.parameters_pem(parameters)
        return True

    def _shutdown_pools(self) -> None:
        self._hashing.shutdown(wait=False, cancel_futures=True)
        self._kex.shutdown(wait=False, cancel_futures=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if peer else "unknown"
        where = f"{address}:{peer[1]}" if peer else address
        why = self._refusal(address)
        if why is not None:
            self.note(f"refused {where}: {why}")
            writer.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        connection = Connection(self, reader, writer, address, where)
        self._connections[task] = connection
        self._per_address[address] += 1
        try:
            await connection.run()
        except (Closed, ConnectionError):
            pass
        except asyncio.CancelledError:
            # The server is stopping. Ending normally rather than cancelled spares Python 3.11's
            # stream protocol from logging the cancellation as an error.
            pass
        except Exception as error:  # one broken connection must never stop the server
            self.note(f"{where}: internal error: {type(error).__name__}: {error}")
        finally:
            self._forget(task, address)
            writer.close()

    def _refusal(self, address: str) -> str | None:
        """Why a new connection from ``address`` is refused, or None (maybe after making room)."""
        settings = self.settings
        if settings.lockout.refused(address):
            return "locked out after failed AUTHs"
        if settings.handshake_cooldown.refused(address):
            return f"a handshake failed within {settings.handshake_cooldown.seconds:g} s"
        if self._per_address[address] >= settings.max_per_address:
            return f"{settings.max_per_address} connections from this address already open"
        if len(self._connections) < settings.max_connections:
            return None
        victim = self._victim()
        if victim is None:
            return f"{settings.max_connections} connections already open"
        for task, connection in list(self._connections.items()):
            if connection is victim:
                self._forget(task, victim.address)
        silent = time.monotonic() - victim.last_active
        victim.evict(f"not logged in and silent for {silent:.1f} s, making room for {address}")
        return None

    def _victim(self) -> Connection | None:
        """The connection to drop for a newcomer: not logged in, not being served, from the
        address that holds the most such connections, silent the longest; None when all are
        logged in or busy.

        Choosing by address first keeps a crowd of connections from a few addresses from
        pushing out a client that holds one: the crowd makes room among itself.
        """
        idle = [c for c in self._connections.values() if not c.authenticated and not c.busy]
        if not idle:
            return None
        held = Counter(c.address for c in idle)
        return min(idle, key=lambda c: (-held[c.address], c.last_active))

    def _forget(self, task: asyncio.Task[None], address: str) -> None:
        if self._connections.pop(task, None) is None:
            return
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]

    def handshake_failed(self, connection: Connection, why: str) -> None:
        """Log a failed handshake and start the address's cool-down, if any."""
        self.note(f"closed {connection.where}: handshake failed: {why}")
        cooldown = self.settings.handshake_cooldown
        if cooldown.failed(connection.address):
            self.note(f"refusing {connection.address} for {cooldown.seconds:g} s")

    def encode(self, reply: Reply, where: str) -> bytes:
        """The reply's bytes, from the catalog through the line codec; logs it."""
        status = self.space.status(reply.code, detail=reply.detail)
        data = line.encode(status, lines=reply.lines or None, operation=reply.operation)
        level = self.settings.log
        if level == "all" or (level == "failures" and status.outcome == "failure"):
            note = f"{where} {reply.note}".rstrip()
            log_status(status, _printable(note))
        return data

    def note(self, message: str) -> None:
        """A log line that is not a status (refused or dropped connections)."""
        if self.settings.log != "none":
            log(_printable(message))


def _server_half(parameters: dh.DHParameters, peer_pem: bytes) -> tuple[Fernet, bytes]:
    """Our key pair for one connection (never reused), the cipher, and our public key PEM."""
    own = kex.new_private_key(parameters)
    return kex.cipher(own, peer_pem), kex.public_pem(own)


def _printable(text: str, limit: int = 200) -> str:
    """Client-supplied text made safe for one log line."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"

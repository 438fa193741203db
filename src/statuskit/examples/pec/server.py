"""Start-up and shutdown: the database, the listening socket and uvicorn, logged through the catalog.

712 (database connected) and 711 (service in progress) go to the log on start-up; 912 (the
database cannot be opened) and 911 (the port is in use) end the server with exit status 1. The
socket is bound here, before uvicorn starts, so that ``--port 0`` can be announced with the port
the system picked. uvicorn's own signal handling is not used: ``run_until_stopped`` owns SIGINT
and SIGTERM and sets ``stop``.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from ...errors import UsageError
from ...wire import record
from .. import serving
from . import replies
from .app import PecApp, Settings
from .passwords import Passwords
from .store import Store, StoreError

EXIT_FAULT = 1
LOG_TRANSPORT = "log"


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the command line decides."""

    host: str
    port: int
    data: Path
    settings: Settings
    database_timeout: float = 5.0
    hash_time_cost: int = 2
    hash_memory_kib: int = 19456
    hash_workers: int = 2


def log_code(code: int, detail: str = "") -> None:
    """Log a status of the ``status`` space (start-up and faults), recorded as sent to the log."""
    status = replies.spaces()[1].status(code)
    record.emitted(status, LOG_TRANSPORT)
    serving.log_status(status, detail)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``; OSError when it cannot be had."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise UsageError(f"--host {host!r}: cannot be resolved ({error.strerror})") from None
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(1024)
        listener.setblocking(False)
    except OSError:
        listener.close()
        raise
    return listener


class _OneLine(logging.Handler):
    """uvicorn's warnings and errors, as single log lines (never a multi-line traceback)."""

    def emit(self, entry: logging.LogRecord) -> None:
        serving.log(f"http: {entry.getMessage()}")


def _quiet_uvicorn() -> None:
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = [_OneLine(level=logging.WARNING)]
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True


async def serve(options: Options, stop: asyncio.Event) -> int:
    """Run pec until ``stop`` is set; the exit status (0, or 1 on a start-up fault)."""
    try:
        store = Store.open(options.data, timeout=options.database_timeout)
    except StoreError as error:
        log_code(912, str(error))
        return EXIT_FAULT
    try:
        return await _serve_with(store, options, stop)
    finally:
        store.close()


async def _serve_with(store: Store, options: Options, stop: asyncio.Event) -> int:
    log_code(712, str(options.data))
    try:
        listener = bind(options.host, options.port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            log_code(911, f"{options.host}:{options.port}")
            return EXIT_FAULT
        raise UsageError(f"cannot listen on {options.host}:{options.port}: {error.strerror}") from None
    passwords = Passwords(
        time_cost=options.hash_time_cost, memory_kib=options.hash_memory_kib, workers=options.hash_workers
    )
    app = PecApp(store, passwords, options.settings)
    _quiet_uvicorn()
    config = uvicorn.Config(
        app,
        lifespan="off",
        http="h11",
        loop="asyncio",
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
    )
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    try:
        await server.startup(sockets=[listener])
        host, port = listener.getsockname()[:2]
        log_code(711, f"{host}:{port}")
        serving.announce(host, port)
        ticking = asyncio.create_task(server.main_loop())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({ticking, stopping}, return_when=asyncio.FIRST_COMPLETED)
        server.should_exit = True
        await ticking
        stopping.cancel()
        await server.shutdown(sockets=[listener])
    finally:
        listener.close()
        app.close()
        passwords.close()
    serving.log("stopped")
    return 0

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
from pathlib import Path

from ...wire import line
from .. import serving
from . import replies
from .app import PecApp
from .passwords import Passwords
from .settings import Options
from .store import Store, StoreError

EXIT_FAULT = 1


def log_code(code: int, detail: str = "") -> None:
    """Log a status of the ``status`` space (start-up and faults).

    The log is a line channel: the status goes through the line codec like any other status on
    the wire, so the conformance recorder sees it (as transport ``line``).
    """
    status = replies.spaces()[1].status(code)
    line.encode(status)
    serving.log_status(status, detail)


async def serve(options: Options, stop: asyncio.Event) -> int:
    """Run pec until ``stop`` is set; the exit status (0, or 1 on a start-up fault)."""
    try:
        store = Store.open(options.common.data or Path("pec-data"), timeout=options.database_timeout)
    except StoreError as error:
        log_code(912, str(error))
        return EXIT_FAULT
    try:
        return await _serve_with(store, options, stop)
    finally:
        store.close()


async def _serve_with(store: Store, options: Options, stop: asyncio.Event) -> int:
    common = options.common
    log_code(712, str(common.data))
    try:
        listener = serving.bind(common.host, common.port)
    except serving.ListenError as error:
        if error.errno == errno.EADDRINUSE:
            log_code(911, f"{common.host}:{common.port}")
            return EXIT_FAULT
        raise
    passwords = Passwords(
        time_cost=options.hash_time_cost, memory_kib=options.hash_memory_kib, workers=options.hash_workers
    )
    app = PecApp(store, passwords, options.settings)
    try:
        await serving.serve_asgi(
            app,
            listener,
            stop,
            on_started=lambda host, port: log_code(711, f"{host}:{port}"),
            limits=serving.HttpLimits(
                header_timeout=options.header_timeout, body_timeout=options.settings.body_timeout
            ),
        )
    finally:
        listener.close()
        app.close()
        passwords.close()
    serving.log("stopped")
    return 0

"""uvicorn on a socket we bind ourselves (so ``--port 0`` can be announced) and a clean shutdown.

On SIGINT or SIGTERM every gateway connection is closed with 4010 first, then uvicorn stops
accepting and finishes the requests in flight. uvicorn's own signal handling and logging are
turned off: the signals belong to :func:`statuskit.examples.serving.run_until_stopped`, and the
log is one line per status.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections.abc import Iterator

import uvicorn

from ...errors import UsageError
from ..serving import announce, log
from .app import build_app, make_state
from .gateway import shutdown
from .settings import Settings


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; ``IPPROTO_TCP`` is explicit so that asyncio sets TCP_NODELAY on
    accepted connections (without it every reply waits for the peer's delayed ACK, ~40 ms)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
    except (OSError, OverflowError) as error:
        sock.close()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def _quiet_uvicorn() -> None:
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False


def _config(settings: Settings, app: object) -> uvicorn.Config:
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        log_config=None,
        access_log=False,
        lifespan="off",
        ws="websockets-sansio",
        ws_max_size=settings.max_message_bytes,
        ws_ping_interval=None,
        ws_per_message_deflate=False,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
        ssl_certfile=str(settings.tls_cert) if settings.tls_cert else None,
        ssl_keyfile=str(settings.tls_key) if settings.tls_key else None,
    )
    try:
        config.load()
    except (OSError, ssl.SSLError) as error:
        raise UsageError(f"cannot use --tls-cert/--tls-key: {error}") from None
    return config


async def serve(settings: Settings, stop: asyncio.Event) -> int:
    """Run until ``stop`` is set; returns the exit status."""
    state = make_state(settings)
    if not settings.tokens:
        log("no --token given: every request will be refused with 40006 or 40002")
    _quiet_uvicorn()
    config = _config(settings, build_app(state))
    sock = _bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    state.public_address = f"[{settings.host}]:{port}" if ":" in settings.host else f"{settings.host}:{port}"
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if task.done():
        task.result()
        return 1
    announce(settings.host, port)
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    await shutdown(state)
    server.should_exit = True
    await task
    sock.close()
    return 0

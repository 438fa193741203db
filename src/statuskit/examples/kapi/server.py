"""Start-up and shutdown: the shared state, the listening socket and uvicorn, with the HTTP limits.

The socket is bound by :func:`statuskit.examples.serving.bind` before uvicorn starts, so that
``--port 0`` can be announced with the port the system picked. On SIGINT or SIGTERM every gateway
connection is closed with 4010 first, then uvicorn stops accepting and finishes the requests in
flight. Slow clients are bounded by :class:`statuskit.examples.serving.HttpLimits`: request headers
must arrive within ``--header-timeout`` seconds, and each address may hold at most
``--max-pending-per-address`` connections that have not sent their headers yet.
"""

from __future__ import annotations

import asyncio
import ssl

from ...errors import UsageError
from .. import serving
from .app import build_app
from .gateway import shutdown
from .settings import Settings
from .state import make_state


def _check_tls(settings: Settings) -> None:
    """A certificate and key that TLS cannot use are a usage error that names the options."""
    if settings.tls_cert is None or settings.tls_key is None:
        return
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
            settings.tls_cert, settings.tls_key
        )
    except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
        raise UsageError(
            f"cannot use --tls-cert {settings.tls_cert} / --tls-key {settings.tls_key}: {error}"
        ) from None


async def serve(settings: Settings, stop: asyncio.Event) -> int:
    """Run until ``stop`` is set; returns the exit status."""
    _check_tls(settings)
    state = make_state(settings)
    if not settings.clients:
        serving.log("no token given: every request will be refused with 40006 or 40002")
    listener = serving.bind(settings.host, settings.port)

    def started(host: str, port: int) -> None:
        state.public_address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    limits = serving.HttpLimits(
        header_timeout=settings.header_timeout,
        body_timeout=settings.body_timeout,
        pending_per_address=settings.pending_per_address,
    )
    try:
        await serving.serve_asgi(
            build_app(state),
            listener,
            stop,
            on_started=started,
            before_shutdown=lambda: shutdown(state),
            limits=limits,
            ws="websockets-sansio",
            ws_max_size=settings.max_message_bytes,
            ws_ping_interval=None,
            ws_per_message_deflate=False,
            ssl_certfile=str(settings.tls_cert) if settings.tls_cert else None,
            ssl_keyfile=str(settings.tls_key) if settings.tls_key else None,
        )
    finally:
        listener.close()
    return 0

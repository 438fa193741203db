"""The WebSocket server: accepts connections, reads text frames, answers through ``dispatch``.

Memory and time per connection are bounded: a message over ``--max-payload`` closes the
connection with 1009, at most ``MAX_QUEUE`` received messages wait, sending waits for the client
to read rather than buffering without end, a connection silent for ``--idle-timeout`` seconds is
closed (1000), and past ``--max-connections`` a new connection is refused with HTTP 503.
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from .. import serving
from . import persist, snapshots
from .context import Context
from .dispatch import handle
from .paths import Finder
from .replies import Message, Replies
from .settings import Options
from .store import Session, Store

MAX_QUEUE = 4


def _on_expired(session: Session, ended: bool) -> None:
    serving.log(f"session {session.token} expired: {'ended' if ended else 'keys cleared'}")


async def serve_until(options: Options, stop: asyncio.Event) -> int:
    """Listen until ``stop`` is set, then close every connection cleanly; returns 0."""
    settings, limits = options.settings, options.settings.limits
    context = Context(Store(limits, _on_expired), Replies(), settings, Finder(limits.find_budget))
    if settings.data is not None and snapshots.clean(settings.data):
        serving.log("removed what interrupted saves left behind")
    await persist.load_at_startup(context, options.load)
    listener = serving.bind(options.common.host, options.common.port)
    active = 0

    def admit(connection: ServerConnection, request: Request) -> Response | None:
        if active >= limits.max_connections:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "too many connections\n")
        return None

    async def connection(websocket: ServerConnection) -> None:
        nonlocal active
        active += 1

        async def send(message: Message) -> None:
            await websocket.send(json.dumps(message))

        try:
            while True:
                try:
                    async with asyncio.timeout(limits.idle_timeout):
                        message = await websocket.recv()
                except TimeoutError:
                    await websocket.close(1000, "idle")
                    return
                await handle(context, message, send)
        except ConnectionClosed:
            pass
        finally:
            active -= 1

    async with serve(
        connection,
        sock=listener,
        max_size=options.max_payload,
        max_queue=MAX_QUEUE,
        compression=None,
        server_header=None,
        process_request=admit,
    ) as server:
        host, port = serving.bound_address(listener)
        serving.announce(host, port)
        await stop.wait()
        serving.log("stopping: closing connections")
        server.close()
        await server.wait_closed()
    context.store.end_all()
    serving.log("stopped")
    return 0

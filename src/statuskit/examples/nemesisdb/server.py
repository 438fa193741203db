"""The WebSocket server: accepts connections, reads text frames, answers through ``dispatch``.

Memory and time per connection are bounded: a message over ``--max-payload`` closes the
connection with 1009, at most ``MAX_QUEUE`` received messages wait, sending waits for the client
to read rather than buffering without end, a connection silent for ``--idle-timeout`` seconds is
closed (1000), and past ``--max-connections`` a new connection is refused with HTTP 503.
"""

from __future__ import annotations

import asyncio
import gc
import json
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.protocol import State

from .. import serving
from . import persist, snapshots
from .context import CONNECTION_OPEN, Context
from .dispatch import handle
from .paths import Finder
from .replies import Message, Replies
from .settings import Options
from .store import Session, Store

MAX_QUEUE = 4
GC_THRESHOLDS = (10_000, 10, 10)
"""The store holds many long-lived JSON objects and a search makes many short-lived ones; with
Python's default young-generation threshold (700) the collector scans the whole store often
enough to pause every connection for hundreds of milliseconds during a costly KV_FIND."""


def _on_expired(session: Session, ended: bool) -> None:
    serving.log(f"session {session.token} expired: {'ended' if ended else 'keys cleared'}")


async def serve_until(options: Options, stop: asyncio.Event) -> int:
    """Listen until ``stop`` is set, then close every connection cleanly; returns 0."""
    settings, limits = options.settings, options.settings.limits
    gc.set_threshold(*GC_THRESHOLDS)
    context = Context(Store(limits, _on_expired), Replies(), settings, Finder(limits.find_budget))
    if settings.data is not None and snapshots.clean(settings.data):
        serving.log("removed what interrupted saves left behind")
    await persist.load_at_startup(context, options.load)
    listener = serving.bind(options.common.host, options.common.port)
    last_heard: dict[ServerConnection, float] = {}
    """Every open connection and when its last message came (one timer for all, not one each)."""

    def admit(connection: ServerConnection, request: Request) -> Response | None:
        if len(last_heard) >= limits.max_connections:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "too many connections\n")
        return None

    async def connection(websocket: ServerConnection) -> None:
        async def send(message: Message) -> None:
            await websocket.send(json.dumps(message))

        loop = asyncio.get_running_loop()
        last_heard[websocket] = loop.time()
        CONNECTION_OPEN.set(lambda: websocket.state is State.OPEN)
        try:
            async for message in websocket:
                last_heard[websocket] = loop.time()
                await handle(context, message, send)
        except ConnectionClosed:
            pass
        finally:
            last_heard.pop(websocket, None)

    async def close_idle() -> None:
        loop = asyncio.get_running_loop()
        period = min(limits.idle_timeout / 4, 5.0)
        closing: set[asyncio.Task[None]] = set()
        while True:
            await asyncio.sleep(period)
            deadline = loop.time() - limits.idle_timeout
            for websocket in [ws for ws, heard in last_heard.items() if heard < deadline]:
                last_heard.pop(websocket, None)
                task = loop.create_task(websocket.close(1000, "idle"))
                closing.add(task)
                task.add_done_callback(closing.discard)

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
        reaper = asyncio.create_task(close_idle())
        await stop.wait()
        reaper.cancel()
        serving.log("stopping: closing connections")
        server.close()
        await server.wait_closed()
    context.store.end_all()
    serving.log("stopped")
    return 0

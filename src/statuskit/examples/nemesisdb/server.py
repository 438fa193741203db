"""The WebSocket server: accepts connections, reads text frames, answers through ``dispatch``.

Memory per connection is bounded by websockets itself: a message over ``max_payload`` closes
the connection with 1009, at most ``MAX_QUEUE`` received messages wait, and sending waits for
the client to read (``write_limit``) rather than buffering without end.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from ..serving import announce, log
from .context import Context, Settings
from .dispatch import handle
from .replies import Message, Replies
from .store import Session, Store

MAX_QUEUE = 4


@dataclass(frozen=True, slots=True)
class ServerOptions:
    host: str
    port: int
    max_payload: int
    settings: Settings


def _on_expired(session: Session, ended: bool) -> None:
    log(f"session {session.token} expired: {'ended' if ended else 'keys cleared'}")


async def serve_until(options: ServerOptions, stop: asyncio.Event) -> int:
    """Listen until ``stop`` is set, then close every connection cleanly; returns 0."""
    context = Context(Store(_on_expired), Replies(), options.settings)

    async def connection(websocket: ServerConnection) -> None:
        async def send(message: Message) -> None:
            await websocket.send(json.dumps(message))

        try:
            async for message in websocket:
                await handle(context, message, send)
        except ConnectionClosed:
            pass

    async with serve(
        connection,
        options.host,
        options.port,
        max_size=options.max_payload,
        max_queue=MAX_QUEUE,
        compression=None,
        server_header=None,
    ) as server:
        host, port = next(iter(server.sockets)).getsockname()[:2]
        announce(host, port)
        await stop.wait()
        log("stopping: closing connections")
        server.close()
        await server.wait_closed()
    context.store.end_all()
    log("stopped")
    return 0

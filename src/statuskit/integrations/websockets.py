"""``websockets``: close a connection with a catalog code, and read the code a peer closed with.

    await close(websocket, space.status(4004))    # close frame 4004 "authentication failed"

The code and reason come from :mod:`statuskit.wire.wsclose`, so only codes an application may
send leave, the reason fits the frame, and the conformance plugin sees the code.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..model import Space
from ..status import Status
from ..wire import wsclose


class Closable(Protocol):
    """Anything with websockets' ``close(code, reason)`` coroutine."""

    async def close(self, code: int = 1000, reason: str = "") -> None: ...


async def close(connection: Closable, status: Status, *, lang: str | None = None) -> None:
    """Close ``connection`` with ``status``'s code and reason."""
    code, reason = wsclose.encode(status, lang=lang)
    await connection.close(code, reason)


def closed_status(error: Any, space: Space) -> Status | None:
    """The status a ``websockets`` ``ConnectionClosed`` error carries (None: no close frame came)."""
    received = getattr(error, "rcvd", None)
    if received is None:
        return None
    return wsclose.decode(int(received.code), str(received.reason), space)

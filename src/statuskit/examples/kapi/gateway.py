"""The gateway protocol on one WebSocket connection: hello, identify, heartbeats, resume, closes.

Each client message is checked in the order the close codes are documented (4002, 4001, 4003,
4004, 4005, 4007, 4008, 4009, 4013, 4014, 4000), so a message with several faults always gets the
same code. Only the writer task sends; everything else queues frames in a bounded outbox, and a
client that does not read its frames is closed instead of growing the server's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import deque
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket

from ...errors import WireError
from ...wire import opcode
from .replies import OPERATION
from .sessions import Session
from .state import State
from .store import User

DISPATCH, HEARTBEAT, HELLO, IDENTIFY, RESUME = 0, 1, 3, 4, 5
COMMANDS = {HEARTBEAT: "heartbeat", IDENTIFY: "identify", RESUME: "resume"}
SHARD_IDENTIFIER = re.compile(r"^[A-Za-z0-9+/=_-]{1,200}$")
"""The catalog operation of each command a client may send."""
INTENT_BITS = 7
INTERNAL = 1 << 6
OUTBOX_LIMIT = 256
LINGER = 5.0
"""Seconds a connection may take to answer our close frame before it is dropped."""


@dataclass(frozen=True, slots=True)
class _Close:
    code: int
    reason: str


class Connection:
    """One gateway connection, attached to at most one session."""

    def __init__(self, websocket: WebSocket, state: State) -> None:
        self.ws = websocket
        self.state = state
        self.replies = state.replies
        client = websocket.client
        self.address = client.host if client is not None else "unknown"
        self.session: Session | None = None
        self.close_code: int | None = None
        self._outbox: deque[str | _Close] = deque()
        self._wake = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None
        self._reader: asyncio.Task[Any] | None = None
        self._killed = False

    # -- the connection's life -------------------------------------------------------------------

    async def run(self) -> None:
        self._reader = asyncio.current_task()
        loop = asyncio.get_running_loop()
        writer = loop.create_task(self._write())
        self.state.connections.add(self)
        self.state.per_address[self.address] = self.state.per_address.get(self.address, 0) + 1
        try:
            self._open()
            await self._read()
        except asyncio.CancelledError:
            if not self._killed:
                raise
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
        finally:
            self.state.connections.discard(self)
            left = self.state.per_address.pop(self.address, 1) - 1
            if left > 0:
                self.state.per_address[self.address] = left
            if self._timer is not None:
                self._timer.cancel()
            if self.session is not None:
                self.state.sessions.detach(self.session, self, self.close_code)
            if not writer.done():
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer

    def _open(self) -> None:
        if self.state.shutting_down:
            self.close(4010, "the server is shutting down")
            return
        limit = self.state.settings.max_gateway_per_address
        if self.state.per_address[self.address] > limit:
            self.close(4008, f"more than {limit} gateway connections from one address")
            return
        versions = self.ws.query_params.getlist("v")
        if any(version != "4" for version in versions):
            self.close(4012, "only version 4 is served")
            return
        interval = self.state.settings.heartbeat_interval_ms
        self._send(self.replies.frame(HELLO, d={"heartbeat_interval": interval}))
        self._arm_heartbeat()

    async def _read(self) -> None:
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            if self.close_code is None:
                self._handle(message)

    async def _write(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._outbox:
                    item = self._outbox.popleft()
                    if isinstance(item, _Close):
                        await self.ws.close(item.code, item.reason)
                        return
                    await self.ws.send_text(item)
        except Exception:
            # The peer went away while we were writing; the reader sees the disconnect.
            return

    def close(self, code: int, why: str) -> None:
        """Close with ``code`` (once); a connection that does not answer is dropped after a while."""
        if self.close_code is not None:
            return
        self.close_code = code
        code, reason = self.replies.close(code, why, f"gateway {self.address}: {why}")
        self._outbox.append(_Close(code, reason))
        self._wake.set()
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(LINGER, self.kill)

    def kill(self) -> None:
        if self._reader is not None and not self._reader.done():
            self._killed = True
            self._reader.cancel()

    # -- the session's side (see sessions.Link) ---------------------------------------------------

    def deliver(self, op: int, d: Any, s: int | None, t: str | None) -> None:
        if self.close_code is None:
            self._send(self.replies.frame(op, d=d, s=s, t=t))

    def supersede(self) -> None:
        self.close(4000, "the session was resumed on another connection")

    def _send(self, text: str) -> None:
        if len(self._outbox) >= OUTBOX_LIMIT:
            self.close(4000, "the client does not read its frames")
            return
        self._outbox.append(text)
        self._wake.set()

    # -- client messages -----------------------------------------------------------------------

    def _handle(self, message: MutableMapping[str, Any]) -> None:
        OPERATION.set(None)
        text = message.get("text")
        if text is None:
            self.close(4002, "binary frame")
            return
        try:
            status = opcode.decode(text, self.replies.opcodes)
        except (WireError, ValueError) as error:  # ValueError: e.g. an op of 5,000 digits
            self.close(4002, str(error)[:100])
            return
        op = status.code
        OPERATION.set(COMMANDS.get(op) if isinstance(op, int) else None)
        if op not in self.state.incoming_ops:
            self.close(4001, f"opcode {op}")
            return
        if self.session is None and op not in (HEARTBEAT, IDENTIFY, RESUME):
            self.close(4003, f"opcode {op} before identify")
            return
        d = status.data.get("d")
        if op == HEARTBEAT:
            self._heartbeat(d)
        elif op == IDENTIFY:
            self._identify(d)
        elif op == RESUME:
            self._resume(d)
        elif self._charge(self.session.user if self.session else None):
            self.close(4000, f"opcode {op} is not accepted from clients")

    def _heartbeat(self, d: Any) -> None:
        if not self._charge(self.session.user if self.session else None):
            return
        if d is not None and (isinstance(d, bool) or not isinstance(d, int) or d < -1):
            self.close(4000, "a heartbeat's d must be the last seq, -1 or null")
            return
        self._arm_heartbeat()
        self._send(self.replies.heartbeat_ack())

    def _identify(self, d: Any) -> None:
        fields = d if isinstance(d, dict) else {}
        user = self._user(fields.get("token"))
        if user is None:
            self.close(4004, "identify with an unknown token")
            return
        if self.session is not None:
            self.close(4005, "identify on an identified connection")
            return
        if not self._charge(user):
            return
        intents = fields.get("intents")
        if isinstance(intents, bool) or not isinstance(intents, int) or not 0 <= intents < 1 << INTENT_BITS:
            self.close(4013, "intents must be an integer of bits 0-6")
            return
        if intents & INTERNAL and user.type != "kettu":
            self.close(4014, "only Kettu may use the INTERNAL intent")
            return
        problem = _identify_problem(fields)
        if problem is not None:
            self.close(4000, problem)
            return
        self.session = self.state.sessions.create(user, intents, self)
        ready: dict[str, Any] = {"v": 4, "session_id": self.session.id, "user": user.to_json("self")}
        if "shard" in fields:
            ready["shard"] = fields["shard"]
        self.session.dispatch("READY", ready)

    def _resume(self, d: Any) -> None:
        fields = d if isinstance(d, dict) else {}
        user = self._user(fields.get("token"))
        if user is None:
            self.close(4004, "resume with an unknown token")
            return
        if self.session is not None:
            self.close(4005, "resume on an identified connection")
            return
        seq = fields.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            self.close(4007, "seq must be a non-negative integer")
            return
        session = self.state.sessions.get(fields.get("session_id"), user)
        if session is not None and (seq > session.seq or not session.replayable(seq)):
            if session.link is None:  # 4007 ends a waiting session: a later resume gets 4009
                self.state.sessions.end(session)
            ahead = seq > session.seq
            self.close(
                4007, f"seq {seq} is ahead of the session" if ahead else f"events after seq {seq} are gone"
            )
            return
        if not self._charge(user):
            return
        if session is None:
            self.close(4009, "unknown or expired session")
            return
        self.session = session
        self.state.sessions.attach(session, self)
        for event in session.after(seq):
            self.deliver(DISPATCH, event.d, event.s, event.t)
        session.dispatch("RESUMED", {"session_id": session.id})

    # -- helpers -------------------------------------------------------------------------------

    def _user(self, token: Any) -> User | None:
        return self.state.store.by_token(token) if isinstance(token, str) else None

    def _charge(self, user: User | None) -> bool:
        """Count one message against the rate limit; close with 4008 when it is over."""
        key = f"user:{user.id}" if user is not None else f"addr:{self.address}"
        if self.state.limiter.hit(key).allowed:
            return True
        self.close(4008, "over the rate limit")
        return False

    def _arm_heartbeat(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        timeout = self.state.settings.heartbeat_timeout
        self._timer = asyncio.get_running_loop().call_later(timeout, self._heartbeat_missed)

    def _heartbeat_missed(self) -> None:
        self.close(4009, "no heartbeat in time")


def _identify_problem(fields: dict[str, Any]) -> str | None:
    """Why identify's fields are unusable; ``properties`` may be any JSON value (kdjs sends "")."""
    if "shard" in fields:
        shard = fields["shard"]
        if isinstance(shard, str):  # kdjs's login(token, shard): a shard identifier
            if not SHARD_IDENTIFIER.match(shard):
                return "a shard identifier is 1 to 200 characters of base64"
        elif (
            not isinstance(shard, list)
            or len(shard) != 2
            or any(isinstance(n, bool) or not isinstance(n, int) for n in shard)
            or not 0 <= shard[0] < shard[1]
        ):
            return "shard must be [shard_id, shard_count] with 0 <= shard_id < shard_count, or an identifier"
    return None


async def gateway_endpoint(websocket: WebSocket) -> None:
    """The ``/gateway`` route: accept, then speak the gateway protocol until either side closes."""
    state: State = websocket.app.state.kapi
    await websocket.accept()
    await Connection(websocket, state).run()


async def shutdown(state: State, timeout: float = 3.0) -> None:
    """Close every connection with 4010 and wait (a while) for them to finish."""
    state.shutting_down = True
    connections = list(state.connections)
    for connection in connections:
        connection.close(4010, "the server is shutting down")
    deadline = asyncio.get_running_loop().time() + timeout
    while state.connections and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    for connection in list(state.connections):
        connection.kill()

"""The sessions and their keys, in memory, with expiry timers on the event loop.

A session is found by its token (a random unsigned 64-bit integer); a shared session can also be
found by its name. An expiring session ends when its time is up (``delete_session``) or has its
keys cleared and starts its time again.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Expiry:
    duration: int
    """Seconds from creation (or from the last clearing) until the session expires."""
    delete_session: bool


@dataclass(slots=True, eq=False)
class Session:
    token: int
    name: str
    shared: bool
    expiry: Expiry | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    expires_at: float | None = None
    timer: asyncio.TimerHandle | None = None


class Store:
    """Every live session; the one place that creates, finds and ends them."""

    def __init__(self, on_expired: Callable[[Session, bool], None] | None = None) -> None:
        self.sessions: dict[int, Session] = {}
        self.shared: dict[str, Session] = {}
        self._on_expired = on_expired

    def new_token(self) -> int:
        while True:
            token = secrets.randbits(64)
            if token not in self.sessions:
                return token

    def shared_name_taken(self, name: str) -> bool:
        return name in self.shared

    def create(self, name: str, shared: bool, expiry: Expiry | None) -> Session:
        return self.add(Session(self.new_token(), name, shared, expiry))

    def add(self, session: Session, keys: dict[str, Any] | None = None) -> Session:
        """Insert ``session`` (new or loaded); its token and shared name must be free."""
        if keys is not None:
            session.keys = keys
        self.sessions[session.token] = session
        if session.shared:
            self.shared[session.name] = session
        self._schedule(session)
        return session

    def get(self, token: int) -> Session | None:
        return self.sessions.get(token)

    def end(self, session: Session) -> None:
        if session.timer is not None:
            session.timer.cancel()
            session.timer = None
        self.sessions.pop(session.token, None)
        if session.shared and self.shared.get(session.name) is session:
            del self.shared[session.name]

    def end_all(self) -> int:
        count = len(self.sessions)
        for session in list(self.sessions.values()):
            self.end(session)
        return count

    def total_keys(self) -> int:
        return sum(len(s.keys) for s in self.sessions.values())

    def select(self, tokens: Iterable[int] | None) -> list[Session]:
        """The live sessions among ``tokens`` (all of them when None)."""
        if tokens is None:
            return list(self.sessions.values())
        chosen = (self.sessions.get(t) for t in dict.fromkeys(tokens))
        return [s for s in chosen if s is not None]

    def remaining(self, session: Session) -> float | None:
        if session.expires_at is None:
            return None
        return max(0.0, session.expires_at - time.monotonic())

    def _schedule(self, session: Session) -> None:
        expiry = session.expiry
        if expiry is None or expiry.duration == 0:
            return
        loop = asyncio.get_running_loop()
        session.expires_at = time.monotonic() + expiry.duration
        session.timer = loop.call_later(expiry.duration, self._expire, session)

    def _expire(self, session: Session) -> None:
        if self.sessions.get(session.token) is not session or session.expiry is None:
            return
        session.timer = None
        if session.expiry.delete_session:
            self.end(session)
        else:
            session.keys.clear()
            self._schedule(session)
        if self._on_expired is not None:
            self._on_expired(session, session.expiry.delete_session)

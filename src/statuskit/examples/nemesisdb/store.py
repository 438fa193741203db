"""The sessions and their keys, in memory, with expiry timers and bounded totals.

A session is found by its token (a random unsigned 64-bit integer); a shared session can also be
found by its name. An expiring session ends when its time is up (``deleteSession``) or has its
keys cleared and starts its time again; every ``KV_*`` command on it starts its time again, as
the real server does. Every key and value passes through :meth:`Store.put`, which keeps the
totals that the limits bound (keys, and bytes of keys and values as compact JSON in UTF-8).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .settings import Limits


def value_size(value: Any) -> int:
    """A value's size as stored: its compact JSON text in UTF-8 bytes."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-8", "surrogatepass"))


def entry_size(key: str, value: Any) -> int:
    return len(key.encode("utf-8", "surrogatepass")) + value_size(value)


@dataclass(frozen=True, slots=True)
class Expiry:
    duration: int
    """Seconds without a ``KV_*`` command until the session expires; 0 never."""
    delete_session: bool


@dataclass(slots=True, eq=False)
class Session:
    token: int
    name: str
    shared: bool
    expiry: Expiry | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    expires_at: float | None = None
    timer: asyncio.TimerHandle | None = None

    @property
    def expires(self) -> bool:
        return self.expiry is not None and self.expiry.duration > 0


class Full(Exception):
    """Storing this would go over a limit (keys or bytes)."""


class Store:
    """Every live session; the one place that creates, finds, fills and ends them."""

    def __init__(self, limits: Limits, on_expired: Callable[[Session, bool], None] | None = None) -> None:
        self.limits = limits
        self.sessions: dict[int, Session] = {}
        self.shared: dict[str, Session] = {}
        self.total_keys = 0
        self.total_bytes = 0
        self._on_expired = on_expired

    # -- sessions ------------------------------------------------------------------------------

    def new_token(self) -> int:
        while True:
            token = secrets.randbits(64)
            if token not in self.sessions:
                return token

    def full_of_sessions(self, more: int = 1) -> bool:
        return len(self.sessions) + more > self.limits.max_sessions

    def create(self, name: str, shared: bool, expiry: Expiry | None) -> Session:
        return self.add(Session(self.new_token(), name, shared, expiry))

    def add(self, session: Session) -> Session:
        """Insert ``session`` (new or loaded, keys already counted); its token and shared name are free."""
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
        if self.sessions.pop(session.token, None) is session:
            self.total_keys -= len(session.keys)
            self.total_bytes -= sum(session.sizes.values())
        if session.shared and self.shared.get(session.name) is session:
            del self.shared[session.name]

    def end_all(self) -> int:
        count = len(self.sessions)
        for session in list(self.sessions.values()):
            self.end(session)
        return count

    def select(self, tokens: Iterable[int] | None) -> list[Session]:
        """The live sessions among ``tokens`` (all of them when None)."""
        if tokens is None:
            return list(self.sessions.values())
        chosen = (self.sessions.get(t) for t in dict.fromkeys(tokens))
        return [s for s in chosen if s is not None]

    # -- keys ----------------------------------------------------------------------------------

    def put(self, session: Session, key: str, value: Any, *, replace: bool = True) -> bool:
        """Store ``key``; True when it is new. :class:`Full` when a limit would be passed."""
        old = session.sizes.get(key)
        if old is not None and not replace:
            return False
        size = entry_size(key, value)
        more_keys = 0 if old is not None else 1
        more_bytes = size - (old or 0)
        if self.total_keys + more_keys > self.limits.max_keys:
            raise Full("keys")
        if more_bytes > 0 and self.total_bytes + more_bytes > self.limits.max_bytes:
            raise Full("bytes")
        session.keys[key] = value
        session.sizes[key] = size
        self.total_keys += more_keys
        self.total_bytes += more_bytes
        return old is None

    def remove(self, session: Session, key: str) -> bool:
        size = session.sizes.pop(key, None)
        if size is None:
            return False
        del session.keys[key]
        self.total_keys -= 1
        self.total_bytes -= size
        return True

    def clear(self, session: Session) -> int:
        count = len(session.keys)
        self.total_keys -= count
        self.total_bytes -= sum(session.sizes.values())
        session.keys.clear()
        session.sizes.clear()
        return count

    # -- expiry --------------------------------------------------------------------------------

    def touch(self, session: Session) -> None:
        """A ``KV_*`` command used the session: its time starts again."""
        if session.expires and session.expiry is not None:
            session.expires_at = time.monotonic() + session.expiry.duration

    def remaining(self, session: Session) -> int:
        """Whole seconds until the session expires (0 when it does not)."""
        if session.expires_at is None:
            return 0
        return max(0, int(session.expires_at - time.monotonic()))

    def _schedule(self, session: Session) -> None:
        if not session.expires or session.expiry is None:
            return
        session.expires_at = time.monotonic() + session.expiry.duration
        self._arm(session)

    def _arm(self, session: Session) -> None:
        assert session.expires_at is not None
        delay = max(0.0, session.expires_at - time.monotonic())
        session.timer = asyncio.get_running_loop().call_later(delay, self._expire, session)

    def _expire(self, session: Session) -> None:
        if self.sessions.get(session.token) is not session or session.expiry is None:
            return
        session.timer = None
        if session.expires_at is not None and session.expires_at > time.monotonic():
            self._arm(session)  # used since the timer was set: wait for the new time
            return
        if session.expiry.delete_session:
            self.end(session)
        else:
            self.clear(session)
            self._schedule(session)
        if self._on_expired is not None:
            self._on_expired(session, session.expiry.delete_session)
